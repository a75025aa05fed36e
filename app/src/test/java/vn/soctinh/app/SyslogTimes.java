package vn.soctinh.app;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Times for the syslog lines tests send to a running server. The server runs on the real clock and
 * the console searches the last 24 hours, so a line dated on a fixed day is found only on that day:
 * take the times from {@link #recent()} instead. The stamps are in Vietnam time, the zone the server
 * reads year-less stamps in by default.
 */
public final class SyslogTimes {
  public static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
  /** RFC 3164: "Dec  7 10:00:00", the day padded with a space. */
  private static final DateTimeFormatter RFC3164 = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT).withZone(VIETNAM);
  /** Common Log Format: "07/Dec/2026:10:00:00 +0700". */
  private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(VIETNAM);

  private SyslogTimes() {}

  /**
   * A minute ago, to the second: inside the last 24 hours, and before the end of that range (the
   * console's "now"), even for lines stamped a few seconds after it.
   */
  public static Instant recent() {
    return Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
  }

  /** {@code t} as an RFC 3164 stamp. */
  public static String rfc3164(Instant t) {
    return RFC3164.format(t);
  }

  /** {@code t} as an access log's time, between the brackets. */
  public static String clf(Instant t) {
    return CLF.format(t);
  }
}
