package vn.soctinh.dist;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A systemd unit file read as systemd does for what the tests ask: each key's values in order, comments skipped. */
record Unit(Map<String, List<String>> values) {
  static Unit parse(String text) {
    Map<String, List<String>> v = new LinkedHashMap<>();
    String section = "";
    for (String raw : text.split("\n")) {
      String line = raw.trim();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue;
      if (line.startsWith("[")) {
        section = line.substring(1, line.indexOf(']'));
        continue;
      }
      int eq = line.indexOf('=');
      v.computeIfAbsent(section + "." + line.substring(0, eq).trim(), k -> new ArrayList<>()).add(line.substring(eq + 1).trim());
    }
    return new Unit(v);
  }

  /** The last value of {@code Section.Key} (the one systemd uses for single-valued keys), or null. */
  String get(String key) {
    List<String> l = values.get(key);
    return l == null ? null : l.get(l.size() - 1);
  }
}
