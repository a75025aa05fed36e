package vn.soctinh.analyzer.detect.sigma;

/** {@code fieldref}: each value names another field of the same event, whose value the field must equal. */
final class FieldrefModifier implements Modifier.ValueKind {
  @Override
  public FieldMatcher.ValueTest test(Object value, ModifiedLine line) {
    String other = String.valueOf(value);
    boolean cased = line.cased;
    return (e, x) -> {
      Object o = FieldMatcher.value(e, other);
      if (x == null || o == null) return false;
      return cased ? FieldMatcher.text(x).equals(FieldMatcher.text(o)) : FieldMatcher.text(x).equalsIgnoreCase(FieldMatcher.text(o));
    };
  }
}
