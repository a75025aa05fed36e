package vn.soctinh.analyzer.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.RecordParser;
import vn.soctinh.collector.journal.ConnectionMeta;
import vn.soctinh.collector.journal.Journal;
import vn.soctinh.collector.journal.JournalConfig;
import vn.soctinh.collector.journal.RecordBatch;
import vn.soctinh.collector.journal.Transport;
import vn.soctinh.collector.testing.Await;

/** One parse for two consumers, against a real journal: who parses, how often, and what each gets. */
class ParsedBatchesTest {
  private static final int RECORDS = 10_000;
  @TempDir Path dir;
  private final AtomicInteger countingParses = new AtomicInteger();
  private final AtomicInteger silentParses = new AtomicInteger();

  private Journal journal() throws Exception {
    Journal j = Journal.open(JournalConfig.defaults(dir.resolve("journal")), new SimpleMeterRegistry());
    RecordBatch b = new RecordBatch(ByteBufAllocator.DEFAULT, 1 << 20);
    ConnectionMeta meta = new ConnectionMeta(Transport.TCP, "syslog_tcp", new InetSocketAddress("10.1.2.3", 5000), "so-tttt", "", false);
    for (int i = 0; i < RECORDS; i++) b.add(meta, Instant.parse("2026-11-23T05:00:00Z").getEpochSecond() * 1_000_000_000L, 0, ("line " + i).getBytes(UTF_8));
    j.append(b).get();
    return j;
  }

  /** Workers whose parser counts each record it parses and makes one event of it. */
  private static ParseWorkers workers(AtomicInteger parses, ExecutorService pool) {
    RecordParser p = (raw, out) -> {
      parses.incrementAndGet();
      out.accept(new Event().put("message", new String(raw.payload(), UTF_8)));
    };
    return new ParseWorkers(() -> p, List.of(), pool, 2, new SimpleMeterRegistry());
  }

  /** Keeps {@code kept} batches of 1,000 records. */
  private ParsedBatches batches(Journal j, int kept, ExecutorService pool) {
    return new ParsedBatches(j, workers(countingParses, pool), workers(silentParses, pool), kept * 1000L, 60_000);
  }

  /** Everything from offset 0 in batches of {@code max}, as one consumer reads it. */
  private static List<Event> readAll(ParsedBatches.Reader r, int max) throws Exception {
    List<Event> all = new ArrayList<>();
    long position = 0;
    while (true) {
      ParsedBatches.Batch b = r.batch(position, max);
      if (b.records() == 0) return all;
      all.addAll(b.events());
      position = b.next();
      r.advanced(position);
    }
  }

  @Test
  void twoConsumersInStepParseEachRecordOnceAndGetTheSameEvents() throws Exception {
    try (Journal j = journal()) {
      ParsedBatches pb = batches(j, 8, null);
      ParsedBatches.Reader store = pb.reader("analyzer", 0, 0);
      ParsedBatches.Reader detection = pb.reader("detection", 0, 0);
      List<Event> seenByStore = new ArrayList<>();
      List<Event> seenByDetection = new ArrayList<>();
      long s = 0;
      long d = 0;
      // detection reads 700 at a time, the store 1000: their batches do not line up
      while (s < RECORDS || d < RECORDS) {
        if (d < RECORDS) {
          ParsedBatches.Batch b = detection.batch(d, 700);
          seenByDetection.addAll(b.events());
          d = b.next();
        }
        if (s < RECORDS) {
          ParsedBatches.Batch b = store.batch(s, 1000);
          seenByStore.addAll(b.events());
          s = b.next();
        }
      }
      assertEquals(RECORDS, countingParses.get(), "each record parsed once");
      assertEquals(0, silentParses.get());
      assertEquals(RECORDS, seenByStore.size());
      assertEquals(RECORDS, seenByDetection.size());
      for (int i = 0; i < RECORDS; i++) {
        assertEquals("line " + i, seenByStore.get(i).getString("message"));
        assertEquals((long) i, seenByStore.get(i).get("log.offset"));
        assertSame(seenByStore.get(i), seenByDetection.get(i), "the same event, not a second parse");
      }
    }
  }

  @Test
  void aConsumerFarBehindParsesAgainSilentlySoCountersCountEachRecordOnce() throws Exception {
    try (Journal j = journal()) {
      ParsedBatches pb = batches(j, 2, null);
      List<Event> ahead = readAll(pb.reader("detection", 0, 0), 1000);
      List<Event> behind = readAll(pb.reader("analyzer", 0, 0), 1000);
      assertEquals(RECORDS, ahead.size());
      assertEquals(RECORDS, behind.size());
      assertEquals(RECORDS, countingParses.get(), "counted once");
      assertEquals(RECORDS - 2 * 1000, silentParses.get(), "all but the two kept batches parsed again, silently");
      for (int i = 0; i < RECORDS; i++) assertEquals(ahead.get(i).getString("message"), behind.get(i).getString("message"));
    }
  }

  @Test
  void consumersOnTwoThreadsEachGetEveryEventInOrderAndCountersCountEachOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    ExecutorService consumers = Executors.newFixedThreadPool(2);
    try (Journal j = journal()) {
      for (int round = 0; round < 5; round++) {
        countingParses.set(0);
        ParsedBatches pb = batches(j, 4, pool);
        Future<List<Event>> a = consumers.submit(() -> readAll(pb.reader("analyzer", 0, 0), 500));
        Future<List<Event>> b = consumers.submit(() -> readAll(pb.reader("detection", 0, 0), 300));
        for (List<Event> got : List.of(a.get(), b.get())) {
          assertEquals(RECORDS, got.size());
          for (int i = 0; i < RECORDS; i++) assertEquals((long) i, got.get(i).get("log.offset"));
        }
        assertEquals(RECORDS, countingParses.get(), "round " + round);
      }
    } finally {
      pool.shutdownNow();
      consumers.shutdownNow();
    }
  }

  @Test
  void detectionIsHeldBackOnlyInABacklogWhileTheStoreConsumerMoves() throws Exception {
    try (Journal j = journal()) {
      ParsedBatches pb = new ParsedBatches(j, workers(countingParses, null), workers(silentParses, null), 8000, 300);
      ParsedBatches.Reader store = pb.reader("analyzer", 0, 0);
      ParsedBatches.Reader detection = pb.reader("detection", 0, 1000);
      assertTrue(detection.mayLead(RECORDS - 1000), "live (within its lead of the journal's end): never held");
      store.advanced(2000);
      assertTrue(detection.mayLead(3000), "within its lead");
      assertFalse(detection.mayLead(3001), "past its lead while the store moves");
      store.advanced(2500);
      assertTrue(detection.mayLead(3500), "the store moved on");
      assertTrue(store.mayLead(9000), "the store is never held back");
      // a store that stores nothing (down, retrying) stops holding detection back
      Await.until(Duration.ofSeconds(10), () -> detection.mayLead(8000), "detection no longer held back by a store that stores nothing");
      assertTrue(detection.mayLead(8000));
    }
  }
}
