package vn.soctinh.analyzer.parse.network;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.EventClass;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;
import vn.soctinh.analyzer.parse.Values;

/**
 * Snort and Suricata one-line alerts: the fast log
 * ({@code 11/23-10:00:00.123456  [**] [1:2010935:3] ET SCAN ... [**] [Classification: ...] [Priority: 2] {TCP} 203.0.113.5:51234 -> 10.0.0.1:1433},
 * Suricata's {@code 11/23/2026-...} stamp, Snort 3's quoted message, an inline {@code [Drop]} mark)
 * and Snort's syslog output (the same text without stamp or {@code [**]} marks). Fields as Elastic's
 * snort package names them: {@code rule.id} the sid, {@code rule.version} the rev,
 * {@code snort.gid}, {@code rule.description} the message, {@code rule.category} the
 * classification, {@code event.severity} the priority.
 */
public final class SnortParser implements ContentParser {
  static final String DATASET = "snort.log";

  @Override
  public String name() {
    return "snort";
  }

  @Override
  public Set<String> programs() {
    return Set.of("snort", "snort3", "barnyard2");
  }

  @Override
  public boolean sniff(LogLine line) {
    String m = line.message();
    // the alert marker stands in the first 48 characters: no scan of the rest of every unclaimed line
    for (int i = 0, n = Math.min(m.length() - 6, 47); i <= n; i++) if (m.startsWith("[**] [", i)) return true;
    return m.startsWith("[") && gsr(m, 0) != null && m.contains(" -> ");
  }

  /** gid, sid, rev of "[1:2010935:3]" at {@code at}, or null. */
  static String[] gsr(String m, int at) {
    if (at >= m.length() || m.charAt(at) != '[') return null;
    int close = m.indexOf(']', at);
    if (close < 0 || close - at > 40) return null;
    String[] p = m.substring(at + 1, close).split(":");
    if (p.length != 3) return null;
    for (String x : p) if (Values.parseLong(x) == null || x.startsWith("-")) return null;
    return p;
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    String m = line.message().strip();
    int i = 0;
    String stamp = null;
    int sp = m.indexOf(' ');
    if (sp > 0 && Character.isDigit(m.charAt(0)) && m.indexOf('-') > 0 && m.indexOf('-') < sp) {
      stamp = m.substring(0, sp);
      i = sp;
    }
    while (i < m.length() && m.charAt(i) == ' ') i++;
    String verdict = null;
    if (m.startsWith("[Drop]", i) || m.startsWith("[wDrop]", i) || m.startsWith("[Block]", i)) {
      verdict = m.substring(i + 1, m.indexOf(']', i));
      i = m.indexOf(']', i) + 1;
      while (i < m.length() && m.charAt(i) == ' ') i++;
    }
    if (m.startsWith("[**]", i)) i += 4;
    while (i < m.length() && m.charAt(i) == ' ') i++;
    String[] g = gsr(m, i);
    if (g == null) return ParseOutcome.unrecognised("expected [**] [GID:SID:REV] message [**] ... {PROTO} SRC -> DST");
    i = m.indexOf(']', i) + 1;
    int end = m.indexOf("[**]", i);
    int cls = m.indexOf("[Classification: ", i);
    int pri = m.indexOf("[Priority: ", i);
    int brace = m.indexOf(" {", i);
    if (brace < 0) return ParseOutcome.unrecognised("expected {PROTO} SRC -> DST after the rule");
    int msgEnd = end >= 0 ? end : min(cls, pri, brace);
    String msg = m.substring(i, msgEnd).strip();
    if (msg.length() > 1 && msg.startsWith("\"") && msg.endsWith("\"")) msg = msg.substring(1, msg.length() - 1);
    int closeBrace = m.indexOf('}', brace);
    if (closeBrace < 0) return ParseOutcome.unrecognised("expected {PROTO} SRC -> DST after the rule");
    String flow = m.substring(closeBrace + 1).strip();
    int arrow = flow.indexOf(" -> ");
    if (arrow < 0) return ParseOutcome.unrecognised("expected SRC -> DST after {PROTO}");
    Event s = new Event();
    String proto = m.substring(brace + 2, closeBrace).toLowerCase(Locale.ROOT);
    boolean ports = proto.equals("tcp") || proto.equals("udp") || proto.equals("sctp");
    if (!addr(flow.substring(0, arrow), "source", ports, s) || !addr(flow.substring(arrow + 4), "destination", ports, s)) {
      return ParseOutcome.unrecognised("expected IP[:PORT] -> IP[:PORT] after {PROTO}");
    }
    s.forEach(e::put);
    boolean suricata = "suricata".equals(line.program()) || stamp != null && stamp.indexOf('/') != stamp.lastIndexOf('/');
    boolean blocked = verdict != null;
    e.put("event.dataset", DATASET);
    // the program that wrote the alert, as Elastic's pfSense integration records it for snort lines
    if (line.program() != null && line.program().startsWith("snort")) e.put("event.provider", "snort");
    e.put("event.module", "snort");
    EventClass.set(e, "alert", List.of("network", "intrusion_detection"), List.of(blocked ? "denied" : "info"),
        suricata ? "suricata_alert" : "snort_alert", null);
    e.put("observer.vendor", suricata ? "OISF" : "Snort");
    e.put("observer.product", suricata ? "Suricata" : "Snort");
    e.put("observer.type", "ids");
    e.put("snort.gid", Long.parseLong(g[0]));
    e.put("rule.id", g[1]);
    e.put("rule.version", g[2]);
    if (!msg.isEmpty()) {
      e.put("rule.description", msg);
      e.put("rule.name", msg);
    }
    if (cls >= 0) {
      int c = m.indexOf(']', cls);
      if (c > 0) e.put("rule.category", m.substring(cls + 17, c));
    }
    if (pri >= 0) {
      int c = m.indexOf(']', pri);
      if (c > 0) Values.putLong(e, "event.severity", m.substring(pri + 11, c).strip());
    }
    e.put("network.transport", proto);
    String src = e.getString("source.ip");
    e.put("network.type", src.indexOf(':') >= 0 ? "ipv6" : "ipv4");
    if (verdict != null) e.put("snort.verdict", verdict);
    if (stamp != null) {
      var t = time(stamp, line.zone() == null ? ZoneOffset.UTC : line.zone(), line.received());
      if (t != null) e.put("@timestamp", t);
    }
    return ParseOutcome.RECOGNISED;
  }

  private static int min(int... xs) {
    int best = Integer.MAX_VALUE;
    for (int x : xs) if (x >= 0 && x < best) best = x;
    return best;
  }

  /** 203.0.113.5:51234, 203.0.113.5, [2001:db8::1]:80 or 2001:db8::1:80 as Snort writes IPv6 (last colon = port when a port follows). */
  private static boolean addr(String s, String side, boolean port, Event e) {
    String a = s.strip();
    if (!port && Values.putIp(e, side + ".ip", a)) return true;
    int c = a.lastIndexOf(':');
    if (c <= 0) return Values.putIp(e, side + ".ip", a);
    String host = a.substring(0, c);
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    if (!Values.putIp(e, side + ".ip", host)) return false;
    Values.putPort(e, side + ".port", a.substring(c + 1));
    return true;
  }

  /** MM/dd-HH:mm:ss.ffffff (year from the receive time) or MM/dd/yy(yy)-HH:mm:ss.ffffff. */
  static java.time.Instant time(String s, ZoneId zone, java.time.Instant received) {
    int dash = s.indexOf('-');
    if (dash < 0) return null;
    String[] d = s.substring(0, dash).split("/");
    String[] t = s.substring(dash + 1).split("[:.]");
    if (d.length < 2 || d.length > 3 || t.length < 3) return null;
    Long mo = Values.parseLong(d[0]);
    Long da = Values.parseLong(d[1]);
    Long h = Values.parseLong(t[0]);
    Long mi = Values.parseLong(t[1]);
    Long se = Values.parseLong(t[2]);
    if (mo == null || da == null || h == null || mi == null || se == null) return null;
    int year;
    if (d.length == 3) {
      Long y = Values.parseLong(d[2]);
      if (y == null) return null;
      year = (int) (y < 100 ? 2000 + y : y);
    } else {
      year = (received == null ? java.time.Instant.EPOCH : received).atZone(zone).getYear();
    }
    long nanos = 0;
    if (t.length > 3 && !t[3].isEmpty() && t[3].length() <= 9) {
      Long f = Values.parseLong(t[3]);
      if (f == null) return null;
      nanos = f;
      for (int k = t[3].length(); k < 9; k++) nanos *= 10;
    }
    try {
      var at = LocalDateTime.of(year, mo.intValue(), da.intValue(), h.intValue(), mi.intValue(), se.intValue(), (int) nanos).atZone(zone);
      // a December line read in January belongs to last year
      if (d.length == 2 && received != null && at.toInstant().isAfter(received.plusSeconds(86400))) at = at.minusYears(1);
      return at.toInstant();
    } catch (DateTimeException ex) {
      return null;
    }
  }
}
