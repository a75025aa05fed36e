package vn.soctinh.analyzer.parse.dns;

import static vn.soctinh.analyzer.parse.EventClass.DENIED;
import static vn.soctinh.analyzer.parse.EventClass.ERROR;
import static vn.soctinh.analyzer.parse.EventClass.HOST;
import static vn.soctinh.analyzer.parse.EventClass.INFO;
import static vn.soctinh.analyzer.parse.EventClass.NETWORK;
import static vn.soctinh.analyzer.parse.EventClass.PROTOCOL;
import static vn.soctinh.analyzer.parse.Text.between;
import static vn.soctinh.analyzer.parse.Text.after;
import static vn.soctinh.analyzer.parse.Text.word;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.EventClass;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;
import vn.soctinh.analyzer.parse.Values;

/**
 * BIND's named: the query log ({@code client @0x… 203.0.113.5#53124 (x): query: x IN A +E(0)K (10.0.0.53)}),
 * refused queries and zone transfers, transfers in and out, dynamic updates, notifies, zone loads,
 * the resolver's complaints about other servers (lame servers, unexpected RCODEs, format errors,
 * DNSSEC failures), response-rate limiting and the server's start, reload and stop. A line may
 * carry BIND's own stamp ({@code 23-Nov-2026 10:00:01.123}), category and severity in front when
 * {@code print-time}/{@code print-category}/{@code print-severity} are on; they are skipped.
 *
 * <p>Queries become {@code dns.type: query} with {@code dns.question.name/type/class}, the client in
 * {@code source.*} and the server address it asked in {@code destination.ip}, which is what the
 * threat-intelligence lists and the {@code category: dns} Sigma rules read.
 */
public final class NamedParser implements ContentParser {
  static final String DATASET = "named.log";
  private static final Set<String> CATEGORIES = Set.of("queries", "query-errors", "security", "xfer-in", "xfer-out", "lame-servers",
      "resolver", "general", "default", "client", "network", "notify", "update", "update-security", "dnssec", "edns-disabled", "rate-limit",
      "config", "database", "cname", "spill", "dispatch", "unmatched", "rpz", "zoneload", "nsid", "serve-stale", "trust-anchor-telemetry");
  private static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "notice", "info", "debug");

  @Override
  public String name() {
    return "named";
  }

  @Override
  public Set<String> programs() {
    return Set.of("named", "named-pkcs11", "bind9");
  }

  /** BIND's own log file: "23-Nov-2026 10:00:01.123 queries: info: client @0x… …" shipped without a syslog tag. */
  @Override
  public boolean sniff(LogLine line) {
    if (line.program() != null) return false;
    String t = line.message();
    return bindStampLength(t) > 0 && (t.contains("client ") || t.contains(" zone ") || t.contains("transfer of '"));
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    String t = line.message().strip();
    int stamp = bindStampLength(t);
    if (stamp > 0) t = t.substring(stamp).stripLeading();
    String category = null;
    int c = t.indexOf(": ");
    if (c > 0 && CATEGORIES.contains(t.substring(0, c))) {
      category = t.substring(0, c);
      t = t.substring(c + 2);
      c = t.indexOf(": ");
    }
    String level = null;
    if (c > 0 && (SEVERITIES.contains(t.substring(0, c)) || t.startsWith("debug ") && c < 10)) {
      level = t.substring(0, c);
      t = t.substring(c + 2);
    }
    if (!classify(t, e)) return ParseOutcome.unrecognised("not a known named message");
    if (category != null) e.put("named.category", category);
    if (level != null) e.put("log.level", level);
    if (stamp > 0 && (line.syslog() == null || line.syslog().timestamp == null)) {
      // BIND's own file, shipped without a syslog header: its stamp is the event's time, in the agency's zone
      java.time.Instant at = bindStamp(line.message().strip(), line.zone());
      if (at != null) e.put("@timestamp", at);
    }
    return ParseOutcome.RECOGNISED;
  }

  /** Length of "23-Nov-2026 10:00:01.123 " at the start, or 0. */
  static int bindStampLength(String t) {
    if (t.length() < 21 || t.charAt(2) != '-' || t.charAt(6) != '-' || t.charAt(11) != ' ' || t.charAt(14) != ':' || t.charAt(17) != ':') return 0;
    for (int i : new int[] {0, 1, 7, 8, 9, 10, 12, 13, 15, 16, 18, 19}) if (!Character.isDigit(t.charAt(i))) return 0;
    int i = 20;
    if (i < t.length() && t.charAt(i) == '.') {
      i++;
      while (i < t.length() && Character.isDigit(t.charAt(i))) i++;
    }
    return i < t.length() && t.charAt(i) == ' ' ? i + 1 : 0;
  }

  /** "23-Nov-2026 10:00:01.123" read in {@code zone}; null when the date does not exist. */
  static java.time.Instant bindStamp(String t, java.time.ZoneId zone) {
    int month = "JanFebMarAprMayJunJulAugSepOctNovDec".indexOf(t.substring(3, 6));
    if (month < 0 || month % 3 != 0) return null;
    try {
      int nanos = 0;
      if (t.charAt(20) == '.') {
        int i = 21;
        int scale = 100_000_000;
        while (i < t.length() && Character.isDigit(t.charAt(i)) && scale > 0) {
          nanos += (t.charAt(i++) - '0') * scale;
          scale /= 10;
        }
      }
      return java.time.LocalDateTime.of(Integer.parseInt(t.substring(7, 11)), month / 3 + 1, Integer.parseInt(t.substring(0, 2)),
          Integer.parseInt(t.substring(12, 14)), Integer.parseInt(t.substring(15, 17)), Integer.parseInt(t.substring(18, 20)), nanos)
          .atZone(zone == null ? java.time.ZoneOffset.UTC : zone).toInstant();
    } catch (java.time.DateTimeException | NumberFormatException ex) {
      return null;
    }
  }

  private static boolean classify(String t, Event e) {
    if (t.startsWith("client ")) return client(t, e);
    String rest;
    if ((rest = after(t, "transfer of '")) != null) return transferIn(rest, e);
    if ((rest = after(t, "zone ")) != null) return zone(rest, e);
    if (t.startsWith("notify question section contains no SOA")) {
      set(e, NETWORK, PROTOCOL, "dns_notify_invalid", "failure");
      return true;
    }
    if (resolver(t, e)) return true;
    return server(t, e);
  }

  /** "client [@0x…] 203.0.113.5#53124 [(name)]: [view v: ]…" */
  private static boolean client(String t, Event e) {
    int i = "client ".length();
    if (t.startsWith("@0x", i)) {
      int sp = t.indexOf(' ', i);
      if (sp < 0) return false;
      i = sp + 1;
    }
    int sp = t.indexOf(' ', i);
    String addr = sp < 0 ? t.substring(i) : t.substring(i, sp);
    if (addr.endsWith(":")) addr = addr.substring(0, addr.length() - 1);
    int hash = addr.lastIndexOf('#');
    if (hash <= 0 || sp < 0) return false;
    int body = t.indexOf(": ", i);
    if (body < 0) return false;
    String rest = t.substring(body + 2);
    String view = null;
    if (rest.startsWith("view ")) {
      int c = rest.indexOf(": ");
      if (c > 0) {
        view = rest.substring(5, c);
        rest = rest.substring(c + 2);
      }
    }
    if (!clientMessage(rest, e)) return false;
    Values.putIp(e, "source.ip", addr.substring(0, hash));
    Values.putPort(e, "source.port", addr.substring(hash + 1));
    if (view != null) e.put("named.view", view);
    return true;
  }

  private static boolean clientMessage(String t, Event e) {
    String rest;
    if ((rest = after(t, "query: ")) != null) {
      // "example.gov.vn IN A +E(0)K (10.0.0.53)"
      String[] w = rest.split(" ", 5);
      if (w.length < 3) return false;
      set(e, NETWORK, PROTOCOL, "dns_query", null);
      e.put("dns.type", "query");
      e.put("dns.question.name", w[0]);
      e.put("dns.question.class", w[1]);
      e.put("dns.question.type", w[2]);
      e.put("network.protocol", "dns");
      if (w.length > 3 && !w[3].startsWith("(")) flags(w[3], e);
      int open = rest.lastIndexOf('(');
      if (open > 0 && rest.endsWith(")")) Values.putIp(e, "destination.ip", rest.substring(open + 1, rest.length() - 1));
      return true;
    }
    if (t.startsWith("query ") && t.contains(" denied")) {
      // "query (cache) 'example.com/A/IN' denied (allow-query-cache did not match)"
      set(e, NETWORK, DENIED, "dns_query_denied", "failure");
      e.put("dns.type", "query");
      question(t, e);
      reasonAfter(t, " denied", e);
      return true;
    }
    if (t.startsWith("zone transfer '") && t.contains(" denied") || t.startsWith("bad zone transfer request: ")) {
      set(e, NETWORK, DENIED, "dns_zone_transfer_denied", "failure");
      question(t, e);
      int c = t.lastIndexOf("': ");
      if (c > 0) e.put("event.reason", t.substring(c + 3));
      return true;
    }
    if (t.startsWith("transfer of '")) {
      // "transfer of 'example.vn/IN': AXFR started (serial 2026112301)": a secondary (or anyone allowed) takes the zone
      set(e, NETWORK, PROTOCOL, "dns_zone_transfer", "success");
      question(t, e);
      int c = t.indexOf("': ");
      if (c > 0) e.put("event.reason", t.substring(c + 3));
      return true;
    }
    if ((t.startsWith("update '") || t.startsWith("update forwarding '")) && t.contains(" denied")) {
      set(e, List.of("network", "configuration"), DENIED, "dns_update_denied", "failure");
      question(t, e);
      return true;
    }
    if (t.startsWith("updating zone '")) {
      set(e, List.of("network", "configuration"), List.of("change"), "dns_update", "success");
      question(t, e);
      int c = t.indexOf("': ");
      if (c > 0) e.put("event.reason", t.substring(c + 3));
      return true;
    }
    if (t.startsWith("received notify for zone '")) {
      set(e, NETWORK, PROTOCOL, "dns_notify_received", null);
      question(t, e);
      return true;
    }
    if ((rest = after(t, "query failed (")) != null) {
      // "query failed (SERVFAIL) for example.com/IN/A at query.c:7140"
      int close = rest.indexOf(')');
      if (close < 0) return false;
      set(e, NETWORK, ERROR, "dns_query_failed", "failure");
      e.put("dns.type", "query");
      e.put("dns.response_code", rest.substring(0, close));
      int f = rest.indexOf(" for ");
      if (f > 0) {
        String[] q = word(rest, f + 5).split("/");
        e.put("dns.question.name", q[0]);
        if (q.length == 3) {
          e.put("dns.question.class", q[1]);
          e.put("dns.question.type", q[2]);
        }
      }
      return true;
    }
    if (t.startsWith("rate limit ")) {
      // "rate limit drop response to 203.0.113.0/24 for example.vn IN ANY  (00800000)"
      set(e, NETWORK, DENIED, "dns_rate_limited", null);
      int f = t.indexOf(" for ");
      if (f > 0) {
        String[] w = words(t.substring(f + 5), 3);
        if (w.length > 0) e.put("dns.question.name", w[0]);
        if (w.length > 2) {
          e.put("dns.question.class", w[1]);
          e.put("dns.question.type", w[2]);
        }
      }
      e.put("event.reason", t.substring(0, f < 0 ? t.length() : f));
      return true;
    }
    if (t.startsWith("message parsing failed") || t.startsWith("error sending response") || t.startsWith("request has invalid signature")
        || t.startsWith("no more recursive clients")) {
      set(e, NETWORK, ERROR, "dns_client_error", "failure");
      e.put("event.reason", t);
      return true;
    }
    return false;
  }

  /** xfer-in on a secondary: "transfer of 'example.vn/IN' from 10.0.0.1#53: Transfer completed: 1 messages, 42 records, …" */
  private static boolean transferIn(String rest, Event e) {
    int q = rest.indexOf('\'');
    if (q <= 0) return false;
    int from = rest.indexOf(" from ", q);
    if (from < 0) return false;
    int c = rest.indexOf(": ", from);
    String status = c < 0 ? "" : rest.substring(c + 2);
    String s = status.toLowerCase(java.util.Locale.ROOT);
    boolean failed = s.contains("failed") || s.contains("refused") || s.contains("notauth") || s.contains("timed out") || s.contains("bad ")
        || s.startsWith("transfer status: ") && !s.equals("transfer status: success");
    boolean done = s.startsWith("transfer completed") || s.equals("transfer status: success");
    set(e, NETWORK, PROTOCOL, "dns_zone_transfer_in", failed ? "failure" : done ? "success" : null);
    zoneName(rest.substring(0, q), e);
    remote(word(rest, from + 6), e);
    if (!status.isEmpty()) e.put("event.reason", status);
    return true;
  }

  /** "zone example.vn/IN: loaded serial 2026112301", "…: Transfer started.", "…: sending notifies (serial …)" */
  private static boolean zone(String rest, Event e) {
    int c = rest.indexOf(": ");
    if (c <= 0) return false;
    String what = rest.substring(c + 2);
    String w = what.toLowerCase(java.util.Locale.ROOT);
    if (what.startsWith("loaded serial ")) {
      set(e, HOST, INFO, "dns_zone_loaded", "success");
    } else if (what.startsWith("Transfer started")) {
      set(e, NETWORK, PROTOCOL, "dns_zone_transfer_in", null);
    } else if (what.startsWith("transferred serial ")) {
      set(e, NETWORK, PROTOCOL, "dns_zone_transfer_in", "success");
    } else if (what.startsWith("sending notifies")) {
      set(e, NETWORK, PROTOCOL, "dns_notify_sent", null);
    } else if (what.startsWith("notify from ")) {
      set(e, NETWORK, PROTOCOL, "dns_notify_received", null);
      String peer = word(what, "notify from ".length());
      source(peer.endsWith(":") ? peer.substring(0, peer.length() - 1) : peer, e);
    } else if (w.startsWith("refresh:") || w.contains("failed") || w.startsWith("expired") || w.contains("not loaded due to errors")) {
      set(e, NETWORK, ERROR, what.startsWith("expired") ? "dns_zone_expired" : "dns_zone_error", "failure");
    } else {
      return false;
    }
    zoneName(rest.substring(0, c), e);
    e.put("event.reason", what);
    return true;
  }

  /** The resolver about other servers: lame, unexpected RCODE, format errors, DNSSEC, unreachable. */
  private static boolean resolver(String t, Event e) {
    String action;
    String rcode = null;
    if (t.startsWith("lame server resolving '")) {
      action = "dns_lame_server";
    } else if (t.contains(" unexpected RCODE resolving '")) {
      // "REFUSED unexpected RCODE resolving 'ns1.example.com/AAAA/IN': 192.0.2.1#53"
      action = "dns_unexpected_rcode";
      rcode = word(t, 0);
    } else if (t.startsWith("unexpected RCODE (")) {
      action = "dns_unexpected_rcode";
      rcode = between(t, "(", ")");
    } else if (t.startsWith("FORMERR resolving '") || t.startsWith("DNS format error from ")) {
      action = "dns_format_error";
    } else if (t.startsWith("broken trust chain resolving '") || t.startsWith("validating ") || t.startsWith("no valid RRSIG resolving '")
        || t.startsWith("no valid DS resolving '") || t.startsWith("insecurity proof failed resolving '")) {
      action = "dns_dnssec_validation_failed";
    } else if (t.contains(" resolving '") && (t.startsWith("error (") || t.startsWith("timed out") || t.startsWith("network unreachable")
        || t.startsWith("host unreachable") || t.startsWith("connection refused") || t.startsWith("SERVFAIL") || t.startsWith("shut down hung fetch"))) {
      action = "dns_resolution_error";
    } else {
      return false;
    }
    set(e, NETWORK, ERROR, action, "failure");
    if (rcode != null) e.put("dns.response_code", rcode);
    String q = between(t, "'", "'");
    if (q == null && t.startsWith("validating ")) q = word(t, "validating ".length());
    if (q != null) {
      if (q.endsWith(":")) q = q.substring(0, q.length() - 1);
      String[] p = q.split("/");
      e.put("dns.question.name", p[0]);
      if (p.length > 1) e.put("dns.question.type", p[1]);
      if (p.length > 2) e.put("dns.question.class", p[2]);
    }
    if (t.startsWith("DNS format error from ")) {
      // "DNS format error from 192.0.2.1#53 resolving x.example/A for client 127.0.0.1#5000: reply has no answer"
      remote(word(t, "DNS format error from ".length()), e);
      int r = t.indexOf(" resolving ");
      if (r > 0) {
        String[] p = word(t, r + 11).split("/");
        e.put("dns.question.name", p[0]);
        if (p.length > 1) e.put("dns.question.type", p[1]);
      }
    } else {
      int colon = t.lastIndexOf(": ");
      if (colon > 0) remote(word(t, colon + 2), e);
    }
    e.put("event.reason", t);
    return true;
  }

  private static boolean server(String t, Event e) {
    if (t.startsWith("starting BIND ")) {
      set(e, HOST, List.of("start"), "service_started", "success");
      e.put("service.version", word(t, "starting BIND ".length()));
    } else if (t.equals("running")) {
      set(e, HOST, List.of("start"), "service_started", "success");
    } else if (t.equals("exiting") || t.equals("shutting down") || t.startsWith("stopping command channel")) {
      set(e, HOST, List.of("end"), "service_stopped", "success");
    } else if (t.startsWith("reloading configuration succeeded") || t.startsWith("reloading zones succeeded") || t.equals("scheduled loading new zones")
        || t.equals("any newly configured zones are now loaded")) {
      set(e, HOST, List.of("change"), "service_reloaded", "success");
    } else if (t.startsWith("reloading configuration failed") || t.startsWith("loading configuration: ") && t.contains("fail")) {
      set(e, HOST, List.of("change"), "service_reloaded", "failure");
      e.put("event.reason", t);
    } else if (t.startsWith("received control channel command '")) {
      set(e, List.of("configuration"), List.of("access"), "dns_control_command", null);
      e.put("named.command", between(t, "'", "'"));
    } else if (t.equals("all zones loaded")) {
      set(e, HOST, INFO, "dns_zones_loaded", "success");
    } else if (t.startsWith("loading configuration from '")) {
      set(e, HOST, INFO, "service_configured", null);
      e.put("file.path", between(t, "'", "'"));
    } else {
      return false;
    }
    e.put("service.name", "named");
    return true;
  }

  /** BIND's flags after a query: '+' recursion desired, D DNSSEC OK, C checking disabled, T over TCP, S signed, E(n) EDNS. */
  private static void flags(String f, Event e) {
    List<String> header = new ArrayList<>(3);
    if (f.startsWith("+")) header.add("RD");
    if (f.indexOf('D') > 0) header.add("DO");
    if (f.indexOf('C') > 0) header.add("CD");
    if (!header.isEmpty()) e.put("dns.header_flags", header);
    e.put("network.transport", f.indexOf('T') > 0 ? "tcp" : "udp");
    e.put("named.query_flags", f);
  }

  /** "'example.vn/AXFR/IN'" or "'example.vn/IN'" in the text: name, type and class. */
  private static void question(String t, Event e) {
    String q = between(t, "'", "'");
    if (q == null) return;
    int slash = q.indexOf('/');
    if (slash < 0) {
      e.put("dns.question.name", q);
      return;
    }
    e.put("dns.question.name", q.substring(0, slash));
    String[] p = q.substring(slash + 1).split("/");
    if (p.length == 2) {
      e.put("dns.question.type", p[0]);
      e.put("dns.question.class", p[1]);
    } else {
      e.put("dns.question.class", p[0]);
    }
  }

  private static void zoneName(String zone, Event e) {
    int slash = zone.indexOf('/');
    e.put("dns.question.name", slash < 0 ? zone : zone.substring(0, slash));
    if (slash > 0) {
      String cls = zone.substring(slash + 1);
      int v = cls.indexOf('/');
      e.put("dns.question.class", v < 0 ? cls : cls.substring(0, v));
    }
  }

  /** "192.0.2.1#53" → destination.ip/port (another server). */
  private static void remote(String addr, Event e) {
    endpoint(addr, "destination", e);
  }

  private static void source(String addr, Event e) {
    endpoint(addr, "source", e);
  }

  private static void endpoint(String addr, String side, Event e) {
    String a = addr.endsWith(":") || addr.endsWith(",") ? addr.substring(0, addr.length() - 1) : addr;
    int hash = a.lastIndexOf('#');
    if (hash <= 0) return;
    if (Values.putIp(e, side + ".ip", a.substring(0, hash))) Values.putPort(e, side + ".port", a.substring(hash + 1));
  }

  private static void reasonAfter(String t, String marker, Event e) {
    int i = t.indexOf(marker + " (");
    if (i > 0 && t.endsWith(")")) e.put("event.reason", t.substring(i + marker.length() + 2, t.length() - 1));
  }

  private static void set(Event e, List<String> category, List<String> type, String action, String outcome) {
    e.put("event.dataset", DATASET);
    EventClass.set(e, category, type, action, outcome);
  }

  /** Up to {@code n} space-separated words (runs of spaces count as one). */
  private static String[] words(String s, int n) {
    List<String> out = new ArrayList<>(n);
    int i = 0;
    while (out.size() < n && i < s.length()) {
      while (i < s.length() && s.charAt(i) == ' ') i++;
      int start = i;
      while (i < s.length() && s.charAt(i) != ' ') i++;
      if (i > start) out.add(s.substring(start, i));
    }
    return out.toArray(new String[0]);
  }



}
