package vn.soctinh.analyzer.drill;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a scenario's line templates into the syslog messages the injector sends. Placeholders are
 * {@code ${name}} (JSON lines keep their braces): the scenario's variables, and the built-ins below,
 * all for the moment of sending, so the events look live to time-window correlations. Local times
 * ({@code local_time}, {@code clf_time}, {@code bsd_time}) are in the zone given: the config's
 * {@code timezone}, the zone the parser reads stamps without an offset in.
 *
 * <p>Each message is RFC 5424 with the drill's mark in structured data,
 * {@code [soctinh@53595 drill_id="…" scenario="…" step="…"]}, which {@link DrillMarker} turns into
 * {@code labels.drill_*} when it came from an injector address.
 */
public final class DrillLines {
  /** The structured-data id of the drill mark (53595: the private enterprise number used in examples). */
  public static final String SD_ID = "soctinh@53595";
  /** Built-in placeholders. */
  public static final Set<String> BUILTINS = Set.of("seq", "port", "ts", "local_time", "clf_time", "bsd_time", "epoch", "drill_id");

  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
  private static final DateTimeFormatter BSD = DateTimeFormatter.ofPattern("MMM d HH:mm:ss", Locale.ROOT);

  private DrillLines() {}

  /**
   * Fills {@code ${…}} in {@code template}; an unknown name is left as it is (validation reports it).
   * Local-time placeholders are written in {@code zone}.
   */
  public static String render(String template, Map<String, String> vars, int seq, Instant now, String drillId, ZoneId zone) {
    StringBuilder out = new StringBuilder(template.length() + 32);
    int i = 0;
    while (i < template.length()) {
      int open = template.indexOf("${", i);
      int close = open < 0 ? -1 : template.indexOf('}', open + 2);
      if (open < 0 || close < 0) {
        out.append(template, i, template.length());
        break;
      }
      out.append(template, i, open);
      String name = template.substring(open + 2, close);
      String v = value(name, vars, seq, now, drillId, zone);
      out.append(v != null ? v : template.substring(open, close + 1));
      i = close + 1;
    }
    return out.toString();
  }

  private static String value(String name, Map<String, String> vars, int seq, Instant now, String drillId, ZoneId zone) {
    return switch (name) {
      case "seq" -> Integer.toString(seq);
      // a source port that changes per attempt, as a real client's would
      case "port" -> Integer.toString(40_000 + (seq * 7919) % 20_000);
      case "ts" -> now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
      case "local_time" -> LOCAL.format(now.atZone(zone));
      case "clf_time" -> CLF.format(now.atZone(zone));
      case "bsd_time" -> BSD.format(now.atZone(zone));
      case "epoch" -> Long.toString(now.getEpochSecond());
      case "drill_id" -> drillId;
      default -> vars.get(name);
    };
  }

  /** Placeholder names used in {@code template}. */
  public static java.util.List<String> names(String template) {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (int i = template.indexOf("${"); i >= 0; i = template.indexOf("${", i + 2)) {
      int close = template.indexOf('}', i + 2);
      if (close < 0) break;
      out.add(template.substring(i + 2, close));
    }
    return out;
  }

  /** The whole RFC 5424 message for one line of a step; local times in {@code zone}. */
  public static String message(DrillScenario sc, DrillScenario.Step step, String line, Map<String, String> vars, int seq, Instant now,
      String drillId, ZoneId zone) {
    String host = render(step.host(), vars, seq, now, drillId, zone);
    // RFC 5424 allows at most 6 fraction digits
    return "<" + step.pri() + ">1 " + now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS) + " " + token(host) + " " + token(step.app()) + " - - [" + SD_ID + " drill_id=\"" + sd(drillId)
        + "\" scenario=\"" + sd(sc.id()) + "\" step=\"" + sd(step.id()) + "\"] " + render(line, vars, seq, now, drillId, zone);
  }

  /** RFC 5424 header fields are printable ASCII without spaces; "-" when empty. */
  private static String token(String s) {
    if (s == null || s.isEmpty()) return "-";
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) b.append(c > 32 && c < 127 ? c : '_');
    return b.toString();
  }

  /** RFC 5424 §6.3.3: '"', '\' and ']' are escaped in parameter values. */
  private static String sd(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("]", "\\]");
  }
}
