package vn.soctinh.collector.net;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One log line per interval at most, with a count of what was suppressed: attackers control how
 * often a bad-input path runs, so they must not control how much we log.
 */
public final class RateLimitedLog {
  private final System.Logger log;
  private final long intervalNanos;
  private final AtomicLong next = new AtomicLong();
  private final AtomicLong suppressed = new AtomicLong();

  public RateLimitedLog(System.Logger log, long intervalMillis) {
    this.log = log;
    this.intervalNanos = intervalMillis * 1_000_000L;
  }

  public void warn(Supplier<String> message) {
    long now = System.nanoTime();
    long n = next.get();
    if (now - n >= 0 && next.compareAndSet(n, now + intervalNanos)) {
      long s = suppressed.getAndSet(0);
      log.log(System.Logger.Level.WARNING, message.get() + (s > 0 ? " (" + s + " similar lines suppressed)" : ""));
    } else {
      suppressed.incrementAndGet();
    }
  }
}
