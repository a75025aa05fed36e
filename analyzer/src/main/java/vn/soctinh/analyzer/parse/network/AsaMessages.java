package vn.soctinh.analyzer.parse.network;

import static vn.soctinh.analyzer.parse.Text.between;
import java.util.List;
import java.util.Locale;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.Values;

/**
 * The text of the ASA message ids SOC Tỉnh understands, by id: the fields only (and a 106100 hit's
 * outcome); {@link AsaCategories} gives every id its category, type and action. Returns false for any
 * other id or a text that does not fit.
 */
final class AsaMessages {
  private AsaMessages() {}

  static boolean parse(String id, String t, Event e) {
    switch (id) {
      case "106001": // Inbound TCP connection denied from 203.0.113.5/51234 to 10.0.0.5/22 flags SYN on interface outside
      case "106006": // Deny inbound UDP from 203.0.113.5/53 to 10.0.0.5/1234 on interface outside
      case "106007": // Deny inbound UDP from 203.0.113.5/53 to 10.0.0.5/53 due to DNS Query
      case "106015": // Deny TCP (no connection) from 10.0.0.5/443 to 203.0.113.5/51234 flags RST on interface inside
      case "710003": // TCP access denied by ACL from 203.0.113.5/51234 to outside:10.0.0.1/22
        return denyFromTo(t, e);
      case "106014": // Deny inbound icmp src outside:203.0.113.5 dst inside:10.0.0.5 (type 8, code 0)
      case "106023": // Deny tcp src outside:203.0.113.5/51234 dst inside:10.0.0.5/3389 by access-group "outside_access_in" [0x0, 0x0]
        return denySrcDst(t, e);
      case "106021": // Deny TCP reverse path check from 10.1.1.1 to 10.2.2.2 on interface outside
        return denyFromTo(t, e) && reason(e, "reverse path check");
      case "106100": return accessList(t, e);
      case "110002": // Failed to locate egress interface for TCP from inside:10.0.0.5/1234 to 203.0.113.5/80
        if (!t.startsWith("Failed to locate egress interface for ")) return false;
        transport(e, word(t, "for "));
        return endpoints(t, " from ", " to ", e);
      case "113004": // AAA user authentication Successful : server = 10.0.0.10 : user = bob
      case "113005": // AAA user authentication Rejected : reason = AAA failure : server = 10.0.0.10 : user = bob : user IP = 203.0.113.5
        return aaa(t, e);
      case "113019": return vpnDisconnect(t, e);
      case "302013": case "302015": return built(t, e);
      case "302014": case "302016": return teardown(t, e);
      case "302020": case "302021": return icmpConnection(t, e);
      case "305011": case "305012": return translation(t, e);
      case "313001": // Denied ICMP type=8, code=0 from 203.0.113.5 on interface outside
        if (!t.startsWith("Denied ICMP")) return false;
        e.put("network.transport", "icmp");
        Values.putIp(e, "source.ip", strip(word(t, " from ")));
        e.put("observer.ingress.interface.name", word(t, "on interface "));
        return e.has("source.ip");
      case "313004": // Denied ICMP type=0, from laddr 10.0.0.5 on interface inside to 203.0.113.5: no matching session
        if (!t.startsWith("Denied ICMP")) return false;
        e.put("network.transport", "icmp");
        Values.putIp(e, "source.ip", word(t, "from laddr "));
        Values.putIp(e, "destination.ip", strip(word(t, " to ")));
        return reason(e, "no matching session");
      case "313005": // No matching connection for ICMP error message: icmp src outside:... dst inside:... (type 3, code 3) on outside interface.
        if (!t.startsWith("No matching connection for ICMP error message")) return false;
        e.put("network.transport", "icmp");
        endpoint(word(t, " src "), "source", e, true);
        endpoint(word(t, " dst "), "destination", e, true);
        return reason(e, "no matching connection");
      case "419002": // Duplicate TCP SYN from outside:203.0.113.5/51234 to inside:10.0.0.5/80 with different initial sequence number
        if (!t.startsWith("Duplicate TCP SYN")) return false;
        e.put("network.transport", "tcp");
        return endpoints(t, " from ", " to ", e);
      case "605004": case "605005": return adminLogin(t, e);
      case "609001": case "609002": // Built local-host inside:10.0.0.5 / Teardown local-host inside:10.0.0.5 duration 0:01:00
        if (!t.contains("local-host ")) return false;
        endpoint(word(t, "local-host "), "source", e, true);
        return e.has("source.ip");
      case "611101": case "611102": // User authentication succeeded: IP address: 10.0.0.9, Uname: admin
        if (!t.startsWith("User authentication")) return false;
        Values.putIp(e, "source.ip", strip(word(t, "IP address: ")));
        String u = word(t, "Uname: ");
        if (!u.isEmpty()) e.put("user.name", u);
        return true;
      case "733100": // [ Scanning] drop rate-1 exceeded. Current burst rate is 10 per second, ...
        if (!t.contains(" rate-") || !t.contains("exceeded")) return false;
        e.put("event.kind", "alert");
        String obj = t.startsWith("[") && t.indexOf(']') > 0 ? t.substring(1, t.indexOf(']')).strip() : null;
        if (obj != null) e.put("rule.name", obj);
        return true;
      default:
        if (id.startsWith("400") && id.length() == 6 && t.startsWith("IPS:")) return ips(t, e);
        return false;
    }
  }

  private static boolean ips(String t, Event e) {
    // IPS:2004 ICMP Echo Request from 203.0.113.5 to 10.0.0.5 on interface outside
    e.put("event.kind", "alert");
    String sig = word(t, "IPS:");
    e.put("rule.id", sig);
    int from = t.indexOf(" from ");
    if (from > 0) e.put("rule.name", t.substring(t.indexOf(' ') + 1, from));
    Values.putIp(e, "source.ip", word(t, " from "));
    Values.putIp(e, "destination.ip", word(t, " to "));
    String iface = word(t, "on interface ");
    if (!iface.isEmpty()) e.put("observer.ingress.interface.name", iface);
    return true;
  }

  private static boolean denyFromTo(String t, Event e) {
    if (!(t.startsWith("Deny") || t.startsWith("Inbound") || t.contains(" denied "))) return false;
    String lower = t.toLowerCase(Locale.ROOT);
    for (String p : new String[] {"tcp", "udp", "icmp"}) {
      if (lower.contains(" " + p + " ") || lower.startsWith(p + " ") || lower.contains("inbound " + p)) {
        e.put("network.transport", p);
        break;
      }
    }
    if (lower.contains("inbound")) e.put("network.direction", "inbound");
    if (lower.contains("outbound")) e.put("network.direction", "outbound");
    String iface = word(t, "on interface ");
    if (!iface.isEmpty()) e.put("observer.ingress.interface.name", iface);
    if (t.contains(" due to ")) e.put("event.reason", t.substring(t.indexOf(" due to ") + 8));
    return endpoints(t, " from ", " to ", e);
  }

  private static boolean denySrcDst(String t, Event e) {
    if (!t.startsWith("Deny ")) return false;
    String proto = word(t, "Deny ");
    if (proto.equals("inbound")) proto = word(t, "Deny inbound ");
    e.put("network.transport", proto.toLowerCase(Locale.ROOT));
    endpoint(word(t, " src "), "source", e, true);
    endpoint(word(t, " dst "), "destination", e, true);
    int ag = t.indexOf("access-group \"");
    int agEnd = ag > 0 ? t.indexOf('"', ag + 14) : -1;
    if (agEnd > 0) e.put("rule.name", t.substring(ag + 14, agEnd));
    return e.has("source.ip");
  }

  private static boolean accessList(String t, Event e) {
    // access-list outside_access_in denied tcp outside/203.0.113.5(51234) -> inside/10.0.0.5(22) hit-cnt 1 first hit [0x1, 0x0]
    if (!t.startsWith("access-list ")) return false;
    String[] w = t.split(" ");
    if (w.length < 7) return false;
    boolean permitted = w[2].equals("permitted");
    e.put("event.outcome", permitted ? "success" : "failure"); // AsaCategories types the hit by it
    e.put("rule.name", w[1]);
    e.put("network.transport", w[3].toLowerCase(Locale.ROOT));
    aclEndpoint(w[4], "source", e);
    aclEndpoint(w[6], "destination", e);
    return e.has("source.ip");
  }

  /** "outside/203.0.113.5(51234)" */
  private static void aclEndpoint(String s, String side, Event e) {
    int slash = s.indexOf('/');
    int paren = s.indexOf('(');
    if (slash < 0) return;
    e.put(side.equals("source") ? "observer.ingress.interface.name" : "observer.egress.interface.name", s.substring(0, slash));
    Values.putIp(e, side + ".ip", paren > slash ? s.substring(slash + 1, paren) : s.substring(slash + 1));
    if (paren > 0 && s.endsWith(")")) Values.putPort(e, side + ".port", s.substring(paren + 1, s.length() - 1));
  }

  private static boolean aaa(String t, Event e) {
    if (!t.startsWith("AAA user authentication")) return false;
    String user = colonField(t, "user = ");
    if (user != null) e.put("user.name", user);
    String server = colonField(t, "server = ");
    if (server != null) Values.putIp(e, "server.ip", server);
    String ip = colonField(t, "user IP = ");
    if (ip != null) Values.putIp(e, "source.ip", ip);
    String reason = colonField(t, "reason = ");
    if (reason != null) e.put("event.reason", reason);
    return true;
  }

  private static boolean vpnDisconnect(String t, Event e) {
    // Group = vpn, Username = bob, IP = 203.0.113.5, Session disconnected. Session Type: SSL, Duration: 0h:10m:00s, Bytes xmt: 1234, Bytes rcv: 5678, Reason: User Requested
    if (!t.contains("Session disconnected")) return false;
    String g = commaField(t, "Group = ");
    if (g != null) e.put("user.group.name", g);
    String u = commaField(t, "Username = ");
    if (u != null) e.put("user.name", u);
    Values.putIp(e, "source.ip", commaField(t, "IP = "));
    Values.putLong(e, "source.bytes", commaField(t, "Bytes xmt: "));
    Values.putLong(e, "destination.bytes", commaField(t, "Bytes rcv: "));
    String reason = commaField(t, "Reason: ");
    if (reason != null) e.put("event.reason", reason);
    String type = commaField(t, "Session Type: ");
    if (type != null) e.put("cisco.asa.session_type", type);
    return true;
  }

  private static boolean built(String t, Event e) {
    // Built outbound TCP connection 123 for outside:203.0.113.7/443 (203.0.113.7/443) to inside:10.1.2.3/51515 (198.51.100.2/51515)
    if (!t.startsWith("Built ")) return false;
    String dir = word(t, "Built ");
    String proto = word(t, "Built " + dir + " ");
    e.put("network.transport", proto.toLowerCase(Locale.ROOT));
    e.put("network.direction", dir.equals("outbound") ? "outbound" : "inbound");
    e.put("cisco.asa.connection_id", word(t, "connection "));
    // "for A (mapped A) to B (mapped B)": A is the outside (foreign) side for outbound, so the inside one is the source
    String a = word(t, " for ");
    String b = word(t, " to ");
    boolean outbound = dir.equals("outbound");
    endpoint(outbound ? b : a, "source", e, true);
    endpoint(outbound ? a : b, "destination", e, true);
    String mappedB = between(t, b + " (", ")");
    if (outbound && mappedB != null) natEndpoint(mappedB, e);
    return e.has("source.ip");
  }

  private static boolean teardown(String t, Event e) {
    // Teardown TCP connection 123 for outside:203.0.113.7/443 to inside:10.1.2.3/51515 duration 0:00:30 bytes 1234 TCP FINs
    if (!t.startsWith("Teardown ")) return false;
    e.put("network.transport", word(t, "Teardown ").toLowerCase(Locale.ROOT));
    e.put("cisco.asa.connection_id", word(t, "connection "));
    endpoint(word(t, " for "), "destination", e, true);
    endpoint(word(t, " to "), "source", e, true);
    String dur = word(t, " duration ");
    if (!dur.isEmpty()) {
      Long ns = duration(dur);
      if (ns != null) e.put("event.duration", ns);
    }
    Values.putLong(e, "network.bytes", word(t, " bytes "));
    int bytes = t.indexOf(" bytes ");
    if (bytes > 0) {
      int sp = t.indexOf(' ', bytes + 7);
      if (sp > 0 && sp + 1 < t.length()) e.put("event.reason", t.substring(sp + 1).strip());
    }
    return e.has("source.ip");
  }

  private static boolean icmpConnection(String t, Event e) {
    // Built inbound ICMP connection for faddr 203.0.113.5/0 gaddr 10.0.0.5/0 laddr 10.0.0.5/0
    if (!t.contains("ICMP connection for faddr ")) return false;
    e.put("network.transport", "icmp");
    endpoint(word(t, "faddr "), "source", e, false);
    endpoint(word(t, "laddr "), "destination", e, false);
    return e.has("source.ip");
  }

  private static boolean translation(String t, Event e) {
    // Built dynamic TCP translation from inside:10.1.2.3/51515 to outside:198.51.100.2/51515
    if (!t.contains(" translation from ")) return false;
    endpoint(word(t, " from "), "source", e, true);
    String to = word(t, " to ");
    natEndpoint(to.indexOf(':') >= 0 ? to.substring(to.indexOf(':') + 1) : to, e);
    return e.has("source.ip");
  }

  private static boolean adminLogin(String t, Event e) {
    // Login denied from 203.0.113.5/51234 to outside:10.0.0.1/ssh for user "admin"
    if (!t.startsWith("Login ")) return false;
    endpoint(word(t, " from "), "source", e, false);
    String to = word(t, " to ");
    int slash = to.lastIndexOf('/');
    if (slash > 0) {
      endpoint(to.substring(0, slash), "destination", e, true);
      e.put("network.protocol", to.substring(slash + 1));
    }
    String user = between(t, "user \"", "\"");
    if (user != null) e.put("user.name", user);
    return e.has("source.ip");
  }

  /** "iface:ip/port" or "ip/port" (or just "ip"). */
  static void endpoint(String s, String side, Event e, boolean withInterface) {
    if (s == null || s.isEmpty()) return;
    String x = strip(s);
    int colon = x.indexOf(':');
    // an interface name precedes the address with a colon; an IPv6 address has several colons
    if (colon > 0 && x.indexOf(':', colon + 1) < 0 || colon > 0 && !Values.isIp(x.split("/")[0])) {
      String iface = x.substring(0, colon);
      if (withInterface) e.put(side.equals("source") ? "observer.ingress.interface.name" : "observer.egress.interface.name", iface);
      x = x.substring(colon + 1);
    }
    int slash = x.lastIndexOf('/');
    Values.putIp(e, side + ".ip", slash > 0 ? x.substring(0, slash) : x);
    if (slash > 0) Values.putPort(e, side + ".port", x.substring(slash + 1));
  }

  private static void natEndpoint(String s, Event e) {
    int slash = s.lastIndexOf('/');
    Values.putIp(e, "source.nat.ip", slash > 0 ? s.substring(0, slash) : s);
    if (slash > 0) Values.putPort(e, "source.nat.port", s.substring(slash + 1));
  }

  /** The endpoints after {@code from} and after the first {@code to} that follows it ("Failed to locate ... from A to B"). */
  private static boolean endpoints(String t, String from, String to, Event e) {
    int f = t.indexOf(from);
    if (f < 0) return false;
    String rest = t.substring(f);
    endpoint(word(rest, from), "source", e, true);
    endpoint(word(rest, to), "destination", e, true);
    return e.has("source.ip");
  }

  /** "0:00:30" or "1d2h:03:04" → nanoseconds. */
  static Long duration(String d) {
    String[] p = d.split(":");
    if (p.length != 3) return null;
    long hours;
    String h = p[0];
    int dIdx = h.indexOf('d');
    try {
      long days = dIdx > 0 ? Long.parseLong(h.substring(0, dIdx)) : 0;
      String hh = dIdx > 0 ? h.substring(dIdx + 1).replace("h", "") : h;
      hours = days * 24 + Long.parseLong(hh);
      long secs = hours * 3600 + Long.parseLong(p[1]) * 60 + Long.parseLong(p[2]);
      return secs * 1_000_000_000L;
    } catch (NumberFormatException ex) {
      return null;
    }
  }

  private static String word(String t, String after) {
    int i = t.indexOf(after);
    if (i < 0) return "";
    int from = i + after.length();
    int end = t.indexOf(' ', from);
    return t.substring(from, end < 0 ? t.length() : end);
  }

  private static String strip(String s) {
    String x = s;
    while (!x.isEmpty() && (x.endsWith(",") || x.endsWith(":") || x.endsWith(".") || x.endsWith(";"))) x = x.substring(0, x.length() - 1);
    return x;
  }


  private static String colonField(String t, String key) {
    int i = t.indexOf(key);
    if (i < 0) return null;
    int end = t.indexOf(" : ", i);
    return t.substring(i + key.length(), end < 0 ? t.length() : end).strip();
  }

  private static String commaField(String t, String key) {
    int i = t.indexOf(key);
    if (i < 0) return null;
    int end = t.indexOf(',', i);
    String v = t.substring(i + key.length(), end < 0 ? t.length() : end).strip();
    return v.endsWith(".") ? v.substring(0, v.length() - 1) : v;
  }

  private static boolean reason(Event e, String r) {
    e.put("event.reason", r);
    return true;
  }

  private static void transport(Event e, String p) {
    if (!p.isEmpty()) e.put("network.transport", p.toLowerCase(Locale.ROOT));
  }

}
