package vn.soctinh.collector.journal;

import java.io.File;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;

/**
 * Decides whether the journal accepts new batches (segment bytes under max_bytes and enough free
 * disk) and remembers who wants to hear when it does again. Listeners stop reading sockets while it
 * says no, so a forgotten {@link #whenWritable} callback would stall a listener for good: callbacks
 * are queued here and run by whoever next sees the journal writable (the writer checks at least
 * every housekeeping tick).
 */
final class DiskBudget {
  private static final long FREE_SPACE_CHECK_NANOS = 250_000_000L;

  private final JournalConfig config;
  private final Logger log;
  private final File dir;
  private final LongSupplier totalBytes;
  private final LongSupplier pendingBytes;
  private final ConcurrentLinkedQueue<Runnable> waiters = new ConcurrentLinkedQueue<>();
  private volatile boolean full;
  private long lastFreeCheckNanos;
  private boolean freeChecked;
  private long usableBytes = Long.MAX_VALUE;

  DiskBudget(JournalConfig config, Logger log, LongSupplier totalBytes, LongSupplier pendingBytes) {
    this.config = config;
    this.log = log;
    this.dir = config.dir().toFile();
    this.totalBytes = totalBytes;
    this.pendingBytes = pendingBytes;
  }

  boolean accepting() {
    return !full;
  }

  boolean writable() {
    return !full && pendingBytes.getAsLong() < config.maxPendingBytes() / 2;
  }

  /**
   * Re-evaluates the budget; checks free disk space at most every 250 ms unless {@code checkDisk}.
   * Logs one WARN/INFO line when the state changes.
   */
  synchronized void update(boolean checkDisk) {
    long now = System.nanoTime();
    if (checkDisk || !freeChecked || now - lastFreeCheckNanos >= FREE_SPACE_CHECK_NANOS) {
      usableBytes = dir.getUsableSpace();
      if (usableBytes == 0 && !dir.exists()) usableBytes = Long.MAX_VALUE; // closed and removed: nothing to say
      lastFreeCheckNanos = now;
      freeChecked = true;
    }
    long total = totalBytes.getAsLong();
    boolean overBudget = total >= config.maxBytes();
    boolean diskLow = usableBytes < config.minFreeDiskBytes();
    boolean nowFull = overBudget || diskLow;
    if (nowFull != full) {
      full = nowFull;
      if (nowFull) {
        log.log(Level.WARNING, "JOURNAL FULL, not accepting new records: segments " + total + " bytes (max_bytes "
            + config.maxBytes() + "), usable disk " + usableBytes + " bytes (min_free_disk_bytes "
            + config.minFreeDiskBytes() + ") in " + dir);
      } else {
        log.log(Level.WARNING, "journal accepting again: segments " + total + " bytes (max_bytes " + config.maxBytes()
            + "), usable disk " + usableBytes + " bytes in " + dir);
      }
    }
  }

  void whenWritable(Runnable r) {
    if (writable()) {
      r.run();
      return;
    }
    waiters.add(r);
    runWaiters(); // it may have turned writable between the check and the add
  }

  boolean hasWaiters() {
    return !waiters.isEmpty();
  }

  /** Runs (and forgets) every waiting callback if the journal is writable now. */
  void runWaiters() {
    if (waiters.isEmpty() || !writable()) return;
    Runnable r;
    while ((r = waiters.poll()) != null) {
      try {
        r.run();
      } catch (RuntimeException e) {
        log.log(Level.ERROR, "whenWritable callback failed", e);
      }
    }
  }

  boolean full() {
    return full;
  }
}
