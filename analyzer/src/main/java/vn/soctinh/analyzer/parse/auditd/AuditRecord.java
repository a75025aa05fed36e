package vn.soctinh.analyzer.parse.auditd;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One raw auditd record, split: {@code [node=N ]type=T msg=audit(SECS.MILLIS:SERIAL): k=v ...}, the
 * fields of an inner {@code msg='...'} merged in, the enriched fields after the 0x1d separator
 * (upper-case keys, already interpreted) kept apart. Values are unquoted; unquoted hex values stay
 * encoded here ({@link #decoded} decodes them).
 */
final class AuditRecord {
  String node;
  String type;
  Instant time;
  long serial = -1;
  final Map<String, String> fields = new LinkedHashMap<>();
  final Map<String, String> enriched = new LinkedHashMap<>();
  /** Keys whose value was quoted, so is text and not hex. */
  final java.util.Set<String> quoted = new java.util.HashSet<>();

  /** Parses the record, or returns null when the text is not one. */
  static AuditRecord parse(String text) {
    String t = text.strip();
    AuditRecord r = new AuditRecord();
    if (t.startsWith("node=")) {
      int sp = t.indexOf(' ');
      if (sp < 0) return null;
      r.node = t.substring(5, sp);
      t = t.substring(sp + 1);
    }
    if (!t.startsWith("type=")) return null;
    int sp = t.indexOf(' ');
    if (sp < 0) return null;
    r.type = t.substring(5, sp);
    String rest = t.substring(sp + 1);
    if (!rest.startsWith("msg=audit(")) return null;
    int close = rest.indexOf("):");
    if (close < 0) return null;
    String stamp = rest.substring("msg=audit(".length(), close);
    int colon = stamp.indexOf(':');
    int dot = stamp.indexOf('.');
    if (colon < 0 || dot < 0 || dot > colon) return null;
    try {
      long secs = Long.parseLong(stamp.substring(0, dot));
      String frac = stamp.substring(dot + 1, colon);
      long millis = frac.isEmpty() ? 0 : Long.parseLong(frac.length() > 3 ? frac.substring(0, 3) : frac);
      for (int k = frac.length(); k < 3; k++) millis *= 10;
      r.time = Instant.ofEpochSecond(secs, millis * 1_000_000L);
      r.serial = Long.parseLong(stamp.substring(colon + 1));
    } catch (NumberFormatException | java.time.DateTimeException e) {
      return null;
    }
    String body = rest.substring(close + 2);
    int gs = body.indexOf('\u001d');
    if (gs >= 0) {
      scan(body.substring(gs + 1), r.enriched, null);
      body = body.substring(0, gs);
    }
    scan(body, r.fields, r.quoted);
    String inner = r.fields.remove("msg");
    if (inner != null) scan(inner, r.fields, r.quoted);
    if (gs < 0) enrichedInline(r);
    return r;
  }

  /** Enriched fields a forwarder joined with a space instead of 0x1d: the upper-case keys (ARCH=x86_64 UID="bob"). */
  private static void enrichedInline(AuditRecord r) {
    java.util.Iterator<Map.Entry<String, String>> it = r.fields.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, String> f = it.next();
      if (upperCase(f.getKey())) {
        r.enriched.put(f.getKey(), f.getValue());
        it.remove();
      }
    }
  }

  private static boolean upperCase(String k) {
    if (k.length() < 2 || k.charAt(0) < 'A' || k.charAt(0) > 'Z') return false;
    for (int i = 1; i < k.length(); i++) {
      char ch = k.charAt(i);
      if (!(ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '_')) return false;
    }
    return true;
  }

  /** key=value pairs; values bare, "double" or 'single' quoted (the inner msg='...' of user records). */
  private static void scan(String s, Map<String, String> out, java.util.Set<String> quoted) {
    int n = s.length();
    int i = 0;
    while (i < n) {
      while (i < n && s.charAt(i) == ' ') i++;
      int ks = i;
      while (i < n && s.charAt(i) != '=' && s.charAt(i) != ' ') i++;
      if (i >= n || s.charAt(i) != '=' || i == ks) {
        while (i < n && s.charAt(i) != ' ') i++;
        continue;
      }
      String key = s.substring(ks, i);
      i++;
      String value;
      if (i < n && (s.charAt(i) == '"' || s.charAt(i) == '\'')) {
        char q = s.charAt(i);
        int vs = ++i;
        while (i < n && s.charAt(i) != q) i++;
        value = s.substring(vs, Math.min(i, n));
        if (i < n) i++;
        if (quoted != null) quoted.add(key);
      } else {
        int vs = i;
        while (i < n && s.charAt(i) != ' ') i++;
        value = s.substring(vs, i);
      }
      out.putIfAbsent(key, value);
    }
  }

  String get(String key) {
    String v = fields.get(key);
    return v == null || v.equals("?") || v.equals("(null)") ? null : v;
  }

  /** The value, hex-decoded when auditd encoded it (unquoted, even length, all hex digits); NULs become spaces. */
  String decoded(String key) {
    String v = get(key);
    if (v == null || quoted.contains(key) || !isHex(v)) return v;
    byte[] b = new byte[v.length() / 2];
    for (int i = 0; i < b.length; i++) {
      byte x = (byte) Integer.parseInt(v.substring(2 * i, 2 * i + 2), 16);
      b[i] = x == 0 ? (byte) ' ' : x;
    }
    return new String(b, StandardCharsets.UTF_8).strip();
  }

  static boolean isHex(String v) {
    if (v.isEmpty() || (v.length() & 1) != 0) return false;
    for (int i = 0; i < v.length(); i++) if (Character.digit(v.charAt(i), 16) < 0) return false;
    return true;
  }
}
