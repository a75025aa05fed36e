package vn.soctinh.analyzer.detect.sigma;

/** {@code all}: every value of the line must match, instead of any. */
final class AllModifier implements Modifier {
  @Override
  public void apply(ModifiedLine line, String name) {
    line.all = true;
  }
}
