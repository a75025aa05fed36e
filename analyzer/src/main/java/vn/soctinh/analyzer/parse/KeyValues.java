package vn.soctinh.analyzer.parse;

import java.util.function.BiConsumer;

/**
 * Scans {@code key=value} text as firewalls and auditd write it: pairs separated by spaces (or a
 * chosen separator), values bare or in double quotes (with {@code \"} escapes), keys of letters,
 * digits and {@code _ - . :}. Text that is not a pair is skipped up to the next separator. No regex,
 * no allocation beyond the strings handed to the visitor.
 */
public final class KeyValues {
  private KeyValues() {}

  /** Visits each pair of {@code text} separated by spaces. */
  public static void scan(String text, BiConsumer<String, String> visitor) {
    scan(text, ' ', visitor);
  }

  /** Visits each pair; returns how many pairs were found. */
  public static int scan(String text, char separator, BiConsumer<String, String> visitor) {
    int n = text.length();
    int i = 0;
    int pairs = 0;
    while (i < n) {
      while (i < n && (text.charAt(i) == separator || text.charAt(i) == ' ')) i++;
      int ks = i;
      while (i < n && isKeyChar(text.charAt(i))) i++;
      if (i == ks || i >= n || text.charAt(i) != '=') {
        // not a pair: skip this token
        while (i < n && text.charAt(i) != separator) i++;
        continue;
      }
      String key = text.substring(ks, i);
      i++;
      String value;
      if (i < n && text.charAt(i) == '"') {
        int vs = ++i;
        StringBuilder sb = null;
        while (i < n && text.charAt(i) != '"') {
          if (text.charAt(i) == '\\' && i + 1 < n && (text.charAt(i + 1) == '"' || text.charAt(i + 1) == '\\')) {
            if (sb == null) sb = new StringBuilder().append(text, vs, i);
            sb.append(text.charAt(i + 1));
            i += 2;
            continue;
          }
          if (sb != null) sb.append(text.charAt(i));
          i++;
        }
        value = sb != null ? sb.toString() : text.substring(vs, Math.min(i, n));
        if (i < n) i++;
      } else {
        int vs = i;
        while (i < n && text.charAt(i) != separator) i++;
        value = text.substring(vs, i);
      }
      visitor.accept(key, value);
      pairs++;
    }
    return pairs;
  }

  private static boolean isKeyChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == ':';
  }
}
