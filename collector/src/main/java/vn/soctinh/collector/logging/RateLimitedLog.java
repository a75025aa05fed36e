package vn.soctinh.collector.logging;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.function.Supplier;

/**
 * One log line per interval at most, with a count of what was held back. Peers decide how often a
 * bad-input path runs and a failing disk fails every write, so neither may decide how much we log.
 */
public final class RateLimitedLog {
  private final Logger log;
  private final long intervalNanos;
  private long lastNanos;
  private boolean logged;
  private long suppressed;

  public RateLimitedLog(Logger log, long intervalMillis) {
    this.log = log;
    this.intervalNanos = intervalMillis * 1_000_000L;
  }

  public void warn(Supplier<String> message) {
    String m = admit();
    if (m != null) log.log(Level.WARNING, message.get() + m);
  }

  public void log(Level level, String message) {
    String m = admit();
    if (m != null) log.log(level, message + m);
  }

  /** Null when this line is suppressed, else the suffix to append (the suppressed count, if any). */
  private synchronized String admit() {
    long now = System.nanoTime();
    if (logged && now - lastNanos < intervalNanos) {
      suppressed++;
      return null;
    }
    String suffix = suppressed == 0 ? "" : " (" + suppressed + " similar lines suppressed)";
    logged = true;
    lastNanos = now;
    suppressed = 0;
    return suffix;
  }
}
