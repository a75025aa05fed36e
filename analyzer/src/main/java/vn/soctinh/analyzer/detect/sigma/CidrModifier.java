package vn.soctinh.analyzer.detect.sigma;

/** {@code cidr}: each value is an IPv4 or IPv6 network that the field's address must be in. */
final class CidrModifier implements Modifier, Modifier.ValueKind {
  @Override
  public void apply(ModifiedLine line, String name) {
    line.kind(this, name);
  }

  @Override
  public FieldMatcher.ValueTest test(Object value, ModifiedLine line) {
    FieldMatcher.Cidr c = FieldMatcher.Cidr.parse(String.valueOf(value));
    if (c == null) throw new IllegalArgumentException(line.field + "|cidr: not a CIDR: " + value);
    return (e, x) -> x != null && c.contains(FieldMatcher.text(x));
  }
}
