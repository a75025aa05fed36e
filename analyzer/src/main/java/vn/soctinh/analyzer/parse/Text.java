package vn.soctinh.analyzer.parse;

/** Scanning helpers for the fixed-shape messages the content parsers read: no regex, no copies until a value is taken. */
public final class Text {
  private Text() {}

  /**
   * The words of {@code s} between spaces, a run of spaces counting as one, none for a blank text: what
   * {@code split(" +")} gives, without compiling a regular expression for every line.
   */
  public static String[] words(String s) {
    java.util.ArrayList<String> out = new java.util.ArrayList<>();
    int n = s.length();
    for (int i = 0; i < n; ) {
      while (i < n && s.charAt(i) == ' ') i++;
      int start = i;
      while (i < n && s.charAt(i) != ' ') i++;
      if (i > start) out.add(s.substring(start, i));
    }
    return out.toArray(new String[0]);
  }

  /** The word (up to a space or the end) starting at {@code from}; "" when from is past the end. */
  public static String word(String s, int from) {
    if (from < 0 || from >= s.length()) return "";
    int end = s.indexOf(' ', from);
    return s.substring(from, end < 0 ? s.length() : end);
  }

  /** The text between {@code open} and the next {@code close} after it, or null. */
  public static String between(String s, String open, String close) {
    int i = s.indexOf(open);
    if (i < 0) return null;
    int from = i + open.length();
    int j = s.indexOf(close, from);
    return j < 0 ? null : s.substring(from, j);
  }

  /** The word ending right before {@code suffix} ("3" in "auth failed, 3 attempts"), or null. */
  public static String wordBefore(String s, String suffix) {
    int i = s.indexOf(suffix);
    if (i <= 0) return null;
    int start = i;
    while (start > 0 && s.charAt(start - 1) != ' ') start--;
    return start == i ? null : s.substring(start, i);
  }

  /** The text after {@code prefix} when s starts with it, else null. */
  public static String after(String s, String prefix) {
    return s.startsWith(prefix) ? s.substring(prefix.length()) : null;
  }

  /** The value of {@code key=} in "a=1 b=2" text (up to the next space), or null when absent or empty. */
  public static String field(String s, String key) {
    String k = key + "=";
    int i = 0;
    while (true) {
      i = s.indexOf(k, i);
      if (i < 0) return null;
      if (i == 0 || s.charAt(i - 1) == ' ' || s.charAt(i - 1) == ';' || s.charAt(i - 1) == ',') break;
      i++;
    }
    int from = i + key.length() + 1;
    int end = from;
    while (end < s.length() && s.charAt(end) != ' ' && s.charAt(end) != ',') end++;
    return end == from ? null : s.substring(from, end);
  }

  /** Drops a trailing " [preauth]" (and spaces); tells through {@code preauth[0]} whether it was there. */
  public static String stripPreauth(String s, boolean[] preauth) {
    String t = s.stripTrailing();
    if (t.endsWith("[preauth]")) {
      preauth[0] = true;
      return t.substring(0, t.length() - "[preauth]".length()).stripTrailing();
    }
    preauth[0] = false;
    return t;
  }
}
