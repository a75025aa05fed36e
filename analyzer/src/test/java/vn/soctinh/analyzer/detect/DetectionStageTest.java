package vn.soctinh.analyzer.detect;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.detect.sigma.SigmaEngine;
import vn.soctinh.analyzer.detect.sigma.SigmaMapping;
import vn.soctinh.analyzer.detect.sigma.SigmaRules;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.EventParser;
import vn.soctinh.analyzer.parse.ParseSettings;
import vn.soctinh.analyzer.parse.ParseStats;
import vn.soctinh.analyzer.parse.StandardParsers;
import vn.soctinh.analyzer.pipeline.AnalyzerPipeline;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.analyzer.store.SearchRequest;
import vn.soctinh.analyzer.store.lucene.LuceneEventStore;
import vn.soctinh.collector.journal.ConnectionMeta;
import vn.soctinh.collector.journal.Journal;
import vn.soctinh.collector.journal.JournalConfig;
import vn.soctinh.collector.journal.RecordBatch;
import vn.soctinh.collector.journal.Transport;

/** The shipped rules in the real pipeline: journal → parse → detect → store; alerts stored once, also across a replay. */
class DetectionStageTest {
  @TempDir Path dir;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private static void sshFailures(Journal j, String ip, int n) throws Exception {
    RecordBatch b = new RecordBatch(ByteBufAllocator.DEFAULT, 1 << 16);
    ConnectionMeta meta = new ConnectionMeta(Transport.TCP, "syslog_tcp", new InetSocketAddress("10.1.2.3", 5000), "so-tttt", "", false);
    for (int i = 0; i < n; i++) {
      String line = "<38>Nov 23 10:00:0" + (i % 10) + " web-01 sshd[1]: Failed password for root from " + ip + " port " + (40000 + i) + " ssh2";
      b.add(meta, Instant.parse("2026-11-23T03:00:00Z").getEpochSecond() * 1_000_000_000L, 0, line.getBytes(UTF_8));
    }
    j.append(b).get();
  }

  private DetectionStage stage(EventStore store) throws Exception {
    Path rules = Path.of("../rules/sigma");
    SigmaMapping mapping = SigmaMapping.parse(Files.readString(Path.of("../rules/sigma-mapping.yml")), "mapping");
    SigmaEngine engine = new SigmaEngine(SigmaRules.load(List.of(rules), mapping, Map.of()), Duration.ofSeconds(60), 1000);
    return new DetectionStage(engine, alerts -> store.index(DocKind.ALERTS, alerts), registry);
  }

  @Test
  void aBruteForceInTheJournalBecomesOneStoredAlert() throws Exception {
    try (Journal j = Journal.open(JournalConfig.defaults(dir.resolve("journal")), registry);
        EventStore store = LuceneEventStore.open(dir.resolve("store"))) {
      sshFailures(j, "203.0.113.9", 12);
      sshFailures(j, "198.51.100.7", 3);
      EventParser parser = new EventParser(ParseSettings.defaults(), StandardParsers.registry(), null, new ParseStats(), Clock.systemUTC());
      try (AnalyzerPipeline p = new AnalyzerPipeline(j, parser, List.of(stage(store)), store,
          new AnalyzerPipeline.Settings(5, 10, 1000, 50), registry).start()) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (p.committedOffset() < 15 && System.nanoTime() < deadline) Thread.sleep(20);
        assertEquals(15, p.committedOffset());
      }
      store.refresh();
      var alerts = store.search(SearchRequest.of(DocKind.ALERTS, "", 10)).hits();
      assertEquals(1, alerts.size(), alerts.toString());
      Event a = alerts.get(0);
      assertEquals("5b7f4a2e-9c1d-4e6b-8a3f-sshb-0016", a.get("rule.id"));
      assertEquals("SSH brute force", a.get("rule.name"));
      assertEquals("203.0.113.9", a.get("labels.group_source_ip"));
      assertEquals(4L, a.get("event.severity"));
      assertEquals("so-tttt", a.get("organization.id"));
      assertEquals(10L, a.get("event.sequence"));
      assertEquals(List.of("T1110.001"), a.get("threat.technique.id"));
      assertEquals(List.of("attack.credential-access", "attack.t1110.001"), a.tags(), "the rule tags as written");
      assertEquals(1.0, registry.get("soctinh.detection.alerts").tag("level", "high").counter().count());
      assertEquals(15, store.search(SearchRequest.of(DocKind.EVENTS, "", 0)).total(), "the events are stored too");
    }
  }

  /** The store, down while {@code down} is set: every write fails, as with an unreachable cluster. */
  private static EventStore downWhile(EventStore inner, java.util.concurrent.atomic.AtomicBoolean down) {
    return (EventStore) java.lang.reflect.Proxy.newProxyInstance(EventStore.class.getClassLoader(), new Class<?>[] {EventStore.class},
        (proxy, method, args) -> {
          if (down.get() && List.of("index", "append", "commit", "update").contains(method.getName())) {
            throw new vn.soctinh.analyzer.store.StoreException("connection refused (test)");
          }
          try {
            return method.invoke(inner, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void whileTheStoreIsDownAlertsStillReachTheStreamAndEverythingIsStoredOnceItIsBack() throws Exception {
    try (Journal j = Journal.open(JournalConfig.defaults(dir.resolve("journal")), registry);
        EventStore lucene = LuceneEventStore.open(dir.resolve("store"))) {
      var down = new java.util.concurrent.atomic.AtomicBoolean(true);
      EventStore store = downWhile(lucene, down);
      DetectionStage stage = stage(store);
      List<Event> stream = new java.util.concurrent.CopyOnWriteArrayList<>();
      List<Event> afterStore = new java.util.concurrent.CopyOnWriteArrayList<>();
      stage.subscribeStream(stream::addAll);
      stage.subscribe(afterStore::addAll);
      sshFailures(j, "203.0.113.9", 12);
      sshFailures(j, "198.51.100.7", 3);
      EventParser parser = new EventParser(ParseSettings.defaults(), StandardParsers.registry(), null, new ParseStats(), Clock.systemUTC());
      try (AnalyzerPipeline p = new AnalyzerPipeline(j, parser, List.of(stage), store, new AnalyzerPipeline.Settings(5, 10, 200, 50), registry)
          .start()) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (stream.isEmpty() && System.nanoTime() < deadline) Thread.sleep(20);
        assertEquals(java.util.Set.of("203.0.113.9"), ids(stream, "labels.group_source_ip"), "the brute force fired on the stream while the store was down");
        assertEquals(0, p.committedOffset(), "nothing was stored");
        assertTrue(afterStore.isEmpty(), "subscribers after the store wait for it");
        assertTrue(registry.get("soctinh.analyzer.lookahead.events").counter().count() >= 5, "the batches after the failed one were read ahead");
        assertEquals(1.0, registry.get("soctinh.analyzer.store.down").gauge().value());
        down.set(false);
        deadline = System.nanoTime() + 30_000_000_000L;
        while (p.committedOffset() < 15 && System.nanoTime() < deadline) Thread.sleep(20);
        assertEquals(15, p.committedOffset());
        assertEquals(0.0, registry.get("soctinh.analyzer.store.down").gauge().value());
      }
      lucene.refresh();
      assertEquals(15, lucene.search(SearchRequest.of(DocKind.EVENTS, "", 0)).total(), "every event stored once the store came back");
      var alerts = lucene.search(SearchRequest.of(DocKind.ALERTS, "", 10)).hits();
      assertEquals(1, alerts.size(), "the alert raised during the outage is stored, once: " + alerts);
      assertEquals(ids(stream, "event.id"), ids(afterStore, "event.id"), "the same alert reached the subscribers after the store");
      assertEquals(1.0, registry.get("soctinh.detection.alerts").tag("level", "high").counter().count(), "raised once, not again on the re-read");
    }
  }

  private static java.util.Set<Object> ids(List<Event> docs, String field) {
    java.util.Set<Object> out = new java.util.HashSet<>();
    for (Event e : docs) out.add(e.get(field));
    return out;
  }

  @Test
  void anIndicatorHitIsAnAlertAndTheRulesSeeTheThreatFields() throws Exception {
    try (EventStore store = LuceneEventStore.open(dir.resolve("store"))) {
      vn.soctinh.analyzer.detect.ioc.Indicators ind = new vn.soctinh.analyzer.detect.ioc.Indicators();
      ind.add("cidr", "203.0.113.0/24", "vncert-apt", "test", 1);
      SigmaMapping mapping = SigmaMapping.parse(Files.readString(Path.of("../rules/sigma-mapping.yml")), "mapping");
      SigmaEngine engine = new SigmaEngine(SigmaRules.load(List.of(Path.of("../rules/sigma")), mapping, Map.of()), Duration.ofSeconds(60), 1000);
      DetectionStage s = new DetectionStage(engine, new vn.soctinh.analyzer.detect.ioc.IocMatcher(ind),
          alerts -> store.index(DocKind.ALERTS, alerts), registry);
      Event e = new Event().put("@timestamp", Instant.parse("2026-11-23T03:00:00Z")).put("event.id", "77").put("log.offset", 77L)
          .put("event.dataset", "iptables.log").put("source.ip", "10.0.0.5").put("destination.ip", "203.0.113.40")
          .put("organization.id", "so-tttt");
      s.process(new java.util.ArrayList<>(List.of(e)));
      assertEquals("vncert-apt", e.get("threat.feed.name"), "the event itself carries the hit");
      store.refresh();
      var alerts = store.search(SearchRequest.of(DocKind.ALERTS, "rule.id:soctinh-ioc", 10)).hits();
      assertEquals(1, alerts.size());
      assertEquals("203.0.113.40", alerts.get(0).get("labels.group_destination_ip"));
      assertEquals(List.of("77"), alerts.get(0).get("soctinh.event_ids"));
    }
  }

  @Test
  void aBatchReadAgainAfterAStoreFailureIsNotCountedTwice() throws Exception {
    try (EventStore store = LuceneEventStore.open(dir.resolve("store"))) {
      DetectionStage s = stage(store);
      EventParser parser = new EventParser(ParseSettings.defaults(), StandardParsers.registry(), null, new ParseStats(), Clock.systemUTC());
      List<Event> batch = new java.util.ArrayList<>();
      for (int i = 0; i < 6; i++) {
        int off = i;
        parser.parse(vn.soctinh.analyzer.parse.RawRecord.ofInput(("<38>Nov 23 10:00:00 w sshd[1]: Failed password for root from 203.0.113.9 port "
            + (4000 + i) + " ssh2").getBytes(UTF_8), Instant.parse("2026-11-23T03:00:00Z"), "syslog_tcp", "so-tttt"),
            e -> batch.add(e.put("log.offset", (long) off).put("event.id", Integer.toString(off))));
      }
      s.process(batch);
      s.process(batch); // the same six again, as after a failed store append: still six, below the threshold of ten
      store.refresh();
      assertEquals(0, store.search(SearchRequest.of(DocKind.ALERTS, "", 10)).total());
      assertTrue(registry.find("soctinh.detection.alerts").counters().isEmpty());
    }
  }

  /** Runs the pipeline over what the journal holds until everything is committed, then stops it (a restart follows). */
  private void runUntilCommitted(Journal j, EventStore store, DetectionStage stage, long offset) throws Exception {
    EventParser parser = new EventParser(ParseSettings.defaults(), StandardParsers.registry(), null, new ParseStats(), Clock.systemUTC());
    try (AnalyzerPipeline p = new AnalyzerPipeline(j, parser, List.of(stage), store, new AnalyzerPipeline.Settings(4, 10, 1000, 50), registry).start()) {
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (p.committedOffset() < offset && System.nanoTime() < deadline) Thread.sleep(20);
      assertEquals(offset, p.committedOffset());
    }
  }

  /**
   * Six failures, a restart, six more: with the saved windows the brute force (ten) is seen across
   * the restart; without them (the control) it is not, because the journal does not replay what
   * the store committed.
   */
  @Test
  void correlationWindowsSurviveARestart() throws Exception {
    for (boolean keep : new boolean[] {true, false}) {
      Path d = dir.resolve(keep ? "kept" : "control");
      Path state = d.resolve("detection/correlation.state");
      try (Journal j = Journal.open(JournalConfig.defaults(d.resolve("journal")), registry);
          EventStore store = LuceneEventStore.open(d.resolve("store"))) {
        sshFailures(j, "203.0.113.9", 6);
        DetectionStage first = stage(store);
        if (keep) assertEquals(-1, first.keepStateIn(state), "no state yet");
        runUntilCommitted(j, store, first, 6);
        if (keep) assertTrue(Files.size(state) > 0);

        DetectionStage second = stage(store); // the restart: a new engine
        if (keep) assertEquals(5, second.keepStateIn(state), "the state includes offsets up to 5");
        assertEquals(keep, second.engine().groups() > 0, "open windows restored");
        sshFailures(j, "203.0.113.9", 6);
        runUntilCommitted(j, store, second, 12);
        store.refresh();
        long alerts = store.search(SearchRequest.of(DocKind.ALERTS, "rule.id:\"5b7f4a2e-9c1d-4e6b-8a3f-sshb-0016\"", 10)).total();
        assertEquals(keep ? 1 : 0, alerts, keep ? "6 + 6 across the restart" : "control: without the state the window restarts empty");
      }
    }
  }

  @Test
  void anUnreadableStateFileIsNamedNotIgnored() throws Exception {
    try (EventStore store = LuceneEventStore.open(dir.resolve("store"))) {
      Path state = dir.resolve("correlation.state");
      Files.writeString(state, "not a state file");
      java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> stage(store).keepStateIn(state));
      assertTrue(e.getMessage().contains(state.toString()), e.getMessage());
    }
  }

  /**
   * A scanner firing the SQL-injection rule 20 times in a few minutes is one stored alert whose count
   * is 20; another source is another alert; after the window a new alert starts. The open alert
   * also survives a restart (saved with the windows), so a replay grows it instead of doubling it.
   */
  @Test
  void repeatedFiringsOfARuleAndKeyAreOneAlertWithACount() throws Exception {
    try (EventStore store = LuceneEventStore.open(dir.resolve("store"))) {
      DetectionStage s = stage(store);
      EventParser parser = new EventParser(ParseSettings.defaults(), StandardParsers.registry(), null, new ParseStats(), Clock.systemUTC());
      List<Event> batch = new java.util.ArrayList<>();
      int[] offset = {0};
      java.util.function.BiConsumer<String, Integer> web = (ip, minute) -> parser.parse(vn.soctinh.analyzer.parse.RawRecord.ofInput(
          (ip + " - - [23/Nov/2026:10:" + String.format("%02d", minute) + ":00 +0700] \"GET /tra-cuu?id=1%27%20UNION%20SELECT%20password%20FROM%20users-- HTTP/1.1\" 200 512 \"-\" \"sqlmap/1.7\"")
              .getBytes(UTF_8), Instant.parse("2026-11-23T03:00:00Z"), "syslog_tcp", "so-tttt"),
          e -> batch.add(e.put("log.offset", (long) offset[0]).put("event.id", Integer.toString(offset[0]++))));
      for (int i = 0; i < 20; i++) web.accept("203.0.113.9", i % 5);
      web.accept("198.51.100.7", 2);
      s.process(batch);
      batch.clear();
      web.accept("203.0.113.9", 30); // 30 minutes on: past the 10-minute window
      s.process(batch);
      store.refresh();
      var sqli = store.search(SearchRequest.of(DocKind.ALERTS, "rule.id:\"5b7f4a2e-9c1d-4e6b-8a3f-sqli-0001\"", 10).withSort("event.start", false)).hits();
      assertEquals(3, sqli.size(), sqli.toString());
      Event first = sqli.stream().filter(a -> a.get("event.sequence").equals(20L)).findFirst().orElseThrow(() -> new AssertionError(sqli.toString()));
      assertEquals(Instant.parse("2026-11-23T03:04:00Z"), first.getInstant("event.end"));
      assertEquals(20, ((List<?>) first.get("soctinh.event_ids")).size());
      assertEquals("stable", first.get("labels.rule_status"));
      assertEquals(2, sqli.stream().filter(a -> a.get("event.sequence").equals(1L)).count(), "the other source, and the same source after the window");
    }
  }
}
