package vn.soctinh.analyzer.parse.cef;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;

/**
 * ArcSight Common Event Format: {@code CEF:0|Vendor|Product|Version|SignatureID|Name|Severity|ext},
 * bare or after a syslog header. Header fields may escape {@code \|} and {@code \\}; an extension
 * value runs until the next {@code key=} and may escape {@code \=}, {@code \\}, {@code \n}, {@code \r}.
 * Well-known extension keys map to ECS ({@link CefEcs}); all of them stay in {@code cef.extensions}.
 */
public final class CefParser implements ContentParser {

  @Override
  public String name() {
    return "cef";
  }

  @Override
  public boolean sniff(LogLine line) {
    return line.message().startsWith("CEF:");
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    String m = line.message();
    int at = m.indexOf("CEF:");
    if (at < 0 || at > 64) return ParseOutcome.unrecognised("expected CEF:VERSION|Vendor|Product|Version|SignatureID|Name|Severity|Extension");
    List<String> header = new ArrayList<>(7);
    int i = at + 4;
    StringBuilder cur = new StringBuilder();
    while (i < m.length() && header.size() < 7) {
      char c = m.charAt(i);
      if (c == '\\' && i + 1 < m.length() && (m.charAt(i + 1) == '|' || m.charAt(i + 1) == '\\')) {
        cur.append(m.charAt(i + 1));
        i += 2;
      } else if (c == '|') {
        header.add(cur.toString());
        cur.setLength(0);
        i++;
      } else {
        cur.append(c);
        i++;
      }
    }
    if (header.size() < 7) return ParseOutcome.unrecognised("CEF header has " + header.size() + " of 7 fields");
    Map<String, String> ext = extensions(m.substring(i));
    e.put("cef.version", header.get(0));
    e.put("observer.vendor", header.get(1));
    e.put("observer.product", header.get(2));
    e.put("observer.version", header.get(3));
    e.put("event.code", header.get(4));
    e.put("rule.name", header.get(5));
    e.put("message", header.get(5));
    CefEcs.severity(header.get(6), e);
    if (!ext.isEmpty()) e.put("cef.extensions", ext);
    CefEcs.map(ext, e, line);
    e.put("event.dataset", "cef.log");
    e.putIfAbsent("event.category", List.of("network"));
    e.putIfAbsent("event.type", List.of("info"));
    String act = ext.get("act");
    e.put("event.action", act != null && !act.isBlank() ? CefEcs.action(act) : "cef_" + CefEcs.action(header.get(4)));
    return ParseOutcome.RECOGNISED;
  }

  /** "k1=v one k2=v\=two" → {k1: "v one", k2: "v=two"}: a value ends where the next "key=" starts. */
  static Map<String, String> extensions(String s) {
    Map<String, String> out = new LinkedHashMap<>();
    int n = s.length();
    int i = 0;
    String key = null;
    StringBuilder value = new StringBuilder();
    while (i < n) {
      // find a key at i: [A-Za-z0-9_.\[\]]+ followed by '=' (not escaped), at the start or after a space
      int ks = i;
      if (key == null || (i > 0 && s.charAt(i - 1) == ' ')) {
        int k = i;
        while (k < n && isKeyChar(s.charAt(k))) k++;
        if (k > ks && k < n && s.charAt(k) == '=') {
          if (key != null) out.put(key, value.toString().strip());
          key = s.substring(ks, k);
          value.setLength(0);
          i = k + 1;
          continue;
        }
      }
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < n) {
        char d = s.charAt(i + 1);
        value.append(d == 'n' ? '\n' : d == 'r' ? '\r' : d);
        i += 2;
        continue;
      }
      if (key != null) value.append(c);
      i++;
    }
    if (key != null) out.put(key, value.toString().strip());
    return out;
  }

  private static boolean isKeyChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '[' || c == ']';
  }

  @Override
  public Set<String> programs() {
    return Set.of("cef");
  }
}
