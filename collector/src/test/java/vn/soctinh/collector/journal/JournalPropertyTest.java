package vn.soctinh.collector.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.soctinh.collector.journal.JournalTestSupport.batchOf;
import static vn.soctinh.collector.journal.JournalTestSupport.randomBatch;
import static vn.soctinh.collector.journal.JournalTestSupport.readAll;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.collector.journal.JournalTestSupport.Expected;
import vn.soctinh.collector.testing.TestSeed;

/**
 * Random sequences of appends, flushes, reopens (with torn garbage at the tail), consumer commits
 * and reads from random offsets, checked against a plain list. Reproduce a failure with
 * {@code -Dsoctinh.seed=<seed from the message>}.
 */
@Timeout(300)
@ExtendWith(TestSeed.class)
class JournalPropertyTest {
  @TempDir Path dir;

  @Test
  void randomOperationsKeepEveryRecordReadableInOrderUntilEveryConsumerPassedIt() throws Exception {
    long seed = TestSeed.seed();
    for (int round = 0; round < 3; round++) {
      Path roundDir = dir.resolve("round" + round);
      runRound(TestSeed.random(round), roundDir, "seed=" + seed + " round=" + round);
    }
  }

  private void runRound(Random rnd, Path roundDir, String ctx) throws Exception {
    JournalConfig cfg = JournalTestSupport.config(roundDir)
        .withSegmentBytes(2048 + rnd.nextInt(64 * 1024))
        .withMaxWriteBytes(1024 + rnd.nextInt(32 * 1024))
        .withFsync(FsyncPolicy.values()[rnd.nextInt(3)])
        .withFsyncIntervalMs(1 + rnd.nextInt(20));
    ctx = ctx + " segmentBytes=" + cfg.segmentBytes() + " fsync=" + cfg.fsync();
    List<Expected> model = new ArrayList<>();
    Map<String, Long> committed = new HashMap<>();
    Journal j = Journal.open(cfg, null);
    try {
      for (int step = 0; step < 150; step++) {
        String at = ctx + " step=" + step;
        int op = rnd.nextInt(100);
        if (op < 55) {
          int n = 1 + rnd.nextInt(6);
          List<CompletableFuture<Long>> fs = new ArrayList<>();
          List<Long> firsts = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            List<Expected> b = randomBatch(rnd, 12);
            firsts.add((long) model.size());
            model.addAll(b);
            fs.add(j.append(batchOf(b)));
          }
          for (int i = 0; i < n; i++) assertEquals(firsts.get(i), JournalTestSupport.await(fs.get(i)), at + ": first offset");
        } else if (op < 65) {
          j.close();
          if (rnd.nextBoolean()) appendGarbageToLastSegment(roundDir, rnd);
          j = Journal.open(cfg, null);
          assertEquals(model.size(), j.nextOffset(), at + ": next offset after reopen");
        } else if (op < 80) {
          String name = "c" + rnd.nextInt(3);
          JournalConsumer c = j.registerConsumer(name);
          long from = c.committedOffset();
          assertEquals(committed.getOrDefault(name, c.committedOffset()), from, at + ": committed offset of " + name);
          long to = from + (model.size() > from ? rnd.nextInt((int) (model.size() - from) + 1) : 0);
          c.commit(to);
          committed.put(name, to);
        } else {
          JournalStats stats = j.stats();
          long first = stats.firstOffset();
          long min = committed.values().stream().mapToLong(Long::longValue).min().orElse(0);
          assertTrue(first <= min, at + ": first kept " + first + " beyond a consumer at " + min);
          if (committed.isEmpty()) assertEquals(0, first, at + ": nothing deleted without consumers");
          assertEquals(model.size(), stats.nextOffset(), at + ": stats next offset");
          assertEquals(model.size() - first, stats.records(), at + ": stats records");
          long from = first + (model.size() > first ? rnd.nextInt((int) (model.size() - first) + 1) : 0);
          JournalTestSupport.assertRecords(model.subList((int) from, model.size()), readAll(j, from), from, at + " from " + from);
        }
      }
    } finally {
      j.close();
    }
  }

  private static void appendGarbageToLastSegment(Path dir, Random rnd) throws Exception {
    Path last = SegmentChainReader.listSegments(dir).lastEntry().getValue();
    byte[] junk = new byte[1 + rnd.nextInt(64)];
    rnd.nextBytes(junk);
    try (FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ch.write(ByteBuffer.wrap(junk));
    }
  }
}
