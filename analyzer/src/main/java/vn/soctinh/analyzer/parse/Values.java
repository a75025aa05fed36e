package vn.soctinh.analyzer.parse;

import vn.soctinh.analyzer.event.Event;

/**
 * Small checks parsers share before they put a value into a typed ECS field: an {@code ip} field
 * must hold an IP literal and a {@code long} field a number, or the stores would reject the event.
 * Nothing here resolves names (a codec does no I/O).
 */
public final class Values {
  private Values() {}

  /** True for an IPv4 dotted quad or an IPv6 literal (optionally with a %zone), without look-ups. */
  public static boolean isIp(String s) {
    if (s == null || s.isEmpty() || s.length() > 64) return false;
    return s.indexOf(':') >= 0 ? isIpv6(s) : isIpv4(s);
  }

  public static boolean isIpv4(String s) {
    int parts = 0;
    int i = 0;
    int n = s.length();
    while (i < n) {
      int v = 0;
      int start = i;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 4) v = v * 10 + (s.charAt(i++) - '0');
      if (i == start || i - start > 3 || v > 255) return false;
      parts++;
      if (i == n) break;
      if (s.charAt(i) != '.' || parts == 4) return false;
      i++;
      if (i == n) return false;
    }
    return parts == 4;
  }

  private static boolean isIpv6(String s) {
    int pct = s.indexOf('%');
    String a = pct >= 0 ? s.substring(0, pct) : s;
    if (a.isEmpty()) return false;
    int groups = 0;
    boolean doubleColon = false;
    int i = 0;
    int n = a.length();
    if (a.startsWith("::")) {
      doubleColon = true;
      i = 2;
      if (i == n) return true;
    } else if (a.charAt(0) == ':') {
      return false;
    }
    while (i < n) {
      int start = i;
      while (i < n && Character.digit(a.charAt(i), 16) >= 0 && i - start < 5) i++;
      if (i < n && a.charAt(i) == '.') return isIpv4(a.substring(start)) && groups + 2 <= (doubleColon ? 7 : 8);
      if (i == start || i - start > 4) return false;
      groups++;
      if (i == n) break;
      if (a.charAt(i) != ':') return false;
      i++;
      if (i < n && a.charAt(i) == ':') {
        if (doubleColon) return false;
        doubleColon = true;
        i++;
        if (i == n) break;
      } else if (i == n) {
        return false;
      }
    }
    return doubleColon ? groups <= 7 : groups == 8;
  }

  /** Puts an IP field when the text is an IP literal (brackets stripped); returns whether it did. */
  public static boolean putIp(Event e, String field, String text) {
    if (text == null) return false;
    String t = text.length() > 2 && text.charAt(0) == '[' && text.charAt(text.length() - 1) == ']' ? text.substring(1, text.length() - 1) : text;
    if (!isIp(t)) return false;
    e.put(field, t);
    return true;
  }

  /** The text as a long, or null when it is not a plain decimal number. */
  public static Long parseLong(String s) {
    if (s == null || s.isEmpty() || s.length() > 19) return null;
    int i = s.charAt(0) == '-' ? 1 : 0;
    if (i == s.length()) return null;
    long v = 0;
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return null;
      v = v * 10 + (c - '0');
    }
    return s.charAt(0) == '-' ? -v : v;
  }

  /** Puts a numeric field when the text is a number; returns whether it did. */
  public static boolean putLong(Event e, String field, String text) {
    Long v = parseLong(text);
    if (v == null) return false;
    e.put(field, v);
    return true;
  }

  /** Puts a port (0..65535) when the text is one. */
  public static boolean putPort(Event e, String field, String text) {
    Long v = parseLong(text);
    if (v == null || v < 0 || v > 65535) return false;
    e.put(field, v);
    return true;
  }
}
