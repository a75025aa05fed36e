package vn.soctinh.analyzer.detect.sigma;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One Sigma string value as a matcher: {@code *} and {@code ?} are wildcards, a backslash escapes
 * {@code *}, {@code ?} and itself (before any other character it is a plain backslash, so
 * {@code C:\Windows} means what it says). Case-insensitive unless cased. A value without wildcards,
 * or with them only at its ends, is compared without a regular expression.
 */
final class SigmaString {
  private enum Kind { EXACT, PREFIX, SUFFIX, CONTAINS, ANY, GLOB }

  private final Kind kind;
  private final String literal;
  private final boolean cased;
  private final Pattern glob;

  private SigmaString(Kind kind, String literal, boolean cased, Pattern glob) {
    this.kind = kind;
    this.literal = literal;
    this.cased = cased;
    this.glob = glob;
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
    boolean wild = false;
    boolean startStar = leadingStar;
    boolean endStar = trailingStar;
    int innerWild = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\\' && i + 1 < raw.length() && (raw.charAt(i + 1) == '*' || raw.charAt(i + 1) == '?' || raw.charAt(i + 1) == '\\')) {
        char n = raw.charAt(++i);
        lit.append(n);
        regex.append(Pattern.quote(String.valueOf(n)));
      } else if (c == '*') {
        wild = true;
        if (i == 0) startStar = true;
        else if (i == raw.length() - 1) endStar = true;
        else innerWild++;
        regex.append(".*");
      } else if (c == '?') {
        wild = true;
        innerWild++;
        regex.append('.');
      } else {
        lit.append(c);
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    if (!wild || innerWild == 0) {
      if (lit.length() == 0 && (startStar || endStar)) return new SigmaString(Kind.ANY, "", cased, null);
      return literal(lit.toString(), !startStar, !endStar, cased);
    }
    String body = (leadingStar ? ".*" : "") + regex + (trailingStar ? ".*" : "");
    int flags = Pattern.DOTALL | (cased ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    return new SigmaString(Kind.GLOB, null, cased, Pattern.compile(body, flags));
  }

  /** {@link FieldMatcher#EXACT} … {@link FieldMatcher#ANY} for a case-insensitive literal or "anything", else -1. */
  int literalKind() {
    if (kind == Kind.ANY) return FieldMatcher.ANY;
    if (cased || kind == Kind.GLOB) return -1;
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
    return switch (kind) {
      case EXACT -> v.equals(literal);
      case PREFIX -> v.startsWith(literal);
      case SUFFIX -> v.endsWith(literal);
      case CONTAINS -> v.contains(literal);
      default -> false;
    };
  }

  @Override
  public String toString() {
    return kind == Kind.GLOB ? "glob " + glob.pattern() : kind.name().toLowerCase(Locale.ROOT) + " " + literal;
  }
}
