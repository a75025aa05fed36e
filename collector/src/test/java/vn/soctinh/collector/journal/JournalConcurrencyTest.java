package vn.soctinh.collector.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.soctinh.collector.journal.JournalTestSupport.batchOf;
import static vn.soctinh.collector.journal.JournalTestSupport.config;
import static vn.soctinh.collector.journal.JournalTestSupport.readAll;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import vn.soctinh.collector.journal.JournalTestSupport.Expected;
import vn.soctinh.collector.testing.TestSeed;

@Timeout(120)
@ExtendWith(TestSeed.class)
class JournalConcurrencyTest {
  @TempDir Path dir;

  private record Sent(List<Expected> records, CompletableFuture<Long> future) {}

  @ParameterizedTest
  @EnumSource(FsyncPolicy.class)
  void fourThreadsAppendingConcurrentlyGetEveryRecordOnceWithContiguousOffsets(FsyncPolicy policy) throws Exception {
    int threads = 4;
    int batchesPerThread = 400;
    JournalConfig cfg = config(dir).withFsync(policy).withFsyncIntervalMs(5).withSegmentBytes(64 * 1024)
        .withMaxWriteBytes(16 * 1024);
    List<List<Sent>> sent = new ArrayList<>();
    try (Journal j = Journal.open(cfg, null)) {
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        List<Sent> mine = new ArrayList<>();
        sent.add(mine);
        int id = t;
        Thread w = new Thread(() -> {
          Random rnd = TestSeed.random(id);
          ConnectionMeta meta = JournalTestSupport.randomMeta(rnd);
          try {
            start.await();
          } catch (InterruptedException e) {
            return;
          }
          for (int b = 0; b < batchesPerThread; b++) {
            List<Expected> recs = new ArrayList<>();
            int n = 1 + rnd.nextInt(10);
            for (int r = 0; r < n; r++) recs.add(JournalTestSupport.tagged(meta, "t" + id + "-b" + b + "-r" + r));
            mine.add(new Sent(recs, j.append(batchOf(recs))));
          }
        }, "appender-" + t);
        workers.add(w);
        w.start();
      }
      start.countDown();
      for (Thread w : workers) w.join();
      for (List<Sent> mine : sent) {
        for (Sent s : mine) s.future().get(60, TimeUnit.SECONDS);
      }
      List<JournalRecord> read = readAll(j, 0);
      int total = sent.stream().mapToInt(l -> l.stream().mapToInt(s -> s.records().size()).sum()).sum();
      assertEquals(total, read.size(), policy + ": record count");
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < read.size(); i++) {
        assertEquals(i, read.get(i).offset(), policy + ": offsets are contiguous");
        assertTrue(seen.add(new String(read.get(i).payload(), StandardCharsets.UTF_8)), policy + ": duplicate at " + i);
      }
      for (List<Sent> mine : sent) {
        long previous = -1;
        for (Sent s : mine) {
          long first = s.future().join();
          assertTrue(first > previous, policy + ": one producer's batches keep their order");
          previous = first;
          for (int r = 0; r < s.records().size(); r++) {
            assertArrayEquals(s.records().get(r).payload(), read.get((int) first + r).payload(),
                policy + ": the future's first offset points at its own records");
          }
        }
      }
    }
  }
}
