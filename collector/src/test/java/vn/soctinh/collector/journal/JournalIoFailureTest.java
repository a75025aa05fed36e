package vn.soctinh.collector.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.soctinh.collector.journal.JournalTestSupport.batchOf;
import static vn.soctinh.collector.journal.JournalTestSupport.config;
import static vn.soctinh.collector.journal.JournalTestSupport.randomBatch;
import static vn.soctinh.collector.journal.JournalTestSupport.readAll;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import vn.soctinh.collector.journal.JournalTestSupport.Expected;
import vn.soctinh.collector.testing.TestSeed;

/** A disk that fails (ENOSPC on write, EIO on fsync) must cost time, never records. */
@Timeout(120)
@ExtendWith(TestSeed.class)
class JournalIoFailureTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(FsyncPolicy.class)
  void failedWritesAndFsyncsAreRetriedAndNoHandedOverRecordIsLostOrDuplicated(FsyncPolicy policy) throws Exception {
    Random rnd = TestSeed.random(50);
    AtomicInteger failWrites = new AtomicInteger();
    AtomicInteger failForces = new AtomicInteger();
    JournalConfig cfg = config(dir).withFsync(policy).withFsyncIntervalMs(5).withSegmentBytes(16 * 1024);
    List<Expected> all = new ArrayList<>();
    List<CompletableFuture<Long>> futures = new ArrayList<>();
    try (Journal j = Journal.open(cfg, null, p -> new FailingFileChannel(SegmentChannels.FILES.openForAppend(p),
        failWrites, failForces))) {
      for (int round = 0; round < 4; round++) {
        if (round == 1) failWrites.set(3);
        if (round == 2) failForces.set(2);
        if (round == 3) {
          failWrites.set(1);
          failForces.set(1);
        }
        for (int i = 0; i < 20; i++) {
          List<Expected> b = randomBatch(rnd, 6);
          all.addAll(b);
          futures.add(j.append(batchOf(b)));
        }
        for (CompletableFuture<Long> f : futures) JournalTestSupport.await(f);
      }
      assertEquals(0, failWrites.get(), policy + ": the injected write failures happened");
      if (policy != FsyncPolicy.NONE) assertEquals(0, failForces.get(), policy + ": the injected fsync failures happened");
      for (CompletableFuture<Long> f : futures) assertFalse(f.isCompletedExceptionally(), policy + ": no future failed");
      JournalTestSupport.assertRecords(all, readAll(j, 0), 0, policy + " while open");
    }
    try (Journal j = Journal.open(cfg, null)) {
      assertEquals(0, j.stats().tornRecords(), policy + ": failed writes were cut back, nothing torn is left");
      JournalTestSupport.assertRecords(all, readAll(j, 0), 0, policy + " after reopen");
      assertTrue(j.stats().segments() > 1, policy + ": rolled across segments too");
    }
  }

  /** Delegates to a real channel; fails the next N writes (after writing a few bytes) or forces. */
  static final class FailingFileChannel extends FileChannel {
    private final FileChannel d;
    private final AtomicInteger failWrites;
    private final AtomicInteger failForces;

    FailingFileChannel(FileChannel d, AtomicInteger failWrites, AtomicInteger failForces) {
      this.d = d;
      this.failWrites = failWrites;
      this.failForces = failForces;
    }

    private void maybeFailWrite(ByteBuffer[] srcs, int offset, int length) throws IOException {
      if (failWrites.get() > 0 && failWrites.getAndDecrement() > 0) {
        for (int i = offset; i < offset + length; i++) {
          if (srcs[i].hasRemaining()) { // a short write first, as a filling disk does
            ByteBuffer part = srcs[i].duplicate();
            part.limit(part.position() + Math.min(7, part.remaining()));
            d.write(part);
            break;
          }
        }
        throw new IOException("No space left on device (injected)");
      }
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      maybeFailWrite(srcs, offset, length);
      return d.write(srcs, offset, length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      maybeFailWrite(new ByteBuffer[] {src}, 0, 1);
      return d.write(src);
    }

    @Override
    public void force(boolean metaData) throws IOException {
      if (failForces.get() > 0 && failForces.getAndDecrement() > 0) throw new IOException("Input/output error (injected)");
      d.force(metaData);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return d.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
      return d.read(dsts, offset, length);
    }

    @Override
    public long position() throws IOException {
      return d.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      d.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return d.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      d.truncate(size);
      return this;
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
      return d.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
      return d.transferFrom(src, position, count);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return d.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      return d.write(src, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
      return d.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
      return d.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return d.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      d.close();
    }
  }
}
