package vn.soctinh.analyzer.detect.sigma;

/** {@code expand}: {@code %name%} placeholders in the values take each of the configured values of that name. */
final class ExpandModifier implements Modifier {
  @Override
  public void apply(ModifiedLine line, String name) {
    line.expand = true;
  }
}
