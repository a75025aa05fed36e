package vn.soctinh.analyzer.detect.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.soctinh.analyzer.detect.sigma.SigmaCorrelationTest.BASE;
import static vn.soctinh.analyzer.detect.sigma.SigmaCorrelationTest.BRUTE;
import static vn.soctinh.analyzer.detect.sigma.SigmaCorrelationTest.MAPPING;
import static vn.soctinh.analyzer.detect.sigma.SigmaCorrelationTest.T0;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.collector.testing.TestSeed;

/**
 * One sender's share of a correlation's windows: a sender (collector peer) flooding unique keys
 * recycles its own windows and leaves another agency's brute force alone, the per-sender counts stay
 * right on every path that removes a window, and saved state keeps who opened each window.
 */
@ExtendWith(TestSeed.class)
class SenderShareTest {
  @TempDir Path dir;

  /** The relay of the agency under attack (Sở Y tế), and the one whose logs carry the flood (Sở TT&TT). */
  private static final String ATTACKED = "10.20.0.5:51514";
  private static final String FLOODER = "10.10.0.7:40000";
  private static final String BRUTE_FORCER = "203.0.113.9";

  private SigmaRules rules(String correlations) throws Exception {
    Files.writeString(dir.resolve("base.yml"), BASE);
    Files.writeString(dir.resolve("corr.yml"), correlations);
    SigmaRules rules = SigmaRules.load(List.of(dir), MAPPING, Map.of());
    assertTrue(rules.report().failed().isEmpty(), rules.report().failed().toString());
    return rules;
  }

  private SigmaEngine engine(int maxGroups, int perSender) throws Exception {
    return new SigmaEngine(rules(BRUTE), Duration.ofSeconds(30), maxGroups, perSender);
  }

  private static Event failed(String from, String agency, String ip, String user, long millis) {
    Event e = new Event().put("@timestamp", T0.plusMillis(millis)).put("event.id", "e-" + ip + "-" + millis).put("event.dataset", "system.auth")
        .put("event.action", "ssh_login_failed").put("source.ip", ip).put("user.name", user).put("organization.id", agency);
    return from == null ? e : e.put("log.source.address", from);
  }

  private static List<SigmaAlert> correlations(SigmaEngine en, Event e) {
    List<SigmaAlert> out = new ArrayList<>();
    for (SigmaAlert a : en.process(e)) if (a.correlation()) out.add(a);
    return out;
  }

  /** {@code n} failed logins from {@code from}, each from an address never seen before, one per ms from {@code atMillis}. */
  private static List<SigmaAlert> flood(SigmaEngine en, int first, int n, long atMillis) {
    return flood(en, first, n, atMillis, "so-tttt");
  }

  private static List<SigmaAlert> flood(SigmaEngine en, int first, int n, long atMillis, String agency) {
    List<SigmaAlert> out = new ArrayList<>();
    for (int i = first; i < first + n; i++) {
      out.addAll(correlations(en, failed(FLOODER, agency, "198.18." + (i >> 8 & 255) + "." + (i & 255), "u" + i, atMillis + i - first)));
    }
    return out;
  }

  /** {@code n} attempts of the brute force against the attacked agency, one a second from {@code atSecond}. */
  private static List<SigmaAlert> attempts(SigmaEngine en, String from, int n, int atSecond) {
    List<SigmaAlert> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.addAll(correlations(en, failed(from, "so-yte", BRUTE_FORCER, "root", (atSecond + i) * 1000L)));
    return out;
  }

  /** Five attempts, 50,000 unique source addresses from another sender, five more attempts (threshold 10 in 5 minutes). */
  private static List<SigmaAlert> bruteForceAcrossAFlood(SigmaEngine en) {
    List<SigmaAlert> out = new ArrayList<>(attempts(en, ATTACKED, 5, 0));
    assertEquals(List.of(), flood(en, 0, 50_000, 5_000), "one attempt per flooding address: none reaches 10");
    out.addAll(attempts(en, ATTACKED, 5, 60));
    return out;
  }

  @Test
  void aFloodOfUniqueKeysFromOneSenderDoesNotEvictAnotherSendersBruteForce() throws Exception {
    SigmaEngine en = engine(10_000, 1_000);
    List<SigmaAlert> alerts = bruteForceAcrossAFlood(en);
    assertEquals(1, alerts.size(), alerts.toString());
    assertEquals(Map.of("source.ip", BRUTE_FORCER), alerts.get(0).groupBy());
    assertEquals(10, alerts.get(0).count(), "the five attempts before the flood are still counted");
    assertEquals("so-yte", alerts.get(0).agency());
    assertEquals(49_000, en.evictedForSenderShare(), "every flooding address beyond its sender's 1,000 pushed out one of that sender's own");
    assertEquals(0, en.evictedGroups(), "the total was never reached");
    Windows.Census c = en.census().get("corr-brute");
    assertEquals(Map.of("10.10.0.7", 1_000), c.live(), "the alert closed the attacked agency's window; the flooder holds its share");
  }

  /**
   * The control: the same stream with a share as large as the total, and the flood inside the
   * attacked agency (a compromised host of Sở Y tế, so its pool is the same), so the test above can fail.
   */
  @Test
  void withoutAShareTheSameFloodEvictsTheBruteForce() throws Exception {
    SigmaEngine en = engine(10_000, 10_000);
    List<SigmaAlert> out = new ArrayList<>(attempts(en, ATTACKED, 5, 0));
    assertEquals(List.of(), flood(en, 0, 50_000, 5_000, "so-yte"));
    out.addAll(attempts(en, ATTACKED, 5, 60));
    assertEquals(List.of(), out, "the first five attempts were evicted: five more do not reach 10");
    assertEquals(50_002 - 10_000, en.evictedGroups(), "windows opened: 50,000 flooding, the attempts before and after; held: 10,000");
    assertEquals(0, en.evictedForSenderShare());
  }

  /**
   * Issue #17, item 4: senders that forge many addresses (UDP), each within its share, from no
   * agency: together they fill the windows, but the unassigned pool is the largest, so its own
   * windows are recycled and the attacked agency's brute force is still counted whole.
   */
  @Test
  void manyForgedSendersFillOnlyTheirOwnPool() throws Exception {
    SigmaEngine en = engine(10_000, 1_000);
    List<SigmaAlert> out = new ArrayList<>(attempts(en, ATTACKED, 5, 0));
    for (int i = 0; i < 50_000; i++) {
      out.addAll(correlations(en, failed("198.51." + (i >> 8 & 255) + "." + (i & 255) + ":514", "unassigned",
          "198.18." + (i >> 8 & 255) + "." + (i & 255), "u" + i, 5_000 + i)));
    }
    out.addAll(attempts(en, ATTACKED, 5, 60));
    assertEquals(1, out.size(), out.toString());
    assertEquals(10, out.get(0).count(), "the five attempts before the spray are still counted");
    assertEquals(0, en.evictedForSenderShare(), "no forged sender reached its share");
    assertEquals(50_000 + 1 - 10_000, en.evictedGroups(), "every eviction was the unassigned pool's own");
  }

  @Test
  void theSenderIsTheCollectorPeersAddressWithoutItsPort() {
    assertEquals("10.1.2.3", Windows.senderOf("10.1.2.3:514"));
    assertEquals("10.1.2.3", Windows.senderOf("10.1.2.3"));
    assertEquals("0:0:0:0:0:0:0:1", Windows.senderOf("0:0:0:0:0:0:0:1:6514"), "how the collector writes IPv6 (Java's full form)");
    assertEquals("fe80:0:0:0:0:0:0:1%eth0", Windows.senderOf("fe80:0:0:0:0:0:0:1%eth0:6514"));
    assertEquals("2001:db8::7", Windows.senderOf("[2001:db8::7]:6514"));
    assertEquals("2001:db8::7", Windows.senderOf("[2001:db8::7]"));
    assertEquals("2001:db8::7", Windows.senderOf("2001:db8::7"), "IPv6 without a port stays whole");
    assertEquals("", Windows.senderOf(null));
    assertEquals("", Windows.senderOf(""));
  }

  /** Two ports of one host are one sender: a flood over many connections gets one share. */
  @Test
  void oneHostOverManyConnectionsHasOneShare() throws Exception {
    SigmaEngine en = engine(100, 10);
    for (int i = 0; i < 50; i++) en.process(failed("10.10.0.7:" + (40_000 + i), "so-tttt", "198.18.0." + i, "x", i));
    assertEquals(Map.of("10.10.0.7", 10), en.census().get("corr-brute").live());
    assertEquals(40, en.evictedForSenderShare());
  }

  /** A window restored over one already held replaces it, and its sender's count follows. */
  @Test
  void aWindowRestoredOverAHeldOneReplacesIt() {
    Windows<String> w = new Windows<>(10, 5);
    assertEquals(Windows.Evicted.NONE, w.open(List.of("k"), "first", "10.0.0.1"));
    w.restore(List.of("k"), "again", "10.0.0.1");
    assertEquals(Map.of("10.0.0.1", 1), w.census().live());
    w.restore(List.of("k"), "other", "10.0.0.2");
    Windows.Census c = w.census();
    assertEquals(Map.of("10.0.0.2", 1), c.live());
    assertEquals(c.inMap(), c.inLists());
    assertEquals("other", w.get(List.of("k")));
  }

  /** Correlations of every kind: fire (gte), close (lt, decided at the window's end), distinct values, sequences. */
  private static final String ALL_KINDS = String.join("\n---\n", BRUTE.replace("gte: 10", "gte: 4"),
      BRUTE.replace("corr-brute", "corr-spray").replace("event_count", "value_count").replace("{gte: 10}", "{gte: 3, field: user.name}"),
      BRUTE.replace("corr-brute", "corr-few").replace("gte: 10", "lt: 2"),
      String.join("\n", "title: fail then ok", "id: corr-seq", "correlation:", "  type: temporal_ordered", "  rules: [ssh_failed, ssh_ok]",
          "  group-by: [source.ip]", "  timespan: 5m", "level: high", ""));

  private static final String[] SENDERS = {"10.0.0.1:514", "10.0.0.1:515", "10.0.0.2:5514", "[2001:db8::7]:6514", "0:0:0:0:0:0:0:9:514", null};

  /**
   * After every event of a random stream, each correlation's per-sender live counts equal a recount
   * over its windows and a walk of each sender's list, and stay within the bounds: through firing,
   * closing (by event time and by a later event of the key), expiry sweeps, both evictions, late
   * events, a hot reload that carries the windows over, and a save and restore. Twenty streams drawn
   * from the run's seed ({@link TestSeed}: {@code -Dsoctinh.seed=N} replays them).
   */
  @Test
  void perSenderCountsEqualARecountAfterEveryEvent() throws Exception {
    SigmaRules rules = rules(ALL_KINDS);
    long fired = 0;
    long closed = 0;
    long[] evicted = new long[2];
    for (int round = 0; round < 20; round++) {
      String seed = TestSeed.seed() + " round " + round;
      Random rnd = TestSeed.random(round);
      int max = 12 + rnd.nextInt(20);
      int share = 3 + rnd.nextInt(6);
      SigmaEngine en = new SigmaEngine(rules, Duration.ofSeconds(30), max, share);
      int keys = 10 + rnd.nextInt(60);
      long t = 0;
      for (int i = 0; i < 1500; i++) {
        int r = rnd.nextInt(100);
        if (r < 2) t += 7 * 60_000; // every window passes: sweeps and closes
        else t += rnd.nextInt(3000);
        long at = r >= 2 && r < 5 ? Math.max(0, t - rnd.nextInt(600_000)) : t; // out of order, or too late
        // one sender sends half the stream, over a wider set of keys
        boolean flooder = rnd.nextBoolean();
        String from = flooder ? SENDERS[0] : SENDERS[rnd.nextInt(SENDERS.length)];
        int key = rnd.nextInt(flooder ? keys * 3 : keys);
        Event e = failed(from, "so-" + rnd.nextInt(3), "192.0.2." + key, "u" + rnd.nextInt(5), at);
        if (rnd.nextInt(6) == 0) e.put("event.action", "ssh_login");
        for (SigmaAlert a : en.process(e)) {
          if (!a.correlation()) continue;
          if (a.ruleId().equals("corr-few")) closed++;
          else fired++;
        }
        assertCountsRight(en, max, share, "seed " + seed + ", event " + i);
        if (i == 500) en.replaceRules(rules(ALL_KINDS)); // same definitions: the windows carry over
        if (i == 1000) {
          evicted[0] += en.evictedForSenderShare();
          evicted[1] += en.evictedGroups();
          en = restored(en, rules, max, share, "seed " + seed);
        }
      }
      evicted[0] += en.evictedForSenderShare();
      evicted[1] += en.evictedGroups();
    }
    // the stream must take every path for the counts checked above to mean something
    assertTrue(fired > 0 && closed > 0 && evicted[0] > 0 && evicted[1] > 0,
        "fired " + fired + ", closed " + closed + ", evicted for a share " + evicted[0] + ", for the total " + evicted[1]);
  }

  private static void assertCountsRight(SigmaEngine en, int max, int share, String where) {
    long total = 0;
    for (Map.Entry<String, Windows.Census> c : en.census().entrySet()) {
      Windows.Census n = c.getValue();
      assertEquals(n.inMap(), n.live(), () -> where + ", " + c.getKey() + ": live counts against a recount");
      assertEquals(n.inMap(), n.inLists(), () -> where + ", " + c.getKey() + ": the senders' lists against the map");
      int windows = 0;
      for (int v : n.live().values()) {
        assertTrue(v <= share, () -> where + ", " + c.getKey() + ": a sender over its share " + n.live());
        windows += v;
      }
      int w = windows;
      assertTrue(w <= max, () -> where + ", " + c.getKey() + ": " + w + " windows, more than " + max);
      total += windows;
    }
    assertEquals(en.groups(), total, where);
  }

  private static SigmaEngine restored(SigmaEngine en, SigmaRules rules, int max, int share, String where) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    en.writeState(new DataOutputStream(bytes), 7);
    SigmaEngine after = new SigmaEngine(rules, Duration.ofSeconds(30), max, share);
    assertEquals(7, after.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
    assertEquals(en.census(), after.census(), where + ": every window restored to the sender that opened it");
    return after;
  }

  /**
   * Saved and restored in the middle of a flood, the engine goes on as one that never stopped: the
   * flooder keeps its share (had the senders been lost, the restored windows would all be one
   * sender's and the flooder's next windows would reach the total, evicting the brute force).
   */
  @Test
  void aRestoredEngineKeepsEachWindowsSenderAndResistsTheFloodAlike() throws Exception {
    SigmaEngine whole = engine(2_000, 1_000);
    SigmaEngine before = engine(2_000, 1_000);
    for (SigmaEngine en : List.of(whole, before)) {
      assertEquals(List.of(), attempts(en, ATTACKED, 5, 0));
      assertEquals(List.of(), flood(en, 0, 20_000, 5_000));
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    before.writeState(new DataOutputStream(bytes), 99);
    SigmaEngine after = engine(2_000, 1_000);
    assertEquals(99, after.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
    assertEquals(Map.of("10.10.0.7", 1_000, "10.20.0.5", 1), after.census().get("corr-brute").live());
    List<List<SigmaAlert>> outcomes = new ArrayList<>();
    for (SigmaEngine en : List.of(whole, after)) {
      long evictedBefore = en.evictedForSenderShare();
      List<SigmaAlert> alerts = new ArrayList<>(flood(en, 20_000, 30_000, 30_000));
      alerts.addAll(attempts(en, ATTACKED, 5, 70));
      assertEquals(30_000, en.evictedForSenderShare() - evictedBefore);
      assertEquals(0, en.evictedGroups());
      outcomes.add(alerts);
    }
    assertEquals(1, outcomes.get(1).size(), outcomes.get(1).toString());
    assertEquals(10, outcomes.get(1).get(0).count());
    assertEquals(outcomes.get(0), outcomes.get(1));
    assertEquals(whole.census(), after.census());
  }

  /**
   * A state file of the release before sender shares (format 1, written by that release's engine
   * from {@link SigmaCorrelationTest#BRUTE}: 5 attempts from 203.0.113.9 and 3 from 198.51.100.7, no
   * sender) is still read: its windows count as sender "" and resume.
   */
  @Test
  void aStateFileOfThePreviousFormatIsStillRead() throws Exception {
    SigmaEngine en = engine(10_000, 1_000);
    try (InputStream in = SenderShareTest.class.getResourceAsStream("correlation-state-1.bin")) {
      assertEquals(41, en.readState(new DataInputStream(in)));
    }
    assertEquals(Map.of("", 2), en.census().get("corr-brute").live());
    List<SigmaAlert> alerts = attempts(en, null, 5, 20);
    assertEquals(1, alerts.size(), alerts.toString());
    assertEquals(10, alerts.get(0).count());
    assertEquals(Map.of("", 1), en.census().get("corr-brute").live());
  }
}
