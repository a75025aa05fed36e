package vn.soctinh.analyzer.parse.web;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;

/** Times in web server logs: access logs' {@code 23/Nov/2026:10:00:00 +0700} and error logs' {@code Sun Dec 04 04:47:44 2005}. */
final class ClfTime {
  private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";

  private ClfTime() {}

  static int month(String m) {
    if (m.length() != 3) return 0;
    int i = MONTHS.indexOf(m.toLowerCase(Locale.ROOT));
    return i < 0 || i % 3 != 0 ? 0 : i / 3 + 1;
  }

  /** "23/Nov/2026:10:00:00 +0700" (a one-digit day too: "1/Apr/2014:...", as some servers write it), or null. */
  static Instant parse(String s) {
    if (s.length() > 1 && s.charAt(1) == '/') s = "0" + s;
    try {
      if (s.length() < 26 || s.charAt(2) != '/' || s.charAt(6) != '/' || s.charAt(11) != ':') return null;
      int day = Integer.parseInt(s.substring(0, 2));
      int mon = month(s.substring(3, 6));
      int year = Integer.parseInt(s.substring(7, 11));
      int h = Integer.parseInt(s.substring(12, 14));
      int mi = Integer.parseInt(s.substring(15, 17));
      int sec = Integer.parseInt(s.substring(18, 20));
      ZoneOffset off = ZoneOffset.of(s.substring(21, 24) + ":" + s.substring(24, 26));
      return mon == 0 ? null : LocalDateTime.of(year, mon, day, h, mi, sec).toInstant(off);
    } catch (NumberFormatException | DateTimeException e) {
      return null;
    }
  }

  /** "2026-11-23 10:00:00.123456 +0700" (Apache's ErrorLogFormat %{cu}t), the zone when it has none; or null. */
  static Instant parseIso(String s, ZoneId zone) {
    try {
      String[] p = s.split(" ");
      if (p.length < 2 || p.length > 3 || p[0].length() != 10) return null;
      java.time.LocalDate date = java.time.LocalDate.parse(p[0]);
      String[] t = p[1].split(":");
      if (t.length != 3) return null;
      String secs = t[2];
      int nanos = 0;
      int dot = secs.indexOf('.');
      if (dot > 0) {
        nanos = Integer.parseInt((secs.substring(dot + 1) + "000000000").substring(0, 9));
        secs = secs.substring(0, dot);
      }
      LocalDateTime ldt = date.atTime(Integer.parseInt(t[0]), Integer.parseInt(t[1]), Integer.parseInt(secs), nanos);
      if (p.length == 2) return ldt.atZone(zone).toInstant();
      String z = p[2];
      if (z.length() != 5 || (z.charAt(0) != '+' && z.charAt(0) != '-')) return null;
      return ldt.toInstant(ZoneOffset.of(z.substring(0, 3) + ":" + z.substring(3)));
    } catch (NumberFormatException | DateTimeException e) {
      return null;
    }
  }

  /** "Sun Dec 04 04:47:44 2005" or "Thu Nov 23 10:00:00.123456 2026" in the given zone, or null. */
  static Instant parseErrorLog(String s, ZoneId zone) {
    try {
      String[] p = s.split(" ");
      if (p.length != 5) return null;
      int mon = month(p[1]);
      int day = Integer.parseInt(p[2]);
      String[] t = p[3].split(":");
      if (mon == 0 || t.length != 3) return null;
      String secs = t[2];
      int nanos = 0;
      int dot = secs.indexOf('.');
      if (dot > 0) {
        String f = (secs.substring(dot + 1) + "000000000").substring(0, 9);
        nanos = Integer.parseInt(f);
        secs = secs.substring(0, dot);
      }
      LocalDateTime ldt = LocalDateTime.of(Integer.parseInt(p[4]), mon, day, Integer.parseInt(t[0]), Integer.parseInt(t[1]),
          Integer.parseInt(secs), nanos);
      return ldt.atZone(zone).toInstant();
    } catch (NumberFormatException | DateTimeException e) {
      return null;
    }
  }
}
