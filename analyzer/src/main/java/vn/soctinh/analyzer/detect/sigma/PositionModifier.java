package vn.soctinh.analyzer.detect.sigma;

/** {@code contains}, {@code startswith}, {@code endswith}: where the value stands in the field's text (one per line). */
final class PositionModifier implements Modifier {
  private final ModifiedLine.Position position;

  PositionModifier(ModifiedLine.Position position) {
    this.position = position;
  }

  @Override
  public void apply(ModifiedLine line, String name) {
    line.position(position);
  }
}
