package vn.soctinh.analyzer.detect.sigma;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One Sigma string value as a matcher: {@code *} and {@code ?} are wildcards, a backslash escapes
 * {@code *}, {@code ?} and itself (before any other character it is a plain backslash, so
 * {@code C:\Windows} means what it says). Case-insensitive unless cased. A value without wildcards,
 * or with them only at its ends, is compared without a regular expression.
 */
final class SigmaString {
  private enum Kind { EXACT, PREFIX, SUFFIX, CONTAINS, ANY, SEGMENTS, GLOB }

  private final Kind kind;
  private final String literal;
  private final boolean cased;
  private final Pattern glob;
  /** SEGMENTS: the literal parts between the stars, lower-cased unless cased; the first and last anchored unless a star is there. */
  private final String[] segments;
  private final boolean anchoredStart;
  private final boolean anchoredEnd;

  private SigmaString(Kind kind, String literal, boolean cased, Pattern glob) {
    this(kind, literal, cased, glob, null, false, false);
  }

  private SigmaString(Kind kind, String literal, boolean cased, Pattern glob, String[] segments, boolean anchoredStart, boolean anchoredEnd) {
    this.kind = kind;
    this.literal = literal;
    this.cased = cased;
    this.glob = glob;
    this.segments = segments;
    this.anchoredStart = anchoredStart;
    this.anchoredEnd = anchoredEnd;
  }

  /** A literal value, no wildcards (after base64 and similar transformations), with how it is anchored. */
  static SigmaString literal(String value, boolean startAnchored, boolean endAnchored, boolean cased) {
    Kind k = startAnchored && endAnchored ? Kind.EXACT : startAnchored ? Kind.PREFIX : endAnchored ? Kind.SUFFIX : Kind.CONTAINS;
    return new SigmaString(k, cased ? value : value.toLowerCase(Locale.ROOT), cased, null);
  }

  /** A value as written in a rule, with wildcards; {@code contains}/{@code startswith}/{@code endswith} add them at the ends. */
  static SigmaString wildcard(String raw, boolean leadingStar, boolean trailingStar, boolean cased) {
    StringBuilder lit = new StringBuilder();
    StringBuilder regex = new StringBuilder();
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    boolean question = false;
    boolean wild = false;
    boolean startStar = leadingStar;
    boolean endStar = trailingStar;
    int innerWild = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\\' && i + 1 < raw.length() && (raw.charAt(i + 1) == '*' || raw.charAt(i + 1) == '?' || raw.charAt(i + 1) == '\\')) {
        char n = raw.charAt(++i);
        lit.append(n);
        part.append(n);
        regex.append(Pattern.quote(String.valueOf(n)));
      } else if (c == '*') {
        wild = true;
        if (i == 0) startStar = true;
        else if (i == raw.length() - 1) endStar = true;
        else innerWild++;
        parts.add(part.toString());
        part.setLength(0);
        regex.append(".*");
      } else if (c == '?') {
        wild = true;
        question = true;
        innerWild++;
        regex.append('.');
      } else {
        lit.append(c);
        part.append(c);
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    parts.add(part.toString());
    if (!wild || innerWild == 0) {
      if (lit.length() == 0 && (startStar || endStar)) return new SigmaString(Kind.ANY, "", cased, null);
      return literal(lit.toString(), !startStar, !endStar, cased);
    }
    if (!question) {
      // stars only: the literal parts in order, found with indexOf (the leftmost place of each part is
      // always a right one), not a backtracking regular expression (80 % of detection's time with
      // SigmaHQ's web rules loaded, and its cost grew with the length of the value)
      String[] segs = parts.stream().map(x -> cased ? x : x.toLowerCase(Locale.ROOT)).toArray(String[]::new);
      return new SigmaString(Kind.SEGMENTS, null, cased, null, segs, !startStar, !endStar);
    }
    String body = (leadingStar ? ".*" : "") + regex + (trailingStar ? ".*" : "");
    int flags = Pattern.DOTALL | (cased ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    return new SigmaString(Kind.GLOB, null, cased, Pattern.compile(body, flags));
  }

  /** {@link FieldMatcher#EXACT} … {@link FieldMatcher#ANY} for a case-insensitive literal or "anything", else -1. */
  int literalKind() {
    if (kind == Kind.ANY) return FieldMatcher.ANY;
    if (cased || kind == Kind.GLOB || kind == Kind.SEGMENTS) return -1;
    return switch (kind) {
      case EXACT -> FieldMatcher.EXACT;
      case PREFIX -> FieldMatcher.PREFIX;
      case SUFFIX -> FieldMatcher.SUFFIX;
      default -> FieldMatcher.CONTAINS;
    };
  }

  /** The literal, lower-cased unless cased (null for globs). */
  String literal() {
    return literal;
  }

  boolean matches(String s) {
    if (kind == Kind.GLOB) return glob.matcher(s).matches();
    if (kind == Kind.ANY) return true;
    String v = cased ? s : s.toLowerCase(Locale.ROOT);
    if (kind == Kind.SEGMENTS) return inOrder(v);
    return switch (kind) {
      case EXACT -> v.equals(literal);
      case PREFIX -> v.startsWith(literal);
      case SUFFIX -> v.endsWith(literal);
      case CONTAINS -> v.contains(literal);
      default -> false;
    };
  }

  /** Whether the segments occur in {@code v} in order, the first at its start and the last at its end when anchored. */
  private boolean inOrder(String v) {
    int n = segments.length;
    int from = 0;
    int first = 0;
    int last = n;
    if (anchoredStart) {
      if (!v.startsWith(segments[0])) return false;
      from = segments[0].length();
      first = 1;
    }
    if (anchoredEnd) last = n - 1;
    for (int i = first; i < last; i++) {
      int at = v.indexOf(segments[i], from);
      if (at < 0) return false;
      from = at + segments[i].length();
    }
    return !anchoredEnd || v.length() - segments[n - 1].length() >= from && v.endsWith(segments[n - 1]);
  }

  @Override
  public String toString() {
    if (kind == Kind.SEGMENTS) return "segments " + String.join("*", segments);
    return kind == Kind.GLOB ? "glob " + glob.pattern() : kind.name().toLowerCase(Locale.ROOT) + " " + literal;
  }
}
