package vn.soctinh.collector.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.soctinh.collector.journal.JournalTestSupport.await;
import static vn.soctinh.collector.journal.JournalTestSupport.batchOf;
import static vn.soctinh.collector.journal.JournalTestSupport.config;
import static vn.soctinh.collector.journal.JournalTestSupport.randomBatch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.collector.journal.JournalTestSupport.Expected;
import vn.soctinh.collector.testing.TestSeed;

@Timeout(120)
@ExtendWith(TestSeed.class)
class JournalReadOnlyTest {
  @TempDir Path dir;

  @Test
  void aReadOnlyReaderFollowsAnActiveWriterAcrossSegmentsAndSeesOnlyWholeRecords() throws Exception {
    long seed = TestSeed.seed();
    Random rnd = TestSeed.random();
    List<List<Expected>> batches = new ArrayList<>();
    List<Expected> all = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      List<Expected> b = randomBatch(rnd, 8);
      batches.add(b);
      all.addAll(b);
    }
    JournalConfig cfg = config(dir).withFsync(FsyncPolicy.NONE).withSegmentBytes(32 * 1024);
    try (Journal writer = Journal.open(cfg, null); Journal ro = Journal.openReadOnly(dir);
        JournalReader reader = ro.reader(0)) {
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread producer = new Thread(() -> {
        try {
          for (List<Expected> b : batches) writer.append(batchOf(b));
          writer.flush();
        } catch (Throwable t) {
          failure.set(t);
        }
      });
      producer.start();
      int got = 0;
      while (got < all.size()) {
        JournalRecord r = reader.next();
        if (r == null) {
          Thread.onSpinWait();
          continue;
        }
        JournalTestSupport.assertRecord(all.get(got), r, got, "seed " + seed);
        got++;
      }
      producer.join();
      assertNull(failure.get());
      assertNull(reader.next(), "nothing after the last record");
      assertEquals(all.size(), ro.stats().records());
      assertEquals(all.size(), ro.nextOffset());
    }
  }

  @Test
  void aHalfWrittenTailIsNotYetThereForAReadOnlyJournalAndAppearsOnceComplete() throws Exception {
    Random rnd = TestSeed.random(40);
    List<Expected> first = randomBatch(rnd, 10);
    Expected next = JournalTestSupport.randomRecord(rnd, JournalTestSupport.randomMeta(rnd));
    try (Journal writer = Journal.open(config(dir), null)) {
      await(writer.append(batchOf(first)));
      Path seg = dir.resolve(JournalSegment.fileName(0));
      RecordBatch b = batchOf(List.of(next));
      b.assignOffsets(first.size());
      ByteBuffer nio = b.nioBuffer();
      ByteBuffer bytes = ByteBuffer.allocate(nio.remaining()).put(nio).flip();
      b.release();
      int half = bytes.remaining() / 2;

      try (Journal ro = Journal.openReadOnly(dir); JournalReader reader = ro.reader(0)) {
        append(seg, bytes.duplicate().limit(half));
        long sizeWithHalf = Files.size(seg);
        for (int i = 0; i < first.size(); i++) JournalTestSupport.assertRecord(first.get(i), reader.next(), i, "prefix");
        assertNull(reader.next(), "a half-written record is not there yet");
        JournalStats stats = ro.stats();
        assertEquals(first.size(), stats.records());
        assertEquals(first.size(), stats.nextOffset());
        assertEquals(0, stats.tornRecords(), "read-only does no recovery");
        assertEquals(sizeWithHalf, Files.size(seg), "read-only never truncates");

        append(seg, bytes.duplicate().position(half));
        JournalTestSupport.assertRecord(next, reader.next(), first.size(), "completed record");
        assertNull(reader.next());
      }
    }
  }

  @Test
  void statsCountRecordsByTransportAndAgencyOnReadOnlyAndOpenJournals() throws Exception {
    Random rnd = TestSeed.random(41);
    List<Expected> all = new ArrayList<>();
    try (Journal j = Journal.open(config(dir).withSegmentBytes(4096), null)) {
      for (int i = 0; i < 40; i++) {
        List<Expected> b = randomBatch(rnd, 5);
        all.addAll(b);
        j.append(batchOf(b));
      }
      j.flush();
      checkStats(j.stats(), all, "open");
      checkSummary(j.summary(), j.stats(), "open");
    }
    try (Journal ro = Journal.openReadOnly(dir)) {
      checkStats(ro.stats(), all, "read-only");
      checkSummary(ro.summary(), ro.stats(), "read-only");
      assertFalse(ro.accepting());
      ExecutionException e = assertThrows(ExecutionException.class, () -> ro.append(batchOf(all.subList(0, 1))).get());
      assertTrue(e.getCause() instanceof IllegalStateException);
    }
    assertThrows(IOException.class, () -> Journal.openReadOnly(dir.resolve("nope")));
  }

  /** The summary reads the last segment only and agrees with the full scan; several segments, so the end is not the start. */
  private static void checkSummary(JournalSummary s, JournalStats full, String context) {
    assertTrue(full.segments() > 2, context + ": " + full.segments());
    assertEquals(full.bytes(), s.bytes(), context);
    assertEquals(full.segments(), s.segments(), context);
    assertEquals(full.firstOffset(), s.firstOffset(), context);
    assertEquals(full.nextOffset(), s.nextOffset(), context);
    assertEquals(full.consumers(), s.consumers(), context);
  }

  private static void checkStats(JournalStats s, List<Expected> all, String context) {
    Map<String, Long> byTransport = new java.util.TreeMap<>();
    Map<String, Long> byAgency = new java.util.TreeMap<>();
    for (Expected e : all) {
      byTransport.merge(e.meta().transport().label(), 1L, Long::sum);
      byAgency.merge(e.meta().agency(), 1L, Long::sum);
    }
    assertEquals(all.size(), s.records(), context);
    assertEquals(0, s.firstOffset(), context);
    assertEquals(all.size(), s.nextOffset(), context);
    assertTrue(s.segments() > 1, context + ": several segments");
    assertEquals(byTransport, s.byTransport(), context);
    assertEquals(byAgency, s.byAgency(), context);
  }

  private static void append(Path seg, ByteBuffer bytes) throws IOException {
    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      while (bytes.hasRemaining()) ch.write(bytes);
    }
  }
}
