package vn.soctinh.analyzer.decode;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * RFC 3164 as devices really send it: PRI optional; Cisco sequence numbers ({@code <189>123: })
 * and the {@code *}/{@code .} clock-state marks; {@code Mmm dd hh:mm:ss} with the day padded by a
 * space, a zero or nothing, optionally with a year and milliseconds and a zone abbreviation; or an
 * RFC 3339 / ISO 8601 stamp; hostname optional; {@code TAG[pid]:}, a tag without colon, or a Cisco
 * {@code %ASA-6-302013:} mnemonic. It never fails: what it cannot place stays in the message.
 *
 * <p>A classic stamp has neither year nor zone. The zone is the agency's; the year is the one that
 * puts the stamp nearest before the receive time, allowing the sender's clock to run up to
 * {@link #MAX_CLOCK_AHEAD_SECS} ahead, so a 31 December line received on 1 January lands in the old
 * year and a 1 January line from a fast clock received on 31 December lands in the new one.
 * Stateless and thread-safe.
 */
public final class Rfc3164Decoder {
  /** How far ahead of our clock a sender's stamp may be before we read it as last year's. */
  public static final long MAX_CLOCK_AHEAD_SECS = 2 * 86400;
  private static final int MAX_TAG = 48;

  public SyslogDecodeResult decode(byte[] b, ZoneId zone, Instant received) {
    return decode(b, 0, b.length, zone, received);
  }

  public SyslogDecodeResult decode(byte[] b, int off, int len, ZoneId zone, Instant received) {
    int end = Rfc5424Decoder.trimEnd(b, off, off + len);
    SyslogMessage m = new SyslogMessage();
    m.format = MessageFormat.RFC3164;
    int[] pos = {off};
    int pri = Pri.read(b, pos, end, false);
    if (pri >= 0) m.priority = pri;
    else pos[0] = off; // a malformed PRI stays part of the text
    boolean header = pri >= 0;
    int i = pos[0];
    // "<167> Mar  7 19:06:53 ..." and "<15> openvpn[2499]: ...": a space after the PRI (some relays, BSD logger)
    if (header) while (i < end && b[i] == ' ') i++;
    if (pri < 0) {
      // "LOCAL4.WARNING: fw-1 %ASA-4-106023: ..." (Kiwi Syslog and some relays): the priority in
      // words instead of a PRI; a header follows, so the next word may be the host
      int w = wordPriority(b, i, end, m);
      if (w > i) {
        i = w;
        header = true;
      }
    }

    // Cisco IOS: "<189>123: *Mar  1 00:00:01.123 UTC: %SYS-5-CONFIG_I: ..." (sequence, then stamp)
    int d = i;
    long seq = 0;
    while (d < end && d - i < 12 && b[d] >= '0' && b[d] <= '9') seq = seq * 10 + (b[d++] - '0');
    if (d > i && d + 1 < end && b[d] == ':' && b[d + 1] == ' ') {
      m.sequence = seq;
      i = d + 2;
      // "<189>45: router1: *Mar  1 ..." (Cisco "logging origin-id hostname")
      int t = i;
      while (t < end && b[t] != ' ' && b[t] != ':') t++;
      if (t > i && t + 2 < end && b[t] == ':' && b[t + 1] == ' ' && (b[t + 2] == '*' || b[t + 2] == '.' || (t + 5 <= end && CivilTime.month(b, t + 2) != 0))
          && looksLikeHost(b, i, t)) {
        m.hostname = Utf8Text.ascii(b, i, t - i);
        i = t + 2;
      }
    }
    if (i < end && (b[i] == '*' || b[i] == '.') && i + 1 < end && Character.isLetter(b[i + 1])) i++;

    int afterStamp = classicStamp(b, i, end, m, zone, received);
    if (afterStamp < 0 && end - i > 5 && isDigits(b, i, 4) && b[i + 4] == ' ') {
      // "1990 Oct 22 10:52:01" (RFC 3164 5.4 example 4): read the stamp, then put the year back.
      afterStamp = classicStamp(b, i + 5, end, m, zone, received);
      if (afterStamp >= 0) {
        int year = num(b, i, 4);
        java.time.ZonedDateTime z = m.timestamp.atZone(zone);
        if (z.getMonthValue() != 2 || z.getDayOfMonth() != 29 || CivilTime.isLeap(year)) {
          m.timestamp = z.withYear(year).toInstant();
          m.timestampText = Utf8Text.ascii(b, i, afterStamp - i).strip();
        }
      }
    }
    if (afterStamp < 0) afterStamp = isoStamp(b, i, end, m, zone);
    if (afterStamp >= 0) {
      header = true;
      i = afterStamp;
      if (i < end && b[i] == ':') i++; // "00:00:01.123: %SYS..." (Cisco)
      while (i < end && b[i] == ' ') i++;
      // "Mar  7 19:06:53 forwarded from 10.0.0.1: host2 prog: msg": a relay that says so
      i = relay(b, i, end, m);
    }

    // HOSTNAME, only where a header says one may follow; "host : %ASA-..." has a lone colon after it.
    if (header) {
      int t = i;
      while (t < end && b[t] != ' ') t++;
      // a stamp, then one word and nothing else: the word is the host (a header without a message)
      boolean alone = t == end && afterStamp >= 0;
      if ((t < end || alone) && t > i && looksLikeHost(b, i, t)) {
        m.hostname = Utf8Text.ascii(b, i, t - i);
        i = Math.min(end, t + 1);
        if (i + 1 < end && b[i] == ':' && b[i + 1] == ' ') i += 2;
        while (i < end && b[i] == ' ') i++;
        // "host 123: Mar  1 18:46:11.123 UTC: %LINK-3-UPDOWN: ..." (Cisco IOS through a relay that
        // added its own header): the sequence number, then the device's own stamp, which wins
        i = ciscoAfterHost(b, i, end, m, zone, received);
        i = facilityLevel(b, i, end);
      }
    }

    i = tag(b, i, end, m, header);
    if ("rsyslogd".equals(m.appname) || "rsyslogd-pstats".equals(m.appname)) {
      // rsyslog's own messages carry RFC 5424 structured data after the tag: "[origin software=...] start"
      int[] p = {i};
      java.util.Map<String, java.util.Map<String, Object>> sd = Rfc5424Decoder.structuredDataOrNull(b, p, end);
      if (sd != null) {
        m.structuredData = sd;
        i = skipOneSpace(b, p[0], end);
      }
    }
    m.message = text(b, i, end, m);
    return new SyslogDecodeResult.Decoded(m);
  }

  private static final byte[] FORWARDED = "forwarded from ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** Skips "forwarded from RELAY: " (kept as {@code relay}); returns where the sender's own header goes on. */
  private static int relay(byte[] b, int i, int end, SyslogMessage m) {
    if (end - i <= FORWARDED.length || !java.util.Arrays.equals(b, i, i + FORWARDED.length, FORWARDED, 0, FORWARDED.length)) return i;
    int h = i + FORWARDED.length;
    int t = h;
    while (t < end && b[t] != ' ') t++;
    if (t >= end || t - 1 <= h || b[t - 1] != ':' || !looksLikeHost(b, h, t - 1)) return i;
    m.relay = Utf8Text.ascii(b, h, t - 1 - h);
    return t + 1;
  }

  /** After a host: "123: " and a stamp (or a Cisco mnemonic): the sequence number, and the stamp read again. */
  private static int ciscoAfterHost(byte[] b, int i, int end, SyslogMessage m, ZoneId zone, Instant received) {
    int d = i;
    long seq = 0;
    while (d < end && d - i < 12 && b[d] >= '0' && b[d] <= '9') seq = seq * 10 + (b[d++] - '0');
    if (d == i || d + 2 >= end || b[d] != ':' || b[d + 1] != ' ') return i;
    int s = d + 2;
    if (b[s] == '*' || b[s] == '.') s++;
    SyslogMessage inner = new SyslogMessage();
    int after = classicStamp(b, s, end, inner, zone, received);
    if (after < 0 && b[s] != '%') return i;
    m.sequence = seq;
    if (after < 0) return s;
    m.timestamp = inner.timestamp;
    m.timestampText = inner.timestampText;
    if (after < end && b[after] == ':') after++;
    while (after < end && b[after] == ' ') after++;
    return after;
  }

  private static final java.util.Set<String> FACILITIES = java.util.Set.of("kern", "user", "mail", "daemon", "auth", "syslog", "lpr",
      "news", "uucp", "cron", "authpriv", "ftp", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7");
  private static final java.util.Set<String> LEVELS = java.util.Set.of("emerg", "alert", "crit", "err", "error", "warn", "warning",
      "notice", "info", "debug");

  /** "LOCAL4.WARNING: " (any case) at {@code i}: sets the priority and returns where the rest starts, else {@code i}. */
  private static int wordPriority(byte[] b, int i, int end, SyslogMessage m) {
    int t = i;
    int dot = -1;
    while (t < end && t - i <= 16 && b[t] != ':' && b[t] != ' ') {
      if (b[t] == '.') dot = t;
      t++;
    }
    if (dot <= i || t + 1 >= end || b[t] != ':' || b[t + 1] != ' ' || t == dot + 1) return i;
    String facility = Utf8Text.ascii(b, i, dot - i).toLowerCase(java.util.Locale.ROOT);
    String level = Utf8Text.ascii(b, dot + 1, t - dot - 1).toLowerCase(java.util.Locale.ROOT);
    int f = FACILITY_ORDER.indexOf(facility);
    int l = LEVEL_ORDER.indexOf(level.equals("warn") ? "warning" : level.equals("error") ? "err" : level);
    if (f < 0 || l < 0) return i;
    m.priority = f * 8 + l;
    return t + 2;
  }

  // RFC 5424 6.2.1: facility and severity codes are these positions ("security" and "console" are not words senders use here)
  private static final java.util.List<String> FACILITY_ORDER = java.util.List.of("kern", "user", "mail", "daemon", "auth", "syslog", "lpr",
      "news", "uucp", "cron", "authpriv", "ftp", "ntp", "audit", "alert", "clock", "local0", "local1", "local2", "local3", "local4", "local5",
      "local6", "local7");
  private static final java.util.List<String> LEVEL_ORDER = java.util.List.of("emerg", "alert", "crit", "err", "warning", "notice", "info", "debug");

  /**
   * "host user.info kernel: ...": some gateways (Ubiquiti's among them) write the facility and
   * level in words between the host and the tag; the PRI already says both, so the word is skipped.
   */
  private static int facilityLevel(byte[] b, int i, int end) {
    int t = i;
    int dot = -1;
    while (t < end && t - i <= 16 && b[t] != ' ') {
      if (b[t] == '.') dot = t;
      t++;
    }
    if (dot <= i || t >= end || t - i > 16 || t == dot + 1) return i;
    String facility = Utf8Text.ascii(b, i, dot - i);
    String level = Utf8Text.ascii(b, dot + 1, t - dot - 1);
    return FACILITIES.contains(facility) && LEVELS.contains(level) ? t + 1 : i;
  }

  private static String text(byte[] b, int from, int end, SyslogMessage m) {
    int len = end - from;
    if (len <= 0) return "";
    if (Utf8Text.isAscii(b, from, len)) return Utf8Text.ascii(b, from, len);
    m.messageNotUtf8 = !Utf8Text.isValid(b, from, len);
    return Utf8Text.decode(b, from, len);
  }

  private static boolean looksLikeHost(byte[] b, int from, int to) {
    if (b[to - 1] == ':' || b[from] == '%' || b[from] == '[') return false;
    for (int k = from; k < to; k++) {
      byte c = b[k];
      if (c == '[' || c == ']' || c == '=' || c == '(' || c == '"' || c < 33 || c > 126) return false;
    }
    return to - from <= 255;
  }

  /**
   * TAG: "prog[pid]: ", "prog: ", "%ASA-6-302013: ", or (after a header) "prog[pid] " without colon.
   * Returns where the message starts.
   */
  private static int tag(byte[] b, int i, int end, SyslogMessage m, boolean header) {
    int t = i;
    while (t < end && t - i <= MAX_TAG) {
      byte c = b[t];
      if (c == ':' || c == '[' || c == ' ' || c < 33 || c > 126) break;
      t++;
    }
    if (t == i || t - i > MAX_TAG || t >= end) return i;
    if (b[t] == '[') {
      int p = t + 1;
      while (p < end && p - t <= 129 && b[p] != ']' && b[p] > 32 && b[p] < 127) p++;
      if (p >= end || b[p] != ']' || p == t + 1) return i;
      int after = p + 1;
      if (after < end && b[after] == ':') after++;
      else if (!header) return i;
      m.appname = Utf8Text.ascii(b, i, t - i);
      m.procid = Utf8Text.ascii(b, t + 1, p - t - 1);
      return skipOneSpace(b, after, end);
    }
    if (b[t] == ':') {
      if (t + 1 < end && b[t + 1] != ' ') return i; // "10:20" or "http://": not a tag
      m.appname = Utf8Text.ascii(b, i, t - i);
      return skipOneSpace(b, t + 1, end);
    }
    // A bare word without colon is not taken as a tag: RFC 3164 5.4 example 2 ("10.0.0.99 Use the
    // BFG!") has no process; "prog[pid] text" without colon is handled above.
    return i;
  }

  private static int skipOneSpace(byte[] b, int i, int end) {
    return i < end && b[i] == ' ' ? i + 1 : i;
  }

  /** "Mmm dd [yyyy] hh:mm:ss[.fff][ TZ]"; returns the index after it, or -1. */
  private static int classicStamp(byte[] b, int i, int end, SyslogMessage m, ZoneId zone, Instant received) {
    if (end - i < 14) return -1;
    int month = CivilTime.month(b, i);
    if (month == 0 || b[i + 3] != ' ') return -1;
    int j = i + 4;
    if (b[j] == ' ') j++;
    int day = 0;
    int dstart = j;
    while (j < end && j - dstart < 2 && b[j] >= '0' && b[j] <= '9') day = day * 10 + (b[j++] - '0');
    if (j == dstart || j >= end || b[j] != ' ' || day < 1 || day > 31) return -1;
    j++;
    int year = -1;
    if (j + 5 <= end && isDigits(b, j, 4) && b[j + 4] == ' ') {
      year = num(b, j, 4);
      j += 5;
    }
    int h = 0;
    int hs = j;
    while (j < end && j - hs < 2 && b[j] >= '0' && b[j] <= '9') h = h * 10 + (b[j++] - '0');
    if (j == hs || j + 6 > end || b[j] != ':' || !isDigits(b, j + 1, 2) || b[j + 3] != ':' || !isDigits(b, j + 4, 2)) return -1;
    int mi = num(b, j + 1, 2);
    int s = num(b, j + 4, 2);
    j += 6;
    if (h > 23 || mi > 59 || s > 60) return -1;
    if (s == 60) s = 59;
    int nanos = 0;
    if (j + 1 < end && b[j] == '.' && b[j + 1] >= '0' && b[j + 1] <= '9') {
      j++;
      int fs = j;
      while (j < end && b[j] >= '0' && b[j] <= '9') {
        if (j - fs < 9) nanos = nanos * 10 + (b[j] - '0');
        j++;
      }
      for (int k = Math.min(j - fs, 9); k < 9; k++) nanos *= 10;
    }
    // "Nov 23 10:00:00 2026" (year after the time) is sent by some appliances.
    if (year < 0 && j + 5 <= end && b[j] == ' ' && isDigits(b, j + 1, 4) && (j + 5 == end || b[j + 5] == ' ')) {
      int y = num(b, j + 1, 4);
      if (y >= 1970 && y <= 2200) {
        year = y;
        j += 5;
      }
    }
    ZoneId z = zone;
    // A zone abbreviation before a colon (Cisco "00:00:01.123 UTC: ...") or before a year
    // (RFC 3164 5.4 example 3, "05:34:00 CST 1987"). Only UTC/GMT are unambiguous; others keep the agency's zone.
    int k = j;
    if (k < end && b[k] == ' ') {
      int zs = k + 1;
      int ze = zs;
      while (ze < end && ze - zs < 5 && b[ze] >= 'A' && b[ze] <= 'Z') ze++;
      boolean beforeColon = ze - zs >= 3 && ze < end && b[ze] == ':';
      boolean beforeYear = ze - zs >= 3 && year < 0 && ze + 5 <= end && b[ze] == ' ' && isDigits(b, ze + 1, 4)
          && (ze + 5 == end || b[ze + 5] == ' ');
      if (beforeColon || beforeYear) {
        String abbr = Utf8Text.ascii(b, zs, ze - zs);
        if (abbr.equals("UTC") || abbr.equals("GMT")) z = ZoneOffset.UTC;
        j = ze;
        if (beforeYear) {
          year = num(b, ze + 1, 4);
          j = ze + 5;
        }
      }
    }
    if (year < 0) {
      year = inferYear(month, day, h, mi, s, z, received);
    } else if (day > CivilTime.daysInMonth(year, month)) {
      return -1;
    }
    if (year < 0) return -1; // e.g. Feb 30: no year has it
    m.timestamp = toInstant(year, month, day, h, mi, s, nanos, z);
    m.timestampText = Utf8Text.ascii(b, i, j - i).strip();
    return j;
  }

  /** "2026-11-23T10:00:00[.ffffff][Z|+07:00|+0700]"; without an offset the agency's zone applies. */
  private static int isoStamp(byte[] b, int i, int end, SyslogMessage m, ZoneId zone) {
    if (end - i < 19 || !isDigits(b, i, 4) || b[i + 4] != '-' || !isDigits(b, i + 5, 2) || b[i + 7] != '-'
        || !isDigits(b, i + 8, 2) || (b[i + 10] != 'T' && b[i + 10] != ' ') || !isDigits(b, i + 11, 2) || b[i + 13] != ':'
        || !isDigits(b, i + 14, 2) || b[i + 16] != ':' || !isDigits(b, i + 17, 2)) return -1;
    int year = num(b, i, 4), month = num(b, i + 5, 2), day = num(b, i + 8, 2);
    int h = num(b, i + 11, 2), mi = num(b, i + 14, 2), s = num(b, i + 17, 2);
    if (month < 1 || month > 12 || day < 1 || day > CivilTime.daysInMonth(year, month) || h > 23 || mi > 59 || s > 60) return -1;
    if (s == 60) s = 59;
    int j = i + 19;
    int nanos = 0;
    if (j + 1 < end && (b[j] == '.' || b[j] == ',') && b[j + 1] >= '0' && b[j + 1] <= '9') {
      j++;
      int fs = j;
      while (j < end && b[j] >= '0' && b[j] <= '9') {
        if (j - fs < 9) nanos = nanos * 10 + (b[j] - '0');
        j++;
      }
      for (int k = Math.min(j - fs, 9); k < 9; k++) nanos *= 10;
    }
    Integer offset = null;
    if (j < end && b[j] == 'Z') {
      offset = 0;
      j++;
    } else if (j + 3 <= end && (b[j] == '+' || b[j] == '-') && isDigits(b, j + 1, 2)) {
      int sign = b[j] == '-' ? -1 : 1;
      int oh = num(b, j + 1, 2);
      int om = 0;
      int k = j + 3;
      if (k + 3 <= end && b[k] == ':' && isDigits(b, k + 1, 2)) {
        om = num(b, k + 1, 2);
        k += 3;
      } else if (k + 2 <= end && isDigits(b, k, 2)) {
        om = num(b, k, 2);
        k += 2;
      }
      if (oh > 23 || om > 59) return -1;
      offset = sign * (oh * 3600 + om * 60);
      j = k;
    }
    // The date-time must end here: "2026-11-23T10:00:00abc" is not a stamp.
    if (j < end && b[j] != ' ' && b[j] != ':') return -1;
    long local = CivilTime.epochSecond(year, month, day, h, mi, s);
    m.timestamp = offset != null ? Instant.ofEpochSecond(local - offset, nanos) : toInstant(year, month, day, h, mi, s, nanos, zone);
    m.timestampText = Utf8Text.ascii(b, i, j - i);
    return j;
  }

  /** The year for a stamp without one; -1 when no candidate year has that date. */
  static int inferYear(int month, int day, int h, int mi, int s, ZoneId zone, Instant received) {
    int ry = received.atZone(zone).getYear();
    long limit = received.getEpochSecond() + MAX_CLOCK_AHEAD_SECS;
    for (int y = ry + 1; y >= ry - 1; y--) {
      if (day > CivilTime.daysInMonth(y, month)) continue;
      if (toInstant(y, month, day, h, mi, s, 0, zone).getEpochSecond() <= limit) return y;
    }
    // Feb 29 of a non-leap year around "received": go back to the previous leap year.
    for (int y = ry - 2; y >= ry - 8; y--) if (day <= CivilTime.daysInMonth(y, month)) return y;
    return -1;
  }

  private static Instant toInstant(int y, int mo, int d, int h, int mi, int s, int nanos, ZoneId zone) {
    long local = CivilTime.epochSecond(y, mo, d, h, mi, s);
    ZoneRules rules = zone.getRules();
    int offset;
    if (rules.isFixedOffset()) {
      offset = rules.getOffset(Instant.EPOCH).getTotalSeconds();
    } else {
      offset = rules.getOffset(java.time.LocalDateTime.of(y, mo, d, h, mi, s)).getTotalSeconds();
    }
    return Instant.ofEpochSecond(local - offset, nanos);
  }

  private static boolean isDigits(byte[] b, int i, int n) {
    for (int k = 0; k < n; k++) if (b[i + k] < '0' || b[i + k] > '9') return false;
    return true;
  }

  private static int num(byte[] b, int i, int n) {
    int v = 0;
    for (int k = 0; k < n; k++) v = v * 10 + (b[i + k] - '0');
    return v;
  }
}
