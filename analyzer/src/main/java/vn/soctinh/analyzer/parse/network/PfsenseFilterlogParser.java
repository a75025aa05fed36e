package vn.soctinh.analyzer.parse.network;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.ParserRegistry;
import vn.soctinh.analyzer.parse.dns.UnboundParser;
import vn.soctinh.analyzer.parse.web.HaproxyParser;
import vn.soctinh.analyzer.parse.web.SquidParser;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;
import vn.soctinh.analyzer.parse.Values;

/**
 * pfSense / OPNsense {@code filterlog} CSV lines, in the documented layout: rule, sub-rule, anchor,
 * tracker, interface, reason, action, direction, IP version, then the IPv4 or IPv6 fields, then
 * TCP/UDP ports. A layout this class does not know is declined.
 */
public final class PfsenseFilterlogParser implements ContentParser {

  @Override
  public String name() {
    return "pfsense";
  }

  @Override
  public Set<String> programs() {
    return Set.of("filterlog");
  }

  /**
   * The appliance's other services, for a source configured {@code parser: pfsense}: its whole
   * stream comes here, and each service's line is read by that service's parser, with the firewall
   * as observer (as Elastic's pfSense integration marks them). Chosen by program alone, this parser
   * only sees filterlog.
   */
  private final ParserRegistry services = new ParserRegistry(List.of(new PfsenseWebGuiParser(), new HaproxyParser(), new SquidParser(),
      new UnboundParser(), new SnortParser(), OpenVpnParser.forPfsense(), StrongswanParser.forPfsense()));

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    String program = line.program() == null ? "" : line.program().toLowerCase(Locale.ROOT);
    if (!program.equals("filterlog")) {
      ContentParser service = services.forProgram(program);
      if (service == null) return ParseOutcome.unrecognised("expected filterlog or a pfSense service (php-fpm, haproxy, squid, unbound, snort, openvpn, charon)");
      ParseOutcome o = service.parse(line, e);
      if (o instanceof ParseOutcome.Recognised) observer(line, e);
      return o;
    }
    String[] f = line.message().strip().split(",", -1);
    if (f.length < 9 || !(f[8].equals("4") || f[8].equals("6"))) return ParseOutcome.unrecognised("expected filterlog CSV with IP version 4 or 6 in field 9");
    boolean v4 = f[8].equals("4");
    int protoText = v4 ? 16 : 12;
    int src = v4 ? 18 : 15;
    if (f.length < src + 2) return ParseOutcome.unrecognised("filterlog IPv" + f[8] + " line has " + f.length + " fields, too few");
    if (!Values.putIp(e, "source.ip", f[src]) | !Values.putIp(e, "destination.ip", f[src + 1])) {
      e.remove("source.ip");
      e.remove("destination.ip");
      return ParseOutcome.unrecognised("expected source and destination addresses in fields " + (src + 1) + " and " + (src + 2));
    }
    String proto = f[protoText].toLowerCase(Locale.ROOT);
    e.put("network.transport", proto.equals("ipv6-icmp") || proto.equals("icmpv6") ? "ipv6-icmp" : proto);
    e.put("network.type", v4 ? "ipv4" : "ipv6");
    Values.putLong(e, "network.bytes", f[v4 ? 17 : 14]);
    if ((proto.equals("tcp") || proto.equals("udp")) && f.length > src + 3) {
      Values.putPort(e, "source.port", f[src + 2]);
      Values.putPort(e, "destination.port", f[src + 3]);
      if (proto.equals("tcp") && f.length > src + 5 && !f[src + 5].isEmpty()) e.put("pfsense.tcp.flags", f[src + 5]);
    }
    String action = f[6];
    boolean pass = action.equals("pass");
    e.put("event.dataset", "pfsense.log");
    e.put("event.category", List.of("network"));
    // the firewall's own word (block, pass, match), as Elastic's pfSense integration keeps it
    e.put("event.type", pass ? List.of("connection", "allowed") : action.equals("block") || action.equals("reject")
        ? List.of("connection", "denied") : List.of("connection"));
    e.put("event.action", action);
    e.put("event.provider", "filterlog");
    if (pass || action.equals("block") || action.equals("reject")) e.put("event.outcome", pass ? "success" : "failure");
    e.put("rule.id", f[3].isEmpty() ? f[0] : f[3]);
    if (!f[0].isEmpty()) e.put("pfsense.rule_number", f[0]);
    e.put("observer.ingress.interface.name", f[4]);
    e.put("event.reason", f[5]);
    e.put("network.direction", f[7].equals("in") ? "inbound" : f[7].equals("out") ? "outbound" : f[7]);
    if (Values.parseLong(f[v4 ? 15 : 13]) != null) e.put("network.iana_number", f[v4 ? 15 : 13]);
    // the IP header as filterlog writes it: IPv4 tos, ecn, ttl, id, offset, flags; IPv6 class, flow label, hop limit
    if (v4) {
      ip(e, "tos", f[9]);
      ip(e, "ecn", f[10]);
      ip(e, "ttl", f[11]);
      ip(e, "id", f[12]);
      ip(e, "offset", f[13]);
      ip(e, "flags", f[14]);
    } else {
      ip(e, "tos", f[9]);
      ip(e, "flow_label", f[10]);
      ip(e, "ttl", f[11]);
    }
    observer(line, e);
    return ParseOutcome.RECOGNISED;
  }

  /** The firewall that wrote the line is the observer. */
  private static void observer(LogLine line, Event e) {
    if (line.syslog() != null && line.syslog().hostname != null && !line.syslog().hostname.isEmpty()) e.put("observer.name", line.syslog().hostname);
    e.put("observer.vendor", "netgate");
    e.put("observer.product", "pfSense");
    e.put("observer.type", "firewall");
  }

  private static void ip(Event e, String field, String v) {
    if (!v.isEmpty()) e.put("pfsense.ip." + field, v);
  }
}
