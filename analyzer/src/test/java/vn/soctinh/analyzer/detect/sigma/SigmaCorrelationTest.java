package vn.soctinh.analyzer.detect.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.event.Event;

/** Correlation rules on a stream: counts, distinct values, sequences, out-of-order and late events, bounded state. */
class SigmaCorrelationTest {
  @TempDir Path dir;
  static final Instant T0 = Instant.parse("2026-11-23T03:00:00Z");
  static final SigmaMapping MAPPING = new SigmaMapping(Map.of("User", "user.name"),
      List.of(new SigmaMapping.Entry("linux", null, "auth", Map.of("event.dataset", List.of("system.auth")), Map.of(), null)));

  static final String BASE = String.join("\n",
      "title: ssh failed",
      "name: ssh_failed",
      "id: base-failed",
      "logsource: {product: linux, service: auth}",
      "detection:",
      "  sel: {event.action: ssh_login_failed}",
      "  condition: sel",
      "level: low",
      "---",
      "title: ssh ok",
      "name: ssh_ok",
      "logsource: {product: linux, service: auth}",
      "detection:",
      "  sel: {event.action: ssh_login}",
      "  condition: sel",
      "level: low",
      "");

  private SigmaEngine engine(String correlation) throws Exception {
    Files.writeString(dir.resolve("base.yml"), BASE);
    Files.writeString(dir.resolve("corr.yml"), correlation);
    SigmaRules rules = SigmaRules.load(List.of(dir), MAPPING, Map.of());
    assertTrue(rules.report().failed().isEmpty(), rules.report().failed().toString());
    return new SigmaEngine(rules, Duration.ofSeconds(30), 1000);
  }

  private static Event ssh(String action, String ip, String user, int second) {
    return new Event().put("@timestamp", T0.plusSeconds(second)).put("event.id", action + "-" + ip + "-" + user + "-" + second)
        .put("event.dataset", "system.auth").put("event.action", action).put("source.ip", ip).put("user.name", user)
        .put("organization.id", "so-tttt");
  }

  private static List<SigmaAlert> correlations(SigmaEngine en, List<Event> events) {
    List<SigmaAlert> out = new ArrayList<>();
    for (Event e : events) for (SigmaAlert a : en.process(e)) if (a.correlation()) out.add(a);
    return out;
  }

  static final String BRUTE = String.join("\n",
      "title: SSH brute force",
      "id: corr-brute",
      "correlation:",
      "  type: event_count",
      "  rules: [ssh_failed]",
      "  group-by: [source.ip]",
      "  timespan: 5m",
      "  condition: {gte: 10}",
      "level: high",
      "tags: [attack.t1110.001]",
      "");

  @Test
  void eventCountFiresOncePerBurstPerKey() throws Exception {
    SigmaEngine en = engine(BRUTE);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 25; i++) events.add(ssh("ssh_login_failed", "203.0.113.9", "root", i * 5));
    for (int i = 0; i < 9; i++) events.add(ssh("ssh_login_failed", "198.51.100.7", "root", i * 5));
    List<SigmaAlert> alerts = correlations(en, events);
    assertEquals(2, alerts.size(), "25 attempts with a threshold of 10: an alert at the 10th and the 20th, none for 9: " + alerts);
    SigmaAlert a = alerts.get(0);
    assertEquals("corr-brute", a.ruleId());
    assertEquals(Map.of("source.ip", "203.0.113.9"), a.groupBy());
    assertEquals(10, a.count());
    assertEquals(List.of("T1110.001"), a.techniques());
    assertEquals(T0, a.firstSeen());
    assertEquals(T0.plusSeconds(45), a.lastSeen());
    assertEquals(10, a.eventIds().size());
    assertEquals("so-tttt", a.agency());
  }

  /** "Fewer than 3 logins in 10 minutes": decided when the window closes, in event time, after the lateness. */
  @Test
  void ltIsDecidedWhenTheWindowCloses() throws Exception {
    SigmaEngine en = engine(BRUTE.replace("condition: {gte: 10}", "condition: {lt: 3}").replace("timespan: 5m", "timespan: 10m"));
    List<SigmaAlert> early = correlations(en, List.of(ssh("ssh_login_failed", "203.0.113.9", "root", 0),
        ssh("ssh_login_failed", "198.51.100.7", "root", 10), ssh("ssh_login_failed", "198.51.100.7", "root", 20),
        ssh("ssh_login_failed", "198.51.100.7", "root", 30)));
    assertEquals(List.of(), early, "nothing is decided while the windows are open");
    // event time passes 10 minutes + 30 s lateness after the first window opened
    List<SigmaAlert> later = correlations(en, List.of(ssh("ssh_login_failed", "192.0.2.1", "x", 631)));
    assertEquals(1, later.size(), later.toString());
    assertEquals(Map.of("source.ip", "203.0.113.9"), later.get(0).groupBy(), "one event is fewer than 3; the other key had 3");
    assertEquals(1, later.get(0).count());
  }

  @Test
  void eqCountsAFixedWindowAndALaterEventOfTheKeyClosesIt() throws Exception {
    SigmaEngine en = engine(BRUTE.replace("condition: {gte: 10}", "condition: {eq: 2}"));
    List<Event> events = new ArrayList<>();
    events.add(ssh("ssh_login_failed", "203.0.113.9", "root", 0));
    events.add(ssh("ssh_login_failed", "203.0.113.9", "root", 60));
    events.add(ssh("ssh_login_failed", "198.51.100.7", "root", 0));
    events.add(ssh("ssh_login_failed", "198.51.100.7", "root", 1));
    events.add(ssh("ssh_login_failed", "198.51.100.7", "root", 2));
    // 203.0.113.9 comes back after its 5-minute window: that window (2 events) is decided at once
    events.add(ssh("ssh_login_failed", "203.0.113.9", "root", 301));
    List<SigmaAlert> alerts = correlations(en, events);
    assertEquals(1, alerts.size(), alerts.toString());
    assertEquals(Map.of("source.ip", "203.0.113.9"), alerts.get(0).groupBy());
    assertEquals(2, alerts.get(0).count());
  }

  @Test
  void eventCountRespectsTheTimespan() throws Exception {
    SigmaEngine en = engine(BRUTE);
    List<Event> slow = new ArrayList<>();
    for (int i = 0; i < 30; i++) slow.add(ssh("ssh_login_failed", "203.0.113.9", "root", i * 40)); // 8 per 5 minutes
    assertEquals(List.of(), correlations(en, slow));
  }

  @Test
  void outOfOrderEventsWithinLatenessCountAndLateOnesAreCounted() throws Exception {
    SigmaEngine en = engine(BRUTE);
    List<Event> events = new ArrayList<>();
    for (int i = 9; i >= 1; i--) events.add(ssh("ssh_login_failed", "203.0.113.9", "root", 100 + i)); // newest first
    events.add(ssh("ssh_login_failed", "198.51.100.1", "x", 1000)); // moves event time on
    events.add(ssh("ssh_login_failed", "203.0.113.9", "root", 100)); // 15 minutes late: beyond 5m + 30s
    assertEquals(List.of(), correlations(en, events));
    assertEquals(1, en.lateEvents());
    SigmaEngine en2 = engine(BRUTE);
    List<Event> shuffled = new ArrayList<>();
    for (int i : new int[] {5, 1, 9, 3, 7, 2, 8, 4, 6, 0}) shuffled.add(ssh("ssh_login_failed", "203.0.113.9", "root", 100 + i));
    assertEquals(1, correlations(en2, shuffled).size(), "ten events out of order inside the window");
  }

  @Test
  void baseRulesOfANonGeneratingCorrelationAreSilent() throws Exception {
    SigmaEngine en = engine(BRUTE);
    List<SigmaAlert> all = en.process(ssh("ssh_login_failed", "203.0.113.9", "root", 0));
    assertEquals(List.of(), all, "ssh_failed feeds the correlation only");
    List<SigmaAlert> ok = en.process(ssh("ssh_login", "203.0.113.9", "root", 1));
    assertEquals(1, ok.size(), "a rule no correlation uses alerts by itself");
    assertTrue(!ok.get(0).correlation());
  }

  @Test
  void valueCountFindsPasswordSpraying() throws Exception {
    SigmaEngine en = engine(String.join("\n",
        "title: password spraying",
        "id: corr-spray",
        "correlation:",
        "  type: value_count",
        "  rules: [base-failed]",
        "  group-by: [source.ip]",
        "  timespan: 10m",
        "  condition: {gte: 5, field: User}",
        "generate: true",
        ""));
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 20; i++) events.add(ssh("ssh_login_failed", "203.0.113.9", "root", i)); // one user, many times
    assertEquals(List.of(), correlations(en, events));
    events.clear();
    for (String u : List.of("an", "binh", "chi", "dung", "em")) events.add(ssh("ssh_login_failed", "198.51.100.7", u, 100));
    List<SigmaAlert> a = correlations(en, events);
    assertEquals(1, a.size());
    assertEquals(Map.of("source.ip", "198.51.100.7"), a.get(0).groupBy());
    assertTrue(en.process(ssh("ssh_login_failed", "1.2.3.4", "x", 200)).stream().anyMatch(x -> !x.correlation()),
        "generate: true keeps the base rule's own alerts");
  }

  @Test
  void temporalOrderedWantsFailuresThenSuccess() throws Exception {
    String corr = String.join("\n",
        "title: login after brute force",
        "id: corr-seq",
        "correlation:",
        "  type: temporal_ordered",
        "  rules: [ssh_failed, ssh_ok]",
        "  group-by: [source.ip]",
        "  timespan: 10m",
        "");
    SigmaEngine en = engine(corr);
    assertEquals(List.of(), correlations(en, List.of(ssh("ssh_login", "203.0.113.9", "root", 0),
        ssh("ssh_login_failed", "203.0.113.9", "root", 10))), "success first: not the sequence");
    SigmaEngine en2 = engine(corr);
    List<SigmaAlert> a = correlations(en2, List.of(ssh("ssh_login_failed", "203.0.113.9", "root", 0),
        ssh("ssh_login", "203.0.113.9", "root", 60)));
    assertEquals(1, a.size());
    SigmaEngine en3 = engine(corr.replace("temporal_ordered", "temporal"));
    assertEquals(1, correlations(en3, List.of(ssh("ssh_login", "203.0.113.9", "root", 0),
        ssh("ssh_login_failed", "203.0.113.9", "root", 10))).size(), "temporal: any order");
    SigmaEngine en4 = engine(corr);
    assertEquals(List.of(), correlations(en4, List.of(ssh("ssh_login_failed", "203.0.113.9", "root", 0),
        ssh("ssh_login", "203.0.113.9", "root", 3600))), "too far apart");
  }

  @Test
  void aliasesGroupByDifferentFieldsPerRule() throws Exception {
    SigmaEngine en = engine(String.join("\n",
        "title: same person",
        "id: corr-alias",
        "correlation:",
        "  type: temporal",
        "  rules: [ssh_failed, ssh_ok]",
        "  group-by: [who]",
        "  timespan: 10m",
        "  aliases:",
        "    who: {ssh_failed: User, ssh_ok: source.ip}",
        ""));
    List<SigmaAlert> a = correlations(en, List.of(ssh("ssh_login_failed", "1.1.1.1", "10.0.0.5", 0), ssh("ssh_login", "10.0.0.5", "x", 5)));
    assertEquals(1, a.size());
    assertEquals(Map.of("who", "10.0.0.5"), a.get(0).groupBy());
  }

  @Test
  void stateIsBoundedAndEvictionCounted() throws Exception {
    Files.writeString(dir.resolve("base.yml"), BASE);
    Files.writeString(dir.resolve("corr.yml"), BRUTE);
    SigmaEngine en = new SigmaEngine(SigmaRules.load(List.of(dir), MAPPING, Map.of()), Duration.ofSeconds(30), 100);
    for (int i = 0; i < 1000; i++) en.process(ssh("ssh_login_failed", "10.0." + (i / 250) + "." + (i % 250), "root", 1));
    assertEquals(100, en.groups());
    assertEquals(900, en.evictedGroups());
  }

  @Test
  void aCorrelationNamingAMissingRuleFailsAloneWithItsPosition() throws Exception {
    Files.writeString(dir.resolve("base.yml"), BASE);
    Files.writeString(dir.resolve("corr.yml"), BRUTE.replace("rules: [ssh_failed]", "rules: [ssh_fail]")
        + "---\ntitle: bad type\ncorrelation:\n  type: event_sum\n  rules: [ssh_failed]\n  timespan: 5m\n");
    SigmaRules rules = SigmaRules.load(List.of(dir), MAPPING, Map.of());
    assertEquals(2, rules.report().failed().size(), rules.report().failed().toString());
    SigmaException missing = rules.report().failed().stream().filter(e -> e.getMessage().contains("ssh_fail")).findFirst().orElseThrow();
    assertEquals(5, missing.line());
    assertTrue(missing.getMessage().contains("not loaded: ssh_fail"), missing.getMessage());
    assertTrue(rules.report().failed().stream().anyMatch(e -> e.getMessage().contains("event_count, value_count, temporal")));
    assertEquals(2, rules.report().loaded(), "the two base rules still load");
  }

  /**
   * An engine stopped after any event and restored from its saved state raises exactly the alerts
   * of one that never stopped: counts, distinct values, sequences and closing windows.
   */
  @Test
  void savedStateResumesExactly() throws Exception {
    String all = String.join("\n---\n", BRUTE.replace("gte: 10", "gte: 4"),
        BRUTE.replace("corr-brute", "corr-spray").replace("event_count", "value_count").replace("{gte: 10}", "{gte: 3, field: user.name}"),
        BRUTE.replace("corr-brute", "corr-few").replace("gte: 10", "lt: 2"),
        String.join("\n", "title: fail then ok", "id: corr-seq", "correlation:", "  type: temporal_ordered", "  rules: [ssh_failed, ssh_ok]",
            "  group-by: [source.ip]", "  timespan: 5m", "level: high", ""));
    java.util.Random rnd = new java.util.Random(5);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      String ip = "203.0.113." + rnd.nextInt(6);
      events.add(ssh(rnd.nextInt(5) == 0 ? "ssh_login" : "ssh_login_failed", ip, "u" + rnd.nextInt(4), i * 7 + rnd.nextInt(20)));
    }
    List<String> expected = new ArrayList<>();
    SigmaEngine whole = engine(all);
    for (Event e : events) for (SigmaAlert a : whole.process(e)) expected.add(a.ruleId() + a.groupBy() + a.count() + a.lastSeen());
    assertTrue(expected.size() > 20, expected.toString());
    for (int cut : new int[] {1, 57, 200, 399}) {
      List<String> got = new ArrayList<>();
      SigmaEngine before = engine(all);
      for (Event e : events.subList(0, cut)) for (SigmaAlert a : before.process(e)) got.add(a.ruleId() + a.groupBy() + a.count() + a.lastSeen());
      var bytes = new java.io.ByteArrayOutputStream();
      before.writeState(new java.io.DataOutputStream(bytes), cut - 1);
      SigmaEngine after = engine(all);
      assertEquals(cut - 1, after.readState(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))));
      assertEquals(before.groups(), after.groups());
      for (Event e : events.subList(cut, events.size())) for (SigmaAlert a : after.process(e)) got.add(a.ruleId() + a.groupBy() + a.count() + a.lastSeen());
      assertEquals(expected, got, "cut after " + cut + " events");
    }
  }
}
