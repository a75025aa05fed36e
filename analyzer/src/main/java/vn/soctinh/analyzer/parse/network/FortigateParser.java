package vn.soctinh.analyzer.parse.network;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.EventClass;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.KeyValues;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;
import vn.soctinh.analyzer.parse.Values;

/**
 * FortiGate (FortiOS) key=value logs, the firewall most Vietnamese agencies run: traffic (allowed,
 * denied, closed), UTM (antivirus, web filter, IPS, application control, DNS filter) and system
 * events (admin logins, VPN tunnels, configuration changes). The device is the observer; fields
 * ECS has no place for stay under {@code fortinet.firewall.*}.
 */
public final class FortigateParser implements ContentParser {
  /** Keys Elastic's integration moves into ECS fields; every other key stays under fortinet.firewall.*. */
  private static final Set<String> MOVED = Set.of("date", "time", "tz", "eventtime", "devname", "devid", "srcintf", "dstintf", "level", "logid",
      "msg", "srcip", "dstip", "srcport", "dstport", "sentbyte", "rcvdbyte", "sentpkt", "rcvdpkt", "policyid", "proto", "service", "logdesc",
      "user", "unauthuser", "group", "hostname", "url", "agent", "filename", "reason", "eventtype", "dir", "direction", "duration", "locip",
      "remip", "locport", "remport", "srcmac", "dstmac", "httpmethod", "ref", "transip", "transport", "qname", "qtype", "qclass", "srcname");
  /**
   * FortiOS's own names of common system-event log ids (FortiOS log reference), as Elastic's
   * integration gives them for event.action.
   */
  private static final Map<String, String> EVENT_NAMES = Map.ofEntries(
      Map.entry("0100032001", "FortiGate-event-admin-login-success"),
      Map.entry("0100032002", "FortiGate-event-admin-login-fail"),
      Map.entry("0100032003", "FortiGate-event-admin-logout"),
      Map.entry("0100032009", "FortiGate-event-system-start"),
      Map.entry("0100032102", "FortiGate-event-chg-config"),
      Map.entry("0100032138", "FortiGate-event-reboot"),
      Map.entry("0100032200", "FortiGate-event-shutdown"),
      Map.entry("0100032203", "FortiGate-event-restore-conf"),
      Map.entry("0100044544", "FortiGate-event-config-path"),
      Map.entry("0100044545", "FortiGate-event-config-obj"),
      Map.entry("0100044546", "FortiGate-event-config-attr"),
      Map.entry("0100044547", "FortiGate-event-config-objattr"),
      Map.entry("0100044548", "FortiGate-event-config-exec"),
      Map.entry("0101023101", "FortiGate-event-ipsec-tunnel-up"),
      Map.entry("0101023102", "FortiGate-event-ipsec-tunnel-down"),
      Map.entry("0101023103", "FortiGate-event-ipsec-tunnel-stat"),
      Map.entry("0101037120", "FortiGate-event-neg-generic-p1-notif"),
      Map.entry("0101037121", "FortiGate-event-neg-generic-p1-error"),
      Map.entry("0101037122", "FortiGate-event-neg-generic-p2-notif"),
      Map.entry("0101037123", "FortiGate-event-neg-generic-p2-error"),
      Map.entry("0101037124", "FortiGate-event-neg-i-p1-error"),
      Map.entry("0101037125", "FortiGate-event-neg-i-p2-error"),
      Map.entry("0101037127", "FortiGate-event-neg-progress-p1-notif"),
      Map.entry("0101037128", "FortiGate-event-neg-progress-p1-error"),
      Map.entry("0101037129", "FortiGate-event-neg-progress-p2-notif"),
      Map.entry("0101037130", "FortiGate-event-neg-progress-p2-error"),
      Map.entry("0101037131", "FortiGate-event-esp-error"),
      Map.entry("0101037133", "FortiGate-event-install-sa"),
      Map.entry("0101037134", "FortiGate-event-delete-p1-sa"),
      Map.entry("0101037135", "FortiGate-event-delete-p2-sa"),
      Map.entry("0101037136", "FortiGate-event-dpd-failure"),
      Map.entry("0101037137", "FortiGate-event-conn-failure"),
      Map.entry("0101037138", "FortiGate-event-conn-updown"),
      Map.entry("0101037139", "FortiGate-event-p2-updown"),
      Map.entry("0101037141", "FortiGate-event-conn-stats"),
      Map.entry("0101039424", "FortiGate-event-ssl-vpn-user-tunnel-up"),
      Map.entry("0101039425", "FortiGate-event-ssl-vpn-user-tunnel-down"),
      Map.entry("0101039947", "FortiGate-event-ssl-vpn-session-tunnel-up"),
      Map.entry("0101039948", "FortiGate-event-ssl-vpn-session-tunnel-down"),
      Map.entry("0101039949", "FortiGate-event-ssl-vpn-session-tunnel-stats"),
      Map.entry("0102038031", "FortiGate-event-fsso-logon"),
      Map.entry("0102038032", "FortiGate-event-fsso-logoff"),
      Map.entry("0102043008", "FortiGate-event-auth-success"),
      Map.entry("0102043009", "FortiGate-event-auth-failed"),
      Map.entry("0102043010", "FortiGate-event-auth-lockout"),
      Map.entry("0102043039", "FortiGate-event-auth-logon"),
      Map.entry("0102043040", "FortiGate-event-auth-logout"));
  private static final vn.soctinh.analyzer.parse.VendorFields VENDOR = new vn.soctinh.analyzer.parse.VendorFields("fortinet.firewall.");
  private static final Set<String> DENY = Set.of("deny", "block", "blocked", "dropped", "drop", "reset", "server-rst", "client-rst");

  @Override
  public String name() {
    return "fortigate";
  }

  @Override
  public Set<String> programs() {
    return Set.of("fortigate", "fortios");
  }

  @Override
  public boolean sniff(LogLine line) {
    String m = line.message();
    return (m.contains("devid=") || m.contains("logid=")) && m.contains("type=") && m.contains("subtype=");
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    Map<String, String> kv = new HashMap<>(64);
    KeyValues.scan(line.message(), kv::put);
    String type = kv.get("type");
    if (type == null || (!kv.containsKey("logid") && !kv.containsKey("devid"))) {
      return ParseOutcome.unrecognised("expected FortiOS key=value fields (logid=, devid=, type=, subtype=)");
    }
    String subtype = kv.getOrDefault("subtype", "");
    String action = kv.getOrDefault("action", "").toLowerCase(Locale.ROOT);
    // the device's date= time= tz= is the event's time, eventtime= its start, as Elastic's integration reads them
    Instant t = localTime(kv, line.zone());
    Instant start = eventTime(kv);
    if (t != null || start != null) e.put("@timestamp", t != null ? t : start);
    if (start != null) e.put("event.start", start);
    e.put("event.dataset", "fortinet.firewall");
    e.put("event.module", "fortinet");
    e.put("observer.vendor", "Fortinet");
    e.put("observer.product", "Fortigate");
    e.put("observer.type", "firewall");
    put(e, "observer.name", kv.get("devname"));
    put(e, "observer.serial_number", kv.get("devid"));
    put(e, "event.code", kv.get("logid"));
    put(e, "log.level", kv.get("level"));
    Values.putIp(e, "source.ip", kv.get("srcip"));
    Values.putPort(e, "source.port", kv.get("srcport"));
    Values.putIp(e, "destination.ip", kv.get("dstip"));
    Values.putPort(e, "destination.port", kv.get("dstport"));
    Values.putIp(e, "source.nat.ip", kv.get("transip"));
    Values.putPort(e, "source.nat.port", kv.get("transport"));
    put(e, "observer.ingress.interface.name", kv.get("srcintf"));
    put(e, "observer.egress.interface.name", kv.get("dstintf"));
    Values.putLong(e, "source.bytes", kv.get("sentbyte"));
    Values.putLong(e, "destination.bytes", kv.get("rcvdbyte"));
    Values.putLong(e, "source.packets", kv.get("sentpkt"));
    Values.putLong(e, "destination.packets", kv.get("rcvdpkt"));
    Long sb = e.getLong("source.bytes");
    Long db = e.getLong("destination.bytes");
    if (sb != null && db != null) e.put("network.bytes", sb + db);
    String proto = kv.get("proto");
    if (proto != null) e.put("network.transport", transport(proto));
    String service = kv.get("service");
    if (service != null) e.put("network.protocol", service.toLowerCase(Locale.ROOT));
    put(e, "rule.id", kv.get("policyid"));
    put(e, "rule.name", kv.get("policyname"));
    put(e, "rule.ruleset", kv.get("policytype"));
    put(e, "rule.description", kv.get("logdesc"));
    String user = kv.getOrDefault("user", kv.get("unauthuser"));
    put(e, "user.name", user);
    put(e, "source.user.name", user);
    put(e, "source.user.group.name", kv.get("group"));
    String url = kv.get("url");
    if (url != null && !url.isEmpty()) vn.soctinh.analyzer.parse.Urls.put(e, url);
    put(e, "url.domain", kv.get("hostname"));
    put(e, "file.name", kv.get("filename"));
    put(e, "source.domain", kv.get("srcname"));
    put(e, "destination.geo.country_name", kv.get("dstcountry"));
    put(e, "source.geo.country_name", kv.get("srccountry"));
    put(e, "message", kv.get("msg"));
    put(e, "event.reason", kv.get("reason"));
    put(e, "event.reference", kv.get("ref"));
    put(e, "http.request.method", kv.get("httpmethod"));
    put(e, "user_agent.original", kv.get("agent"));
    if (proto != null && Values.parseLong(proto) != null) e.put("network.iana_number", proto);
    Long duration = Values.parseLong(kv.get("duration"));
    if (duration != null && duration >= 0 && duration < 9_000_000_000L) e.put("event.duration", duration * 1_000_000_000L);
    boolean utm = type.equals("utm") || type.equals("dns");
    // every other field under fortinet.firewall.*, as the device names it (Elastic's integration does the same)
    for (Map.Entry<String, String> f : kv.entrySet()) {
      String k = f.getKey();
      String v = f.getValue();
      if (v.isEmpty() || v.equals("N/A") || MOVED.contains(k) || (utm && k.equals("profile")) || !isWord(k)) continue;
      e.put(VENDOR.of(k), k.equals("advpnsc") ? (Object) !v.equals("0") : v);
    }
    switch (type) {
      case "traffic" -> traffic(action, subtype, kv, e);
      case "utm", "dns" -> utm(subtype, action, kv, e);
      case "event" -> systemEvent(subtype, action, kv, e);
      default -> classify(e, "event", List.of("network"), List.of("info"), "fortigate_" + type, null);
    }
    if (utm) put(e, "rule.ruleset", kv.get("profile"));
    if (subtype.equals("vpn")) swapEnds(e);
    direction(kv, e);
    return ParseOutcome.RECOGNISED;
  }

  /**
   * A VPN log's remip is the peer (the client) and locip the firewall itself: the peer is the
   * source, as Elastic's integration reads it, and the bytes swap with the ends.
   */
  private static void swapEnds(Event e) {
    for (String f : new String[] {"ip", "port", "bytes", "packets"}) {
      Object s = e.remove("source." + f);
      Object d = e.remove("destination." + f);
      if (d != null) e.put("source." + f, d);
      if (s != null) e.put("destination." + f, s);
    }
  }

  /** The device's direction (outgoing, incoming …) in ECS words, else from the addresses: private to private is internal. */
  private static void direction(Map<String, String> kv, Event e) {
    String d = kv.getOrDefault("direction", kv.get("dir"));
    if (d != null && !d.isEmpty()) {
      String l = d.toLowerCase(Locale.ROOT);
      e.put("network.direction", switch (l) {
        case "outgoing", "outbound" -> "outbound";
        case "incoming", "inbound" -> "inbound";
        case "ingress", "egress", "internal", "external" -> l;
        default -> "unknown";
      });
      return;
    }
    Object s = e.get("source.ip");
    Object t = e.get("destination.ip");
    if (s == null || t == null) return;
    boolean sp = isPrivate(s.toString());
    boolean tp = isPrivate(t.toString());
    e.put("network.direction", sp && tp ? "internal" : sp ? "outbound" : tp ? "inbound" : "external");
  }

  /** RFC 1918, loopback, link-local, CGNAT and IPv6 unique-local/link-local addresses. */
  static boolean isPrivate(String ip) {
    if (ip.indexOf(':') >= 0) {
      String l = ip.toLowerCase(Locale.ROOT);
      return l.equals("::1") || l.startsWith("fc") || l.startsWith("fd") || l.startsWith("fe8") || l.startsWith("fe9") || l.startsWith("fea")
          || l.startsWith("feb");
    }
    int a = octet(ip, 0);
    int dot = ip.indexOf('.');
    int b = dot < 0 ? -1 : octet(ip, dot + 1);
    return a == 10 || a == 127 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168) || (a == 169 && b == 254)
        || (a == 100 && b >= 64 && b <= 127);
  }

  private static int octet(String ip, int from) {
    int v = 0;
    int i = from;
    while (i < ip.length() && Character.isDigit(ip.charAt(i)) && i - from < 3) v = v * 10 + (ip.charAt(i++) - '0');
    return i == from ? -1 : v;
  }

  private static boolean isWord(String k) {
    for (int i = 0; i < k.length(); i++) {
      char c = k.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_')) return false;
    }
    return true;
  }

  /**
   * A session's log: Elastic's integration keeps the device's action ({@code accept}, {@code deny},
   * {@code close}, {@code timeout}, {@code server-rst} …) as {@code event.action} with outcome
   * success (the log was written), and says allowed or denied in {@code event.type}.
   */
  private static void traffic(String action, String subtype, Map<String, String> kv, Event e) {
    String utm = kv.get("utmaction");
    boolean denied = action.equals("deny") || "block".equals(utm);
    List<String> type = new java.util.ArrayList<>(List.of("connection", action.equals("start") ? "start" : "end"));
    if (kv.get("app") != null && !action.equals("deny")) type.add("protocol");
    if (utm == null && !action.equals("deny")) type.add("allowed");
    if (denied) type.add("denied");
    classify(e, "event", List.of("network"), type, action.isEmpty() ? "traffic_" + (subtype.isEmpty() ? "log" : subtype) : action,
        action.isEmpty() ? null : "success");
  }

  /**
   * A UTM log (antivirus, web filter, IPS, application control, DNS filter …) as Elastic's FortiGate
   * integration writes it: the device's eventtype as the action (infected, ftgd_blk, signature …;
   * ours when the log has none), category network, kind event, denied/allowed/info from the action
   * and subtype (ours when those say nothing), outcome success when the log has an action.
   */
  private static void utm(String subtype, String action, Map<String, String> kv, Event e) {
    boolean blocked = DENY.contains(action) || action.equals("blocked") || action.equals("quarantine");
    String ours;
    List<String> ourType;
    switch (subtype) {
      case "virus" -> {
        ours = "virus_detected";
        ourType = List.of("info", blocked ? "denied" : "allowed");
        put(e, "rule.name", kv.get("virus"));
      }
      case "webfilter" -> {
        ours = blocked ? "url_blocked" : "url_allowed";
        ourType = List.of(blocked ? "denied" : "allowed");
      }
      case "ips" -> {
        ours = "ips_signature";
        ourType = List.of(blocked ? "denied" : "allowed");
        put(e, "rule.name", kv.get("attack"));
        String sev = kv.get("severity");
        if (sev != null) e.put("event.severity", severity(sev));
      }
      case "app-ctrl" -> {
        ours = blocked ? "application_blocked" : "application_allowed";
        ourType = List.of(blocked ? "denied" : "allowed");
        put(e, "network.application", kv.get("app") == null ? null : kv.get("app").toLowerCase(Locale.ROOT));
      }
      case "dns" -> {
        ours = blocked ? "dns_blocked" : "dns_query";
        ourType = List.of(blocked ? "denied" : "info");
        put(e, "dns.question.name", kv.get("qname"));
        put(e, "dns.question.type", kv.get("qtype"));
      }
      case "anomaly" -> {
        ours = "anomaly_detected";
        ourType = List.of("denied");
      }
      case "ssl" -> {
        ours = "ssl_anomaly";
        ourType = List.of("info");
      }
      default -> {
        ours = "utm_" + subtype.replace('-', '_');
        ourType = List.of("info");
      }
    }
    List<String> type = new java.util.ArrayList<>(2);
    if (action.equals("block") || action.equals("blocked")) type.add("denied");
    if (subtype.equals("dns")) type.add("info");
    if (action.equals("pass") || action.equals("passthrough")) type.add("allowed");
    String eventtype = kv.get("eventtype");
    classify(e, "event", List.of("network"), type.isEmpty() ? ourType : type, eventtype != null && !eventtype.isEmpty() ? eventtype : ours,
        action.isEmpty() ? null : "success");
  }

  /**
   * A system event as Elastic's integration reads it: a login message (admin, SSH, VPN user) is
   * action {@code login} in category authentication, with the role the message names; other events
   * take the name FortiOS gives the log id ({@code FortiGate-event-config-objattr},
   * {@code FortiGate-event-neg-generic-p1-notif} …) for the ids listed in {@link #EVENT_NAMES}, and ours
   * otherwise. VPN logs are category network, type connection.
   */
  private static void systemEvent(String subtype, String action, Map<String, String> kv, Event e) {
    String status = kv.getOrDefault("status", "").toLowerCase(Locale.ROOT);
    String result = kv.getOrDefault("result", "");
    boolean failed = status.equals("failed") || status.equals("failure") || status.equals("negotiate_error") || result.equals("ERROR");
    boolean succeeded = status.equals("success") || result.equals("OK");
    String ui = kv.get("ui");
    if (ui != null && ui.contains("(") && ui.endsWith(")") && !e.has("source.ip")) {
      Values.putIp(e, "source.ip", ui.substring(ui.indexOf('(') + 1, ui.length() - 1));
    }
    boolean vpn = subtype.equals("vpn");
    if (vpn) {
      // the VPN's user= is often the peer's address; the person is the EAP or XAuth user
      String person = kv.get("eapuser") != null && !kv.get("eapuser").equals("N/A") ? kv.get("eapuser") : kv.get("xauthuser");
      if (person != null && !person.isEmpty() && !person.equals("N/A")) {
        e.put("source.user.name", person);
        e.put("user.name", person);
      }
      // before the swap: the firewall's end (locip) is written as the source, the peer (remip) as the destination
      if (!e.has("source.ip")) Values.putIp(e, "source.ip", kv.get("locip"));
      if (!e.has("source.port")) Values.putPort(e, "source.port", kv.get("locport"));
      if (!e.has("destination.ip")) Values.putIp(e, "destination.ip", kv.get("remip"));
      if (!e.has("destination.port")) Values.putPort(e, "destination.port", kv.get("remport"));
    }
    String msg = kv.getOrDefault("msg", "").toLowerCase(Locale.ROOT);
    if (msg.contains("login") || msg.contains("logged in")) {
      String outcome = failed || msg.contains("fail") ? "failure" : succeeded || msg.contains("success") ? "success" : null;
      classify(e, "event", List.of("authentication"), List.of("start"), "login", outcome);
      String role = kv.get("msg").startsWith("Administrator ") ? "Administrator" : kv.get("adminprof");
      if (role != null && !role.isEmpty()) {
        e.put("user.roles", List.of(role));
        e.put("source.user.roles", List.of(role));
      }
      return;
    }
    String named = EVENT_NAMES.get(kv.getOrDefault("logid", ""));
    if (named != null) {
      String outcome = failed ? "failure" : succeeded ? "success" : null;
      if (vpn) classify(e, "event", List.of("network"), List.of("connection"), named, outcome);
      else if (subtype.equals("user")) classify(e, "event", List.of("authentication"), List.of("info"), named, outcome);
      else if (kv.containsKey("cfgpath")) classify(e, "event", List.of("configuration"), List.of("change"), named, "success");
      else classify(e, "event", List.of("host"), List.of("info"), named, outcome);
      return;
    }
    switch (action.toLowerCase(Locale.ROOT)) {
      case "logout" -> classify(e, "event", List.of("authentication"), List.of("end"), "admin_logout", "success");
      case "tunnel-up" -> classify(e, "event", List.of("network"), List.of("connection", "start"), "vpn_tunnel_up", "success");
      case "tunnel-down" -> classify(e, "event", List.of("network"), List.of("connection", "end"), "vpn_tunnel_down", "success");
      case "edit", "add", "delete", "set", "move" -> classify(e, "event", List.of("configuration"), List.of("change"), "config_changed", "success");
      default -> {
        if (kv.containsKey("cfgpath")) classify(e, "event", List.of("configuration"), List.of("change"), "config_changed", "success");
        else if (vpn) classify(e, "event", List.of("network"), List.of("connection"), "fortigate_vpn" + (action.isEmpty() ? "" : "_" + action.replace('-', '_')),
            failed ? "failure" : succeeded ? "success" : null);
        else classify(e, "event", List.of("host"), List.of("info"), "fortigate_" + (subtype.isEmpty() ? "event" : subtype.replace('-', '_'))
            + (action.isEmpty() ? "" : "_" + action.replace('-', '_')), failed ? "failure" : null);
      }
    }
  }

  /** eventtime in s, ms, µs or ns (by magnitude), or null. */
  static Instant eventTime(Map<String, String> kv) {
    Long et = Values.parseLong(kv.get("eventtime"));
    if (et == null || et <= 0) return null;
    if (et > 1_000_000_000_000_000L) return Instant.ofEpochSecond(et / 1_000_000_000L, et % 1_000_000_000L);
    if (et > 1_000_000_000_000_00L) return Instant.ofEpochSecond(et / 1_000_000L, (et % 1_000_000L) * 1000);
    if (et > 1_000_000_000_00L) return Instant.ofEpochMilli(et);
    return Instant.ofEpochSecond(et);
  }

  /** date= time= with tz= (+0700, or a name such as "UTC+07:00"), else in the agency's zone; or null. */
  static Instant localTime(Map<String, String> kv, ZoneId zone) {
    String d = kv.get("date");
    String t = kv.get("time");
    if (d == null || t == null) return null;
    try {
      LocalDateTime ldt = LocalDateTime.parse(d + "T" + t);
      ZoneOffset off = offset(kv.get("tz"));
      return off != null ? ldt.toInstant(off) : ldt.atZone(zone).toInstant();
    } catch (java.time.DateTimeException ex) {
      return null;
    }
  }

  /** "+0700", "-05:30", "UTC+7", "GMT+07:00" → the offset; anything else null. */
  static ZoneOffset offset(String tz) {
    if (tz == null) return null;
    int sign = Math.max(tz.lastIndexOf('+'), tz.lastIndexOf('-'));
    if (sign < 0) return null;
    String digits = tz.substring(sign + 1).replace(":", "");
    if (digits.isEmpty() || digits.length() > 4 || !digits.chars().allMatch(Character::isDigit)) return null;
    int h = digits.length() <= 2 ? Integer.parseInt(digits) : Integer.parseInt(digits.substring(0, digits.length() - 2));
    int m = digits.length() <= 2 ? 0 : Integer.parseInt(digits.substring(digits.length() - 2));
    try {
      return ZoneOffset.ofHoursMinutes(tz.charAt(sign) == '-' ? -h : h, tz.charAt(sign) == '-' ? -m : m);
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }

  static String transport(String proto) {
    return switch (proto) {
      case "6" -> "tcp";
      case "17" -> "udp";
      case "1" -> "icmp";
      case "58" -> "ipv6-icmp";
      case "47" -> "gre";
      case "50" -> "esp";
      default -> proto;
    };
  }

  private static long severity(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "critical" -> 10;
      case "high" -> 8;
      case "medium" -> 5;
      case "low" -> 3;
      default -> 1;
    };
  }

  private static void classify(Event e, String kind, List<String> category, List<String> type, String action, String outcome) {
    EventClass.set(e, kind, category, type, action, outcome);
  }

  private static void put(Event e, String field, String v) {
    if (v != null && !v.isEmpty() && !v.equals("N/A")) e.put(field, v);
  }
}
