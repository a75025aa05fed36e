package vn.soctinh.analyzer.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.EventParser;
import vn.soctinh.analyzer.parse.ParseSettings;
import vn.soctinh.analyzer.parse.ParseStats;
import vn.soctinh.analyzer.parse.StandardParsers;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.analyzer.store.SearchRequest;
import vn.soctinh.analyzer.store.SearchResult;
import vn.soctinh.analyzer.store.StoreException;
import vn.soctinh.analyzer.store.lucene.LuceneEventStore;
import vn.soctinh.collector.journal.ConnectionMeta;
import vn.soctinh.collector.journal.Journal;
import vn.soctinh.collector.journal.JournalConfig;
import vn.soctinh.collector.journal.RecordBatch;
import vn.soctinh.collector.journal.Transport;
import vn.soctinh.collector.testing.Await;

/** The pipeline against a real journal and a real Lucene store: no loss, no duplicates, across restarts and store outages. */
class AnalyzerPipelineTest {
  @TempDir Path dir;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private static void append(Journal j, int from, int count) throws Exception {
    RecordBatch b = new RecordBatch(ByteBufAllocator.DEFAULT, 1 << 16);
    ConnectionMeta meta = new ConnectionMeta(Transport.TCP, "syslog_tcp", new InetSocketAddress("10.1.2.3", 5000), "so-tttt", "", false);
    for (int i = from; i < from + count; i++) {
      String line = "<38>Nov 23 10:00:00 web-01 sshd[1]: Failed password for root from 203.0.113." + (i % 250) + " port " + (1000 + i) + " ssh2";
      b.add(meta, Instant.parse("2026-11-23T05:00:00Z").getEpochSecond() * 1_000_000_000L, 0, line.getBytes(UTF_8));
    }
    j.append(b).get();
  }

  private EventParser parser() {
    return new EventParser(ParseSettings.defaults(), StandardParsers.registry(), null, new ParseStats(), Clock.systemUTC());
  }

  private AnalyzerPipeline pipeline(Journal j, vn.soctinh.analyzer.parse.RecordParser parser, List<EventStage> stages, EventStore store,
      AnalyzerPipeline.Settings s) throws java.io.IOException {
    return new AnalyzerPipeline(j, new ParseWorkers(() -> parser, List.of(), null, 1, registry), stages, store, s, registry);
  }

  private static void await(AnalyzerPipeline p, long offset) throws InterruptedException {
    Await.until(Duration.ofSeconds(30), () -> p.committedOffset() >= offset, () -> "committed " + p.committedOffset() + " of " + offset);
    assertEquals(offset, p.committedOffset());
  }

  private static Set<String> ids(EventStore store) throws StoreException {
    store.refresh();
    Set<String> ids = new HashSet<>();
    SearchRequest req = SearchRequest.of(DocKind.EVENTS, "", 1000).withSort("@timestamp", false);
    SearchResult page = store.search(req);
    while (true) {
      for (Event e : page.hits()) assertTrue(ids.add(e.getString("event.id")), "each id once");
      if (page.nextCursor() == null) break;
      page = store.search(req.after(page.nextCursor()));
    }
    return ids;
  }

  @Test
  void aRecordCopiedFromTheClusterJournalIsStoredUnderItsOriginWhereverItIsAnalysed() throws Exception {
    ConnectionMeta sender = new ConnectionMeta(Transport.RELP, "relp", new InetSocketAddress("10.1.2.3", 5000), "so-tttt", "", false);
    String line = "<38>Nov 23 10:00:00 web-01 sshd[1]: Failed password for root from 203.0.113.9 port 1000 ssh2";
    try (Journal j = Journal.open(JournalConfig.defaults(dir.resolve("journal")), registry);
        EventStore store = LuceneEventStore.open(dir.resolve("store"))) {
      // another node's copy would sit at other local offsets: two filler records first
      append(j, 0, 2);
      RecordBatch b = new RecordBatch(ByteBufAllocator.DEFAULT, 1024);
      b.add(sender.withOrigin("k4.77"), Instant.parse("2026-11-23T05:00:00Z").getEpochSecond() * 1_000_000_000L, 0, line.getBytes(UTF_8));
      j.append(b).get();
      try (AnalyzerPipeline p = pipeline(j, parser(), List.of(), store, new AnalyzerPipeline.Settings(400, 10, 1000, 50)).start()) {
        await(p, 3);
      }
      assertEquals(Set.of("0", "1", "k4.77"), ids(store));
      Event e = store.get(DocKind.EVENTS, "k4.77").orElseThrow().doc();
      assertEquals("203.0.113.9", e.get("source.ip"));
      assertEquals(2L, ((Number) e.get("log.offset")).longValue(), "the local offset stays as log.offset");
    }
  }

  @Test
  void everyRecordIsStoredOnceWithItsOffsetAsIdAndParsedFields() throws Exception {
    try (Journal j = Journal.open(JournalConfig.defaults(dir.resolve("journal")), registry);
        EventStore store = LuceneEventStore.open(dir.resolve("store"))) {
      append(j, 0, 1500);
      try (AnalyzerPipeline p = pipeline(j, parser(), List.of(), store, new AnalyzerPipeline.Settings(400, 10, 1000, 50)).start()) {
        await(p, 1500);
      }
      assertEquals(1500, ids(store).size());
      Event e = store.get(DocKind.EVENTS, "7").orElseThrow().doc();
      assertEquals("ssh_login", e.get("event.action"));
      assertEquals("failure", e.get("event.outcome"));
      assertEquals("203.0.113.7", e.get("source.ip"));
      assertEquals("so-tttt", e.get("organization.id"));
      assertEquals("1500", store.checkpoint().orElseThrow());
      assertEquals(1500.0, registry.get("soctinh.analyzer.stored.events").tag("agency", "so-tttt").counter().count());
    }
  }

  @Test
  void asAWorkerVerticleWithStagesEveryEventPassesEachStageOnceBeforeItIsStored() throws Exception {
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try (Journal j = Journal.open(JournalConfig.defaults(dir.resolve("journal")), registry);
        EventStore store = LuceneEventStore.open(dir.resolve("store"))) {
      append(j, 0, 1000);
      AtomicInteger seen = new AtomicInteger();
      Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
      EventStage enrich = batch -> {
        threads.add(Thread.currentThread().getName());
        for (Event e : batch) e.put("labels.stage", "enriched");
        seen.addAndGet(batch.size());
      };
      EventStage detect = batch -> {
        for (Event e : batch) if ("enriched".equals(e.get("labels.stage"))) e.addTag("seen_by_detect");
      };
      try (AnalyzerPipeline p = pipeline(j, parser(), List.of(enrich, detect), store,
          new AnalyzerPipeline.Settings(300, 10, 1000, 50)).deployOn(vertx)) {
        await(p, 1000);
        append(j, 1000, 500);
        await(p, 1500);
      }
      assertEquals(1500, seen.get(), "each event through the stage once");
      assertTrue(threads.stream().allMatch(t -> t.startsWith("vert.x-worker-thread")), "steps run on Vert.x workers: " + threads);
      assertEquals(1500, ids(store).size());
      assertEquals(1500, store.search(SearchRequest.of(DocKind.EVENTS, "labels.stage:enriched AND tags:seen_by_detect", 0)).total(),
          "stages run in order, before the store");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  @Test
  void aRecordThatAParserTurnedIntoNothingIsStillStoredAndCountedAsAnError() throws Exception {
    EventParser real = parser();
    // a buggy parser: every tenth record makes no event
    vn.soctinh.analyzer.parse.RecordParser buggy = (raw, out) -> {
      if (raw.offset() % 10 != 3) real.parse(raw, out);
    };
    try (Journal j = Journal.open(JournalConfig.defaults(dir.resolve("journal")), registry);
        EventStore store = LuceneEventStore.open(dir.resolve("store"))) {
      append(j, 0, 100);
      try (AnalyzerPipeline p = pipeline(j, buggy, List.of(), store, new AnalyzerPipeline.Settings(40, 10, 1000, 50)).start()) {
        await(p, 100);
      }
      assertEquals(100, ids(store).size(), "received = stored: no record lost");
      Event kept = store.get(DocKind.EVENTS, "13").orElseThrow().doc();
      assertTrue(kept.hasTag(EventParser.UNPARSED));
      assertTrue(new String(java.util.Base64.getDecoder().decode(kept.getString("event.original_base64")), UTF_8).contains("Failed password"));
      assertEquals(10.0, registry.get("soctinh.errors").tag("stage", "accounting").counter().count());
    }
  }

  @Test
  void aRestartContinuesFromTheCommittedOffsetAndAReplayDoesNotDuplicate() throws Exception {
    try (Journal j = Journal.open(JournalConfig.defaults(dir.resolve("journal")), registry)) {
      append(j, 0, 500);
      try (EventStore store = LuceneEventStore.open(dir.resolve("store"));
          AnalyzerPipeline p = pipeline(j, parser(), List.of(), store, new AnalyzerPipeline.Settings(200, 10, 1000, 50)).start()) {
        await(p, 500);
      }
      append(j, 500, 300);
      // the journal consumer is rewound: as after a crash between the store's commit and the journal's
      j.registerConsumer(AnalyzerPipeline.CONSUMER).commit(250);
      try (EventStore store = LuceneEventStore.open(dir.resolve("store"));
          AnalyzerPipeline p = pipeline(j, parser(), List.of(), store, new AnalyzerPipeline.Settings(200, 10, 1000, 50)).start()) {
        await(p, 800);
        assertEquals(800, ids(store).size(), "records 250..499 were stored twice, as the same documents");
      }
    }
  }

  @Test
  void whenTheStoreFailsThePipelineRetriesAndLosesNothing() throws Exception {
    try (Journal j = Journal.open(JournalConfig.defaults(dir.resolve("journal")), registry);
        EventStore lucene = LuceneEventStore.open(dir.resolve("store"))) {
      AtomicInteger failuresLeft = new AtomicInteger(3);
      EventStore flaky = new FailingStore(lucene, failuresLeft);
      append(j, 0, 600);
      try (AnalyzerPipeline p = pipeline(j, parser(), List.of(), flaky, new AnalyzerPipeline.Settings(200, 10, 200, 20)).start()) {
        await(p, 600);
      }
      assertEquals(0, failuresLeft.get());
      assertEquals(600, ids(lucene).size());
      assertTrue(registry.get("soctinh.errors").tag("stage", "store").counter().count() >= 3);
    }
  }

  /** Fails the first N commits, as a full disk or an unreachable cluster would. */
  private static final class FailingStore implements EventStore {
    private final EventStore inner;
    private final AtomicInteger failures;

    FailingStore(EventStore inner, AtomicInteger failures) {
      this.inner = inner;
      this.failures = failures;
    }

    @Override
    public void index(DocKind kind, List<Event> docs) throws StoreException {
      inner.index(kind, docs);
    }

    @Override
    public void commit(String checkpoint) throws StoreException {
      if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) throw new StoreException("disk full (test)");
      inner.commit(checkpoint);
    }

    @Override
    public Optional<String> checkpoint() throws StoreException {
      return inner.checkpoint();
    }

    @Override
    public void refresh() throws StoreException {
      inner.refresh();
    }

    @Override
    public Optional<Versioned> get(DocKind kind, String id) throws StoreException {
      return inner.get(kind, id);
    }

    @Override
    public long update(DocKind kind, String id, Event doc, long expectedVersion) throws StoreException {
      return inner.update(kind, id, doc, expectedVersion);
    }

    @Override
    public SearchResult search(SearchRequest request) throws StoreException {
      return inner.search(request);
    }

    @Override
    public long deleteOlderThan(DocKind kind, Instant cutoff, String agency, String query) throws StoreException {
      return inner.deleteOlderThan(kind, cutoff, agency, query);
    }

    @Override
    public StoreStats stats() throws StoreException {
      return inner.stats();
    }

    @Override
    public void close() {}
  }
}
