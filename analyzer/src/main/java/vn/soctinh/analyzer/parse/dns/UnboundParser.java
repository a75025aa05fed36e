package vn.soctinh.analyzer.parse.dns;

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
 * Unbound, the resolver pfSense and OPNsense run (and many Linux hosts): {@code [pid:thread] level: text}.
 * With {@code log-queries: yes} each question is {@code info: CLIENT NAME. TYPE CLASS}, read as
 * Elastic's pfSense integration reads it (provider unbound, category network, type connection, the
 * client as source and client); other lines are recognised by their level
 * ({@code unbound_info}, {@code unbound_error} …).
 */
public final class UnboundParser implements ContentParser {

  @Override
  public String name() {
    return "unbound";
  }

  @Override
  public Set<String> programs() {
    return Set.of("unbound");
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    String m = line.message().strip();
    int i = 0;
    if (m.startsWith("[")) {
      int close = m.indexOf("] ");
      if (close < 0) return ParseOutcome.unrecognised("expected [pid:thread] before the level");
      i = close + 2;
    }
    int colon = m.indexOf(": ", i);
    if (colon < 0 || colon - i > 12) return ParseOutcome.unrecognised("expected 'level: text'");
    String level = m.substring(i, colon).toLowerCase(Locale.ROOT);
    if (!level.chars().allMatch(Character::isLetter)) return ParseOutcome.unrecognised("expected a level word before ': '");
    String text = m.substring(colon + 2);
    e.put("event.dataset", "unbound.log");
    e.put("event.provider", "unbound");
    e.put("log.level", level);
    e.put("network.protocol", "dns");
    String[] w = text.split(" ");
    if (level.equals("info") && w.length == 4 && Values.isIp(w[0]) && w[1].endsWith(".")) {
      Values.putIp(e, "source.ip", w[0]);
      Values.putIp(e, "client.ip", w[0]);
      e.put("network.type", w[0].indexOf(':') >= 0 ? "ipv6" : "ipv4");
      String name = w[1].length() > 1 ? w[1].substring(0, w[1].length() - 1) : w[1];
      e.put("dns.question.name", name);
      DomainParts.put(e, "dns.question", name);
      e.put("dns.question.type", w[2]);
      e.put("dns.question.class", w[3]);
      // "query", as our other resolvers write it and the DNS rules read it (Elastic writes "question")
      e.put("dns.type", "query");
      EventClass.set(e, List.of("network"), List.of("connection"), "dns_query", null);
      return ParseOutcome.RECOGNISED;
    }
    EventClass.set(e, List.of("network"), List.of(level.equals("error") || level.equals("fatal") ? "error" : "info"), "unbound_" + level, null);
    return ParseOutcome.RECOGNISED;
  }
}
