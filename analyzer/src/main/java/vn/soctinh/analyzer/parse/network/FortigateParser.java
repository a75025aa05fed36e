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
    String user = kv.getOrDefault("user", kv.get("unauthuser"));
    put(e, "user.name", user);
    put(e, "source.user.group.name", kv.get("group"));
    put(e, "url.domain", kv.get("hostname"));
    put(e, "url.original", kv.get("url"));
    put(e, "file.name", kv.get("filename"));
    put(e, "source.domain", kv.get("srcname"));
    put(e, "destination.geo.country_name", kv.get("dstcountry"));
    put(e, "source.geo.country_name", kv.get("srccountry"));
    put(e, "message", kv.get("msg"));
    put(e, "event.reason", kv.get("reason"));
    for (String k : new String[] {"vd", "subtype", "sessionid", "type", "trandisp", "appcat", "app", "attack", "virus", "crscore", "craction",
        "cfgpath", "cfgattr", "tunneltype", "remip", "catdesc", "eventtype", "ui", "status"}) {
      put(e, "fortinet.firewall." + k, kv.get(k));
    }
    switch (type) {
      case "traffic" -> traffic(action, subtype, kv, e);
      case "utm", "dns" -> utm(subtype, action, kv, e);
      case "event" -> systemEvent(subtype, action, kv, e);
      default -> classify(e, "event", List.of("network"), List.of("info"), "fortigate_" + type, null);
    }
    return ParseOutcome.RECOGNISED;
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
    if (!action.isEmpty()) e.put("fortinet.firewall.action", action);
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
        put(e, "rule.id", kv.get("attackid"));
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
    String url = kv.get("url");
    if (url != null && !url.isEmpty()) e.put("url.path", url);
  }

  private static void systemEvent(String subtype, String action, Map<String, String> kv, Event e) {
    String status = kv.getOrDefault("status", "").toLowerCase(Locale.ROOT);
    boolean failed = status.equals("failed") || status.equals("failure");
    String ui = kv.get("ui");
    if (ui != null && ui.contains("(") && ui.endsWith(")") && !e.has("source.ip")) {
      Values.putIp(e, "source.ip", ui.substring(ui.indexOf('(') + 1, ui.length() - 1));
    }
    switch (action) {
      case "login" -> classify(e, "event", List.of("authentication"), List.of("start"), failed ? "admin_login_failed" : "admin_login",
          failed ? "failure" : "success");
      case "logout" -> classify(e, "event", List.of("authentication"), List.of("end"), "admin_logout", "success");
      case "tunnel-up" -> classify(e, "event", List.of("network", "session"), List.of("start"), "vpn_tunnel_up", "success");
      case "tunnel-down" -> classify(e, "event", List.of("network", "session"), List.of("end"), "vpn_tunnel_down", "success");
      case "ssl-login-fail" -> classify(e, "event", List.of("authentication"), List.of("start"), "vpn_login_failed", "failure");
      case "edit", "add", "delete", "set", "move" -> {
        classify(e, "event", List.of("configuration"), List.of("change"), "config_changed", "success");
        put(e, "fortinet.firewall.action", action);
      }
      default -> {
        if (kv.containsKey("cfgpath")) classify(e, "event", List.of("configuration"), List.of("change"), "config_changed", "success");
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
