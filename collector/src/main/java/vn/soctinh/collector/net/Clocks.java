package vn.soctinh.collector.net;

import java.time.Instant;

/** Receive timestamps: UTC epoch nanoseconds (microsecond precision on Linux). */
public final class Clocks {
  private Clocks() {}

  public static long epochNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
