package vn.soctinh.analyzer.detect;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.soctinh.analyzer.detect.sigma.SigmaRules;
import vn.soctinh.analyzer.drill.DrillLines;
import vn.soctinh.analyzer.drill.DrillScenario;
import vn.soctinh.analyzer.drill.DrillScenarioParser;
import vn.soctinh.analyzer.event.EcsJson;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.incident.Priority;
import vn.soctinh.analyzer.parse.EventParser;
import vn.soctinh.analyzer.parse.ParseSettings;
import vn.soctinh.analyzer.parse.ParseStats;
import vn.soctinh.analyzer.parse.RawRecord;
import vn.soctinh.analyzer.parse.StandardParsers;
import vn.soctinh.collector.testing.TestSeed;

/**
 * Detection cut into shards raises exactly the alerts one shard raises: same ids, counts, windows,
 * group-by values and suppression, on the drill scenarios, the real log samples, and random streams
 * of brute forces and scans (a seed in every failure message). The batches are cut at random places,
 * as the journal reader cuts them.
 */
@ExtendWith(TestSeed.class)
class DetectorShardsTest {
  private static ExecutorService pool;
  private static SigmaRules rules;

  @BeforeAll
  static void setUp() throws Exception {
    pool = Executors.newFixedThreadPool(4);
    rules = ShippedRules.load();
  }

  @AfterAll
  static void tearDown() {
    pool.shutdownNow();
  }

  /** Every alert document the stream raises, last version per id, as JSON without the raise time. */
  private static Map<String, String> alerts(List<Event> stream, int shards, long seed) {
    Detector d = new Detector(rules, Detector.Settings.defaults().withShards(shards), null, Priority.defaults(), shards > 1 ? pool : null,
        new SimpleMeterRegistry());
    Map<String, String> out = new TreeMap<>();
    Random cut = new Random(seed);
    for (int i = 0; i < stream.size(); ) {
      int n = 1 + cut.nextInt(700);
      List<Event> batch = stream.subList(i, Math.min(stream.size(), i + n));
      for (Event a : d.process(batch)) {
        Event copy = a.copy();
        copy.remove("event.created");
        out.put(a.getString("event.id"), EcsJson.write(copy));
      }
      i += n;
    }
    return out;
  }

  private static void assertSameWithOneTwoAndFourShards(String what, List<Event> stream, long seed) {
    Map<String, String> one = alerts(stream, 1, seed);
    assertTrue(!one.isEmpty(), what + ": the stream must raise alerts for the comparison to mean something");
    for (int shards : new int[] {2, 4}) {
      Map<String, String> many = alerts(stream, shards, seed);
      assertEquals(one.keySet(), many.keySet(), what + ", " + shards + " shards, seed " + seed + ": the same alerts");
      for (String id : one.keySet()) assertEquals(one.get(id), many.get(id), what + ", " + shards + " shards, seed " + seed + ": alert " + id);
    }
  }

  private static List<Event> parse(List<String> lines, Instant received) {
    EventParser parser = new EventParser(ParseSettings.defaults(), StandardParsers.registry(), null, new ParseStats(), Clock.systemUTC());
    List<Event> out = new ArrayList<>();
    for (String line : lines) {
      long offset = out.size();
      parser.parse(RawRecord.ofInput(line.getBytes(UTF_8), received, "syslog_tcp", "so-tttt"),
          e -> out.add(e.put("log.offset", offset).put("event.id", Long.toString(offset))));
    }
    return out;
  }

  @Test
  void theDrillScenariosRaiseTheSameAlertsOnOneTwoAndFourShards() throws Exception {
    Instant start = Instant.parse("2026-11-23T03:00:00Z");
    List<String> lines = new ArrayList<>();
    for (DrillScenario sc : DrillScenarioParser.readDir(Path.of("../rules/drills")).values()) {
      Map<String, String> vars = new TreeMap<>(sc.variables());
      for (DrillScenario.Step step : sc.steps()) {
        for (int r = 0; r < step.repeat(); r++) {
          Instant at = start.plus(step.at()).plus(step.every().multipliedBy(r));
          for (String line : step.lines()) lines.add(DrillLines.message(sc, step, line, vars, lines.size(), at, "DR-" + sc.id(), vn.soctinh.analyzer.DisplayZone.DEFAULT));
        }
      }
    }
    assertSameWithOneTwoAndFourShards("drill scenarios", parse(lines, start), 7);
  }

  @Test
  void theRealLogSamplesRaiseTheSameAlertsOnOneTwoAndFourShards() throws Exception {
    List<String> lines = new ArrayList<>();
    Path loghub = Path.of("../../shared/data/loghub");
    // data, not a tool: a clean clone (CI) has no shared/ beside it, so this one stays a plain skip
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(loghub), "shared/data/loghub beside the repository");
    for (String l : Files.readString(loghub.resolve("OpenSSH_2k.log")).split("\r?\n")) if (!l.isEmpty()) lines.add("<38>" + l);
    for (String l : Files.readString(loghub.resolve("Linux_2k.log")).split("\r?\n")) if (!l.isEmpty()) lines.add("<30>" + l);
    assertSameWithOneTwoAndFourShards("loghub", parse(lines, Instant.parse("2026-12-10T08:00:00Z")), 11);
  }

  /** Brute forces, password sprays and SQL injection from random sources, users and agencies, a little out of order. */
  @Test
  void randomStreamsRaiseTheSameAlertsOnOneTwoAndFourShards() {
    for (int round = 0; round < 5; round++) {
      long seed = TestSeed.seed() + round;
      Random r = TestSeed.random(round);
      Instant t = Instant.parse("2026-11-23T03:00:00Z");
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 4000; i++) {
        t = t.plusMillis(r.nextInt(2000));
        Instant at = t.minusSeconds(r.nextInt(30)); // a little late now and then
        String stamp = java.time.format.DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", java.util.Locale.ROOT)
            .format(at.atZone(java.time.ZoneId.of("Asia/Ho_Chi_Minh")));
        String ip = "203.0.113." + r.nextInt(12);
        String user = new String[] {"root", "admin", "lan", "minh", "oracle"}[r.nextInt(5)];
        switch (r.nextInt(4)) {
          case 0, 1 -> lines.add("<38>" + stamp + " web-0" + r.nextInt(3) + " sshd[1]: Failed password for " + (r.nextBoolean() ? "invalid user " : "")
              + user + " from " + ip + " port " + (40000 + i) + " ssh2");
          case 2 -> lines.add("<38>" + stamp + " web-0" + r.nextInt(3) + " sshd[1]: Accepted password for " + user + " from " + ip + " port " + (40000 + i)
              + " ssh2");
          default -> lines.add("<150>" + stamp + " portal nginx: " + ip + " - - [23/Nov/2026:10:00:00 +0700] \"GET /tra-cuu?id=1%27%20UNION%20SELECT%20"
              + i + " HTTP/1.1\" 200 512 \"-\" \"sqlmap/1.7\"");
        }
      }
      assertSameWithOneTwoAndFourShards("random stream", parse(lines, t), seed);
    }
  }

  /** State written by four shards restores into two (and one): the windows land in whichever shard now owns each rule. */
  @Test
  void stateWrittenByFourShardsRestoresIntoTwo() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 6; i++) lines.add("<38>Nov 23 10:00:0" + i + " w sshd[1]: Failed password for root from 203.0.113.9 port " + (4000 + i) + " ssh2");
    List<Event> first = parse(lines, Instant.parse("2026-11-23T03:00:00Z"));
    Detector four = new Detector(rules, Detector.Settings.defaults().withShards(4), null, Priority.defaults(), pool, new SimpleMeterRegistry());
    four.process(first);
    ByteArrayOutputStream saved = new ByteArrayOutputStream();
    four.writeState(new DataOutputStream(saved));
    for (int shards : new int[] {2, 1}) {
      Detector restored = new Detector(rules, Detector.Settings.defaults().withShards(shards), null, Priority.defaults(), pool, new SimpleMeterRegistry());
      assertEquals(5, restored.readState(saved.toByteArray()));
      assertEquals(four.groups(), restored.groups(), shards + " shards: every open window restored");
      List<Event> more = new ArrayList<>();
      for (int i = 6; i < 10; i++) {
        long off = i;
        more.add(first.get(0).copy().put("log.offset", off).put("event.id", Long.toString(off)));
      }
      List<Event> alerts = restored.process(more);
      assertEquals(1, alerts.stream().filter(a -> "5b7f4a2e-9c1d-4e6b-8a3f-sshb-0016".equals(a.get("rule.id"))).count(), "6 + 4 make the brute force");
    }
  }
}
