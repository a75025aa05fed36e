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
import vn.soctinh.analyzer.detect.sigma.SigmaMapping;
import vn.soctinh.analyzer.detect.sigma.SigmaRules;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.incident.Priority;
import vn.soctinh.analyzer.parse.EventParser;
import vn.soctinh.analyzer.parse.ParseSettings;
import vn.soctinh.analyzer.parse.ParseStats;
import vn.soctinh.analyzer.parse.StandardParsers;
import vn.soctinh.analyzer.pipeline.AnalyzerPipeline;
import vn.soctinh.analyzer.pipeline.DetectionPipeline;
import vn.soctinh.analyzer.pipeline.ParseWorkers;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.analyzer.store.SearchRequest;
import vn.soctinh.analyzer.store.lucene.LuceneEventStore;
import vn.soctinh.collector.journal.ConnectionMeta;
import vn.soctinh.collector.journal.Journal;
import vn.soctinh.collector.journal.JournalConfig;
import vn.soctinh.collector.journal.RecordBatch;
import vn.soctinh.collector.journal.Transport;
import vn.soctinh.collector.testing.Await;

/**
 * The shipped rules in the real pipelines: journal → parse → detect → alerts → store, with the
 * store's consumer beside; alerts stored once, across a store outage and a restart.
 */
class DetectionPipelineTest {
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

  private Detector detector(int shards, vn.soctinh.analyzer.detect.ioc.IocMatcher ioc) throws Exception {
    return new Detector(ShippedRules.load(), Detector.Settings.defaults().withShards(shards), ioc, Priority.defaults(),
        shards > 1 ? java.util.concurrent.Executors.newFixedThreadPool(shards) : null, registry);
  }

  private ParseWorkers workers() {
    EventParser parser = new EventParser(ParseSettings.defaults(), StandardParsers.registry(), null, new ParseStats(), Clock.systemUTC());
    return new ParseWorkers(() -> parser, List.of(), null, 1, registry);
  }

  private DetectionPipeline detection(Journal j, EventStore store, Detector d, AlertPublisher publisher, Path state) throws Exception {
    return new DetectionPipeline(j, workers(), d, publisher, () -> store.flush(DocKind.ALERTS), state,
        new DetectionPipeline.Settings(5, 10, 200, 50), registry);
  }

  private static AlertPublisher publisher(EventStore store, SimpleMeterRegistry registry) {
    return new AlertPublisher(alerts -> store.index(DocKind.ALERTS, alerts), registry);
  }

  private static void awaitOffset(java.util.function.LongSupplier committed, long offset) throws InterruptedException {
    Await.until(Duration.ofSeconds(30), () -> committed.getAsLong() >= offset, () -> "committed " + committed.getAsLong() + " of " + offset);
    assertEquals(offset, committed.getAsLong());
  }

  @Test
  void aBruteForceInTheJournalBecomesOneStoredAlertWhileTheStoreConsumerStoresTheEvents() throws Exception {
    try (Journal j = Journal.open(JournalConfig.defaults(dir.resolve("journal")), registry);
        EventStore store = LuceneEventStore.open(dir.resolve("store"))) {
      sshFailures(j, "203.0.113.9", 12);
      sshFailures(j, "198.51.100.7", 3);
      try (DetectionPipeline d = detection(j, store, detector(1, null), publisher(store, registry), dir.resolve("detection.state")).start();
          AnalyzerPipeline p = new AnalyzerPipeline(j, workers(), List.of(), store, new AnalyzerPipeline.Settings(5, 10, 1000, 50), registry)
              .start()) {
        awaitOffset(d::committedOffset, 15);
        awaitOffset(p::committedOffset, 15);
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
          if (down.get() && List.of("index", "append", "commit", "update", "flush").contains(method.getName())) {
            throw new vn.soctinh.analyzer.store.StoreException("connection refused (test)");
          }
          try {
            return method.invoke(inner, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  /**
   * Detection does not wait for the store: with the store down it reads on, raises the brute force
   * on the stream, commits its offset and keeps the alert in its state; a restart in the middle of
   * the outage keeps it; once the store is back it is stored, once.
   */
  @Test
  void whileTheStoreIsDownAlertsReachTheStreamDetectionGoesOnAndTheAlertIsStoredOnceItIsBack() throws Exception {
    try (Journal j = Journal.open(JournalConfig.defaults(dir.resolve("journal")), registry);
        EventStore lucene = LuceneEventStore.open(dir.resolve("store"))) {
      var down = new java.util.concurrent.atomic.AtomicBoolean(true);
      EventStore store = downWhile(lucene, down);
      List<Event> stream = new java.util.concurrent.CopyOnWriteArrayList<>();
      List<Event> afterStore = new java.util.concurrent.CopyOnWriteArrayList<>();
      sshFailures(j, "203.0.113.9", 12);
      sshFailures(j, "198.51.100.7", 3);
      Path state = dir.resolve("detection.state");
      AlertPublisher first = publisher(store, registry);
      first.subscribeStream(stream::addAll);
      try (DetectionPipeline d = detection(j, store, detector(2, null), first, state).start()) {
        awaitOffset(d::committedOffset, 15);
        assertEquals(java.util.Set.of("203.0.113.9"), ids(stream, "labels.group_source_ip"), "the brute force fired on the stream while the store was down");
        assertEquals(1, first.pendingCount(), "the alert waits for the store");
      }
      AlertPublisher second = publisher(store, registry); // a restart during the outage
      second.subscribeStored(afterStore::addAll);
      try (DetectionPipeline d = detection(j, store, detector(2, null), second, state).start()) {
        assertEquals(1, second.pendingCount(), "the unstored alert was saved with the state");
        down.set(false);
        Await.until(Duration.ofSeconds(30), () -> !afterStore.isEmpty(), "the saved alert stored once the store is back");
      }
      lucene.refresh();
      var alerts = lucene.search(SearchRequest.of(DocKind.ALERTS, "", 10)).hits();
      assertEquals(1, alerts.size(), "the alert raised during the outage is stored, once: " + alerts);
      assertEquals(ids(stream, "event.id"), ids(afterStore, "event.id"), "the same alert reached the subscribers after the store");
      assertEquals(1.0, registry.get("soctinh.detection.alerts").tag("level", "high").counter().count(), "raised once, not again after the restart");
    }
  }

  private static java.util.Set<Object> ids(List<Event> docs, String field) {
    java.util.Set<Object> out = new java.util.HashSet<>();
    for (Event e : docs) out.add(e.get(field));
    return out;
  }

  @Test
  void anIndicatorHitIsAnAlertAndTheRulesSeeTheThreatFields() throws Exception {
    vn.soctinh.analyzer.detect.ioc.Indicators ind = new vn.soctinh.analyzer.detect.ioc.Indicators();
    ind.add("cidr", "203.0.113.0/24", "vncert-apt", "test", 1);
    vn.soctinh.analyzer.detect.ioc.IocMatcher ioc = new vn.soctinh.analyzer.detect.ioc.IocMatcher(ind);
    for (int shards : new int[] {1, 3}) {
      Detector d = detector(shards, ioc);
      Event e = new Event().put("@timestamp", Instant.parse("2026-11-23T03:00:00Z")).put("event.id", "77").put("log.offset", 77L)
          .put("event.dataset", "iptables.log").put("source.ip", "10.0.0.5").put("destination.ip", "203.0.113.40")
          .put("organization.id", "so-tttt");
      new vn.soctinh.analyzer.detect.ioc.IocEnrichment(ioc).process(List.of(e));
      assertEquals("vncert-apt", e.get("threat.feed.name"), "enrichment: the event itself carries the hit");
      var alerts = d.process(List.of(e)).stream().filter(a -> AlertDocuments.IOC_RULE.equals(a.get("rule.id"))).toList();
      assertEquals(1, alerts.size(), shards + " shards: " + alerts);
      assertEquals("203.0.113.40", alerts.get(0).get("labels.group_destination_ip"));
      assertEquals(List.of("77"), alerts.get(0).get("soctinh.event_ids"));
    }
  }

  private static List<Event> sshBatch(int from, int n) {
    EventParser parser = new EventParser(ParseSettings.defaults(), StandardParsers.registry(), null, new ParseStats(), Clock.systemUTC());
    List<Event> batch = new java.util.ArrayList<>();
    for (int i = from; i < from + n; i++) {
      int off = i;
      parser.parse(vn.soctinh.analyzer.parse.RawRecord.ofInput(("<38>Nov 23 10:00:00 w sshd[1]: Failed password for root from 203.0.113.9 port "
          + (4000 + i) + " ssh2").getBytes(UTF_8), Instant.parse("2026-11-23T03:00:00Z"), "syslog_tcp", "so-tttt"),
          e -> batch.add(e.put("log.offset", (long) off).put("event.id", Integer.toString(off))));
    }
    return batch;
  }

  @Test
  void aBatchSeenAgainIsNotCountedTwice() throws Exception {
    Detector d = detector(2, null);
    List<Event> batch = sshBatch(0, 6);
    assertTrue(d.process(batch).isEmpty());
    assertTrue(d.process(batch).isEmpty(), "the same six again (a replay): still six, below the threshold of ten");
    assertEquals(5, d.lastOffset());
    assertEquals(1, d.process(sshBatch(6, 4)).size(), "four more make ten");
  }

  /**
   * Six failures, a restart, six more: with the saved windows the brute force (ten) is seen across
   * the restart, also when the restart has another number of shards; without them (the control) it
   * is not, because detection does not replay what it committed.
   */
  @Test
  void correlationWindowsSurviveARestartWithAnotherNumberOfShards() throws Exception {
    for (boolean keep : new boolean[] {true, false}) {
      Path d = dir.resolve(keep ? "kept" : "control");
      Path state = d.resolve("detection/detection.state");
      try (Journal j = Journal.open(JournalConfig.defaults(d.resolve("journal")), registry);
          EventStore store = LuceneEventStore.open(d.resolve("store"))) {
        sshFailures(j, "203.0.113.9", 6);
        try (DetectionPipeline first = detection(j, store, detector(4, null), publisher(store, registry), state).start()) {
          awaitOffset(first::committedOffset, 6);
        }
        assertTrue(Files.size(state) > 0);
        if (!keep) Files.delete(state);
        Detector restarted = detector(2, null);
        try (DetectionPipeline second = detection(j, store, restarted, publisher(store, registry), state).start()) {
          assertEquals(keep, restarted.groups() > 0, "open windows restored");
          sshFailures(j, "203.0.113.9", 6);
          awaitOffset(second::committedOffset, 12);
        }
        store.refresh();
        long alerts = store.search(SearchRequest.of(DocKind.ALERTS, "rule.id:\"5b7f4a2e-9c1d-4e6b-8a3f-sshb-0016\"", 10)).total();
        assertEquals(keep ? 1 : 0, alerts, keep ? "6 + 6 across the restart" : "control: without the state the window restarts empty");
      }
    }
  }

  @Test
  void anUnreadableStateFileIsMovedAsideAndDetectionStartsEmpty() throws Exception {
    try (Journal j = Journal.open(JournalConfig.defaults(dir.resolve("journal")), registry);
        EventStore store = LuceneEventStore.open(dir.resolve("store"))) {
      Path state = dir.resolve("detection.state");
      Files.writeString(state, "not a state file");
      try (DetectionPipeline d = detection(j, store, detector(1, null), publisher(store, registry), state)) {
        assertEquals(0, d.committedOffset());
      }
      try (var files = Files.list(dir)) {
        assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("detection.state.unreadable-")), "kept for inspection");
      }
    }
  }

  /**
   * A scanner firing the SQL-injection rule 20 times in a few minutes is one alert whose count is 20;
   * another source is another alert; after the window a new alert starts.
   */
  @Test
  void repeatedFiringsOfARuleAndKeyAreOneAlertWithACount() throws Exception {
    try (EventStore store = LuceneEventStore.open(dir.resolve("store"))) {
      Detector d = detector(2, null);
      AlertPublisher out = publisher(store, registry);
      EventParser parser = new EventParser(ParseSettings.defaults(), StandardParsers.registry(), null, new ParseStats(), Clock.systemUTC());
      List<Event> batch = new java.util.ArrayList<>();
      int[] offset = {0};
      java.util.function.BiConsumer<String, Integer> web = (ip, minute) -> parser.parse(vn.soctinh.analyzer.parse.RawRecord.ofInput(
          (ip + " - - [23/Nov/2026:10:" + String.format("%02d", minute) + ":00 +0700] \"GET /tra-cuu?id=1%27%20UNION%20SELECT%20password%20FROM%20users-- HTTP/1.1\" 200 512 \"-\" \"sqlmap/1.7\"")
              .getBytes(UTF_8), Instant.parse("2026-11-23T03:00:00Z"), "syslog_tcp", "so-tttt"),
          e -> batch.add(e.put("log.offset", (long) offset[0]).put("event.id", Integer.toString(offset[0]++))));
      for (int i = 0; i < 20; i++) web.accept("203.0.113.9", i % 5);
      web.accept("198.51.100.7", 2);
      out.raised(d.process(batch));
      batch.clear();
      web.accept("203.0.113.9", 30); // 30 minutes on: past the 10-minute window
      out.raised(d.process(batch));
      assertTrue(out.flush());
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
