package vn.soctinh.collector.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.soctinh.collector.journal.JournalTestSupport.await;
import static vn.soctinh.collector.journal.JournalTestSupport.batchOf;
import static vn.soctinh.collector.journal.JournalTestSupport.config;
import static vn.soctinh.collector.journal.JournalTestSupport.randomBatch;
import static vn.soctinh.collector.journal.JournalTestSupport.readAll;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
class JournalRecoveryTest {
  @TempDir Path dir;

  /** Ways a crash (or a bad disk) leaves the tail of the last segment. */
  enum TailDamage {
    GARBAGE_APPENDED(0),
    LAST_RECORD_CUT_IN_HALF(1),
    LAST_RECORD_HEADER_CUT(1),
    BYTE_FLIPPED_IN_LAST_BODY(1),
    WRONG_OFFSET_IN_LAST_HEADER(1);

    final int recordsLost;

    TailDamage(int recordsLost) {
      this.recordsLost = recordsLost;
    }
  }

  @ParameterizedTest
  @EnumSource(TailDamage.class)
  void aTornTailIsCutAtRecoveryCountedAndAppendsContinueAtTheRightOffset(TailDamage damage) throws Exception {
    Random rnd = TestSeed.random(10);
    List<Expected> all = new ArrayList<>();
    int lastRecordBytes = 0;
    try (Journal j = Journal.open(config(dir), null)) {
      for (int i = 0; i < 30; i++) {
        List<Expected> one = List.of(JournalTestSupport.randomRecord(rnd, JournalTestSupport.randomMeta(rnd)));
        all.addAll(one);
        RecordBatch b = batchOf(one);
        lastRecordBytes = b.encodedBytes();
        await(j.append(b));
      }
    }
    Path seg = dir.resolve(JournalSegment.fileName(0));
    long size = Files.size(seg);
    long lastStart = size - lastRecordBytes;
    damage(seg, damage, lastStart, lastRecordBytes);
    long goodSize = damage == TailDamage.GARBAGE_APPENDED ? size : lastStart;
    List<Expected> kept = new ArrayList<>(all.subList(0, all.size() - damage.recordsLost));

    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Journal j = Journal.open(config(dir), registry)) {
      assertEquals(goodSize, Files.size(seg), damage + ": file cut at the first bad record");
      assertEquals(1, j.stats().tornRecords(), damage + ": torn records in stats");
      assertEquals(1, registry.get("soctinh.journal.torn.records").counter().count(), damage + ": torn metric");
      assertEquals(kept.size(), j.nextOffset(), damage + ": next offset");
      JournalTestSupport.assertRecords(kept, readAll(j, 0), 0, damage + " before new appends");
      List<Expected> more = randomBatch(rnd, 5);
      assertEquals(kept.size(), await(j.append(batchOf(more))), damage + ": first new offset");
      kept.addAll(more);
      JournalTestSupport.assertRecords(kept, readAll(j, 0), 0, damage + " after new appends");
    }
    try (Journal j = Journal.open(config(dir), null)) {
      assertEquals(0, j.stats().tornRecords(), damage + ": the next clean start finds nothing torn");
      JournalTestSupport.assertRecords(kept, readAll(j, 0), 0, damage + " after a clean reopen");
    }
  }

  private static void damage(Path seg, TailDamage damage, long lastStart, int lastBytes) throws IOException {
    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      switch (damage) {
        case GARBAGE_APPENDED -> {
          byte[] junk = new byte[100];
          TestSeed.random(11).nextBytes(junk);
          junk[0] = 0x7f; // a length no record can have
          ch.write(ByteBuffer.wrap(junk), ch.size());
        }
        case LAST_RECORD_CUT_IN_HALF -> ch.truncate(lastStart + lastBytes / 2);
        case LAST_RECORD_HEADER_CUT -> ch.truncate(lastStart + 10);
        case BYTE_FLIPPED_IN_LAST_BODY -> {
          long at = lastStart + RecordFormat.HEADER_BYTES + 3; // inside receivedAtNanos
          ByteBuffer b = ByteBuffer.allocate(1);
          ch.read(b, at);
          b.put(0, (byte) (b.get(0) ^ 0x40)).position(0);
          ch.write(b, at);
        }
        case WRONG_OFFSET_IN_LAST_HEADER -> ch.write(ByteBuffer.allocate(8).putLong(0, 12345), lastStart + 8);
      }
    }
  }

  @Test
  void aBadRecordInAnEarlierSegmentMakesReadersThrowNamingTheSegmentAndPosition() throws Exception {
    Random rnd = TestSeed.random(12);
    JournalConfig cfg = config(dir).withSegmentBytes(4096);
    List<Expected> all = new ArrayList<>();
    try (Journal j = Journal.open(cfg, null)) {
      for (int i = 0; i < 60; i++) {
        List<Expected> one = List.of(new Expected(JournalTestSupport.randomMeta(rnd), i, 0, new byte[200]));
        all.addAll(one);
        j.append(batchOf(one));
      }
      j.flush();
      assertTrue(j.stats().segments() >= 3, "needs several segments");
    }
    Path first = dir.resolve(JournalSegment.fileName(0));
    long flipAt = Files.size(first) / 2;
    try (FileChannel ch = FileChannel.open(first, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, flipAt);
      b.put(0, (byte) (b.get(0) ^ 0x01)).position(0);
      ch.write(b, flipAt);
    }
    long damagedSize = Files.size(first);
    try (Journal j = Journal.open(cfg, null); JournalReader r = j.reader(0)) {
      assertEquals(all.size(), j.nextOffset(), "earlier segments are trusted at open: nothing is cut");
      IOException e = assertThrows(IOException.class, () -> {
        while (r.next() != null) {
          // read until the damaged record
        }
      });
      assertTrue(e.getMessage().contains(first.getFileName().toString()), e.getMessage());
      assertTrue(e.getMessage().contains("position"), e.getMessage());
      IOException fromStats = assertThrows(IOException.class, j::stats, "stats reads every record too");
      assertTrue(fromStats.getMessage().contains(first.getFileName().toString()), fromStats.getMessage());
    }
    assertEquals(damagedSize, Files.size(first), "neither open nor readers cut an earlier segment");
  }
}
