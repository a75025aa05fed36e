package vn.soctinh.app.forwarders;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import vn.soctinh.app.SocTinh;
import vn.soctinh.app.TestConfigs;
import vn.soctinh.app.TestStores;
import vn.soctinh.app.cli.Main;

/**
 * A real rsyslog forwards 20,000 OpenSSH lines (the 2,000 of the Loghub sample ten times, their
 * message text as sshd would hand it to syslog) over TCP to SOC Tỉnh, storing in the embedded
 * store and then in Elasticsearch; {@code soctinh parse --journal} then makes
 * the same events the pipeline stored: one per line, attributed to the agency by the sender's
 * address, parsed by the sshd parser the agency's configuration selects; {@code soctinh search}
 * finds each exactly once.
 */
class RealForwarderParseIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path LOGHUB = Path.of("../analyzer/src/test/resources/loghub/OpenSSH_2k.log");
  @TempDir Path tmp;

  @ParameterizedTest(name = "store: {0}")
  @ValueSource(strings = {"lucene", "elasticsearch"})
  void rsyslogForwardedSshdLinesBecomeParsedEventsOfTheRightAgency(String store) throws Exception {
    vn.soctinh.collector.testing.RequiredTools.assume(RsyslogDaemon.unavailableReason(RsyslogDaemon.Template.TCP).isEmpty(),
        RsyslogDaemon.unavailableReason(RsyslogDaemon.Template.TCP).orElse(""));
    String prefix = TestStores.uniquePrefix("fwd");
    List<String> texts = new ArrayList<>();
    for (int round = 0; round < 10; round++) {
      for (String line : Files.readAllLines(LOGHUB, UTF_8)) texts.add(line.substring(line.indexOf("]: ") + 3));
    }
    Path input = tmp.resolve("sshd.input");
    Files.write(input, texts, UTF_8);

    String extra = "sources:\n  - agency: so-thu-nghiem\n    name: \"Sở Thử nghiệm\"\n    cidrs: [127.0.0.1/32]\n"
        + "    parser: " + SSHD_PARSER + "\n" + TestStores.analyzerYaml(store, prefix)
        + "detection:\n  rules: [../rules/sigma]\n  mapping: ../rules/sigma-mapping.yml\n"
        + "incidents:\n  regulation_dir: ../rules/regulation\n  pack: legacy-2017\n"
        + "organizations:\n  file: " + tmp.resolve("org.yml") + "\n";
    Files.writeString(tmp.resolve("org.yml"), "organizations:\n  - {id: tinh, name: Tỉnh Thử Nghiệm, kind: province}\n"
        + "  - {id: so-thu-nghiem, name: Sở Thử nghiệm, parent: tinh, kind: department}\n");
    Path yml = tmp.resolve("soctinh.yml");
    Files.writeString(yml, TestConfigs.loopbackYaml(tmp.resolve("data"), extra));
    try (SocTinh app = SocTinh.start(vn.soctinh.app.config.ConfigLoader.load(yml));
        RsyslogDaemon daemon = RsyslogDaemon.forward(RsyslogDaemon.Template.TCP, "127.0.0.1",
            app.address("syslog_tcp").getPort(), input, Map.of())) {
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (app.journal().nextOffset() < texts.size() && System.nanoTime() < deadline) Thread.sleep(200);
      assertEquals(texts.size(), app.journal().nextOffset(), "rsyslog delivered every line\n" + daemon);
      while (app.pipeline().committedOffset() < texts.size() && System.nanoTime() < deadline) Thread.sleep(100);
      assertEquals(texts.size(), app.pipeline().committedOffset(), "the analyzer stored every record");
    }

    // The store, read by soctinh search while nothing runs: every line once, with its agency and parsed fields.
    try {
      searchChecks(yml, texts);
      if (store.equals("elasticsearch")) {
        // the cluster named on the command line, without a configuration
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        assertEquals(0, cl.execute("search", "--es", TestStores.esUrl(), "--es-prefix", prefix, "--limit", "3",
            "system.auth.ssh.event:Failed AND organization.id:so-thu-nghiem"), err.toString());
        String[] lines = out.toString().strip().split("\n");
        assertEquals(4, lines.length, out.toString());
        long failed = texts.stream().filter(t -> t.contains("Failed password") || t.contains("Failed none")).count();
        assertEquals("3 of " + failed + " events", lines[3]);
      }
    } finally {
      if (store.equals("elasticsearch")) TestStores.dropEs(prefix);
    }
  }

  private static void searchChecks(Path yml, List<String> texts) throws Exception {
    assertEquals(texts.size(), searchTotal(yml, ""));
    // the shipped rules saw the stream: the Loghub sample's brute force from 183.62.140.253 is an alert
    assertTrue(searchTotal(yml, "rule.name:\"SSH brute force\" AND labels.group_source_ip:183.62.140.253", "--alerts") >= 1,
        "a brute-force alert for the sample's busiest attacker");
    // soctinh journal stats accounts against the configured store: all received, all stored
    StringWriter jout = new StringWriter();
    StringWriter jerr = new StringWriter();
    CommandLine jcl = Main.commandLine();
    jcl.setOut(new PrintWriter(jout));
    jcl.setErr(new PrintWriter(jerr));
    assertEquals(0, jcl.execute("journal", "stats", "--config", yml.toString(), "--json"), jerr.toString());
    JsonNode acc = JSON.readTree(jout.toString());
    assertTrue(acc.get("balanced").asBoolean(), jout.toString());
    assertEquals(texts.size(), acc.at("/accounting/so-thu-nghiem/stored").asLong(), jout.toString());
    assertEquals(texts.size(), searchTotal(yml, "organization.id:so-thu-nghiem"));
    assertEquals(texts.size(), searchTotal(yml, "organization.name:\"Sở Thử nghiệm\""), "enriched from the organisation file");
    // the brute-force alerts opened incidents under the legacy pack, one per attacking address
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    assertEquals(0, cl.execute("incidents", "list", "--config", yml.toString(), "--json", "--limit", "1000"), err.toString());
    List<com.fasterxml.jackson.databind.JsonNode> incidents = new ArrayList<>();
    for (String l : out.toString().strip().split("\n")) if (!l.isBlank()) incidents.add(JSON.readTree(l));
    var brute = incidents.stream().filter(i -> i.path("title").asText().equals("SSH brute force")
        && i.path("timeline").toString().contains("opened under legacy-2017")).toList();
    assertTrue(!brute.isEmpty(), out.toString());
    assertTrue(brute.stream().allMatch(i -> i.path("id").asText().matches("INC-20\\d\\d-\\d{6}") && i.path("state").asText().equals("received")
        && i.path("organizations").toString().contains("so-thu-nghiem") && i.path("deadlines").size() == 2), out.toString());
    long failed = texts.stream().filter(t -> t.contains("Failed password") || t.contains("Failed none")).count();
    assertEquals(failed, searchTotal(yml, "system.auth.ssh.event:Failed"));
    long fromOne = texts.stream().filter(t -> (t.contains("Failed password") || t.contains("Failed none")) && t.contains(" 183.62.140.253 ")).count();
    assertEquals(fromOne, searchTotal(yml, "system.auth.ssh.event:Failed AND source.ip:183.62.140.0/24"));

    List<JsonNode> events = parseJournal(yml);
    assertEquals(texts.size(), events.size(), "one event per forwarded line");
    int withAction = 0;
    for (int i = 0; i < events.size(); i++) {
      JsonNode e = events.get(i);
      assertEquals(texts.get(i), e.at("/message").asText(), "in order, text unchanged");
      assertEquals("so-thu-nghiem", e.at("/organization/id").asText());
      assertEquals("Sở Thử nghiệm", e.at("/organization/name").asText());
      assertEquals("syslog_tcp", e.at("/labels/listener").asText());
      assertEquals("1", e.at("/log/syslog/version").asText(), "rsyslog sends RFC 5424");
      assertTrue(e.at("/log/source/address").asText().startsWith("127.0.0.1:"));
      if (!e.at("/event/action").isMissingNode() && !e.toString().contains("\"_unparsed\"")) withAction++;
    }
    double coverage = (double) withAction / events.size();
    System.out.printf("rsyslog → soctinh → parse: %d of %d OpenSSH lines with a specific event.action (%.1f %%)%n",
        withAction, events.size(), 100 * coverage);
    assertTrue(coverage >= 0.97, "coverage " + coverage);
  }

  private static long searchTotal(Path yml, String query, String... extra) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    List<String> args = new ArrayList<>(List.of("search", "--config", yml.toString(), "--json", "--limit", "0"));
    args.addAll(List.of(extra));
    args.add(query);
    assertEquals(0, cl.execute(args.toArray(new String[0])), err.toString());
    String[] lines = out.toString().strip().split("\n");
    return JSON.readTree(lines[lines.length - 1]).at("/summary/total").asLong();
  }

  /** The sshd parser's config name. */
  private static final String SSHD_PARSER = "sshd";

  private static List<JsonNode> parseJournal(Path yml) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    assertEquals(0, cl.execute("parse", "--journal", "--config", yml.toString()), err.toString());
    List<JsonNode> events = new ArrayList<>();
    for (String l : out.toString().split("\n")) if (!l.isEmpty()) events.add(JSON.readTree(l));
    return events;
  }
}
