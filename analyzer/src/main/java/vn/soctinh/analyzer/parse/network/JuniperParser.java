package vn.soctinh.analyzer.parse.network;

import static vn.soctinh.analyzer.parse.EventClass.NETWORK;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.EventClass;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;
import vn.soctinh.analyzer.parse.Values;

/**
 * Juniper firewalls. Junos SRX {@code RT_FLOW_SESSION_CREATE/CLOSE/DENY} in both shapes Junos
 * writes: RFC 5424 with a {@code [junos@2636...]} structured-data element, and the plain text of
 * BSD syslog ({@code RT_FLOW_SESSION_DENY: session denied 203.0.113.5/51234->10.0.0.1/22 0x0 junos-ssh 6(0) policy(...) from-zone to-zone ...});
 * screen alarms ({@code RT_SCREEN_*}), management logins and commits. ScreenOS (NetScreen SSG/ISG)
 * {@code NetScreen device_id=ssg5 [Root]system-notification-00257(traffic): ... action=Deny ...}.
 * Any other {@code UPPER_CASE_TAG:} of a Junos program is recognised by its tag, lower-cased.
 */
public final class JuniperParser implements ContentParser {
  static final String SRX = "juniper_srx.log";
  static final String NETSCREEN = "juniper.netscreen";

  @Override
  public String name() {
    return "juniper";
  }

  @Override
  public Set<String> programs() {
    return Set.of("rt_flow", "rt_ids", "rt_screen", "rt_utm", "rt_idp", "mgd");
  }

  @Override
  public boolean sniff(LogLine line) {
    String m = line.message();
    return m.startsWith("RT_FLOW_SESSION_") || m.startsWith("RT_SCREEN_") || m.startsWith("SSHD_LOGIN_FAILED: ") || m.startsWith("UI_")
        && junosTag(m) != null || m.startsWith("NetScreen device_id=")
        || line.syslog() != null && line.syslog().msgid != null && line.syslog().msgid.startsWith("RT_FLOW_SESSION_");
  }

  /** The Junos tag at the start of the text ("RT_FLOW_SESSION_DENY: ..."), or null. */
  static String junosTag(String m) {
    int colon = m.indexOf(": ");
    if (colon < 3 || colon > 48) return null;
    for (int i = 0; i < colon; i++) {
      char c = m.charAt(i);
      if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) return null;
    }
    return m.indexOf('_') > 0 && m.indexOf('_') < colon ? m.substring(0, colon) : null;
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    String m = line.message().strip();
    if (m.startsWith("NetScreen device_id=")) return netscreen(m, e);
    String msgid = line.syslog() == null ? null : line.syslog().msgid;
    Map<String, Map<String, Object>> sd = line.syslog() == null ? null : line.syslog().structuredData;
    if (msgid != null && msgid.startsWith("RT_") && sd != null) {
      for (var el : sd.entrySet()) {
        if (el.getKey().startsWith("junos@")) return structured(msgid, el.getValue(), e);
      }
    }
    String tag = junosTag(m);
    if (tag == null) return ParseOutcome.unrecognised("expected a Junos TAG: message or a NetScreen device_id= line");
    String t = m.substring(tag.length() + 2).strip();
    if (tag.startsWith("RT_FLOW_SESSION_")) {
      Event scratch = new Event();
      if (!flowText(tag, t, scratch)) return ParseOutcome.unrecognised(tag + ": expected \"session ... SRC/PORT->DST/PORT ...\"");
      srx(e, tag);
      scratch.forEach(e::put);
      return ParseOutcome.RECOGNISED;
    }
    srx(e, tag);
    if (tag.startsWith("RT_SCREEN_")) {
      // RT_SCREEN_TCP: TCP port scan! source: 203.0.113.5:51234, destination: 10.0.0.1:22, zone name: untrust, interface name: ge-0/0/0.0, action: drop
      EventClass.set(e, "alert", List.of("network", "intrusion_detection"), List.of("info", "denied"), "screen_alarm", null);
      int bang = t.indexOf('!');
      if (bang > 0) e.put("rule.name", t.substring(0, bang));
      hostPort(field(t, "source: "), "source", e);
      hostPort(field(t, "destination: "), "destination", e);
      String zone = field(t, "zone name: ");
      if (zone != null) e.put("observer.ingress.zone", zone);
      String iface = field(t, "interface name: ");
      if (iface != null) e.put("observer.ingress.interface.name", iface);
      String action = field(t, "action: ");
      if (action != null) e.put("juniper.srx.action", action);
      return ParseOutcome.RECOGNISED;
    }
    if (tag.equals("SSHD_LOGIN_FAILED") || tag.equals("UI_LOGIN_EVENT") || tag.equals("UI_AUTH_EVENT")) {
      // Login failed for user 'root' from host '203.0.113.5' / User 'admin' login, class 'j-super-user' [1234], ssh-connection '10.0.0.5 51234 10.0.0.1 22', ...
      boolean ok = tag.equals("UI_LOGIN_EVENT") || t.contains("successful") || t.contains("Authenticated");
      EventClass.set(e, List.of("authentication"), List.of("start"), ok ? "admin_login" : "admin_login_failed", ok ? "success" : "failure");
      String user = quoted(t, "user '");
      if (user == null) user = quoted(t, "User '");
      if (user != null) e.put("user.name", user);
      String host = quoted(t, "host '");
      String conn = quoted(t, "connection '");
      if (host == null && conn != null) host = conn.split(" ")[0];
      if (host != null) Values.putIp(e, "source.ip", host);
      return ParseOutcome.RECOGNISED;
    }
    if (tag.startsWith("UI_COMMIT")) {
      // UI_COMMIT: User 'admin' requested 'commit' operation (comment: none)
      EventClass.set(e, List.of("configuration"), List.of("change"), "config_committed", "success");
      String user = quoted(t, "User '");
      if (user != null) e.put("user.name", user);
      return ParseOutcome.RECOGNISED;
    }
    EventClass.set(e, List.of("host"), List.of("info"), tag.toLowerCase(Locale.ROOT), null);
    return ParseOutcome.RECOGNISED;
  }

  private static void srx(Event e, String tag) {
    e.put("event.dataset", SRX);
    e.put("event.module", "juniper_srx");
    e.put("observer.vendor", "Juniper");
    e.put("observer.product", "SRX");
    e.put("observer.type", "firewall");
    e.put("juniper.srx.tag", tag);
    e.put("event.code", tag);
  }

  private static void flowClass(String tag, Event e) {
    if (tag.contains("DENY")) {
      EventClass.set(e, NETWORK, List.of("connection", "denied"), "flow_deny", "failure");
    } else if (tag.contains("CLOSE")) {
      EventClass.set(e, NETWORK, List.of("connection", "end", "allowed"), "flow_close", "success");
    } else {
      EventClass.set(e, NETWORK, List.of("connection", "start", "allowed"), "flow_started", "success");
    }
  }

  /** RFC 5424: [junos@2636.1.1.1.2.129 source-address="..." source-port="..." ...]. */
  private static ParseOutcome structured(String tag, Map<String, Object> p, Event e) {
    srx(e, tag);
    if (tag.startsWith("RT_FLOW_SESSION_")) flowClass(tag, e);
    else EventClass.set(e, NETWORK, List.of("info"), tag.toLowerCase(Locale.ROOT), null);
    Values.putIp(e, "source.ip", str(p, "source-address"));
    Values.putPort(e, "source.port", str(p, "source-port"));
    Values.putIp(e, "destination.ip", str(p, "destination-address"));
    Values.putPort(e, "destination.port", str(p, "destination-port"));
    Values.putIp(e, "source.nat.ip", str(p, "nat-source-address"));
    Values.putPort(e, "source.nat.port", str(p, "nat-source-port"));
    Values.putIp(e, "destination.nat.ip", str(p, "nat-destination-address"));
    Values.putPort(e, "destination.nat.port", str(p, "nat-destination-port"));
    put(e, "rule.name", str(p, "policy-name"));
    put(e, "network.iana_number", str(p, "protocol-id"));
    String proto = str(p, "protocol-id");
    if (proto != null) transport(proto, e);
    put(e, "observer.ingress.zone", str(p, "source-zone-name"));
    put(e, "observer.egress.zone", str(p, "destination-zone-name"));
    put(e, "juniper.srx.service_name", str(p, "service-name"));
    put(e, "juniper.srx.session_id_32", str(p, "session-id-32"));
    put(e, "juniper.srx.reason", str(p, "reason"));
    put(e, "event.reason", str(p, "reason"));
    put(e, "juniper.srx.application", str(p, "application"));
    put(e, "observer.ingress.interface.name", str(p, "packet-incoming-interface"));
    String user = str(p, "username");
    if (user != null && !user.equals("N/A")) e.put("source.user.name", user);
    Long sb = Values.parseLong(str(p, "bytes-from-client"));
    Long db = Values.parseLong(str(p, "bytes-from-server"));
    if (sb != null) e.put("source.bytes", sb);
    if (db != null) e.put("destination.bytes", db);
    if (sb != null && db != null) e.put("network.bytes", sb + db);
    Values.putLong(e, "source.packets", str(p, "packets-from-client"));
    Values.putLong(e, "destination.packets", str(p, "packets-from-server"));
    Long elapsed = Values.parseLong(str(p, "elapsed-time"));
    if (elapsed != null) e.put("event.duration", elapsed * 1_000_000_000L);
    return ParseOutcome.RECOGNISED;
  }

  /**
   * session created SRC/P->DST/P 0x0 SERVICE NATSRC/P->NATDST/P 0x0 SRC-NAT-RULE DST-NAT-RULE PROTO POLICY FROM TO SESSION ...
   * session closed REASON: SRC/P->DST/P 0x0 SERVICE NAT... PROTO POLICY FROM TO SESSION PKTS(BYTES) PKTS(BYTES) ELAPSED ...
   * session denied SRC/P->DST/P 0x0 SERVICE PROTO(ICMP) POLICY(RULESET) FROM TO ...
   */
  private static boolean flowText(String tag, String t, Event e) {
    if (!t.startsWith("session ")) return false;
    int colon = t.indexOf(": ");
    String rest = t;
    if (tag.contains("CLOSE") && colon > 0 && colon < t.indexOf("->")) {
      String reason = t.substring(Math.min(colon, "session closed ".length()), colon).strip();
      e.put("event.reason", reason);
      e.put("juniper.srx.reason", reason);
      rest = t.substring(colon + 2);
    } else {
      int sp = t.indexOf(' ', 8);
      rest = sp < 0 ? "" : t.substring(sp + 1);
    }
    String[] w = rest.split(" ", 64);
    if (w.length < 1 || !flow(w[0], "source", "destination", e)) return false;
    flowClass(tag, e);
    int i = 1;
    if (i < w.length && w[i].startsWith("0x")) i++;
    if (i < w.length) e.put("juniper.srx.service_name", w[i++]);
    if (tag.contains("DENY")) {
      if (i < w.length) {
        String proto = w[i++];
        int paren = proto.indexOf('(');
        if (paren > 0) proto = proto.substring(0, paren);
        if (Values.parseLong(proto) != null) {
          e.put("network.iana_number", proto);
          transport(proto, e);
        }
      }
      if (i < w.length) {
        String policy = w[i++];
        int paren = policy.indexOf('(');
        e.put("rule.name", paren > 0 ? policy.substring(0, paren) : policy);
      }
      if (i + 1 < w.length) {
        e.put("observer.ingress.zone", w[i]);
        e.put("observer.egress.zone", w[i + 1]);
      }
      return true;
    }
    if (i < w.length && w[i].contains("->")) flow(w[i++], "source.nat", "destination.nat", e);
    if (i < w.length && w[i].startsWith("0x")) i++;
    // NAT rule types and names vary in length ("source rule r1", "N/A N/A"): the protocol number ends them
    while (i < w.length && Values.parseLong(w[i]) == null) i++;
    if (i >= w.length) return true;
    e.put("network.iana_number", w[i]);
    transport(w[i++], e);
    if (i < w.length) e.put("rule.name", w[i++]);
    if (i + 1 < w.length) {
      e.put("observer.ingress.zone", w[i++]);
      e.put("observer.egress.zone", w[i++]);
    }
    if (i < w.length) e.put("juniper.srx.session_id_32", w[i++]);
    if (tag.contains("CLOSE") && i + 2 < w.length) {
      long[] c = packetsBytes(w[i++]);
      long[] s = packetsBytes(w[i++]);
      if (c != null) {
        e.put("source.packets", c[0]);
        e.put("source.bytes", c[1]);
      }
      if (s != null) {
        e.put("destination.packets", s[0]);
        e.put("destination.bytes", s[1]);
      }
      if (c != null && s != null) e.put("network.bytes", c[1] + s[1]);
      Long elapsed = Values.parseLong(w[i]);
      if (elapsed != null) e.put("event.duration", elapsed * 1_000_000_000L);
    }
    return true;
  }

  private static long[] packetsBytes(String s) {
    int p = s.indexOf('(');
    if (p <= 0 || !s.endsWith(")")) return null;
    Long a = Values.parseLong(s.substring(0, p));
    Long b = Values.parseLong(s.substring(p + 1, s.length() - 1));
    return a == null || b == null ? null : new long[] {a, b};
  }

  /** 203.0.113.5/51234->10.0.0.1/22 */
  private static boolean flow(String s, String src, String dst, Event e) {
    int arrow = s.indexOf("->");
    if (arrow < 0) return false;
    return addrPort(s.substring(0, arrow), src, e) & addrPort(s.substring(arrow + 2), dst, e);
  }

  private static boolean addrPort(String s, String side, Event e) {
    int slash = s.lastIndexOf('/');
    if (slash < 0) return Values.putIp(e, side + ".ip", s);
    if (!Values.putIp(e, side + ".ip", s.substring(0, slash))) return false;
    Values.putPort(e, side + ".port", s.substring(slash + 1));
    return true;
  }

  private static void transport(String proto, Event e) {
    switch (proto) {
      case "6" -> e.put("network.transport", "tcp");
      case "17" -> e.put("network.transport", "udp");
      case "1" -> e.put("network.transport", "icmp");
      case "58" -> e.put("network.transport", "ipv6-icmp");
      default -> { }
    }
  }

  /**
   * NetScreen device_id=ssg5 [Root]system-notification-00257(traffic): start_time="..." duration=0 policy_id=2 service=http proto=6
   * src zone=Trust dst zone=Untrust action=Deny sent=0 rcvd=0 src=10.0.0.5 dst=203.0.113.9 src_port=51234 dst_port=80 session_id=0
   */
  private static ParseOutcome netscreen(String m, Event e) {
    int sp = m.indexOf(' ', "NetScreen device_id=".length());
    if (sp < 0) return ParseOutcome.unrecognised("expected NetScreen device_id=ID [vsys]category-level-id(type): ...");
    String device = m.substring("NetScreen device_id=".length(), sp);
    String rest = m.substring(sp + 1).strip();
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      if (close > 0) {
        e.put("juniper.netscreen.vsys", rest.substring(1, close));
        rest = rest.substring(close + 1);
      }
    }
    int colon = rest.indexOf(": ");
    if (colon < 0) return ParseOutcome.unrecognised("expected a category-level-id: after the device id");
    String head = rest.substring(0, colon);
    String body = rest.substring(colon + 2).strip();
    String type = null;
    int paren = head.indexOf('(');
    if (paren > 0 && head.endsWith(")")) {
      type = head.substring(paren + 1, head.length() - 1);
      head = head.substring(0, paren);
    }
    String[] h = head.split("-");
    e.put("event.dataset", NETSCREEN);
    e.put("event.module", "juniper");
    e.put("observer.vendor", "Juniper");
    e.put("observer.product", "NetScreen");
    e.put("observer.type", "firewall");
    e.put("observer.name", device);
    if (h.length == 3) {
      e.put("event.code", h[2]);
      e.put("log.level", h[1]);
    }
    if ("traffic".equals(type) || body.contains(" action=")) {
      String action = kv(body, "action");
      boolean permit = "Permit".equalsIgnoreCase(action);
      // the device's own word, as for every firewall here; allowed/denied in event.type
      EventClass.set(e, NETWORK, List.of("connection", permit ? "allowed" : "denied"),
          action == null || action.isEmpty() ? "traffic" : action.toLowerCase(java.util.Locale.ROOT), permit ? "success" : "failure");
      Values.putIp(e, "source.ip", kv(body, "src"));
      Values.putIp(e, "destination.ip", kv(body, "dst"));
      Values.putPort(e, "source.port", kv(body, "src_port"));
      Values.putPort(e, "destination.port", kv(body, "dst_port"));
      put(e, "rule.id", kv(body, "policy_id"));
      String proto = kv(body, "proto");
      if (proto != null) {
        e.put("network.iana_number", proto);
        transport(proto, e);
      }
      put(e, "juniper.netscreen.service", kv(body, "service"));
      put(e, "observer.ingress.zone", kv(body, "src zone"));
      put(e, "observer.egress.zone", kv(body, "dst zone"));
      put(e, "juniper.netscreen.action", action);
      Long sent = Values.parseLong(kv(body, "sent"));
      Long rcvd = Values.parseLong(kv(body, "rcvd"));
      if (sent != null) e.put("source.bytes", sent);
      if (rcvd != null) e.put("destination.bytes", rcvd);
      if (sent != null && rcvd != null) e.put("network.bytes", sent + rcvd);
      Long duration = Values.parseLong(kv(body, "duration"));
      if (duration != null) e.put("event.duration", duration * 1_000_000_000L);
      put(e, "event.reason", kv(body, "reason"));
      Values.putIp(e, "source.nat.ip", kv(body, "src-xlated ip"));
      return ParseOutcome.RECOGNISED;
    }
    String lower = body.toLowerCase(Locale.ROOT);
    if (lower.contains("login attempt") || lower.contains("logged in") || lower.contains("login ")) {
      boolean failed = lower.contains("failed");
      EventClass.set(e, List.of("authentication"), List.of("start"), failed ? "admin_login_failed" : "admin_login", failed ? "failure" : "success");
      String user = quoted(body, "user \"");
      if (user == null) user = quoted(body, "user '");
      if (user != null) e.put("user.name", user);
      String from = field(body, " from ");
      if (from != null) hostPort(from.endsWith(".") ? from.substring(0, from.length() - 1) : from.split(" ")[0], "source", e);
      return ParseOutcome.RECOGNISED;
    }
    String category = h.length > 0 && !h[0].isEmpty() ? h[0] : "system";
    EventClass.set(e, List.of("host"), List.of("info"), "netscreen_" + category.toLowerCase(Locale.ROOT) + (type == null ? "" : "_" + type), null);
    return ParseOutcome.RECOGNISED;
  }

  /** key=value or key="value" in ScreenOS text, where the key may hold a space ("src zone"). */
  private static String kv(String s, String key) {
    String k = key + "=";
    int i = 0;
    while (true) {
      i = s.indexOf(k, i);
      if (i < 0) return null;
      if (i == 0 || s.charAt(i - 1) == ' ') break;
      i++;
    }
    int from = i + key.length() + 1;
    if (from < s.length() && s.charAt(from) == '"') {
      int end = s.indexOf('"', from + 1);
      return end < 0 ? null : s.substring(from + 1, end);
    }
    int end = s.indexOf(' ', from);
    String v = s.substring(from, end < 0 ? s.length() : end);
    return v.isEmpty() ? null : v;
  }

  /** The text after {@code key} up to the next comma (or the end). */
  private static String field(String s, String key) {
    int i = s.indexOf(key);
    if (i < 0) return null;
    int end = s.indexOf(',', i + key.length());
    String v = s.substring(i + key.length(), end < 0 ? s.length() : end).strip();
    return v.isEmpty() ? null : v;
  }

  private static String quoted(String s, String open) {
    int i = s.indexOf(open);
    if (i < 0) return null;
    char q = open.charAt(open.length() - 1);
    int j = s.indexOf(q, i + open.length());
    return j < 0 ? null : s.substring(i + open.length(), j);
  }

  private static void hostPort(String s, String side, Event e) {
    if (s == null) return;
    int c = s.lastIndexOf(':');
    if (c > 0 && s.indexOf(':') == c && Values.putIp(e, side + ".ip", s.substring(0, c))) Values.putPort(e, side + ".port", s.substring(c + 1));
    else Values.putIp(e, side + ".ip", s);
  }

  private static String str(Map<String, Object> p, String k) {
    Object v = p.get(k);
    if (v instanceof List<?> l) v = l.isEmpty() ? null : l.get(0);
    return v == null ? null : v.toString();
  }

  private static void put(Event e, String field, String v) {
    if (v != null && !v.isEmpty()) e.put(field, v);
  }
}
