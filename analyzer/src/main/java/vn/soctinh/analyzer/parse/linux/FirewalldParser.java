package vn.soctinh.analyzer.parse.linux;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;
import vn.soctinh.analyzer.parse.Text;

/**
 * The firewalld daemon's own messages: {@code WARNING: ALREADY_ENABLED: 'ssh' already in 'public'},
 * {@code ERROR: INVALID_ZONE: nonexist}, {@code WARNING: COMMAND_FAILED: '/usr/sbin/iptables ...' failed: ...}.
 * The level and the error code (firewalld's {@code errors.py} names) become {@code log.level},
 * {@code event.code} and the action ({@code firewalld_already_enabled}); a level without a code gives
 * {@code firewalld_warning} / {@code firewalld_error}. The packets its rules log are kernel netfilter
 * lines, read by the netfilter parser.
 */
public final class FirewalldParser implements ContentParser {
  static final String DATASET = "firewalld.log";

  @Override
  public String name() {
    return "firewalld";
  }

  @Override
  public Set<String> programs() {
    return Set.of("firewalld");
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    String t = line.message().strip();
    int colon = t.indexOf(": ");
    String level = colon > 0 ? t.substring(0, colon) : "";
    if (!(level.equals("WARNING") || level.equals("ERROR") || level.equals("INFO") || level.equals("DEBUG") || level.equals("CRITICAL"))) {
      return ParseOutcome.unrecognised("expected LEVEL: [CODE: ]text (WARNING, ERROR, INFO)");
    }
    String rest = t.substring(colon + 2);
    String code = null;
    int c2 = rest.indexOf(':');
    if (c2 > 2 && c2 < 40 && isCode(rest.substring(0, c2))) {
      code = rest.substring(0, c2);
      rest = rest.substring(c2 + 1).strip();
    }
    boolean error = level.equals("ERROR") || level.equals("CRITICAL");
    String action = "firewalld_" + (code != null ? code.toLowerCase(Locale.ROOT) : level.toLowerCase(Locale.ROOT));
    Ecs.classify(e, DATASET, List.of("configuration"), List.of(error ? "error" : "info"), action, error ? "failure" : null);
    e.put("log.level", level.toLowerCase(Locale.ROOT));
    if (code != null) e.put("event.code", code);
    e.put("message", rest);
    e.put("observer.product", "firewalld");
    e.put("observer.type", "firewall");
    String quoted = Text.between(rest, "'", "'");
    if ("INVALID_ZONE".equals(code)) e.put("observer.ingress.zone", quoted == null ? Text.word(rest, 0) : quoted);
    return ParseOutcome.RECOGNISED;
  }

  private static boolean isCode(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= 'A' && c <= 'Z' || c == '_')) return false;
    }
    return true;
  }
}
