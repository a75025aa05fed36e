package vn.soctinh.analyzer.parse.cef;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;

/**
 * IBM QRadar's Log Event Extended Format: {@code LEEF:1.0|Vendor|Product|Version|EventID|} then
 * tab-separated {@code key=value} attributes; LEEF 2.0 adds a sixth header field naming the
 * attribute delimiter (a character, or its hex as {@code x5E} / {@code 0x5E}).
 */
public final class LeefParser implements ContentParser {

  @Override
  public String name() {
    return "leef";
  }

  @Override
  public Set<String> programs() {
    return Set.of("leef");
  }

  @Override
  public boolean sniff(LogLine line) {
    return line.message().startsWith("LEEF:");
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    String m = line.message();
    int at = m.indexOf("LEEF:");
    if (at < 0 || at > 64) return ParseOutcome.unrecognised("expected LEEF:VERSION|Vendor|Product|Version|EventID|attributes");
    String[] h = m.substring(at + 5).split("\\|", -1);
    if (h.length < 6) return ParseOutcome.unrecognised("LEEF header has " + (h.length - 1) + " of 5 fields");
    String version = h[0];
    char delimiter = '\t';
    int attrIndex = 5;
    if (version.startsWith("2") && h.length >= 7) {
      Character d = delimiter(h[5]);
      if (d == null) return ParseOutcome.unrecognised("LEEF 2.0 delimiter " + h[5] + " is not a character or hex code");
      delimiter = d;
      attrIndex = 6;
    }
    StringBuilder rest = new StringBuilder(h[attrIndex]);
    for (int k = attrIndex + 1; k < h.length; k++) rest.append('|').append(h[k]);
    Map<String, String> attrs = new LinkedHashMap<>();
    for (String pair : split(rest.toString(), delimiter)) {
      int eq = pair.indexOf('=');
      if (eq > 0) attrs.put(pair.substring(0, eq).strip(), pair.substring(eq + 1));
    }
    e.put("leef.version", version);
    e.put("observer.vendor", h[1]);
    e.put("observer.product", h[2]);
    e.put("observer.version", h[3]);
    e.put("event.code", h[4]);
    if (!attrs.isEmpty()) e.put("leef.attributes", attrs);
    CefEcs.map(attrs, e, line);
    e.put("event.dataset", "leef.log");
    e.putIfAbsent("event.category", List.of("network"));
    e.putIfAbsent("event.type", List.of("info"));
    String action = attrs.getOrDefault("action", attrs.get("act"));
    e.put("event.action", action != null && !action.isBlank() ? CefEcs.action(action) : "leef_" + CefEcs.action(h[4]));
    return ParseOutcome.RECOGNISED;
  }

  private static Character delimiter(String s) {
    if (s.length() == 1) return s.charAt(0);
    String hex = s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s.startsWith("x") || s.startsWith("X") ? s.substring(1) : null;
    if (hex == null || hex.isEmpty() || hex.length() > 4) return null;
    try {
      return (char) Integer.parseInt(hex, 16);
    } catch (NumberFormatException ex) {
      return null;
    }
  }

  private static List<String> split(String s, char d) {
    List<String> out = new java.util.ArrayList<>();
    int from = 0;
    for (int i = 0; i <= s.length(); i++) {
      if (i == s.length() || s.charAt(i) == d) {
        if (i > from) out.add(s.substring(from, i));
        from = i + 1;
      }
    }
    return out;
  }
}
