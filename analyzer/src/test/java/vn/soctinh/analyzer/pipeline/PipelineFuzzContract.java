package vn.soctinh.analyzer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.soctinh.analyzer.detect.AlertPublisher;
import vn.soctinh.analyzer.detect.Detector;
import vn.soctinh.analyzer.detect.ShippedRules;
import vn.soctinh.analyzer.event.EcsJson;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.incident.Priority;
import vn.soctinh.analyzer.parse.EventParser;
import vn.soctinh.analyzer.parse.ParseSettings;
import vn.soctinh.analyzer.parse.ParseStats;
import vn.soctinh.analyzer.parse.StandardParsers;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.analyzer.store.FieldGuard;
import vn.soctinh.analyzer.store.FieldType;
import vn.soctinh.analyzer.store.RandomEvents;
import vn.soctinh.analyzer.store.SearchRequest;
import vn.soctinh.analyzer.store.SearchResult;
import vn.soctinh.collector.journal.ConnectionMeta;
import vn.soctinh.collector.journal.Journal;
import vn.soctinh.collector.journal.JournalConfig;
import vn.soctinh.collector.journal.RecordBatch;
import vn.soctinh.collector.journal.Transport;
import vn.soctinh.collector.testing.TestSeed;

/**
 * The whole path under attack: random bytes as a sender writes them (syslog lines with junk, JSON
 * with wrong types, huge lists, deep nesting, thousands of keys, invalid UTF-8, very long terms)
 * into a real journal, then both consumers (the store's and detection's with the shipped rules, two
 * shards) over a real store. Whatever the input, both consumers reach the end of the journal, and
 * every record is stored or quarantined exactly once: its offset is the id of one stored event or of
 * one quarantined document, never both, never missing. With the field guard on and off (then the
 * store itself must quarantine what it cannot take). The seed is in every failure message.
 *
 * <p>A short run in the default suite; {@code -Dsoctinh.slow=true} (or {@code -Dsoctinh.fuzz.records=N})
 * runs a long one. Subclasses supply the store ({@code LucenePipelineFuzzTest}, the Elasticsearch IT).
 */
@ExtendWith(TestSeed.class)
public abstract class PipelineFuzzContract {
  @TempDir protected Path dir;

  protected abstract EventStore newStore() throws Exception;

  /** Called after each run, with the store still open (an Elasticsearch subclass drops its indices). */
  protected void dispose(EventStore store) throws Exception {}

  static int records() {
    Integer n = Integer.getInteger("soctinh.fuzz.records");
    if (n != null) return n;
    return Boolean.getBoolean("soctinh.slow") ? 100_000 : 1_500;
  }

  @ParameterizedTest(name = "field guard: {0}")
  @ValueSource(booleans = {true, false})
  void hostileRecordsNeverStopThePipelineAndEachIsStoredOrQuarantinedOnce(boolean guard) throws Exception {
    long seed = TestSeed.seed();
    String at = TestSeed.rerun() + ", guard " + guard;
    int n = records();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (Journal j = Journal.open(JournalConfig.defaults(dir.resolve("journal-" + guard)), registry)) {
      write(j, n, seed);
      EventStore store = newStore();
      try {
        List<EventStage> stages = guard
            ? List.of(batch -> {
              FieldGuard g = new FieldGuard(FieldType.Mapping.ecs(), FieldGuard.Limits.DEFAULTS, FieldGuard.Counters.NONE);
              for (Event e : batch) g.check(e);
            })
            : List.of();
        java.util.function.Supplier<ParseWorkers> workers = () -> new ParseWorkers(
            () -> new EventParser(ParseSettings.defaults(), StandardParsers.registry(), null, new ParseStats(), Clock.systemUTC()), stages, pool, 2,
            registry);
        Detector detector = new Detector(ShippedRules.load(), Detector.Settings.defaults().withShards(2), null, Priority.defaults(),
            pool, registry);
        AlertPublisher alerts = new AlertPublisher(docs -> store.index(DocKind.ALERTS, docs), registry);
        try (DetectionPipeline d = new DetectionPipeline(j, workers.get(), detector, alerts, () -> store.flush(DocKind.ALERTS),
                dir.resolve("detection-" + guard + ".state"), new DetectionPipeline.Settings(500, 5, 500, 200), registry).start();
            AnalyzerPipeline p = new AnalyzerPipeline(j, workers.get(), List.of(), store, new AnalyzerPipeline.Settings(700, 5, 500, 300), registry)
                .start()) {
          long deadline = System.nanoTime() + 120_000_000_000L;
          while ((p.committedOffset() < n || d.committedOffset() < n) && System.nanoTime() < deadline) Thread.sleep(50);
          assertEquals(n, p.committedOffset(), "the store's consumer kept moving, " + at);
          assertEquals(n, d.committedOffset(), "detection kept moving, " + at);
        }
        store.refresh();
        Map<Long, String> seen = new HashMap<>();
        collect(store, DocKind.EVENTS, seen, at);
        collect(store, DocKind.QUARANTINE, seen, at);
        for (long off = 0; off < n; off++) assertTrue(seen.containsKey(off), "record " + off + " neither stored nor quarantined, " + at);
        assertEquals(n, seen.size(), at);
        assertEquals(0.0, count(registry, "pipeline") + count(registry, "detection") + count(registry, "parse") + count(registry, "enrich"),
            "no stage failed on any record, " + at);
        if (guard) assertEquals(0, store.quarantined(), "with the guard, nothing was refused, " + at);
      } catch (Throwable failed) {
        // the run's own failure (with its seed) comes first; cleaning up after it must not hide it
        try {
          dispose(store);
          store.close();
        } catch (Exception cleanup) {
          failed.addSuppressed(cleanup);
        }
        throw failed;
      }
      dispose(store);
      store.close();
    } finally {
      pool.shutdownNow();
    }
  }

  private static double count(SimpleMeterRegistry registry, String stage) {
    var c = registry.find("soctinh.errors").tag("stage", stage).counter();
    return c == null ? 0 : c.count();
  }

  /** Records each first document's offset (events: the id without a "-n" suffix); a second one for an offset fails. */
  private static void collect(EventStore store, DocKind kind, Map<Long, String> seen, String at) throws Exception {
    SearchRequest req = SearchRequest.of(kind, "", 1000).withSort("@timestamp", false);
    SearchResult page = store.search(req);
    while (true) {
      for (Event e : page.hits()) {
        String id = e.getString("event.id");
        if (kind == DocKind.EVENTS && id.contains("-")) continue; // a NetFlow datagram's later flows
        long off = Long.parseLong(id);
        String before = seen.put(off, kind.label());
        assertTrue(before == null, "record " + off + " is both in " + before + " and in " + kind.label() + ", " + at);
      }
      if (page.nextCursor() == null) break;
      page = store.search(req.after(page.nextCursor()));
    }
  }

  /** Writes {@code n} hostile records to the journal, as the collector would frame them. */
  static void write(Journal j, int n, long seed) throws Exception {
    Random r = new Random(seed);
    RandomEvents events = new RandomEvents(seed);
    ConnectionMeta meta = new ConnectionMeta(Transport.TCP, "syslog_tcp", new InetSocketAddress("10.1.2.3", 5000), "so-tttt", "", false);
    long received = Instant.parse("2026-11-23T05:00:00Z").getEpochSecond() * 1_000_000_000L;
    RecordBatch b = new RecordBatch(ByteBufAllocator.DEFAULT, 1 << 20);
    for (int i = 0; i < n; i++) {
      b.add(meta, received + i * 1_000_000L, 0, record(r, events));
      if (b.count() >= 200) {
        j.append(b).get();
        b = new RecordBatch(ByteBufAllocator.DEFAULT, 1 << 20);
      }
    }
    if (b.count() > 0) j.append(b).get();
    else b.release();
  }

  private static byte[] record(Random r, RandomEvents events) {
    switch (r.nextInt(8)) {
      case 0, 1 -> {
        // an ECS-shaped JSON object from the hostile event generator
        return EcsJson.write(events.next()).getBytes(StandardCharsets.UTF_8);
      }
      case 2 -> {
        // JSON with a huge list, deep nesting or thousands of keys
        StringBuilder s = new StringBuilder("{\"message\":\"big\",");
        switch (r.nextInt(3)) {
          case 0 -> {
            s.append("\"source\":{\"port\":[");
            for (int k = 0; k < 5000; k++) s.append(k == 0 ? "" : ",").append(r.nextBoolean() ? Integer.toString(k) : "\"p" + k + "\"");
            s.append("]}");
          }
          case 1 -> {
            s.append("\"winlog\":{\"event_data\":");
            for (int k = 0; k < 80; k++) s.append("{\"d\":");
            s.append("1");
            s.append("}".repeat(80)).append('}');
          }
          default -> {
            s.append("\"labels\":{");
            for (int k = 0; k < 3000; k++) s.append(k == 0 ? "" : ",").append("\"k").append(k).append("\":").append(k);
            s.append('}');
          }
        }
        return s.append('}').toString().getBytes(StandardCharsets.UTF_8);
      }
      case 3 -> {
        // a very long term
        return ("{\"user\":{\"name\":\"" + "x".repeat(33_000 + r.nextInt(5000)) + "\"},\"message\":\"long\"}").getBytes(StandardCharsets.UTF_8);
      }
      case 4 -> {
        // invalid UTF-8 inside a syslog line
        byte[] head = "<38>Nov 23 10:00:00 web-01 sshd[1]: Failed password for ".getBytes(StandardCharsets.US_ASCII);
        byte[] junk = new byte[1 + r.nextInt(40)];
        r.nextBytes(junk);
        byte[] out = new byte[head.length + junk.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(junk, 0, out, head.length, junk.length);
        return out;
      }
      case 5 -> {
        byte[] junk = new byte[r.nextInt(300)];
        r.nextBytes(junk);
        return junk;
      }
      default -> {
        String ip = "203.0.113." + r.nextInt(20);
        return ("<38>Nov 23 10:0" + r.nextInt(10) + ":00 web-01 sshd[1]: Failed password for root from " + ip + " port " + r.nextInt(65536) + " ssh2")
            .getBytes(StandardCharsets.US_ASCII);
      }
    }
  }
}
