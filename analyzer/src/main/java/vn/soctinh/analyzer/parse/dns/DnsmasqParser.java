package vn.soctinh.analyzer.parse.dns;

import static vn.soctinh.analyzer.parse.EventClass.DENIED;
import static vn.soctinh.analyzer.parse.EventClass.ERROR;
import static vn.soctinh.analyzer.parse.EventClass.HOST;
import static vn.soctinh.analyzer.parse.EventClass.NETWORK;
import static vn.soctinh.analyzer.parse.EventClass.PROTOCOL;
import static vn.soctinh.analyzer.parse.Text.after;
import static vn.soctinh.analyzer.parse.Text.word;
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
 * dnsmasq (and Pi-hole, which logs through it) with {@code log-queries}: queries, forwards,
 * answers from upstream, the cache or local configuration, blocked names, DNSSEC results and
 * rebind-attack warnings; and its DHCP server ({@code dnsmasq-dhcp}): DISCOVER/OFFER/REQUEST/ACK/NAK,
 * releases, DHCPv6 and router advertisements, with the lease address, MAC and host name. The
 * {@code log-queries=extra} serial and client ({@code 42 10.0.0.5/53124 query[A] …}) and the
 * {@code log-dhcp} transaction id are read when present.
 *
 * <p>In a commune office the dnsmasq on the router is often the only record of which machine
 * asked for a phishing domain, and of which MAC address had that IP at the time.
 */
public final class DnsmasqParser implements ContentParser {
  static final String DATASET = "dnsmasq.log";

  @Override
  public String name() {
    return "dnsmasq";
  }

  @Override
  public Set<String> programs() {
    // "dnsmasq-dhcp" and "dnsmasq-tftp" reach this parser through "dnsmasq".
    return Set.of("dnsmasq");
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    String t = line.message().strip();
    String serial = null;
    String client = null;
    int sp = t.indexOf(' ');
    if (sp > 0 && allDigits(t, 0, sp)) {
      serial = t.substring(0, sp);
      t = t.substring(sp + 1);
      // log-queries=extra: "42 10.0.0.5/53124 query[A] …"
      int sp2 = t.indexOf(' ');
      int slash = sp2 < 0 ? -1 : t.lastIndexOf('/', sp2);
      if (slash > 0 && Values.isIp(t.substring(0, slash))) {
        client = t.substring(0, sp2);
        t = t.substring(sp2 + 1);
      }
    }
    boolean dhcp = t.startsWith("DHCP") || t.startsWith("RTR-") || t.startsWith("SLAAC-") || t.startsWith("BOOTP") || serial != null && client == null
        || line.program() != null && line.program().startsWith("dnsmasq-dhcp");
    if (dhcp ? !dhcp(t, serial, e) : !dns(t, e)) return ParseOutcome.unrecognised("not a known dnsmasq message");
    if (client != null) {
      int slash = client.lastIndexOf('/');
      if (!e.has("source.ip")) Values.putIp(e, "source.ip", client.substring(0, slash));
      Values.putPort(e, "source.port", client.substring(slash + 1));
      e.put("dnsmasq.query_serial", serial);
    }
    return ParseOutcome.RECOGNISED;
  }

  private static boolean dns(String t, Event e) {
    String rest;
    if (t.startsWith("query[") || t.startsWith("dnssec-query[")) {
      // "query[A] example.com from 10.0.0.5", "dnssec-query[DS] example.com to 8.8.8.8"
      int close = t.indexOf("] ");
      if (close < 0) return false;
      String type = t.substring(t.indexOf('[') + 1, close);
      String rest2 = t.substring(close + 2);
      String name = word(rest2, 0);
      boolean from = rest2.startsWith(" from ", name.length());
      boolean dnssec = t.startsWith("dnssec");
      set(e, NETWORK, PROTOCOL, dnssec ? "dns_query_forwarded" : "dns_query", null);
      question(e, name, type);
      // one event per question a client asked: what the category: dns rules and the indicator lists read
      if (!dnssec) e.put("dns.type", "query");
      String peer = word(rest2, name.length() + (from ? 6 : 4));
      Values.putIp(e, from ? "source.ip" : "destination.ip", peer);
      return true;
    }
    if ((rest = after(t, "forwarded ")) != null) {
      // "forwarded example.com to 8.8.8.8"
      int to = rest.indexOf(" to ");
      if (to <= 0) return false;
      set(e, NETWORK, PROTOCOL, "dns_query_forwarded", null);
      question(e, rest.substring(0, to), null);
      Values.putIp(e, "destination.ip", word(rest, to + 4));
      return true;
    }
    if (answerLine(t, e)) return true;
    if ((rest = after(t, "possible DNS-rebind attack detected: ")) != null) {
      // an outside name answered with a private address: the way into the router's own admin page
      EventClass.set(e, "alert", List.of("network", "intrusion_detection"), DENIED, "dns_rebind_attack", "failure");
      e.put("event.dataset", DATASET);
      question(e, word(rest, 0), null);
      return true;
    }
    if (t.startsWith("Maximum number of concurrent DNS queries reached")) {
      set(e, NETWORK, ERROR, "dns_query_limit_reached", "failure");
      e.put("event.reason", t);
      return true;
    }
    return service(t, e);
  }

  /** "&lt;source&gt; &lt;name&gt; is &lt;answer&gt;": reply, cached, config, /etc/hosts, DHCP, gravity blocked, validation … */
  private static boolean answerLine(String t, Event e) {
    int is = t.indexOf(" is ");
    if (is <= 0) return false;
    int nameStart = t.lastIndexOf(' ', is - 1);
    if (nameStart < 0) return false;
    String source = t.substring(0, nameStart);
    String name = t.substring(nameStart + 1, is);
    String answer = t.substring(is + 4).strip();
    String action;
    String outcome = null;
    List<String> type = PROTOCOL;
    String s = source.toLowerCase(Locale.ROOT);
    if (s.equals("reply")) {
      action = "dns_answer";
    } else if (s.equals("cached") || s.equals("cached-stale")) {
      action = "dns_answer_cached";
    } else if (s.equals("validation")) {
      action = "dns_dnssec_validation";
      outcome = answer.startsWith("BOGUS") ? "failure" : "success";
    } else if (s.contains("blocked") || s.contains("blacklisted") || s.contains("denied")) {
      action = "dns_query_blocked";
      outcome = "failure";
      type = DENIED;
    } else if (s.equals("config") || s.equals("dhcp") || s.startsWith("/") || s.equals("special domain") || s.equals("ipv6 dhcp")
        || s.equals("dhcp lease") || s.equals("auth")) {
      action = "dns_answer_local";
    } else {
      return false;
    }
    set(e, NETWORK, type, action, outcome);
    e.put("dns.type", "answer");
    question(e, name, null);
    if (!action.equals("dns_dnssec_validation")) answer(e, answer);
    else e.put("dnsmasq.dnssec_status", answer);
    if (!s.equals("reply") && !s.equals("cached") && !s.equals("validation")) e.put("dnsmasq.answer_source", source);
    return true;
  }

  private static boolean service(String t, Event e) {
    if (t.startsWith("started, version ")) {
      set(e, HOST, List.of("start"), "service_started", "success");
      e.put("service.version", word(t, "started, version ".length()));
    } else if (t.startsWith("exiting on receipt of ")) {
      set(e, HOST, List.of("end"), "service_stopped", "success");
    } else if (t.startsWith("failed to ") || t.startsWith("no servers found in ") || t.startsWith("warning: ")) {
      set(e, HOST, ERROR, "service_error", "failure");
      e.put("event.reason", t);
    } else if (t.startsWith("read ") || t.startsWith("reading ") || t.startsWith("using nameserver ") || t.startsWith("using local addresses")
        || t.startsWith("using only locally-known") || t.startsWith("compile time options: ") || t.startsWith("cleared cache")
        || t.startsWith("DNS service limited to local subnets") || t.startsWith("DNSSEC validation enabled") || t.startsWith("cache size ")
        || t.startsWith("time ") && t.contains("queries forwarded") || t.startsWith("queries forwarded ") || t.startsWith("server ")) {
      set(e, HOST, List.of("info"), "service_configured", null);
      e.put("event.reason", t);
    } else {
      return false;
    }
    e.put("service.name", "dnsmasq");
    return true;
  }

  /**
   * dnsmasq-dhcp: "DHCPACK(eth0) 10.0.0.5 aa:bb:cc:dd:ee:ff pc-ketoan", "DHCPDISCOVER(eth0) aa:bb:…",
   * "DHCPNAK(eth0) 10.0.0.5 aa:bb:… wrong address"; with log-dhcp a transaction id comes first.
   */
  private static boolean dhcp(String t, String xid, Event e) {
    int open = t.indexOf('(');
    int close = t.indexOf(") ");
    boolean message = open > 0 && close > open && (t.startsWith("DHCP") || t.startsWith("RTR-") || t.startsWith("SLAAC-") || t.startsWith("BOOTP"))
        && t.indexOf(' ') > close;
    if (!message) {
      if (xid == null) return dhcpNotice(t, e);
      // log-dhcp's detail lines for one transaction: "vendor class: MSFT 5.0", "client provides name: pc01", "tags: lan, known"
      int c = t.indexOf(": ");
      if (c <= 0 || c > 40) return false;
      set(e, NETWORK, List.of("info"), "dhcp_transaction_detail", null);
      e.put("dnsmasq.dhcp.xid", xid);
      e.put("event.reason", t);
      e.put("network.protocol", "dhcp");
      if (t.startsWith("client provides name: ")) e.put("client.domain", t.substring(22).strip());
      return true;
    }
    String kind = t.substring(0, open);
    String iface = t.substring(open + 1, close);
    String[] w = t.substring(close + 2).strip().split(" ", 4);
    String lower = kind.toLowerCase(Locale.ROOT).replace('-', '_');
    boolean nak = kind.equals("DHCPNAK") || kind.equals("DHCPDECLINE");
    set(e, NETWORK, nak ? DENIED : PROTOCOL, lower.startsWith("dhcp") || lower.startsWith("bootp") ? lower.replace("dhcp", "dhcp_").replace("bootp", "bootp_")
        : "dhcp_" + lower, nak ? "failure" : kind.equals("DHCPACK") || kind.equals("DHCPREPLY") ? "success" : null);
    e.put("network.protocol", t.startsWith("RTR-") || t.startsWith("SLAAC-") || isV6(w) ? "dhcpv6" : "dhcp");
    if (!iface.isEmpty()) e.put("observer.ingress.interface.name", iface);
    if (xid != null) e.put("dnsmasq.dhcp.xid", xid);
    int i = 0;
    if (i < w.length && Values.isIp(w[i])) e.put(kind.startsWith("RTR-") ? "dnsmasq.dhcp.prefix" : "client.ip", w[i++]);
    if (i < w.length && isHardwareAddress(w[i])) {
      String mac = w[i++];
      if (mac.length() == 17) e.put("client.mac", mac.toUpperCase(Locale.ROOT).replace(':', '-'));
      else e.put("dnsmasq.dhcp.client_id", mac);
    }
    if (i < w.length) {
      String more = String.join(" ", java.util.Arrays.copyOfRange(w, i, w.length));
      if (nak || more.contains(" ") || more.equals("ignored") || more.startsWith("no ")) e.put("event.reason", more);
      else e.put("client.domain", more);
    }
    return true;
  }

  /** dnsmasq-dhcp lines outside a transaction. */
  private static boolean dhcpNotice(String t, Event e) {
    if (t.startsWith("not giving name ")) {
      set(e, NETWORK, ERROR, "dhcp_name_conflict", "failure");
      e.put("client.domain", word(t, "not giving name ".length()));
      int lease = t.indexOf(" lease of ");
      if (lease > 0) Values.putIp(e, "client.ip", word(t, lease + 10));
    } else if (t.startsWith("DHCP packet received on ") || t.startsWith("no address range available") || t.startsWith("DHCP range ")) {
      set(e, NETWORK, ERROR, "dhcp_error", "failure");
    } else if (t.startsWith("DHCP, ") || t.startsWith("DHCPv6, ") || t.startsWith("router advertisement on ") || t.startsWith("IPv6 router advertisement")) {
      set(e, HOST, List.of("info"), "service_configured", null);
      e.put("service.name", "dnsmasq");
    } else {
      return false;
    }
    e.put("event.reason", t);
    e.put("network.protocol", "dhcp");
    return true;
  }

  private static boolean isV6(String[] w) {
    return w.length > 0 && w[0].indexOf(':') >= 0 && Values.isIp(w[0]);
  }

  /** A MAC (aa:bb:cc:dd:ee:ff) or a DHCP client id / DUID (colon-separated hex, longer). */
  static boolean isHardwareAddress(String s) {
    if (s.length() < 5 || s.length() > 200 || s.length() % 3 != 2) return false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (i % 3 == 2 ? c != ':' && c != '-' : Character.digit(c, 16) < 0) return false;
    }
    return true;
  }

  private static void question(Event e, String name, String type) {
    e.put("dns.question.name", name);
    if (type != null) e.put("dns.question.type", type);
    e.put("network.protocol", "dns");
  }

  /** An answer: an address (dns.resolved_ip), NXDOMAIN/SERVFAIL/REFUSED, NODATA, &lt;CNAME&gt; … */
  private static void answer(Event e, String answer) {
    e.put("dns.answers.data", answer);
    if (Values.isIp(answer)) {
      e.put("dns.resolved_ip", answer);
      e.put("dns.response_code", "NOERROR");
    } else if (answer.equals("NXDOMAIN") || answer.equals("SERVFAIL") || answer.equals("REFUSED")) {
      e.put("dns.response_code", answer);
    } else if (answer.startsWith("NODATA")) {
      e.put("dns.response_code", "NOERROR");
    }
  }

  private static void set(Event e, List<String> category, List<String> type, String action, String outcome) {
    e.put("event.dataset", DATASET);
    EventClass.set(e, category, type, action, outcome);
  }

  private static boolean allDigits(String s, int from, int to) {
    if (from >= to) return false;
    for (int i = from; i < to; i++) if (!Character.isDigit(s.charAt(i))) return false;
    return true;
  }


}
