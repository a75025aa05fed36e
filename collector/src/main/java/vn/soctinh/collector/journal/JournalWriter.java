package vn.soctinh.collector.journal;

import vn.soctinh.collector.logging.RateLimitedLog;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The journal's single writer thread: group commit of everything producers queued, offsets,
 * gathering writes straight from the batches' direct buffers, segment rolls and the fsync policy.
 * Futures complete in offset order once their records are durable per the policy.
 *
 * <p>It must never drop or fail a batch it was handed: batches stay owned here until they are
 * durable, and on an I/O error (ENOSPC, EIO, a failed fsync whose dirty pages the kernel may have
 * thrown away) the active segment is cut back to the last durable position and everything since is
 * written again, after a pause, for as long as it takes.
 */
final class JournalWriter implements Runnable {
  /** A batch handed over by a producer, or (batch == null) a flush request. */
  static final class PendingAppend {
    final RecordBatch batch;
    final CompletableFuture<Long> future = new CompletableFuture<>();
    final int bytes;
    final int count;
    long firstOffset;
    ByteBuffer nio;

    PendingAppend(RecordBatch batch) {
      this.batch = batch;
      this.bytes = batch == null ? 0 : batch.encodedBytes();
      this.count = batch == null ? 0 : batch.count();
    }
  }

  private static final long HOUSEKEEPING_NANOS = 250_000_000L;
  private static final long RETENTION_NANOS = 1_000_000_000L;

  private final JournalConfig config;
  private final SegmentSet segments;
  private final JournalMetrics metrics;
  private final DiskBudget budget;
  private final Runnable retention;
  private final Logger log;
  private final SegmentChannels channels;
  private final RateLimitedLog ioErrors;
  private final ConcurrentLinkedQueue<PendingAppend> queue = new ConcurrentLinkedQueue<>();
  private final AtomicLong pendingBytes = new AtomicLong();
  private final Thread thread;
  private volatile boolean parked;
  private volatile boolean closing;
  private volatile boolean exited;
  private volatile long nextOffset;

  // writer thread only
  private final ArrayList<PendingAppend> group = new ArrayList<>();
  private final ArrayList<PendingAppend> unforced = new ArrayList<>();
  private ByteBuffer[] iov = new ByteBuffer[64];
  private JournalSegment active;
  private long durableBytes;
  private long lastForceNanos;
  private long lastRetentionNanos;

  JournalWriter(JournalConfig config, SegmentSet segments, long nextOffset, JournalMetrics metrics, DiskBudget budget,
      Runnable retention, Logger log, SegmentChannels channels) throws IOException {
    this.config = config;
    this.segments = segments;
    this.nextOffset = nextOffset;
    this.metrics = metrics;
    this.budget = budget;
    this.retention = retention;
    this.log = log;
    this.channels = channels;
    this.ioErrors = new RateLimitedLog(log, 10_000);
    this.active = segments.active();
    this.active.openForAppend(channels);
    this.durableBytes = active.writtenBytes;
    this.thread = new Thread(this, "soctinh-journal-writer");
    thread.setDaemon(true);
  }

  void start() {
    lastForceNanos = System.nanoTime();
    lastRetentionNanos = lastForceNanos;
    thread.start();
  }

  long pendingBytes() {
    return pendingBytes.get();
  }

  long nextOffset() {
    return nextOffset;
  }

  CompletableFuture<Long> append(RecordBatch batch) {
    return enqueue(new PendingAppend(batch));
  }

  /** A future that completes once everything handed over before it is written and forced. */
  CompletableFuture<Long> flush() {
    return enqueue(new PendingAppend(null));
  }

  private CompletableFuture<Long> enqueue(PendingAppend a) {
    if (exited) return refuse(a);
    pendingBytes.addAndGet(a.bytes);
    queue.offer(a);
    if (parked) LockSupport.unpark(thread);
    // the writer may have made its final sweep just before our offer: take it back ourselves
    if (exited && queue.remove(a)) return refuse(a);
    return a.future;
  }

  private CompletableFuture<Long> refuse(PendingAppend a) {
    if (a.batch != null) a.batch.release();
    pendingBytes.addAndGet(-a.bytes);
    a.future.completeExceptionally(new IllegalStateException("journal is closed"));
    return a.future;
  }

  void wake() {
    LockSupport.unpark(thread);
  }

  /** Drains everything handed over, forces it and stops the thread. */
  void close() throws IOException {
    closing = true;
    LockSupport.unpark(thread);
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true; // never give up on the drain; finish first, then restore the flag
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
    active.closeChannel();
  }

  @Override
  public void run() {
    try {
      loop();
    } catch (Throwable t) {
      log.log(Level.ERROR, "journal writer stopped by an unexpected error; pending appends fail", t);
      for (PendingAppend a : unforced) failOnBug(a, t);
      for (PendingAppend a : group) failOnBug(a, t);
      unforced.clear();
      group.clear();
    } finally {
      exited = true;
      PendingAppend a;
      while ((a = queue.poll()) != null) refuse(a);
    }
  }

  private static void failOnBug(PendingAppend a, Throwable t) {
    if (a.batch != null) a.batch.release();
    a.future.completeExceptionally(t);
  }

  private void loop() throws IOException {
    while (true) {
      PendingAppend first = queue.poll();
      if (first == null) {
        housekeeping(System.nanoTime());
        if (closing && queue.isEmpty()) {
          makeDurable(true);
          return;
        }
        idle();
        continue;
      }
      if (first.batch == null) {
        makeDurable(true);
        first.future.complete(nextOffset);
        continue;
      }
      collectGroup(first);
      writeGroup();
      if (config.fsync() == FsyncPolicy.EVERY_BATCH) {
        makeDurable(false);
      } else if (config.fsync() == FsyncPolicy.NONE) {
        complete();
      } else if (System.nanoTime() - lastForceNanos >= config.fsyncIntervalMs() * 1_000_000L) {
        makeDurable(false);
      }
      housekeeping(System.nanoTime());
    }
  }

  private void idle() {
    long wait = HOUSEKEEPING_NANOS;
    if (!unforced.isEmpty()) {
      long due = lastForceNanos + config.fsyncIntervalMs() * 1_000_000L - System.nanoTime();
      wait = Math.max(0, Math.min(wait, due));
    }
    parked = true;
    if (queue.isEmpty() && !closing && wait > 0) LockSupport.parkNanos(this, wait);
    parked = false;
    if (!unforced.isEmpty() && System.nanoTime() - lastForceNanos >= config.fsyncIntervalMs() * 1_000_000L) {
      makeDurable(false);
    }
  }

  private void housekeeping(long now) {
    budget.update(false);
    budget.runWaiters();
    if (now - lastRetentionNanos >= RETENTION_NANOS) {
      lastRetentionNanos = now;
      retention.run();
    }
  }

  /** Takes {@code first} and what follows it up to max_write_bytes (a flush request ends a group). */
  private void collectGroup(PendingAppend first) {
    group.clear();
    group.add(first);
    long bytes = first.bytes;
    PendingAppend next;
    while ((next = queue.peek()) != null && next.batch != null && bytes + next.bytes <= config.maxWriteBytes()) {
      group.add(queue.poll());
      bytes += next.bytes;
    }
  }

  /** Writes the group in runs that fit the active segment, rolling between runs. */
  private void writeGroup() throws IOException {
    int from = 0;
    long records = 0;
    long bytes = 0;
    while (from < group.size()) {
      int to = from;
      long runBytes = 0;
      while (to < group.size()) {
        long size = active.writtenBytes + runBytes;
        int b = group.get(to).bytes;
        if (size > 0 && size + b > config.segmentBytes()) break; // never split a batch: roll before it
        runBytes += b;
        to++;
      }
      if (to == from) {
        roll();
        continue;
      }
      for (int i = from; i < to; i++) records += group.get(i).count;
      writeRun(from, to, runBytes);
      bytes += runBytes;
      from = to;
    }
    group.clear();
    metrics.records.increment(records);
    metrics.appendedBytes.increment(bytes);
  }

  private void writeRun(int from, int to, long runBytes) throws IOException {
    long position = active.writtenBytes;
    long offset = nextOffset;
    for (int i = from; i < to; i++) {
      PendingAppend a = group.get(i);
      a.firstOffset = offset;
      a.batch.assignOffsets(offset);
      a.nio = a.batch.nioBuffer();
      if (a.count > 0) active.maybeIndex(offset, position);
      offset += a.count;
      position += a.bytes;
      unforced.add(a);
    }
    nextOffset = offset;
    try {
      writeBuffers(group, from, to);
      advanceWritten(position);
    } catch (IOException e) {
      ioErrors.log(Level.ERROR, "journal write to " + active + " failed, will retry: " + e);
      rewriteUnforced();
    }
    pendingBytes.addAndGet(-runBytes);
  }

  private void writeBuffers(ArrayList<PendingAppend> list, int from, int to) throws IOException {
    int n = to - from;
    if (iov.length < n) iov = new ByteBuffer[Integer.highestOneBit(n) * 2];
    for (int i = 0; i < n; i++) iov[i] = list.get(from + i).nio.position(0);
    try {
      int done = 0;
      while (done < n) {
        active.channel.write(iov, done, n - done);
        while (done < n && !iov[done].hasRemaining()) done++;
      }
    } finally {
      Arrays.fill(iov, 0, n, null);
    }
  }

  private void advanceWritten(long newSize) {
    segments.grew(newSize - active.writtenBytes);
    active.writtenBytes = newSize;
  }

  /** Cuts the active segment back to its durable size and writes every unforced batch again. */
  private void rewriteUnforced() {
    long pauseMillis = 100;
    while (true) {
      pause(pauseMillis);
      pauseMillis = Math.min(1000, pauseMillis * 2);
      try {
        FileChannel ch = active.channel;
        ch.truncate(durableBytes);
        ch.position(durableBytes);
        advanceWritten(durableBytes);
        active.dropIndexFrom(durableBytes);
        long position = durableBytes;
        for (PendingAppend a : unforced) {
          if (a.count > 0) active.maybeIndex(a.firstOffset, position);
          position += a.bytes;
        }
        writeBuffers(unforced, 0, unforced.size());
        advanceWritten(position);
        return;
      } catch (IOException e) {
        ioErrors.log(Level.ERROR, "journal rewrite of " + active + " failed, will retry: " + e);
      }
    }
  }

  /** Forces the active segment (if anything is unforced, or always if asked) and completes. */
  private void makeDurable(boolean evenIfNothingPending) {
    if (unforced.isEmpty() && !evenIfNothingPending) return;
    while (true) {
      long t0 = System.nanoTime();
      try {
        active.channel.force(false);
        metrics.fsync.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        break;
      } catch (IOException e) {
        ioErrors.log(Level.ERROR, "journal fsync of " + active + " failed, rewriting since the last good fsync: " + e);
        rewriteUnforced();
      }
    }
    lastForceNanos = System.nanoTime();
    complete();
  }

  /** Publishes what is written as durable and completes its futures in offset order. */
  private void complete() {
    durableBytes = active.writtenBytes;
    active.publishVisible(durableBytes);
    if (unforced.isEmpty()) return;
    PendingAppend last = unforced.get(unforced.size() - 1);
    segments.publishVisibleNextOffset(last.firstOffset + last.count);
    for (PendingAppend a : unforced) {
      a.nio = null;
      a.batch.release();
    }
    for (PendingAppend a : unforced) a.future.complete(a.firstOffset);
    unforced.clear();
  }

  /** Seals the active segment (durable, unless the policy is NONE) and starts the next one. */
  private void roll() throws IOException {
    if (config.fsync() == FsyncPolicy.NONE) complete();
    else makeDurable(false);
    JournalSegment next = new JournalSegment(segments.dir(), nextOffset, 0);
    long pauseMillis = 100;
    while (true) {
      try {
        next.openForAppend(channels);
        if (config.fsync() != FsyncPolicy.NONE) forceDirectory();
        break;
      } catch (IOException e) {
        ioErrors.log(Level.ERROR, "journal could not create " + next + ", will retry: " + e);
        next.closeChannel();
        pause(pauseMillis);
        pauseMillis = Math.min(1000, pauseMillis * 2);
      }
    }
    JournalSegment old = active;
    active = next;
    durableBytes = 0;
    segments.add(next);
    try {
      old.closeChannel();
    } catch (IOException e) {
      log.log(Level.WARNING, "closing " + old + ": " + e);
    }
    budget.update(true);
  }

  private void forceDirectory() throws IOException {
    try (FileChannel d = FileChannel.open(segments.dir(), StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  private static void pause(long millis) {
    LockSupport.parkNanos(millis * 1_000_000L);
  }
}
