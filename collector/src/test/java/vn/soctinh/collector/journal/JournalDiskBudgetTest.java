package vn.soctinh.collector.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.soctinh.collector.journal.JournalTestSupport.await;
import static vn.soctinh.collector.journal.JournalTestSupport.batchOf;
import static vn.soctinh.collector.journal.JournalTestSupport.config;
import static vn.soctinh.collector.journal.JournalTestSupport.readAll;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.collector.journal.JournalTestSupport.Expected;
import vn.soctinh.collector.testing.TestSeed;

@Timeout(120)
@ExtendWith(TestSeed.class)
class JournalDiskBudgetTest {
  @TempDir Path dir;

  private final Random rnd = TestSeed.random(30);

  private CompletableFuture<Long> appendOne(Journal j, List<Expected> all) {
    List<Expected> one = List.of(new Expected(JournalTestSupport.randomMeta(rnd), all.size(), 0, new byte[300]));
    all.addAll(one);
    return j.append(batchOf(one));
  }

  @Test
  void overMaxBytesTheJournalStopsAcceptingAndWhenWritableRunsOnceAConsumerFreesSegments() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    JournalConfig cfg = config(dir).withSegmentBytes(4096).withMaxBytes(3 * 4096);
    List<Expected> all = new ArrayList<>();
    try (Journal j = Journal.open(cfg, registry)) {
      JournalConsumer c = j.registerConsumer("analyzer");
      assertTrue(j.accepting());
      int appended = 0;
      while (j.accepting() && appended < 1000) {
        await(appendOne(j, all));
        appended++;
      }
      assertFalse(j.accepting(), "max_bytes reached after " + appended + " records");
      assertEquals(1, registry.get("soctinh.journal.full").gauge().value());

      CountDownLatch resumed = new CountDownLatch(1);
      AtomicInteger runs = new AtomicInteger();
      j.whenWritable(() -> {
        runs.incrementAndGet();
        resumed.countDown();
      });
      assertEquals(0, runs.get(), "not run while full");

      List<CompletableFuture<Long>> late = new ArrayList<>();
      for (int i = 0; i < 5; i++) late.add(appendOne(j, all)); // handed over while full: still written
      for (CompletableFuture<Long> f : late) await(f);
      assertFalse(j.accepting());
      assertEquals(0, runs.get(), "still not run: nothing was freed");
      JournalTestSupport.assertRecords(all, readAll(j, 0), 0, "every handed-over record is readable");

      c.commit(j.nextOffset());
      assertTrue(resumed.await(60, TimeUnit.SECONDS), "whenWritable callback ran after the commit freed segments");
      assertTrue(j.accepting());
      assertEquals(0, registry.get("soctinh.journal.full").gauge().value());
      await(appendOne(j, all));
      c.commit(j.nextOffset());
      j.flush();
      assertEquals(1, runs.get(), "the callback runs once");
    }
  }

  @Test
  void whenWritableRunsAtOnceWhenTheJournalIsWritable() throws Exception {
    try (Journal j = Journal.open(config(dir), null)) {
      AtomicInteger runs = new AtomicInteger();
      j.whenWritable(runs::incrementAndGet);
      assertEquals(1, runs.get());
    }
  }

  @Test
  void tooLittleFreeDiskStopsAcceptingButHandedOverBatchesAreStillWritten() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    List<Expected> all = new ArrayList<>();
    try (Journal j = Journal.open(config(dir).withMinFreeDiskBytes(Long.MAX_VALUE), registry)) {
      assertFalse(j.accepting());
      assertEquals(1, registry.get("soctinh.journal.full").gauge().value());
      AtomicInteger runs = new AtomicInteger();
      j.whenWritable(runs::incrementAndGet);
      assertEquals(0L, await(appendOne(j, all)));
      assertEquals(1L, await(appendOne(j, all)));
      assertEquals(0, runs.get());
      JournalTestSupport.assertRecords(all, readAll(j, 0), 0, "written while full");
    }
  }
}
