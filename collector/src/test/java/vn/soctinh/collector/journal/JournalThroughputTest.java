package vn.soctinh.collector.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A throughput smoke run (opt-in: {@code -Dsoctinh.slow=true}): two producers append 250-byte
 * records in batches of 64 and the rate is printed. It asserts only that every record arrived; the
 * JMH benchmarks in {@code bench/} are where numbers are judged.
 */
@EnabledIfSystemProperty(named = "soctinh.slow", matches = "true")
class JournalThroughputTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(FsyncPolicy.class)
  void twoProducersAppendingSmallRecordsAllArrive(FsyncPolicy policy) throws Exception {
    int producers = 2;
    int batchesPerProducer = 20_000;
    int perBatch = 64;
    ConnectionMeta meta = new ConnectionMeta(Transport.TCP, "tcp-601", new InetSocketAddress("10.1.2.3", 50514),
        "so-tttt", "", false);
    ByteBuf payload = Unpooled.wrappedBuffer(new byte[250 - 12 - meta.encoded().length - 16]);
    AtomicLong maxPending = new AtomicLong();
    try (Journal j = Journal.open(JournalTestSupport.config(dir).withFsync(policy), null)) {
      long t0 = System.nanoTime();
      List<Thread> threads = new ArrayList<>();
      List<CompletableFuture<Long>> last = new ArrayList<>();
      for (int p = 0; p < producers; p++) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        last.add(done);
        Thread t = new Thread(() -> {
          CompletableFuture<Long> f = null;
          for (int b = 0; b < batchesPerProducer; b++) {
            RecordBatch batch = new RecordBatch(PooledByteBufAllocator.DEFAULT, perBatch * 256);
            for (int r = 0; r < perBatch; r++) batch.add(meta, r, 0, payload);
            f = j.append(batch);
            maxPending.accumulateAndGet(j.pendingBytes(), Math::max);
          }
          f.whenComplete((v, e) -> done.complete(v));
        });
        threads.add(t);
        t.start();
      }
      for (Thread t : threads) t.join();
      for (CompletableFuture<Long> f : last) f.get();
      long nanos = System.nanoTime() - t0;
      long records = (long) producers * batchesPerProducer * perBatch;
      System.out.printf("journal %s: %d records in %d ms = %.0f records/s, %.1f MB/s, max pending %d bytes%n", policy,
          records, nanos / 1_000_000, records * 1e9 / nanos, j.stats().bytes() * 1e3 / nanos, maxPending.get());
      assertEquals(records, j.nextOffset());
    }
  }
}
