package vn.soctinh.analyzer.store;

/**
 * The query text both stores receive, made unambiguous: in Lucene syntax {@code /} starts a regular
 * expression, so a CIDR written as SOC users write it ({@code source.ip:10.0.0.0/8}) is quoted
 * ({@code source.ip:"10.0.0.0/8"}) before either store parses it. An empty query, or a bare
 * {@code *}, matches all.
 */
public final class QueryText {
  private QueryText() {}

  public static String normalise(String q) {
    String s = q == null ? "" : q.strip();
    // a bare star means "everything", as users type it, not "a message exists" (alerts have none)
    if (s.isEmpty() || s.equals("*")) return "*:*";
    StringBuilder out = new StringBuilder(s.length() + 8);
    int i = 0;
    boolean quoted = false;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '"' && (i == 0 || s.charAt(i - 1) != '\\')) quoted = !quoted;
      if (!quoted && c == ':' && i + 1 < s.length() && s.charAt(i + 1) != '"' && s.charAt(i + 1) != '[' && s.charAt(i + 1) != '{') {
        int end = i + 1;
        while (end < s.length() && !Character.isWhitespace(s.charAt(end)) && s.charAt(end) != ')') end++;
        String value = s.substring(i + 1, end);
        if (isCidr(value)) {
          out.append(":\"").append(value).append('"');
          i = end;
          continue;
        }
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }

  static boolean isCidr(String v) {
    int slash = v.indexOf('/');
    if (slash <= 0 || slash == v.length() - 1) return false;
    for (int k = slash + 1; k < v.length(); k++) if (!Character.isDigit(v.charAt(k))) return false;
    String a = v.substring(0, slash);
    return vn.soctinh.analyzer.parse.Values.isIp(a);
  }
}
