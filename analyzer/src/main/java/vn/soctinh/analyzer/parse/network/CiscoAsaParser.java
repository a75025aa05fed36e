package vn.soctinh.analyzer.parse.network;

import static vn.soctinh.analyzer.parse.EventClass.NETWORK;
import java.util.Locale;
import java.util.Set;
import vn.soctinh.analyzer.decode.SyslogMessage;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.CommunityId;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;
import vn.soctinh.analyzer.parse.Values;

/**
 * Cisco ASA and FTD syslog ({@code %ASA-6-302013: Built outbound TCP connection ...}). The tag
 * arrives as the syslog program ({@code %ASA-6-302013}) or at the start of the message; the level
 * and message id come from it (a class may stand between product and level: {@code %ASA-auth-4-113004},
 * and syslog's {@code message repeated N times: [...]} is read as the message it repeats). The ids
 * Elastic's cisco_asa integration reads (connections, denies, NAT, IPS, threat detection, logins,
 * VPN sessions, configuration, inspection engines) are read by {@link AsaMessages} and its two
 * siblings; another id is declined so that {@code soctinh parse --stats} shows it. Every event then
 * gets what Elastic gives every ASA event: observer, level names, Elastic's interface names, the IANA
 * number and Community ID of its flow.
 */
public final class CiscoAsaParser implements ContentParser {
  /** The level names Elastic's integration gives the EMBLEM severities (0 is "emergency" here, where Elastic writes "unknown"). */
  private static final String[] LEVELS = {"emergency", "alert", "critical", "error", "warning", "notification", "informational", "debug",
      "debug", "debug"};

  @Override
  public String name() {
    return "cisco-asa";
  }

  @Override
  public Set<String> programs() {
    return Set.of("%asa", "%ftd", "%fwsm", "%pix");
  }

  @Override
  public boolean sniff(LogLine line) {
    String m = line.message();
    return m.startsWith("%ASA-") || m.startsWith("%FTD-") || m.startsWith("%PIX-") || m.startsWith("%FWSM-") || m.contains(": %ASA-")
        || m.contains(": %PIX-");
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    SyslogMessage header = line.syslog();
    String tag = header != null && header.appname != null && header.appname.startsWith("%") ? header.appname : null;
    String text = line.message();
    boolean hostTakenForProgram = false;
    if (tag == null || !isAsaTag(tag)) {
      int p = text.indexOf('%');
      int colon = p < 0 ? -1 : text.indexOf(": ", p);
      if (p < 0 || p > 64 || colon < 0 || !isAsaTag(text.substring(p, colon))) {
        return ParseOutcome.unrecognised("expected a %ASA-LEVEL-ID: tag");
      }
      // "Oct 10 2019 10:21:36 fw01: %ASA-...": the decoder took the device's name for a program
      hostTakenForProgram = p == 0 && header != null && header.hostname == null && header.appname != null;
      tag = text.substring(p, colon);
      text = text.substring(colon + 2);
    }
    String[] parts = tag.substring(1).split("-");
    String product = parts[0];
    String suffix = parts.length == 4 ? parts[1] : null;
    String level = parts[parts.length - 2];
    String id = parts[parts.length - 1];
    Event scratch = e.copy();
    text = text.strip();
    long repeats = 0;
    if (text.startsWith("message repeated ")) {
      // syslog's "message repeated 2 times: [ Deny inbound UDP ...]": the message once, with its count
      Long n = Values.parseLong(word(text, "message repeated "));
      int open = text.indexOf('[');
      if (n != null && open > 0 && text.endsWith("]")) {
        repeats = n;
        text = text.substring(open + 1, text.length() - 1).strip();
      }
    }
    if (!AsaMessages.parse(id, text, scratch)) return ParseOutcome.unrecognised("ASA message id " + id + " not supported");
    AsaCategories.apply(id, scratch);
    scratch.forEach(e::put);
    if (!scratch.has("event.outcome")) e.remove("event.outcome");
    if (hostTakenForProgram) {
      e.put("host.hostname", header.appname);
      e.put("log.syslog.hostname", header.appname);
      e.remove("log.syslog.appname");
      e.remove("process.name");
    }
    e.put("event.code", id);
    e.put("event.severity", Long.parseLong(level));
    e.put("log.level", LEVELS[level.charAt(0) - '0']);
    e.put("event.dataset", "cisco.asa");
    e.put("event.module", "cisco");
    e.putIfAbsent("event.category", NETWORK);
    e.put("observer.vendor", "Cisco");
    e.put("observer.product", product.toLowerCase(Locale.ROOT));
    e.put("observer.type", "firewall");
    Object device = e.get("host.hostname");
    if (device != null) e.put("observer.hostname", device);
    e.put("cisco.asa.message_id", id);
    if (suffix != null) e.put("cisco.asa.suffix", suffix);
    if (repeats > 0) e.put("cisco.asa.message_repeats", repeats);
    // Elastic's names for the interfaces, beside the observer's
    Object in = e.get("observer.ingress.interface.name");
    if (in != null) e.put("cisco.asa.source_interface", in);
    Object out = e.get("observer.egress.interface.name");
    if (out != null) e.put("cisco.asa.destination_interface", out);
    String transport = e.getString("network.transport");
    String iana = iana(transport);
    if (iana != null) e.putIfAbsent("network.iana_number", iana);
    // flows with ports (the ASA's ICMP lines name no type and code to pair them by)
    if ("tcp".equals(transport) || "udp".equals(transport)) CommunityId.put(e, null, null);
    e.putIfAbsent("event.kind", "event");
    return ParseOutcome.RECOGNISED;
  }

  /** The IANA protocol number of a transport, as Elastic writes it (a string). */
  private static String iana(String transport) {
    if (transport == null) return null;
    return switch (transport) {
      case "tcp" -> "6";
      case "udp" -> "17";
      case "icmp" -> "1";
      case "ipv6-icmp", "icmpv6", "icmp6" -> "58";
      case "gre" -> "47";
      case "esp" -> "50";
      case "ah" -> "51";
      case "sctp" -> "132";
      default -> null;
    };
  }

  private static String word(String t, String after) {
    int i = t.indexOf(after);
    if (i < 0) return "";
    int from = i + after.length();
    int end = t.indexOf(' ', from);
    return t.substring(from, end < 0 ? t.length() : end);
  }

  /** {@code %ASA-6-302013}, or with a class suffix {@code %ASA-auth-4-113004}. */
  private static boolean isAsaTag(String t) {
    String[] p = t.startsWith("%") ? t.substring(1).split("-") : new String[0];
    if (p.length != 3 && p.length != 4) return false;
    String level = p[p.length - 2];
    String id = p[p.length - 1];
    return (p[0].equals("ASA") || p[0].equals("FTD") || p[0].equals("FWSM") || p[0].equals("PIX")) && (p.length == 3 || isSuffix(p[1]))
        && level.length() == 1 && Character.isDigit(level.charAt(0)) && !id.isEmpty() && id.chars().allMatch(Character::isDigit);
  }

  private static boolean isSuffix(String s) {
    return !s.isEmpty() && s.length() <= 16 && s.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z');
  }
}
