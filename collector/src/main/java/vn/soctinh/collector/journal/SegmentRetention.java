package vn.soctinh.collector.journal;

import vn.soctinh.collector.logging.RateLimitedLog;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * Deletes sealed segments that every registered consumer has committed past, once they have been
 * fully consumed for keep_consumed_secs. With no consumer registered nothing is ever deleted: the
 * journal keeps everything until the analyzer exists and says it is done. The active segment is
 * never deleted.
 */
final class SegmentRetention implements Runnable {
  private final SegmentSet segments;
  private final long keepNanos;
  private final RateLimitedLog errors;
  private final Runnable afterDelete;
  private ConsumerOffsets consumers;
  /** Completed passes: lets a test wait for a pass that had its chance to delete, instead of sleeping. */
  private volatile long passes;

  SegmentRetention(SegmentSet segments, long keepConsumedSecs, RateLimitedLog errors, Runnable afterDelete) {
    this.segments = segments;
    this.keepNanos = keepConsumedSecs * 1_000_000_000L;
    this.errors = errors;
    this.afterDelete = afterDelete;
  }

  synchronized void consumers(ConsumerOffsets c) {
    this.consumers = c;
  }

  long passes() {
    return passes;
  }

  @Override
  public synchronized void run() {
    try {
      pass();
    } finally {
      passes++; // only this (synchronized) method writes it
    }
  }

  private void pass() {
    if (consumers == null || consumers.isEmpty()) return;
    long min = consumers.minCommitted();
    List<JournalSegment> list = segments.snapshot();
    boolean deleted = false;
    long now = System.nanoTime();
    // the last segment of the snapshot is the active one (or was a moment ago): never a candidate
    for (int i = 0; i + 1 < list.size(); i++) {
      JournalSegment s = list.get(i);
      if (min < list.get(i + 1).baseOffset()) break;
      if (s.consumedSinceNanos == 0) s.consumedSinceNanos = now == 0 ? 1 : now;
      if (now - s.consumedSinceNanos < keepNanos) break;
      try {
        segments.delete(s);
        deleted = true;
      } catch (IOException e) {
        errors.log(Level.ERROR, "could not delete consumed journal segment " + s.path() + ": " + e);
        break;
      }
    }
    if (deleted) afterDelete.run();
  }
}
