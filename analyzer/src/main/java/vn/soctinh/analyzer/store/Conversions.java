package vn.soctinh.analyzer.store;

import java.time.Instant;
import vn.soctinh.analyzer.parse.Values;

/**
 * What a value may become to fit a field type, for {@link FieldGuard}: the few conversions its class
 * comment lists, strict (a sender's "1e999" or " 80" is not a number), none by exception on the
 * common path, and never a value that loses information silently (80.5 is not a long).
 */
final class Conversions {
  private static final long MIN_EPOCH_SECOND = -62167219200L; // 0000-01-01T00:00:00Z
  private static final long MAX_EPOCH_SECOND = 253402300799L; // 9999-12-31T23:59:59Z

  private Conversions() {}

  /**
   * {@code v} as it fits {@code t}: itself, a converted value, or null when it does not fit. Takes
   * scalars widened by {@link #widen}; says nothing of text length or surrogates.
   */
  static Object fit(FieldType t, Object v) {
    switch (t) {
      case KEYWORD, TEXT, STORED:
        return v;
      case LONG:
        if (v instanceof Long) return v;
        if (v instanceof Double d) return d == Math.rint(d) && d >= -0x1p63 && d < 0x1p63 ? Long.valueOf(d.longValue()) : null;
        return v instanceof String s ? parseLong(s) : null;
      case DOUBLE:
        if (v instanceof Long) return v;
        if (v instanceof Double d) return Double.isFinite(d) ? v : null;
        return v instanceof String s ? parseDouble(s) : null;
      case DATE:
        if (v instanceof Instant time) return inRange(time) ? time : null;
        return v instanceof String s ? parseInstant(s) : null;
      case IP:
        return v instanceof String s && Values.isIp(s) ? s : null;
      case BOOLEAN:
        return v instanceof Boolean || "true".equals(v) || "false".equals(v) ? v : null;
      default:
        return null;
    }
  }

  /** Other scalar types one may find inside lists and maps, as the event's own: Integer → Long, Float → Double, else text. */
  static Object widen(Object v) {
    if (v instanceof String || v instanceof Long || v instanceof Double || v instanceof Boolean || v instanceof Instant) return v;
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
    if (v instanceof Float f) return f.doubleValue();
    return String.valueOf(v);
  }

  static boolean inRange(Instant t) {
    return t.getEpochSecond() >= MIN_EPOCH_SECOND && t.getEpochSecond() <= MAX_EPOCH_SECOND;
  }

  /** A plain decimal integer ({@code -?[0-9]+}) within long range, or null. */
  static Long parseLong(String s) {
    int n = s.length();
    int i = n > 0 && s.charAt(0) == '-' ? 1 : 0;
    if (i == n || n - i > 19) return null;
    long v = 0;
    for (; i < n; i++) {
      int d = s.charAt(i) - '0';
      if (d < 0 || d > 9) return null;
      // accumulate negatively: Long.MIN_VALUE has no positive twin
      if (v < (Long.MIN_VALUE + d) / 10) return null;
      v = v * 10 - d;
    }
    if (s.charAt(0) == '-') return v;
    return v == Long.MIN_VALUE ? null : -v;
  }

  /** A JSON-style decimal number ({@code -?digits[.digits][e[+-]digits]}) that is finite as a double, or null. */
  static Double parseDouble(String s) {
    int n = s.length();
    if (n == 0 || n > 64) return null;
    int i = s.charAt(0) == '-' ? 1 : 0;
    int digits = i;
    while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
    if (i == digits) return null;
    if (i < n && s.charAt(i) == '.') {
      int f = ++i;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
      if (i == f) return null;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
      int x = i;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
      if (i == x) return null;
    }
    if (i != n) return null;
    double d = Double.parseDouble(s);
    return Double.isFinite(d) ? d : null;
  }

  /** An ISO-8601 instant (with Z or an offset) from year 0 to 9999, or null. */
  static Instant parseInstant(String s) {
    // cheap refusals first: the exception costs microseconds, and senders choose how often
    if (s.length() < 20 || s.length() > 40 || s.charAt(0) < '0' || s.charAt(0) > '9' || s.indexOf('T') != 10) return null;
    try {
      Instant t = Instant.parse(s);
      return inRange(t) ? t : null;
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }
}
