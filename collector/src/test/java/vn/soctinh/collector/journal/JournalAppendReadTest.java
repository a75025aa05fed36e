package vn.soctinh.collector.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.soctinh.collector.journal.JournalTestSupport.await;
import static vn.soctinh.collector.journal.JournalTestSupport.batchOf;
import static vn.soctinh.collector.journal.JournalTestSupport.config;
import static vn.soctinh.collector.journal.JournalTestSupport.randomBatch;
import static vn.soctinh.collector.journal.JournalTestSupport.readAll;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import vn.soctinh.collector.journal.JournalTestSupport.Expected;
import vn.soctinh.collector.testing.TestSeed;

@Timeout(120)
@ExtendWith(TestSeed.class)
class JournalAppendReadTest {
  @TempDir Path dir;

  @Test
  void appendedBatchesReadBackByteForByteWithTheirMetadataInOffsetOrder() throws Exception {
    long seed = TestSeed.seed();
    Random rnd = TestSeed.random();
    List<Expected> all = new ArrayList<>();
    List<RecordBatch> batches = new ArrayList<>();
    List<CompletableFuture<Long>> futures = new ArrayList<>();
    List<Long> expectedFirst = new ArrayList<>();
    try (Journal j = Journal.open(config(dir), null)) {
      for (int i = 0; i < 200; i++) {
        List<Expected> b = randomBatch(rnd, 20);
        expectedFirst.add((long) all.size());
        all.addAll(b);
        RecordBatch rb = batchOf(b);
        batches.add(rb);
        futures.add(j.append(rb));
      }
      for (int i = 0; i < futures.size(); i++) {
        assertEquals(expectedFirst.get(i), await(futures.get(i)), "seed " + seed + ": first offset of batch " + i);
        assertEquals(0, batches.get(i).buffer().refCnt(), "seed " + seed + ": batch " + i + " released after writing");
      }
      assertEquals(all.size(), j.nextOffset());
      JournalTestSupport.assertRecords(all, readAll(j, 0), 0, "seed " + seed);
    }
  }

  @Test
  void readerReturnsNullAtTheEndAndPicksUpRecordsAppendedLater() throws Exception {
    Random rnd = TestSeed.random(1);
    try (Journal j = Journal.open(config(dir), null); JournalReader r = j.reader(0)) {
      assertNull(r.next(), "empty journal");
      List<Expected> first = randomBatch(rnd, 5);
      await(j.append(batchOf(first)));
      for (int i = 0; i < first.size(); i++) JournalTestSupport.assertRecord(first.get(i), r.next(), i, "first batch");
      assertNull(r.next(), "after the first batch");
      List<Expected> second = randomBatch(rnd, 5);
      await(j.append(batchOf(second)));
      for (int i = 0; i < second.size(); i++) {
        JournalTestSupport.assertRecord(second.get(i), r.next(), first.size() + i, "second batch");
      }
      assertNull(r.next(), "after the second batch");
    }
  }

  @Test
  void segmentsRollAtSegmentBytesAndReadingCrossesTheirBoundariesAndReopenContinuesOffsets() throws Exception {
    long seed = TestSeed.seed();
    Random rnd = TestSeed.random();
    JournalConfig cfg = config(dir).withSegmentBytes(8 * 1024);
    List<Expected> all = new ArrayList<>();
    List<Integer> batchBytes = new ArrayList<>();
    try (Journal j = Journal.open(cfg, null)) {
      for (int i = 0; i < 150; i++) {
        List<Expected> b = randomBatch(rnd, 4);
        all.addAll(b);
        RecordBatch rb = batchOf(b);
        batchBytes.add(rb.encodedBytes());
        j.append(rb);
      }
      j.flush();
      assertTrue(j.stats().segments() > 5, "seed " + seed + ": expected many segments, got " + j.stats().segments());
    }
    int largestBatch = batchBytes.stream().max(Integer::compare).orElseThrow();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(p -> p.toString().endsWith(".seg")).toList()) {
        long size = Files.size(p);
        assertTrue(size <= Math.max(cfg.segmentBytes(), largestBatch), p + " has " + size + " bytes");
      }
    }
    try (Journal j = Journal.open(cfg, null)) {
      assertEquals(all.size(), j.nextOffset(), "seed " + seed + ": offsets continue after reopen");
      List<Expected> more = randomBatch(rnd, 10);
      assertEquals(all.size(), await(j.append(batchOf(more))));
      all.addAll(more);
      JournalTestSupport.assertRecords(all, readAll(j, 0), 0, "seed " + seed);
      long mid = all.size() / 2;
      JournalTestSupport.assertRecords(all.subList((int) mid, all.size()), readAll(j, mid), mid, "seed " + seed + " from " + mid);
    }
  }

  @Test
  void aBatchLargerThanASegmentGoesWholeIntoOneSegment() throws Exception {
    Random rnd = TestSeed.random(2);
    JournalConfig cfg = config(dir).withSegmentBytes(1024);
    List<Expected> small = randomBatch(rnd, 1);
    List<Expected> big = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      big.add(new Expected(JournalTestSupport.randomMeta(rnd), i, 0, new byte[300]));
    }
    try (Journal j = Journal.open(cfg, null)) {
      await(j.append(batchOf(small)));
      RecordBatch bigBatch = batchOf(big);
      int bigBytes = bigBatch.encodedBytes();
      assertEquals(small.size(), await(j.append(bigBatch)));
      Path second = dir.resolve(JournalSegment.fileName(small.size()));
      assertEquals(bigBytes, Files.size(second), "the big batch alone fills its own segment");
      List<Expected> all = new ArrayList<>(small);
      all.addAll(big);
      JournalTestSupport.assertRecords(all, readAll(j, 0), 0, "big batch");
    }
  }

  @Test
  void readerStartingInTheMiddleOfALargeSegmentBeginsAtThatOffset() throws Exception {
    Random rnd = TestSeed.random(3);
    List<Expected> all = new ArrayList<>();
    try (Journal j = Journal.open(config(dir), null)) {
      for (int i = 0; i < 400; i++) {
        List<Expected> b = randomBatch(rnd, 10);
        all.addAll(b);
        j.append(batchOf(b));
      }
      j.flush();
      for (long from : new long[] {0, 1, all.size() / 3, all.size() - 1, all.size()}) {
        List<JournalRecord> got = readAll(j, from);
        JournalTestSupport.assertRecords(all.subList((int) from, all.size()), got, from, "from " + from);
      }
    }
    try (Journal j = Journal.open(config(dir), null)) { // the recovered tail segment has an index too
      long from = all.size() * 2L / 3;
      JournalTestSupport.assertRecords(all.subList((int) from, all.size()), readAll(j, from), from, "after reopen");
    }
  }

  @ParameterizedTest
  @EnumSource(FsyncPolicy.class)
  void everyFsyncPolicyCompletesFuturesAndKeepsRecordsAcrossReopen(FsyncPolicy policy) throws Exception {
    Random rnd = TestSeed.random(4);
    JournalConfig cfg = config(dir).withFsync(policy).withFsyncIntervalMs(20);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    List<Expected> all = new ArrayList<>();
    List<CompletableFuture<Long>> futures = new ArrayList<>();
    try (Journal j = Journal.open(cfg, registry)) {
      for (int i = 0; i < 50; i++) {
        List<Expected> b = randomBatch(rnd, 5);
        all.addAll(b);
        futures.add(j.append(batchOf(b)));
      }
      long previous = -1;
      for (CompletableFuture<Long> f : futures) {
        long first = await(f); // INTERVAL: completes after a later fsync; the generous await covers it
        assertTrue(first > previous, policy + ": offsets grow");
        previous = first;
      }
      double fsyncs = registry.get("soctinh.journal.fsync").timer().count();
      if (policy == FsyncPolicy.NONE) assertEquals(0, fsyncs, "no fsync under NONE before close");
      else assertTrue(fsyncs >= 1, policy + ": fsync timer recorded");
      assertEquals(all.size(), registry.get("soctinh.journal.records").counter().count());
    }
    try (Journal j = Journal.open(cfg, null)) {
      JournalTestSupport.assertRecords(all, readAll(j, 0), 0, policy.toString());
    }
  }

  @Test
  void closeWritesEverythingHandedOverBeforeItReturns() throws Exception {
    Random rnd = TestSeed.random(5);
    List<Expected> all = new ArrayList<>();
    List<CompletableFuture<Long>> futures = new ArrayList<>();
    Journal j = Journal.open(config(dir).withFsync(FsyncPolicy.INTERVAL).withFsyncIntervalMs(60_000), null);
    for (int i = 0; i < 100; i++) {
      List<Expected> b = randomBatch(rnd, 10);
      all.addAll(b);
      futures.add(j.append(batchOf(b)));
    }
    j.close();
    for (CompletableFuture<Long> f : futures) assertTrue(f.isDone() && !f.isCompletedExceptionally(), "completed by close");
    assertTrue(j.append(batchOf(randomBatch(rnd, 1))).isCompletedExceptionally(), "append after close fails");
    try (Journal again = Journal.open(config(dir), null)) {
      JournalTestSupport.assertRecords(all, readAll(again, 0), 0, "after close");
    }
  }

  @Test
  void metricsCountRecordsBytesSegmentsAndPendingBytes() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Random rnd = TestSeed.random(6);
    long bytes = 0;
    int records = 0;
    try (Journal j = Journal.open(config(dir).withSegmentBytes(2048), registry)) {
      for (int i = 0; i < 30; i++) {
        List<Expected> b = randomBatch(rnd, 3);
        RecordBatch rb = batchOf(b);
        bytes += rb.encodedBytes();
        records += b.size();
        j.append(rb);
      }
      j.flush();
      assertEquals(records, registry.get("soctinh.journal.records").counter().count());
      assertEquals(bytes, registry.get("soctinh.journal.appended.bytes").counter().count());
      assertEquals(bytes, registry.get("soctinh.journal.bytes").gauge().value());
      assertEquals(j.stats().segments(), registry.get("soctinh.journal.segments").gauge().value());
      assertEquals(0, registry.get("soctinh.journal.pending.bytes").gauge().value());
      assertEquals(0, registry.get("soctinh.journal.full").gauge().value());
      assertEquals(0, registry.get("soctinh.journal.torn.records").counter().count());
    }
    assertTrue(registry.find("soctinh.journal.bytes").gauges().isEmpty(), "meters removed at close");
  }
}
