package vn.soctinh.analyzer.detect.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.EventParser;
import vn.soctinh.analyzer.parse.ParseSettings;
import vn.soctinh.analyzer.parse.ParseStats;
import vn.soctinh.analyzer.parse.RawRecord;
import vn.soctinh.analyzer.parse.StandardParsers;

/** Loading rule files: a bad rule fails alone, with its file, line and column; routing by logsource on real parsed events. */
class SigmaLoadingTest {
  @TempDir Path dir;
  private static final Path MAPPING = Path.of("../rules/sigma-mapping.yml");

  private static SigmaMapping shipped() throws Exception {
    return SigmaMapping.parse(Files.readString(MAPPING), MAPPING.toString());
  }

  @Test
  void aBadRuleFailsAloneWithFileLineAndColumn() throws Exception {
    Files.writeString(dir.resolve("mixed.yml"), String.join("\n",
        "title: good one",
        "logsource: {product: linux, service: auth}",
        "detection:",
        "  sel: {message|contains: 'Failed password'}",
        "  condition: sel",
        "---",
        "title: unknown modifier",
        "logsource: {product: linux}",
        "detection:",
        "  sel:",
        "    message|contians: x",
        "  condition: sel",
        "---",
        "title: missing selection",
        "logsource: {product: linux}",
        "detection:",
        "  sel: {message: x}",
        "  condition: sel and filter",
        "---",
        "title: good two",
        "logsource: {product: linux, service: auth}",
        "detection:",
        "  kw: ['Accepted password']",
        "  condition: kw",
        ""));
    Files.writeString(dir.resolve("broken.yml"), "title: x\ndetection: [unclosed\n");
    SigmaRules rules = SigmaRules.load(List.of(dir), shipped(), Map.of());
    SigmaRules.LoadReport r = rules.report();
    assertEquals(2, r.files());
    assertEquals(2, r.loaded());
    assertEquals(List.of("good one", "good two"), rules.rules().stream().map(SigmaRule::title).toList());
    assertEquals(3, r.failed().size(), r.failed().toString());
    SigmaException unknown = r.failed().stream().filter(e -> e.getMessage().contains("contians")).findFirst().orElseThrow();
    assertTrue(unknown.file().endsWith("mixed.yml"));
    assertEquals(11, unknown.line());
    assertEquals(5, unknown.column());
    assertTrue(unknown.getMessage().contains("unknown modifier \"contians\""), unknown.getMessage());
    SigmaException missing = r.failed().stream().filter(e -> e.getMessage().contains("filter")).findFirst().orElseThrow();
    assertEquals(18, missing.line());
    assertEquals(22, missing.column(), "the column of \"filter\" in the condition");
    assertTrue(missing.getMessage().contains("unknown search identifier \"filter\" (the detection has sel)"), missing.getMessage());
    SigmaException yaml = r.failed().stream().filter(e -> e.file().endsWith("broken.yml")).findFirst().orElseThrow();
    assertTrue(yaml.getMessage().startsWith("YAML: "), yaml.getMessage());
    assertTrue(yaml.line() >= 2, yaml.toString());
  }

  @Test
  void unsupportedFeaturesAreNamed() throws Exception {
    Files.writeString(dir.resolve("old.yml"), "title: agg\nlogsource: {product: linux}\ndetection:\n  sel: {x: 1}\n  condition: sel | count() by src > 5\n");
    SigmaRules.LoadReport r = SigmaRules.load(List.of(dir), shipped(), Map.of()).report();
    assertEquals(1, r.failed().size());
    assertTrue(r.failed().get(0).getMessage().contains("write a correlation rule"), r.failed().get(0).getMessage());
  }

  @Test
  void logsourceRoutingOnEventsFromTheRealParsers() throws Exception {
    Files.writeString(dir.resolve("rules.yml"), String.join("\n",
        "title: ssh failed root",
        "id: r-ssh",
        "logsource: {product: linux, service: auth}",
        "detection:",
        "  sel: {event.action: ssh_login, event.outcome: failure, User: root}",
        "  condition: sel",
        "---",
        "title: web sqli",
        "id: r-web",
        "logsource: {category: webserver}",
        "detection:",
        "  sel: {cs-uri-query|contains: 'union%20select'}",
        "  condition: sel",
        "---",
        "title: everything failed (any logsource of linux)",
        "id: r-linux",
        "logsource: {product: linux}",
        "detection:",
        "  sel: {event.outcome: failure}",
        "  condition: sel",
        "---",
        "title: nowhere",
        "id: r-none",
        "logsource: {product: macos}",
        "detection:",
        "  sel: {x: 1}",
        "  condition: sel",
        ""));
    SigmaRules rules = SigmaRules.load(List.of(dir), shipped(), Map.of());
    assertEquals(List.of("nowhere"), rules.report().unrouted().stream().map(SigmaRule::title).toList());
    EventParser parser = new EventParser(ParseSettings.defaults(), StandardParsers.registry(), null, new ParseStats(), Clock.systemUTC());
    Event ssh = parse(parser, "<38>Nov 23 10:00:00 web-01 sshd[1]: Failed password for root from 203.0.113.9 port 4242 ssh2");
    Event web = parse(parser, "<150>Nov 23 10:00:00 web-01 apache: 203.0.113.9 - - [23/Nov/2026:10:00:00 +0700] "
        + "\"GET /search?q=1%20union%20select%20pw HTTP/1.1\" 200 512 \"-\" \"sqlmap\"");
    assertEquals(List.of("r-ssh", "r-linux"), rules.matching(ssh).stream().map(SigmaRule::id).toList(), ssh.toString());
    assertEquals(List.of("r-web"), rules.matching(web).stream().map(SigmaRule::id).toList(), web.toString());
    assertTrue(rules.matching(ssh.copy().put("event.dataset", "apache.access")).stream().noneMatch(r -> r.id().equals("r-ssh")),
        "a linux/auth rule does not see web events");
  }

  private static String rule(String id, String title, String phrase) {
    return String.join("\n", "title: " + title, "id: " + id, "logsource: {product: linux, service: auth}", "detection:",
        "  sel: {message|contains: '" + phrase + "'}", "  condition: sel", "");
  }

  @Test
  void aLaterDirectoryReplacesAnEarlierOnesRuleWithTheSameIdAndCorrelationsFollowIt() throws Exception {
    Path shipped = Files.createDirectories(dir.resolve("shipped"));
    Path local = Files.createDirectories(dir.resolve("local"));
    String id = "0c4a1e1e-0000-4000-8000-000000000001";
    Files.writeString(shipped.resolve("ssh.yml"), rule(id, "shipped failed password", "Failed password") + "---\n"
        + rule("0c4a1e1e-0000-4000-8000-000000000002", "shipped accepted", "Accepted password") + "---\n"
        + String.join("\n", "title: many failures", "id: 0c4a1e1e-0000-4000-8000-0000000000c1", "correlation:", "  type: event_count",
            "  rules: [" + id + "]", "  group-by: [source.ip]", "  timespan: 5m", "  condition: {gte: 3}", ""));
    Files.writeString(local.resolve("mine.yml"), rule(id, "local failed password, narrowed to root", "Failed password for root"));
    SigmaRules rules = SigmaRules.load(List.of(shipped, local), shipped(), Map.of());
    SigmaRules.LoadReport r = rules.report();
    assertEquals(List.of(), r.failed());
    assertEquals(List.of("shipped accepted", "local failed password, narrowed to root"), rules.rules().stream().map(SigmaRule::title).toList());
    assertEquals(1, r.overridden().size(), r.overridden().toString());
    assertTrue(r.overridden().get(0).startsWith(id + ": " + local.resolve("mine.yml")), r.overridden().toString());
    assertTrue(r.overridden().get(0).endsWith(shipped.resolve("ssh.yml").toString()), r.overridden().toString());
    // the correlation counts the local rule now
    assertEquals("local failed password, narrowed to root", rules.correlations().get(0).rules().get(0).title());
    EventParser p = new EventParser(ParseSettings.defaults(), StandardParsers.registry(), null, new ParseStats(), Clock.systemUTC());
    Event admin = parse(p, "<38>Nov 23 10:00:00 web-01 sshd[1]: Failed password for admin from 203.0.113.9 port 5000 ssh2");
    Event root = parse(p, "<38>Nov 23 10:00:00 web-01 sshd[1]: Failed password for root from 203.0.113.9 port 5000 ssh2");
    assertEquals(List.of(), rules.matching(admin), "the shipped rule no longer runs");
    assertEquals(List.of("local failed password, narrowed to root"), rules.matching(root).stream().map(SigmaRule::title).toList());
    // in the other order the shipped one wins: the position in the list decides, not the name
    SigmaRules reversed = SigmaRules.load(List.of(local, shipped), shipped(), Map.of());
    assertEquals(1, reversed.matching(admin).size());
  }

  @Test
  void anIdUsedTwiceInOneDirectoryFailsTheSecondWithFileAndLine() throws Exception {
    String id = "0c4a1e1e-0000-4000-8000-000000000003";
    Files.writeString(dir.resolve("a.yml"), rule(id, "first", "one"));
    Files.writeString(dir.resolve("b.yml"), "# a copy\n" + rule(id, "second", "two"));
    SigmaRules rules = SigmaRules.load(List.of(dir), shipped(), Map.of());
    assertEquals(List.of("first"), rules.rules().stream().map(SigmaRule::title).toList());
    assertEquals(1, rules.report().failed().size());
    SigmaException e = rules.report().failed().get(0);
    assertTrue(e.file().endsWith("b.yml"), e.toString());
    assertEquals(2, e.line(), e.toString());
    assertTrue(e.getMessage().contains("id " + id + " is already used by " + dir.resolve("a.yml") + ":1"), e.getMessage());
  }

  private static Event parse(EventParser p, String line) {
    Event[] out = new Event[1];
    p.parse(RawRecord.ofInput(line.getBytes(StandardCharsets.UTF_8), Instant.parse("2026-11-23T03:00:00Z"), "syslog_tcp", "so-tttt"),
        e -> out[0] = e);
    return out[0];
  }
}
