package vn.soctinh.analyzer.parse.network;

import java.util.Locale;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;

/**
 * Cisco ASA and FTD syslog ({@code %ASA-6-302013: Built outbound TCP connection ...}). The tag
 * arrives as the syslog program ({@code %ASA-6-302013}) or at the start of the message; the level
 * and message id come from it. The messages a SOC uses most (connection built/teardown, ACL and
 * inspection denies, AAA and admin logins, VPN sessions, NAT, IPS, threat detection) are read by
 * {@link AsaMessages}; another id is declined so that {@code soctinh parse --stats} shows it.
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
    String tag = line.syslog() != null && line.syslog().appname != null && line.syslog().appname.startsWith("%") ? line.syslog().appname : null;
    String text = line.message();
    if (tag == null || !isAsaTag(tag)) {
      int p = text.indexOf('%');
      int colon = p < 0 ? -1 : text.indexOf(": ", p);
      if (p < 0 || p > 64 || colon < 0 || !isAsaTag(text.substring(p, colon))) {
        return ParseOutcome.unrecognised("expected a %ASA-LEVEL-ID: tag");
      }
      tag = text.substring(p, colon);
      text = text.substring(colon + 2);
    }
    String[] parts = tag.substring(1).split("-");
    String product = parts[0];
    String level = parts[1];
    String id = parts[2];
    Event scratch = e.copy();
    if (!AsaMessages.parse(id, text.strip(), scratch)) return ParseOutcome.unrecognised("ASA message id " + id + " not supported");
    AsaCategories.apply(id, scratch);
    scratch.forEach(e::put);
    if (!scratch.has("event.outcome")) e.remove("event.outcome");
    e.put("event.code", id);
    e.put("event.severity", Long.parseLong(level));
    e.put("log.level", LEVELS[level.charAt(0) - '0']);
    e.put("event.dataset", "cisco.asa");
    e.put("event.module", "cisco");
    e.put("observer.vendor", "Cisco");
    e.put("observer.product", product.toLowerCase(Locale.ROOT));
    e.put("observer.type", "firewall");
    e.put("cisco.asa.message_id", id);
    e.putIfAbsent("event.kind", "event");
    return ParseOutcome.RECOGNISED;
  }

  private static boolean isAsaTag(String t) {
    String[] p = t.startsWith("%") ? t.substring(1).split("-") : new String[0];
    return p.length == 3 && (p[0].equals("ASA") || p[0].equals("FTD") || p[0].equals("FWSM") || p[0].equals("PIX"))
        && p[1].length() == 1 && Character.isDigit(p[1].charAt(0)) && !p[2].isEmpty() && p[2].chars().allMatch(Character::isDigit);
  }

}
