package vn.soctinh.analyzer.parse.firewall;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.KeyValues;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;
import vn.soctinh.analyzer.parse.Values;

/**
 * Linux netfilter LOG lines written by iptables, ufw and nftables rules:
 * {@code [UFW BLOCK] IN=eth0 OUT= MAC=... SRC=203.0.113.5 DST=10.0.0.2 ... PROTO=TCP SPT=51234 DPT=22 ... SYN},
 * after an optional kernel uptime stamp. The text before {@code IN=} is the rule's log prefix: it
 * becomes {@code rule.name} and, when it says BLOCK/DROP/REJECT/DENY or ALLOW/ACCEPT/PASS, decides
 * {@code event.action}. The logging host is the observer; IN/OUT are its interfaces.
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
    if (in < 0 || !m.contains(" SRC=") || (in > 0 && m.charAt(in - 1) != ' ' && m.charAt(in - 1) != ']')) {
      return ParseOutcome.unrecognised("expected a netfilter LOG line (IN=... OUT=... SRC=...)");
    }
    String prefix = m.substring(0, in).strip();
    if (prefix.startsWith("[") && prefix.indexOf(']') > 0 && Character.isDigit(prefix.charAt(1))) {
      prefix = prefix.substring(prefix.indexOf(']') + 1).strip(); // kernel uptime "[12345.678901]"
    }
    List<String> flags = new ArrayList<>();
    String[] proto = {null};
    KeyValues.scan(m.substring(in), (k, v) -> {
      switch (k) {
        case "IN" -> putNonEmpty(e, "observer.ingress.interface.name", v);
        case "OUT" -> putNonEmpty(e, "observer.egress.interface.name", v);
        case "MAC" -> putNonEmpty(e, "iptables.mac", v);
        case "SRC" -> Values.putIp(e, "source.ip", v);
        case "DST" -> Values.putIp(e, "destination.ip", v);
        case "SPT" -> Values.putPort(e, "source.port", v);
        case "DPT" -> Values.putPort(e, "destination.port", v);
        case "LEN" -> Values.putLong(e, "network.bytes", v);
        case "TTL", "HOPLIMIT" -> Values.putLong(e, "iptables.ttl", v);
        case "ID" -> putNonEmpty(e, "iptables.id", v);
        case "PROTO" -> proto[0] = v;
        case "TYPE" -> Values.putLong(e, "iptables.icmp.type", v);
        case "CODE" -> Values.putLong(e, "iptables.icmp.code", v);
        case "WINDOW" -> Values.putLong(e, "iptables.tcp.window", v);
        case "MARK" -> putNonEmpty(e, "iptables.mark", v);
        default -> { }
      }
    });
    // Bare words after the pairs are TCP flags and options: SYN ACK FIN RST PSH URG DF
    for (String w : m.substring(in).split(" ")) {
      if (!w.isEmpty() && w.indexOf('=') < 0 && w.chars().allMatch(c -> c >= 'A' && c <= 'Z')) flags.add(w);
    }
    if (!flags.isEmpty()) e.put("iptables.flags", flags);
    if (proto[0] != null) {
      String p = proto[0].toLowerCase(Locale.ROOT);
      e.put("network.transport", p.equals("icmpv6") ? "ipv6-icmp" : p);
    }
    String src = e.getString("source.ip");
    if (src != null) e.put("network.type", src.indexOf(':') >= 0 ? "ipv6" : "ipv4");
    String upper = prefix.toUpperCase(Locale.ROOT);
    // Elastic's iptables integration takes the prefix's word before its colon, lower case, as the
    // action ("IPTABLES-DROP:" is drop) and derives allowed/denied from it; we take the prefix's last
    // word with or without a colon, so "[UFW BLOCK]" and "nft-drop" are read too
    String action = lastWord(prefix).toLowerCase(Locale.ROOT);
    if (action.equals("d")) action = "drop";
    if (action.equals("a")) action = "accept";
    String type = verdict(action);
    if (type == null && action.lastIndexOf('_') > 0 && verdict(action.substring(action.lastIndexOf('_') + 1)) != null) {
      // firewalld's FINAL_REJECT, filter_IN_public_REJECT, STATE_INVALID_DROP
      action = action.substring(action.lastIndexOf('_') + 1);
      type = verdict(action);
    }
    // a word that is no verdict counts only where Elastic would read it, before a colon ("SSH-NEW:")
    if (action.isEmpty() || type == null && !prefix.strip().endsWith(":")) action = "firewall_logged";
    boolean firewalld = isFirewalld(prefix);
    e.put("event.dataset", upper.contains("UFW") ? "ufw.log" : upper.startsWith("NFT") || upper.contains("NFTABLES") ? "nftables.log"
        : firewalld ? "firewalld.log" : "iptables.log");
    e.put("event.category", List.of("network"));
    e.put("event.type", type == null ? List.of("connection") : List.of(type, "connection"));
    e.put("event.action", action);
    if (!prefix.isEmpty()) e.put("rule.name", stripBrackets(prefix));
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

  /** "IPTABLES-DROP:" → DROP, "[UFW BLOCK]" → BLOCK, "nft-drop" → drop; "" when there is none. */
  private static String lastWord(String prefix) {
    int end = prefix.length();
    while (end > 0 && !Character.isLetterOrDigit(prefix.charAt(end - 1)) && prefix.charAt(end - 1) != '_') end--;
    int start = end;
    while (start > 0 && (Character.isLetterOrDigit(prefix.charAt(start - 1)) || prefix.charAt(start - 1) == '_')) start--;
    return prefix.substring(start, end);
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
