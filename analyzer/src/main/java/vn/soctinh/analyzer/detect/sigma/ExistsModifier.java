package vn.soctinh.analyzer.detect.sigma;

/** {@code exists}: the line tests whether the field is there (its one value, true or false), not its value. */
final class ExistsModifier implements Modifier {
  @Override
  public void apply(ModifiedLine line, String name) {
    line.exists = Boolean.TRUE;
  }
}
