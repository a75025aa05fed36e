package vn.soctinh.analyzer.decode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 5424, strictly: every rule of the ABNF in section 6, with the field length limits and the
 * PARAM-VALUE escapes. A message that breaks a rule is {@link SyslogDecodeResult.Invalid} with the
 * column and what was expected there, plus the fields read so far. No regex, no per-field copies
 * beyond the strings it returns. Stateless and thread-safe.
 */
public final class Rfc5424Decoder {
  static final int MAX_HOSTNAME = 255;
  static final int MAX_APPNAME = 48;
  static final int MAX_PROCID = 128;
  static final int MAX_MSGID = 32;
  static final int MAX_SD_NAME = 32;

  /** Thrown inside the decoder only, to unwind to the one place that builds the Invalid result. */
  private static final class Fail extends RuntimeException {
    final int pos;

    Fail(int pos, String reason) {
      super(reason, null, false, false);
      this.pos = pos;
    }
  }

  public SyslogDecodeResult decode(byte[] b) {
    return decode(b, 0, b.length);
  }

  public SyslogDecodeResult decode(byte[] b, int off, int len) {
    int end = trimEnd(b, off, off + len);
    SyslogMessage m = new SyslogMessage();
    m.format = MessageFormat.RFC5424;
    int[] pos = {off};
    int field = off; // where the field being read starts: the partial message begins there
    try {
      m.priority = Pri.read(b, pos, end, true);
      if (m.priority < 0) throw new Fail(pos[0], Pri.lastError(m.priority));
      field = pos[0];
      m.version = version(b, pos, end);
      sp(b, pos, end, "TIMESTAMP");
      field = pos[0];
      m.timestamp = timestamp(b, pos, end);
      sp(b, pos, end, "HOSTNAME");
      field = pos[0];
      m.hostname = token(b, pos, end, MAX_HOSTNAME, "HOSTNAME");
      sp(b, pos, end, "APP-NAME");
      field = pos[0];
      m.appname = token(b, pos, end, MAX_APPNAME, "APP-NAME");
      sp(b, pos, end, "PROCID");
      field = pos[0];
      m.procid = token(b, pos, end, MAX_PROCID, "PROCID");
      sp(b, pos, end, "MSGID");
      field = pos[0];
      m.msgid = token(b, pos, end, MAX_MSGID, "MSGID");
      sp(b, pos, end, "STRUCTURED-DATA");
      field = pos[0];
      m.structuredData = structuredData(b, pos, end);
      field = pos[0];
      if (pos[0] < end) {
        if (b[pos[0]] != ' ') throw new Fail(pos[0], "expected a space before MSG or another SD-ELEMENT '[' but found " + show(b, pos[0], end));
        pos[0]++;
        message(m, b, pos[0], end);
      }
      return new SyslogDecodeResult.Decoded(m);
    } catch (Fail f) {
      // Best effort: the text from the failing field on is kept as the message.
      int from = Math.min(Math.max(field, off), end);
      message(m, b, from, end);
      return new SyslogDecodeResult.Invalid(f.getMessage(), f.pos - off + 1, m);
    }
  }

  /** Drops trailing LF, CR and NUL: framing residue, not content. */
  static int trimEnd(byte[] b, int off, int end) {
    while (end > off && (b[end - 1] == '\n' || b[end - 1] == '\r' || b[end - 1] == 0)) end--;
    return end;
  }

  private static void message(SyslogMessage m, byte[] b, int from, int end) {
    if (end - from >= 3 && (b[from] & 0xff) == 0xef && (b[from + 1] & 0xff) == 0xbb && (b[from + 2] & 0xff) == 0xbf) {
      m.bom = true;
      from += 3;
    }
    int len = end - from;
    if (len <= 0) {
      m.message = "";
      return;
    }
    if (Utf8Text.isAscii(b, from, len)) {
      m.message = Utf8Text.ascii(b, from, len);
    } else {
      m.messageNotUtf8 = !Utf8Text.isValid(b, from, len);
      m.message = Utf8Text.decode(b, from, len);
    }
  }

  private static int version(byte[] b, int[] pos, int end) {
    int i = pos[0];
    if (i >= end || b[i] < '1' || b[i] > '9') throw new Fail(i, "expected VERSION (a digit 1-9 right after PRI) but found " + show(b, i, end));
    int v = b[i++] - '0';
    for (int k = 0; k < 2 && i < end && b[i] >= '0' && b[i] <= '9'; k++) v = v * 10 + (b[i++] - '0');
    if (i < end && b[i] >= '0' && b[i] <= '9') throw new Fail(i, "VERSION has more than 3 digits");
    pos[0] = i;
    return v;
  }

  private static void sp(byte[] b, int[] pos, int end, String next) {
    if (pos[0] >= end) throw new Fail(pos[0], "message ends before " + next);
    if (b[pos[0]] != ' ') throw new Fail(pos[0], "expected a space before " + next + " but found " + show(b, pos[0], end));
    pos[0]++;
  }

  /** NILVALUE → null, else 1..max PRINTUSASCII. */
  private static String token(byte[] b, int[] pos, int end, int max, String field) {
    int start = pos[0];
    int i = start;
    while (i < end && b[i] != ' ') {
      if (b[i] < 33 || b[i] > 126) throw new Fail(i, field + " may hold only printable US-ASCII, found " + show(b, i, end));
      i++;
    }
    int len = i - start;
    if (len == 0) throw new Fail(start, "expected " + field + " or '-' but found " + show(b, start, end));
    if (len > max) throw new Fail(start + max, field + " is longer than " + max + " characters");
    pos[0] = i;
    if (len == 1 && b[start] == '-') return null;
    return Utf8Text.ascii(b, start, len);
  }

  private static Instant timestamp(byte[] b, int[] pos, int end) {
    int i = pos[0];
    if (i < end && b[i] == '-' && (i + 1 >= end || b[i + 1] == ' ')) {
      pos[0] = i + 1;
      return null;
    }
    int year = digits(b, i, end, 4, "TIMESTAMP year (4 digits)");
    expect(b, i + 4, end, '-', "TIMESTAMP");
    int month = digits(b, i + 5, end, 2, "TIMESTAMP month");
    expect(b, i + 7, end, '-', "TIMESTAMP");
    int day = digits(b, i + 8, end, 2, "TIMESTAMP day");
    expect(b, i + 10, end, 'T', "TIMESTAMP (the 'T' between date and time)");
    int hour = digits(b, i + 11, end, 2, "TIMESTAMP hour");
    expect(b, i + 13, end, ':', "TIMESTAMP");
    int minute = digits(b, i + 14, end, 2, "TIMESTAMP minute");
    expect(b, i + 16, end, ':', "TIMESTAMP");
    int second = digits(b, i + 17, end, 2, "TIMESTAMP second");
    if (month < 1 || month > 12) throw new Fail(i + 5, "TIMESTAMP month " + month + " is not 01-12");
    if (day < 1 || day > CivilTime.daysInMonth(year, month)) throw new Fail(i + 8, "TIMESTAMP day " + day + " does not exist in " + year + "-" + month);
    if (hour > 23) throw new Fail(i + 11, "TIMESTAMP hour " + hour + " is not 00-23");
    if (minute > 59) throw new Fail(i + 14, "TIMESTAMP minute " + minute + " is not 00-59");
    // RFC 5424 6.2.3: "Leap seconds MUST NOT be used."
    if (second > 59) throw new Fail(i + 17, "TIMESTAMP second " + second + " is not 00-59 (leap seconds must not be used)");
    int nanos = 0;
    int j = i + 19;
    if (j < end && b[j] == '.') {
      j++;
      int start = j;
      int frac = 0;
      while (j < end && b[j] >= '0' && b[j] <= '9') {
        if (j - start == 6) throw new Fail(j, "TIMESTAMP fraction has more than 6 digits");
        frac = frac * 10 + (b[j] - '0');
        j++;
      }
      if (j == start) throw new Fail(j, "expected digits after the '.' of TIMESTAMP but found " + show(b, j, end));
      for (int k = j - start; k < 9; k++) frac *= 10;
      nanos = frac;
    }
    int offsetSecs;
    if (j < end && b[j] == 'Z') {
      offsetSecs = 0;
      j++;
    } else if (j < end && (b[j] == '+' || b[j] == '-')) {
      int sign = b[j] == '-' ? -1 : 1;
      int oh = digits(b, j + 1, end, 2, "TIME-OFFSET hours");
      expect(b, j + 3, end, ':', "TIME-OFFSET");
      int om = digits(b, j + 4, end, 2, "TIME-OFFSET minutes");
      if (oh > 23 || om > 59) throw new Fail(j + 1, "TIME-OFFSET " + oh + ":" + om + " is out of range");
      offsetSecs = sign * (oh * 3600 + om * 60);
      j += 6;
    } else {
      throw new Fail(j, "expected TIME-OFFSET ('Z' or +hh:mm or -hh:mm) but found " + show(b, j, end));
    }
    pos[0] = j;
    return Instant.ofEpochSecond(CivilTime.epochSecond(year, month, day, hour, minute, second) - offsetSecs, nanos);
  }

  private static int digits(byte[] b, int i, int end, int n, String what) {
    int v = 0;
    for (int k = 0; k < n; k++) {
      if (i + k >= end || b[i + k] < '0' || b[i + k] > '9') throw new Fail(i + k, "expected " + what + " but found " + show(b, i + k, end));
      v = v * 10 + (b[i + k] - '0');
    }
    return v;
  }

  private static void expect(byte[] b, int i, int end, char c, String what) {
    if (i >= end || b[i] != c) throw new Fail(i, "expected '" + c + "' in " + what + " but found " + show(b, i, end));
  }

  /**
   * RFC 5424 structured data at {@code pos}, or null ({@code pos} unchanged) when what is there is
   * not: for RFC 3164 senders that write it after the tag (rsyslog's own messages).
   */
  static Map<String, Map<String, Object>> structuredDataOrNull(byte[] b, int[] pos, int end) {
    int start = pos[0];
    if (start >= end || b[start] != '[') return null;
    try {
      return structuredData(b, pos, end);
    } catch (Fail notStructuredData) {
      pos[0] = start;
      return null;
    }
  }

  private static Map<String, Map<String, Object>> structuredData(byte[] b, int[] pos, int end) {
    int i = pos[0];
    if (i < end && b[i] == '-') {
      pos[0] = i + 1;
      return null;
    }
    if (i >= end || b[i] != '[') throw new Fail(i, "expected STRUCTURED-DATA ('-' or '[') but found " + show(b, i, end));
    Map<String, Map<String, Object>> sd = new LinkedHashMap<>();
    while (i < end && b[i] == '[') {
      i++;
      int idStart = i;
      i = sdName(b, i, end, "SD-ID");
      String id = Utf8Text.ascii(b, idStart, i - idStart);
      if (sd.containsKey(id)) throw new Fail(idStart, "SD-ID " + id + " appears twice (RFC 5424 6.3.2)");
      Map<String, Object> params = new LinkedHashMap<>();
      while (true) {
        if (i >= end) throw new Fail(i, "SD-ELEMENT " + id + " is not closed with ']'");
        if (b[i] == ']') {
          i++;
          break;
        }
        if (b[i] != ' ') throw new Fail(i, "expected ' ' or ']' in SD-ELEMENT " + id + " but found " + show(b, i, end));
        i++;
        int nameStart = i;
        i = sdName(b, i, end, "PARAM-NAME");
        String name = Utf8Text.ascii(b, nameStart, i - nameStart);
        if (i >= end || b[i] != '=') throw new Fail(i, "expected '=' after PARAM-NAME " + name + " but found " + show(b, i, end));
        i++;
        if (i >= end || b[i] != '"') throw new Fail(i, "expected '\"' to open the value of " + name + " but found " + show(b, i, end));
        i++;
        int[] p = {i};
        String value = paramValue(b, p, end, name);
        i = p[0];
        Object before = params.get(name);
        if (before == null) params.put(name, value);
        else if (before instanceof List<?> l) {
          @SuppressWarnings("unchecked") List<Object> list = (List<Object>) l;
          list.add(value);
        } else {
          List<Object> list = new ArrayList<>(2);
          list.add(before);
          list.add(value);
          params.put(name, list);
        }
      }
      sd.put(id, params);
    }
    pos[0] = i;
    return sd;
  }

  private static int sdName(byte[] b, int i, int end, String what) {
    int start = i;
    while (i < end) {
      byte c = b[i];
      if (c == '=' || c == ' ' || c == ']' || c == '"') break;
      if (c < 33 || c > 126) throw new Fail(i, what + " may hold only printable US-ASCII, found " + show(b, i, end));
      i++;
    }
    if (i == start) throw new Fail(i, "expected " + what + " but found " + show(b, i, end));
    if (i - start > MAX_SD_NAME) throw new Fail(start + MAX_SD_NAME, what + " is longer than " + MAX_SD_NAME + " characters");
    return i;
  }

  /** Reads up to the closing quote; unescapes \" \\ \] and keeps any other backslash (6.3.3). */
  private static String paramValue(byte[] b, int[] pos, int end, String name) {
    int i = pos[0];
    int start = i;
    boolean escaped = false;
    while (i < end && b[i] != '"') {
      if (b[i] == '\\' && i + 1 < end) {
        escaped = true;
        i += 2;
      } else if (b[i] == ']') {
        throw new Fail(i, "']' inside the value of " + name + " must be escaped as \\]");
      } else {
        i++;
      }
    }
    if (i >= end) throw new Fail(start - 1, "value of " + name + " is not closed with '\"'");
    pos[0] = i + 1;
    if (!Utf8Text.isValid(b, start, i - start)) throw new Fail(start, "value of " + name + " is not valid UTF-8");
    if (!escaped) return Utf8Text.decode(b, start, i - start);
    byte[] out = new byte[i - start];
    int n = 0;
    for (int k = start; k < i; k++) {
      if (b[k] == '\\' && k + 1 < i && (b[k + 1] == '"' || b[k + 1] == '\\' || b[k + 1] == ']')) k++;
      out[n++] = b[k];
    }
    return Utf8Text.nfc(new String(out, 0, n, StandardCharsets.UTF_8));
  }

  /** The character at i for an error message, quoted and printable. */
  static String show(byte[] b, int i, int end) {
    if (i >= end) return "the end of the message";
    int c = b[i] & 0xff;
    if (c == ' ') return "' '";
    if (c >= 33 && c <= 126) return "'" + (char) c + "'";
    return String.format("byte 0x%02x", c);
  }
}
