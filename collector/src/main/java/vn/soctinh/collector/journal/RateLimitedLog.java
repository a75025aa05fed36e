package vn.soctinh.collector.journal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Logs one line at most every interval and says how many were held back, so a full disk that makes
 * every write fail gives one line per interval instead of thousands per second.
 */
final class RateLimitedLog {
  private final Logger log;
  private final long intervalNanos;
  private long lastNanos;
  private boolean logged;
  private long suppressed;

  RateLimitedLog(Logger log, long intervalMillis) {
    this.log = log;
    this.intervalNanos = intervalMillis * 1_000_000L;
  }

  synchronized void log(Level level, String message) {
    long now = System.nanoTime();
    if (logged && now - lastNanos < intervalNanos) {
      suppressed++;
      return;
    }
    log.log(level, suppressed == 0 ? message : message + " (" + suppressed + " similar lines suppressed)");
    logged = true;
    lastNanos = now;
    suppressed = 0;
  }
}
