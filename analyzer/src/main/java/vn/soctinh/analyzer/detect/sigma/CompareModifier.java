package vn.soctinh.analyzer.detect.sigma;

import java.math.BigDecimal;

/** {@code gt}, {@code gte}, {@code lt}, {@code lte}: the field's value as a number against the line's number. */
final class CompareModifier implements Modifier.ValueKind {
  enum Op { GT, GTE, LT, LTE }

  private final Op op;

  CompareModifier(Op op) {
    this.op = op;
  }

  @Override
  public FieldMatcher.ValueTest test(Object value, ModifiedLine line) {
    BigDecimal limit = FieldMatcher.number(value);
    if (limit == null) throw new IllegalArgumentException(line.field + "|" + line.kindName + " needs a number, not " + value);
    return (e, x) -> {
      BigDecimal n = FieldMatcher.number(x);
      if (n == null) return false;
      int c = n.compareTo(limit);
      return switch (op) {
        case GT -> c > 0;
        case GTE -> c >= 0;
        case LT -> c < 0;
        case LTE -> c <= 0;
      };
    };
  }
}
