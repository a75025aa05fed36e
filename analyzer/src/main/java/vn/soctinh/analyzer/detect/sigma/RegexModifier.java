package vn.soctinh.analyzer.detect.sigma;

/** {@code re}: each value is a regular expression found in the field's text ({@link RuleRegex}: bounded, no catastrophic backtracking). */
final class RegexModifier implements Modifier.ValueKind {
  @Override
  public FieldMatcher.ValueTest test(Object value, ModifiedLine line) {
    try {
      java.util.function.Predicate<String> p = RuleRegex.compile(String.valueOf(value), line.regexFlags);
      return (e, x) -> x != null && p.test(FieldMatcher.text(x));
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException("bad regular expression for " + line.field + ": " + ex.getMessage());
    }
  }
}
