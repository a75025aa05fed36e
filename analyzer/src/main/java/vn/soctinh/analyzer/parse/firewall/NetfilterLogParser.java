package vn.soctinh.analyzer.parse.firewall;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.CommunityId;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;
import vn.soctinh.analyzer.parse.Values;

/**
 * Linux netfilter LOG lines written by iptables, ufw and nftables rules:
 * {@code [UFW BLOCK] IN=eth0 OUT= MAC=... SRC=203.0.113.5 DST=10.0.0.2 ... PROTO=TCP SPT=51234 DPT=22 ... SYN},
 * after an optional kernel uptime stamp. The text before {@code IN=} is the rule's log prefix: it
 * becomes {@code rule.name} and, when it says BLOCK/DROP/REJECT/DENY or ALLOW/ACCEPT/PASS, decides
 * {@code event.action}; an EdgeOS/UniFi label {@code [RULESET-RULE-A]} gives rule set, number and
 * verdict. The logging host is the observer ({@code observer.name}); IN/OUT are its interfaces. The
 * packet's fields are named as Elastic's iptables integration names them ({@code iptables.*}), and
 * the flow gets its {@code network.community_id}. Ubiquiti's Dream Machines send only the tail of
 * the line ({@code TTL=... PROTO=TCP SPT=...}): read when the program is {@code kernel}.
 */
public final class NetfilterLogParser implements ContentParser {

  @Override
  public String name() {
    return "netfilter";
  }

  @Override
  public Set<String> programs() {
    return Set.of("kernel");
  }

  @Override
  public boolean sniff(LogLine line) {
    String m = line.message();
    return m.contains("IN=") && m.contains(" OUT=") && m.contains(" SRC=");
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    String m = line.message();
    int in = m.indexOf("IN=");
    boolean cut = false;
    if (in < 0 || !m.contains(" SRC=") || (in > 0 && m.charAt(in - 1) != ' ' && m.charAt(in - 1) != ']')) {
      in = cutHead(m);
      if (in < 0) return ParseOutcome.unrecognised("expected a netfilter LOG line (IN=... OUT=... SRC=...)");
      cut = true;
    }
    String prefix = cut ? "" : m.substring(0, in).strip();
    if (isUptime(prefix)) prefix = prefix.substring(prefix.indexOf(']') + 1).strip(); // kernel uptime "[  307.757925]"
    String program = line.syslog() != null && line.syslog().appname != null ? line.syslog().appname : line.program();
    if (prefix.isEmpty() && !cut && program != null && !program.equals("kernel") && verdictOf(program) != null) {
      // "Jan  8 03:37:09 DENY: IN=..." without host or kernel tag: the header took the log prefix for a tag
      prefix = program + ":";
    }
    Long[] icmp = fields(m, in, cut, e);
    String src = e.getString("source.ip");
    if (src != null) e.put("network.type", src.indexOf(':') >= 0 ? "ipv6" : "ipv4");
    CommunityId.put(e, icmp[0], icmp[1]);
    String host = line.syslog() == null ? null : line.syslog().hostname;
    if (host != null) e.put("observer.name", host); // the logging host is the firewall
    String upper = prefix.toUpperCase(Locale.ROOT);
    String action;
    String type;
    int[] label = ubiquitiLabel(prefix);
    if (label != null) {
      // EdgeOS/UniFi "[RULESET-RULE-A]": rule set, rule number and the verdict's letter (A, D, R)
      String set = prefix.substring(1, label[0]);
      String number = prefix.substring(label[0] + 1, label[1]);
      char verdict = Character.toLowerCase(prefix.charAt(label[1] + 1));
      action = verdict == 'a' ? "accept" : verdict == 'd' ? "drop" : "reject";
      type = verdict(action);
      e.put("iptables.ubiquiti.rule_set", set);
      e.put("iptables.ubiquiti.rule_number", number);
      e.put("rule.name", set);
      e.put("rule.id", number);
      int dash = set.indexOf('-');
      if (dash > 0 && dash == set.lastIndexOf('-') && dash < set.length() - 1) {
        // a zone-based firewall names its rule sets FROM-TO
        e.put("iptables.ubiquiti.input_zone", set.substring(0, dash));
        e.put("iptables.ubiquiti.output_zone", set.substring(dash + 1));
        e.put("observer.ingress.zone", set.substring(0, dash));
        e.put("observer.egress.zone", set.substring(dash + 1));
      }
    } else {
      // Elastic's iptables integration takes the prefix's word before its colon, lower case, as the
      // action ("IPTABLES-DROP:" is drop) and derives allowed/denied from it; we take the prefix's last
      // word with or without a colon, so "[UFW BLOCK]" and "nft-drop" are read too
      action = lastWord(prefix).toLowerCase(Locale.ROOT);
      if (action.equals("d")) action = "drop";
      if (action.equals("a")) action = "accept";
      type = verdict(action);
      if (type == null && action.lastIndexOf('_') > 0 && verdict(action.substring(action.lastIndexOf('_') + 1)) != null) {
        // firewalld's FINAL_REJECT, filter_IN_public_REJECT, STATE_INVALID_DROP
        action = action.substring(action.lastIndexOf('_') + 1);
        type = verdict(action);
      }
      // a word that is no verdict counts only where Elastic would read it, before a colon ("SSH-NEW:")
      if (action.isEmpty() || type == null && !prefix.strip().endsWith(":")) action = "firewall_logged";
      if (!prefix.isEmpty()) e.put("rule.name", stripBrackets(prefix));
    }
    boolean firewalld = isFirewalld(prefix);
    e.put("event.dataset", upper.contains("UFW") ? "ufw.log" : upper.startsWith("NFT") || upper.contains("NFTABLES") ? "nftables.log"
        : firewalld ? "firewalld.log" : "iptables.log");
    e.put("event.category", List.of("network"));
    e.put("event.type", type == null ? List.of("connection") : List.of(type, "connection"));
    e.put("event.action", action);
    e.put("observer.type", "firewall");
    e.put("observer.product", upper.contains("UFW") ? "ufw" : firewalld ? "firewalld" : "netfilter");
    if (firewalld) {
      // filter_IN_public_REJECT: the zone sits between the chain's direction and its verdict
      String p = stripBrackets(prefix);
      String[] parts = p.split("_");
      if (parts.length >= 4 && (parts[1].equals("IN") || parts[1].equals("FWD"))) e.put("observer.ingress.zone", parts[2]);
    }
    return ParseOutcome.RECOGNISED;
  }

  /**
   * The packet's fields from {@code from} on, named as Elastic's iptables integration names them:
   * the IP header's under {@code iptables.*} (length, tos, precedence_bits, ttl, id, fragment_flags),
   * the transport's under {@code iptables.tcp.*}, {@code .udp.*}, {@code .icmp.*}. The kernel prints
   * the quoted packet of an ICMP error in brackets: reading stops there. Returns the ICMP type and code.
   */
  private static Long[] fields(String m, int from, boolean cut, Event e) {
    Long[] icmp = new Long[2];
    List<String> fragment = null;
    List<String> tcpFlags = null;
    String proto = null;
    int n = m.length();
    int i = from;
    boolean first = true;
    while (i < n) {
      while (i < n && m.charAt(i) == ' ') i++;
      if (i >= n || m.charAt(i) == '[') break;
      int end = m.indexOf(' ', i);
      if (end < 0) end = n;
      int eq = m.indexOf('=', i);
      if (eq > i && eq < end) {
        String k = m.substring(i, eq);
        String v = m.substring(eq + 1, end);
        if (proto == null) {
          switch (k) {
            case "IN" -> device(e, "iptables.input_device", "observer.ingress.interface.name", v);
            case "OUT" -> device(e, "iptables.output_device", "observer.egress.interface.name", v);
            case "MAC" -> mac(e, v);
            case "SRC" -> Values.putIp(e, "source.ip", v);
            case "DST" -> Values.putIp(e, "destination.ip", v);
            case "LEN" -> {
              Values.putLong(e, "iptables.length", v);
              Values.putLong(e, "network.bytes", v);
            }
            case "TOS" -> hex(e, "iptables.tos", v);
            case "TC" -> Values.putLong(e, "iptables.tos", v);
            case "PREC" -> hex(e, "iptables.precedence_bits", v);
            case "TTL", "HOPLIMIT" -> Values.putLong(e, "iptables.ttl", v);
            case "ID" -> Values.putLong(e, "iptables.id", v);
            case "FLOWLBL" -> Values.putLong(e, "iptables.flow_label", v);
            case "MARK" -> e.putNonEmpty("iptables.mark", v);
            case "PROTO" -> {
              proto = v.toLowerCase(Locale.ROOT);
              if (Values.parseLong(proto) != null) e.put("network.iana_number", proto);
              else e.put("network.transport", proto.equals("icmpv6") ? "ipv6-icmp" : proto);
            }
            // a head cut off mid-word ("TL=126", "L=126") by a gateway that sends the tail only
            case "TL", "L" -> {
              if (cut && first) Values.putLong(e, "iptables.ttl", v);
            }
            default -> { }
          }
        } else {
          boolean isIcmp = proto.startsWith("icmp");
          switch (k) {
            case "SPT" -> Values.putPort(e, "source.port", v);
            case "DPT" -> Values.putPort(e, "destination.port", v);
            case "LEN" -> {
              if (proto.equals("udp") || proto.equals("udplite")) Values.putLong(e, "iptables.udp.length", v);
            }
            case "WINDOW" -> Values.putLong(e, "iptables.tcp.window", v);
            case "RES" -> hex(e, "iptables.tcp.reserved_bits", v);
            case "SEQ" -> Values.putLong(e, isIcmp ? "iptables.icmp.seq" : "iptables.tcp.seq", v);
            case "ACK" -> Values.putLong(e, "iptables.tcp.ack", v);
            case "TYPE" -> {
              icmp[0] = Values.parseLong(v);
              Values.putLong(e, "iptables.icmp.type", v);
            }
            case "CODE" -> {
              icmp[1] = Values.parseLong(v);
              Values.putLong(e, "iptables.icmp.code", v);
            }
            case "ID" -> Values.putLong(e, "iptables.icmp.id", v);
            case "PARAMETER" -> Values.putLong(e, "iptables.icmp.parameter", v);
            case "GATEWAY" -> Values.putIp(e, "iptables.icmp.redirect", v);
            case "MARK" -> e.putNonEmpty("iptables.mark", v);
            default -> { }
          }
        }
      } else if (proto == null) {
        if (isWord(m, i, end, "DF") || isWord(m, i, end, "MF") || isWord(m, i, end, "CE")) {
          if (fragment == null) fragment = new ArrayList<>(2);
          fragment.add(m.substring(i, end));
        } else if (m.startsWith("FRAG:", i)) {
          Values.putLong(e, "iptables.fragment_offset", m.substring(i + 5, end));
        }
      } else if (proto.equals("tcp") && end - i == 3 && TCP_FLAGS.contains(m.substring(i, end))) {
        if (tcpFlags == null) tcpFlags = new ArrayList<>(4);
        tcpFlags.add(m.substring(i, end));
      } else if (m.startsWith("INCOMPLETE", i) && end + 1 < n && m.charAt(end + 1) == '[') {
        // "INCOMPLETE [65 bytes]": the kernel logged a truncated packet
        int s = end + 2;
        int t = s;
        while (t < n && Character.isDigit(m.charAt(t))) t++;
        Values.putLong(e, "iptables.incomplete_bytes", m.substring(s, t));
        break;
      }
      first = false;
      i = end;
    }
    if (fragment != null) e.put("iptables.fragment_flags", fragment);
    if (tcpFlags != null) e.put("iptables.tcp.flags", tcpFlags);
    return icmp;
  }

  private static final Set<String> TCP_FLAGS = Set.of("CWR", "ECE", "URG", "ACK", "PSH", "RST", "SYN", "FIN");

  /**
   * Where a gateway sends only the tail of the line (Ubiquiti's Dream Machines: "TTL=126 ID=4622 DF
   * PROTO=TCP ...", even "L=126 ..." or "0 TTL=..."): the start of the first pair, or -1.
   */
  private static int cutHead(String m) {
    int i = 0;
    int n = m.length();
    while (i < n && m.charAt(i) == ' ') i++;
    int d = i;
    while (d < n && Character.isDigit(m.charAt(d))) d++;
    if (d > i && d < n && m.charAt(d) == ' ') i = d + 1;
    boolean ttl = m.startsWith("TTL=", i) || m.startsWith("TL=", i) || m.startsWith("L=", i);
    return ttl && m.indexOf(" PROTO=", i) > 0 ? i : -1;
  }

  /**
   * The two dashes of an EdgeOS/UniFi label "[RULESET-RULE-V]" whose last part is a verdict letter
   * (A accept, D drop, R reject), or null when the prefix is not one.
   */
  private static int[] ubiquitiLabel(String prefix) {
    int n = prefix.length();
    if (n < 7 || prefix.charAt(0) != '[' || prefix.charAt(n - 1) != ']' || prefix.charAt(n - 3) != '-') return null;
    char v = Character.toUpperCase(prefix.charAt(n - 2));
    if (v != 'A' && v != 'D' && v != 'R') return null;
    int second = n - 3;
    int first = prefix.lastIndexOf('-', second - 1);
    if (first <= 1 || first == second - 1 || prefix.indexOf(']') < n - 1) return null;
    return new int[] {first, second};
  }

  private static boolean isWord(String m, int from, int end, String w) {
    return end - from == w.length() && m.startsWith(w, from);
  }

  /** IN=/OUT=: the device under Elastic's name even when empty (no output device: the packet is for this host). */
  private static void device(Event e, String vendorField, String ecsField, String v) {
    e.put(vendorField, v);
    e.putNonEmpty(ecsField, v);
  }

  /** "0x1C" → 28; Elastic's integration stores these header bits as numbers. */
  private static void hex(Event e, String field, String v) {
    String h = v.startsWith("0x") || v.startsWith("0X") ? v.substring(2) : v;
    if (h.isEmpty() || h.length() > 8) return;
    long x = 0;
    for (int i = 0; i < h.length(); i++) {
      int d = Character.digit(h.charAt(i), 16);
      if (d < 0) return;
      x = x * 16 + d;
    }
    e.put(field, x);
  }

  /**
   * MAC= is the frame's header as bytes: destination (6), source (6), EtherType (2), sometimes more.
   * ECS writes MACs upper case with dashes.
   */
  private static void mac(Event e, String v) {
    int bytes = (v.length() + 1) / 3;
    if (v.length() < 17 || (v.length() + 1) % 3 != 0) return;
    for (int b = 0; b < bytes; b++) {
      int p = b * 3;
      if (Character.digit(v.charAt(p), 16) < 0 || Character.digit(v.charAt(p + 1), 16) < 0 || b < bytes - 1 && v.charAt(p + 2) != ':') return;
    }
    e.put("destination.mac", v.substring(0, 17).toUpperCase(Locale.ROOT).replace(':', '-'));
    if (bytes >= 12) e.put("source.mac", v.substring(18, 35).toUpperCase(Locale.ROOT).replace(':', '-'));
    if (bytes >= 14) e.put("iptables.ether_type", (long) Integer.parseInt(v.substring(36, 38) + v.substring(39, 41), 16));
  }

  /** "IPTABLES-DROP:" → DROP, "[UFW BLOCK]" → BLOCK, "nft-drop" → drop; "" when there is none. */
  private static String lastWord(String prefix) {
    int end = prefix.length();
    while (end > 0 && !Character.isLetterOrDigit(prefix.charAt(end - 1)) && prefix.charAt(end - 1) != '_') end--;
    int start = end;
    while (start > 0 && (Character.isLetterOrDigit(prefix.charAt(start - 1)) || prefix.charAt(start - 1) == '_')) start--;
    return prefix.substring(start, end);
  }

  /** "[12345.678901]" or "[  307.757925]" at the start: the kernel's uptime stamp, not a log prefix. */
  private static boolean isUptime(String prefix) {
    int close = prefix.indexOf(']');
    if (!prefix.startsWith("[") || close < 3) return false;
    boolean digit = false;
    for (int i = 1; i < close; i++) {
      char c = prefix.charAt(i);
      if (Character.isDigit(c)) digit = true;
      else if (c != '.' && c != ' ') return false;
    }
    return digit;
  }

  /** The verdict a bare word names (DROP, deny, FINAL_REJECT), or null. */
  private static String verdictOf(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    String v = verdict(w);
    return v != null || w.lastIndexOf('_') < 0 ? v : verdict(w.substring(w.lastIndexOf('_') + 1));
  }

  private static String verdict(String word) {
    return switch (word) {
      case "drop", "deny", "drop_input", "block", "reject" -> "denied";
      case "accept", "allow", "pass" -> "allowed";
      default -> null;
    };
  }

  /** The log prefixes firewalld's own rules use: FINAL_REJECT, STATE_INVALID_DROP, filter_IN_public_REJECT, filter_FWD_..., nat_... */
  private static boolean isFirewalld(String prefix) {
    String p = stripBrackets(prefix);
    return p.equals("FINAL_REJECT") || p.startsWith("STATE_INVALID") || p.startsWith("filter_IN_") || p.startsWith("filter_FWD_")
        || p.startsWith("filter_OUT_") || p.startsWith("nat_PRE_") || p.startsWith("nat_POST_") || p.startsWith("raw_PRE_");
  }

  private static String stripBrackets(String s) {
    String t = s.endsWith(":") ? s.substring(0, s.length() - 1).strip() : s;
    return t.startsWith("[") && t.endsWith("]") ? t.substring(1, t.length() - 1) : t;
  }

  private static void putNonEmpty(Event e, String field, String v) {
    if (v != null && !v.isEmpty()) e.put(field, v);
  }
}
