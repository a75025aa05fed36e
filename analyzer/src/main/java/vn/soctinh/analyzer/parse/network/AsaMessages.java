package vn.soctinh.analyzer.parse.network;

import static vn.soctinh.analyzer.parse.Text.between;
import java.util.Locale;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.Values;

/**
 * The text of the ASA message ids SOC Tỉnh understands, by id: the fields only (and a 106100 hit's
 * outcome); {@link AsaCategories} gives every id its category, type and action. This class reads
 * connections, denies, NAT, IPS and threat detection, and holds the address helpers the others share;
 * {@link AsaInspectionMessages} reads the inspection engines' messages and {@link AsaAccessMessages}
 * logins, VPN sessions and configuration. Returns false for any other id or a text that does not fit.
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
      case "106100": case "106102": case "106103": return accessList(t, e);
      case "106010": // Deny inbound protocol 47 src outside:203.0.113.5 dst inside:10.0.0.5
      case "106027": // Deny src 203.0.113.5 dst 10.0.0.5 by access-group "outside_in" (after a "failed to ..." text on some versions)
        return t.startsWith("Deny ") ? denySrcDst(t, e) : t.contains(" Deny src ") && denySrcDst(t.substring(t.indexOf(" Deny src ") + 1), e);
      case "106012": // Deny IP from 203.0.113.5 to 10.0.0.5, IP options: "Router Alert"
      case "106016": // Deny IP spoof from (10.0.0.5) to 10.0.0.6 on interface outside
      case "106017": // Deny IP due to Land Attack from 10.0.0.5 to 10.0.0.5
      case "106020": // Deny IP teardrop fragment (size = 0, offset = 0) from 203.0.113.5 to 10.0.0.5
      case "106022": // Deny TCP connection spoof from 203.0.113.5 to 10.0.0.5 on interface outside
        if (!t.startsWith("Deny ") || !denyFromTo(t.replace("(", "").replace(")", "").replace(",", " ,"), e)) return false;
        String why = switch (id) {
          case "106012" -> t.contains(", ") ? t.substring(t.indexOf(", ") + 2) : null;
          case "106016" -> "IP spoof";
          case "106017" -> "Land Attack";
          case "106020" -> "teardrop fragment";
          default -> "connection spoof";
        };
        if (why != null) e.put("event.reason", why);
        return true;
      case "106013": // Dropping echo request from 203.0.113.5 to PAT address 198.51.100.1
        if (!t.startsWith("Dropping echo request from ")) return false;
        e.put("network.transport", "icmp");
        e.put("network.direction", "inbound");
        Values.putIp(e, "source.ip", word(t, " from "));
        Values.putIp(e, "destination.ip", word(t, "PAT address "));
        return hasSource(e);
      case "710005": // TCP request discarded from 203.0.113.5/51234 to outside:10.0.0.1/23
      case "710006": // VRRP request discarded from 10.0.0.5 to inside:10.0.0.1
        if (!t.contains(" request discarded from ")) return false;
        transport(e, word(t, ""));
        return endpoints(t, " from ", " to ", e);
      case "322001": // Deny MAC address 00:11:22:33:44:55, possible spoof attempt on interface inside
        if (!t.startsWith("Deny MAC address ")) return false;
        e.put("source.mac", strip(word(t, "Deny MAC address ")).replace(':', '-').toUpperCase(Locale.ROOT));
        String on = word(t, "on interface ");
        if (!on.isEmpty()) e.put("observer.ingress.interface.name", on);
        return true;
      case "110002": // Failed to locate egress interface for TCP from inside:10.0.0.5/1234 to 203.0.113.5/80
        if (!t.startsWith("Failed to locate egress interface for ")) return false;
        transport(e, word(t, "for "));
        return endpoints(t, " from ", " to ", e);
      case "302013": case "302015": return built(t, e);
      case "302014": case "302016": case "302018": case "302036": case "302304": case "302306": return teardown(t, e);
      case "302020": case "302021": return icmpConnection(t, e);
      case "305011": case "305012": return translation(t, e);
      case "313001": // Denied ICMP type=8, code=0 from 203.0.113.5 on interface outside
        if (!t.startsWith("Denied ICMP")) return false;
        e.put("network.transport", "icmp");
        Values.putIp(e, "source.ip", strip(word(t, " from ")));
        e.put("observer.ingress.interface.name", word(t, "on interface "));
        return hasSource(e);
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
        Values.putLong(e, "cisco.asa.icmp_type", strip(word(t, "(type ")));
        Values.putLong(e, "cisco.asa.icmp_code", strip(word(t, ", code ").replace(")", "")));
        // the packet the error was about: its endpoints are the flow's ("Original IP payload: udp src A/53 dst B/1024.")
        int payload = t.indexOf("Original IP payload: ");
        if (payload > 0 && t.indexOf(" src ", payload) > 0) {
          String p = t.substring(payload);
          e.remove("source.ip");
          e.remove("destination.ip");
          endpoint(word(p, " src "), "source", e, false);
          endpoint(word(p, " dst "), "destination", e, false);
        }
        return reason(e, "no matching connection");
      case "419002": // Duplicate TCP SYN from outside:203.0.113.5/51234 to inside:10.0.0.5/80 with different initial sequence number
        if (!t.startsWith("Duplicate TCP SYN")) return false;
        e.put("network.transport", "tcp");
        return endpoints(t, " from ", " to ", e);
      case "607001": return sipChannel(t, e);
      case "609001": case "609002": // Built local-host inside:10.0.0.5 / Teardown local-host inside:10.0.0.5 duration 0:01:00
        if (!t.contains("local-host ")) return false;
        endpoint(word(t, "local-host "), "source", e, true);
        putDuration(e, word(t, " duration "));
        return hasSource(e);
      case "733100": return burst(t, e);
      default:
        if (id.startsWith("400") && id.length() == 6 && t.startsWith("IPS:")) return ips(t, e);
        if (id.startsWith("338") && id.length() == 6 && t.startsWith("Dynamic ")) return dynamicFilter(t, e);
        if (AsaInspectionMessages.parse(id, t, e)) return true;
        return AsaAccessMessages.parse(id, t, e);
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

  private static boolean dynamicFilter(String t, Event e) {
    // Dynamic Filter monitored blacklisted TCP traffic from inside:10.1.1.5/51000 (198.51.100.2/51000) to outside:203.0.113.9/80
    // (203.0.113.9/80), destination 203.0.113.9 resolved from dynamic list: bad.example.net, threat-level: high, category: Malware
    int traffic = t.indexOf(" traffic from ");
    if (traffic < 0) return false;
    transport(e, t.substring(t.lastIndexOf(' ', traffic - 1) + 1, traffic));
    String a = word(t, " traffic from ");
    String b = word(t, " to ");
    endpoint(a, "source", e, true);
    endpoint(b, "destination", e, true);
    mapped(between(t, a + " (", ")"), "source", e);
    mapped(between(t, b + " (", ")"), "destination", e);
    String list = between(t, "resolved from ", " list");
    if (list != null) e.put("cisco.asa.rule_name", list);
    int colon = t.indexOf(" list: ");
    if (colon > 0) {
      String rest = t.substring(colon + 7);
      String name = strip(rest.indexOf(',') > 0 ? rest.substring(0, rest.indexOf(',')) : rest).strip();
      // the name that matched: the destination's or the source's
      if (!name.isEmpty() && !Values.isIp(name)) e.put(t.contains(", destination ") ? "destination.domain" : "source.domain", name);
    }
    String level = between(t, "threat-level: ", ",");
    if (level != null) e.put("cisco.asa.threat_level", level);
    int cat = t.indexOf("category: ");
    if (cat > 0) e.put("cisco.asa.threat_category", t.substring(cat + 10).strip());
    return hasSource(e);
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
    if (proto.equals("inbound") || proto.equals("outbound")) {
      e.put("network.direction", proto);
      proto = word(t, "Deny " + proto + " ");
    }
    // "Deny inbound protocol 47 src ...": a protocol without a name
    if (proto.equals("protocol")) e.put("network.iana_number", strip(word(t, " protocol ")));
    else e.put("network.transport", proto.toLowerCase(Locale.ROOT));
    endpoint(word(t, " src "), "source", e, true);
    endpoint(word(t, " dst "), "destination", e, true);
    int ag = t.indexOf("access-group \"");
    int agEnd = ag > 0 ? t.indexOf('"', ag + 14) : -1;
    if (agEnd > 0) {
      e.put("rule.name", t.substring(ag + 14, agEnd));
      e.put("cisco.asa.rule_name", t.substring(ag + 14, agEnd));
    }
    return hasSource(e);
  }

  private static boolean accessList(String t, Event e) {
    // access-list outside_access_in denied tcp outside/203.0.113.5(51234) -> inside/10.0.0.5(22) hit-cnt 1 first hit [0x1, 0x0]
    if (!t.startsWith("access-list ")) return false;
    String[] w = t.split(" ");
    if (w.length < 7) return false;
    boolean permitted = w[2].equals("permitted") || w[2].equals("est-allowed");
    e.put("event.outcome", permitted ? "success" : "failure"); // AsaCategories types the hit by it
    e.put("rule.name", w[1]);
    e.put("cisco.asa.rule_name", w[1]);
    e.put("network.transport", w[3].toLowerCase(Locale.ROOT));
    // 106102/106103 name the user: "... denied tcp for user bob outside/..."
    int at = 4;
    if (w[4].equals("for") && w[5].equals("user") && w.length >= 10) {
      AsaAccessMessages.sourceUser(e, w[6]);
      at = 7;
    }
    aclEndpoint(w[at], "source", e);
    aclEndpoint(w[at + 2], "destination", e);
    return hasSource(e);
  }

  /** "outside/203.0.113.5(51234)" */
  private static void aclEndpoint(String s, String side, Event e) {
    int slash = s.indexOf('/');
    int paren = s.indexOf('(');
    if (slash < 0) return;
    e.put(side.equals("source") ? "observer.ingress.interface.name" : "observer.egress.interface.name", s.substring(0, slash));
    address(e, side, paren > slash ? s.substring(slash + 1, paren) : s.substring(slash + 1));
    if (paren > 0 && s.endsWith(")")) Values.putPort(e, side + ".port", s.substring(paren + 1, s.length() - 1));
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
    // each address is followed by its mapped (translated) one; it is NAT only where it differs
    mapped(between(t, b + " (", ")"), outbound ? "source" : "destination", e);
    mapped(between(t, a + " (", ")"), outbound ? "destination" : "source", e);
    return hasSource(e);
  }

  private static boolean teardown(String t, Event e) {
    // Teardown TCP connection 123 for outside:203.0.113.7/443 to inside:10.1.2.3/51515 duration 0:00:30 bytes 1234 TCP FINs
    if (!t.startsWith("Teardown ")) return false;
    e.put("network.transport", word(t, "Teardown ").toLowerCase(Locale.ROOT));
    e.put("cisco.asa.connection_id", word(t, "connection "));
    String first = word(t, " for ");
    endpoint(first.isEmpty() ? word(t, " from ") : first, "destination", e, true); // "state-bypass connection 1 from ..."
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
    return hasSource(e);
  }

  private static boolean icmpConnection(String t, Event e) {
    // Built inbound ICMP connection for faddr 203.0.113.5/512 gaddr 198.51.100.5/0 laddr 10.0.0.5/0 type 8 code 0
    // Teardown ICMP connection for faddr ... gaddr ... laddr ...: as an outbound one
    if (!t.contains(" connection for faddr ")) return false;
    String proto = t.startsWith("Built ") ? word(t, "Built " + word(t, "Built ") + " ") : word(t, "Teardown ");
    e.put("network.transport", proto.equalsIgnoreCase("ICMPv6") ? "ipv6-icmp" : proto.toLowerCase(Locale.ROOT));
    boolean inbound = t.startsWith("Built inbound ");
    if (t.startsWith("Built ")) e.put("network.direction", inbound ? "inbound" : "outbound");
    // the foreign address is where the traffic came from on an inbound connection, the local one otherwise
    String foreignSide = inbound ? "source" : "destination";
    String localSide = inbound ? "destination" : "source";
    icmpEndpoint(word(t, "faddr "), foreignSide, e);
    icmpEndpoint(word(t, "laddr "), localSide, e);
    String global = hostOf(word(t, "gaddr "));
    if (Values.isIp(global)) {
      e.put("cisco.asa.mapped_" + localSide + "_ip", global);
      if (!global.equals(e.get(localSide + ".ip"))) e.put(localSide + ".nat.ip", global);
    }
    Values.putLong(e, "cisco.asa.icmp_type", word(t, " type "));
    Values.putLong(e, "cisco.asa.icmp_code", word(t, " code "));
    return e.has("source.ip") || e.has("source.domain") || e.has("destination.ip");
  }

  /** "outside:203.0.113.5/512": the interface and the address or host name; the number is an ICMP id, not a port. */
  private static void icmpEndpoint(String s, String side, Event e) {
    String x = strip(s);
    if (x.indexOf('/') <= 0) return; // always "address/id": anything else is not an address
    int colon = x.indexOf(':');
    if (colon > 0 && x.indexOf(':', colon + 1) < 0) {
      e.put(side.equals("source") ? "observer.ingress.interface.name" : "observer.egress.interface.name", x.substring(0, colon));
    }
    address(e, side, hostOf(x));
  }

  /** The address of "iface:addr/port" (an IPv6 address keeps its colons). */
  private static String hostOf(String s) {
    String x = strip(s);
    int slash = x.lastIndexOf('/');
    if (slash > 0) x = x.substring(0, slash);
    int colon = x.indexOf(':');
    if (colon > 0 && (x.indexOf(':', colon + 1) < 0 || !Values.isIp(x))) x = x.substring(colon + 1);
    return x;
  }

  /** Whether the source was read, as an address or a name. */
  static boolean hasSource(Event e) {
    return e.has("source.ip") || e.has("source.domain");
  }

  /** An address that may be a host name: SIDE.ip, else SIDE.domain. */
  static void address(Event e, String side, String a) {
    if (a == null || a.isEmpty()) return;
    if (!Values.putIp(e, side + ".ip", a) && isHostName(a)) e.put(side + ".domain", a);
  }

  private static boolean isHostName(String a) {
    if (a.length() > 253) return false;
    for (int i = 0; i < a.length(); i++) {
      char c = a.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_')) return false;
    }
    return true;
  }

  private static boolean burst(String t, Event e) {
    // [ Scanning] drop rate-1 exceeded. Current burst rate is 10 per second, max configured rate is 10; Current average rate is 4
    // per second, max configured rate is 5; Cumulative total count is 2435
    int close = t.indexOf(']');
    if (!t.startsWith("[") || close < 0 || !t.contains(" exceeded")) return false;
    e.put("event.kind", "alert");
    String obj = t.substring(1, close).strip();
    if (!obj.isEmpty()) {
      e.put("rule.name", obj);
      e.put("cisco.asa.burst.object", obj);
    }
    String rest = t.substring(close + 1);
    String id = word(rest, "drop ");
    if (!id.isEmpty()) e.put("cisco.asa.burst.id", id);
    putWord(e, "cisco.asa.burst.current_rate", rest, "Current burst rate is ");
    int avg = rest.indexOf("Current average rate is ");
    String burstPart = avg < 0 ? rest : rest.substring(0, avg);
    putWord(e, "cisco.asa.burst.configured_rate", burstPart, "max configured rate is ");
    if (avg >= 0) {
      String avgPart = rest.substring(avg);
      putWord(e, "cisco.asa.burst.avg_rate", avgPart, "Current average rate is ");
      putWord(e, "cisco.asa.burst.configured_avg_rate", avgPart, "max configured rate is ");
    }
    putWord(e, "cisco.asa.burst.cumulative_count", rest, "Cumulative total count is ");
    return true;
  }

  /** A number after KEY, kept as Elastic keeps it (a keyword). */
  private static void putWord(Event e, String field, String t, String key) {
    String w = strip(word(t, key));
    if (Values.parseLong(w) != null) e.put(field, w);
  }

  private static boolean sipChannel(String t, Event e) {
    // Pre-allocate SIP Via UDP secondary channel for outside:203.0.113.9/5060 to inside:10.0.0.7 from INVITE message
    if (!t.startsWith("Pre-allocate SIP ")) return false;
    int ch = t.indexOf(" secondary channel for ", 17);
    if (ch < 0) return false;
    String type = t.substring(17, ch);
    e.put("cisco.asa.connection_type", type);
    String last = type.substring(type.lastIndexOf(' ') + 1);
    if (last.equals("UDP") || last.equals("TCP")) e.put("network.transport", last.toLowerCase(Locale.ROOT));
    else if (last.equals("RTP") || last.equals("RTCP")) e.put("network.protocol", last.toLowerCase(Locale.ROOT));
    String rest = t.substring(ch + 23);
    // the channel is opened for the far end (destination) to the near one (source)
    endpoint(word(rest, ""), "destination", e, true);
    endpoint(word(rest, " to "), "source", e, true);
    String msg = between(rest, " from ", " message");
    if (msg != null) e.put("cisco.asa.message", msg);
    return e.has("destination.ip") || e.has("source.ip");
  }

  private static boolean translation(String t, Event e) {
    // Built dynamic TCP translation from inside:10.1.2.3/51515 to outside:198.51.100.2/51515
    if (!t.contains(" translation from ")) return false;
    endpoint(word(t, " from "), "source", e, true);
    String to = word(t, " to ");
    natEndpoint(to.indexOf(':') >= 0 ? to.substring(to.indexOf(':') + 1) : to, e);
    putDuration(e, word(t, " duration "));
    return hasSource(e);
  }

  /** "0:01:00" → event.duration, when there is one. */
  private static void putDuration(Event e, String d) {
    Long ns = d.isEmpty() ? null : duration(d);
    if (ns != null) e.put("event.duration", ns);
  }

  /** "iface:ip/port" or "ip/port" (or just "ip"). */
  static void endpoint(String s, String side, Event e, boolean withInterface) {
    if (s == null || s.isEmpty()) return;
    String x = strip(s);
    // "inside:10.0.0.5(type" or ".../51635(host.name)": what follows a parenthesis is not the address
    int paren = x.indexOf('(');
    if (paren > 0) x = x.substring(0, paren);
    int colon = x.indexOf(':');
    // an interface name precedes the address with a colon; an IPv6 address has several colons, and so
    // has an interface with a prefix ("v1:outside:10.8.1.9/54864"): before an IPv4 address, the last colon ends the name
    int last = x.lastIndexOf(':');
    if (last > colon && x.indexOf('.', last) > last && Values.isIp(x.substring(last + 1).split("/")[0])) colon = last;
    if (colon > 0 && x.indexOf(':', colon + 1) < 0 || colon > 0 && !Values.isIp(x.split("/")[0])) {
      String iface = x.substring(0, colon);
      if (withInterface) e.put(side.equals("source") ? "observer.ingress.interface.name" : "observer.egress.interface.name", iface);
      x = x.substring(colon + 1);
    }
    int slash = x.lastIndexOf('/');
    address(e, side, slash > 0 ? x.substring(0, slash) : x);
    if (slash > 0) Values.putPort(e, side + ".port", x.substring(slash + 1));
  }

  /** "198.51.100.2/51515", the mapped address of SIDE: cisco.asa.mapped_SIDE_ip/port, and SIDE.nat.* where it differs. */
  private static void mapped(String s, String side, Event e) {
    if (s == null) return;
    int slash = s.lastIndexOf('/');
    String ip = slash > 0 ? s.substring(0, slash) : s;
    if (Values.putIp(e, "cisco.asa.mapped_" + side + "_ip", ip) && !ip.equals(e.get(side + ".ip"))) e.put(side + ".nat.ip", ip);
    Long port = slash > 0 ? Values.parseLong(s.substring(slash + 1)) : null;
    if (port != null && port >= 0 && port <= 65535) {
      e.put("cisco.asa.mapped_" + side + "_port", port);
      if (!port.equals(e.get(side + ".port"))) e.put(side + ".nat.port", port);
    }
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
    return hasSource(e);
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

  static String word(String t, String after) {
    int i = t.indexOf(after);
    if (i < 0) return "";
    int from = i + after.length();
    int end = t.indexOf(' ', from);
    return t.substring(from, end < 0 ? t.length() : end);
  }

  static String strip(String s) {
    String x = s;
    while (!x.isEmpty() && (x.endsWith(",") || x.endsWith(":") || x.endsWith(".") || x.endsWith(";"))) x = x.substring(0, x.length() - 1);
    return x;
  }


  private static boolean reason(Event e, String r) {
    e.put("event.reason", r);
    return true;
  }

  private static void transport(Event e, String p) {
    if (!p.isEmpty()) e.put("network.transport", p.toLowerCase(Locale.ROOT));
  }

}
