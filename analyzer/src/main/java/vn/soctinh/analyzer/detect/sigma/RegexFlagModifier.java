package vn.soctinh.analyzer.detect.sigma;

/** {@code i}, {@code m}, {@code s}: flags of the line's {@code re} (insensitive, multi-line, dot matches newlines). */
final class RegexFlagModifier implements Modifier {
  private final int flags;

  RegexFlagModifier(int flags) {
    this.flags = flags;
  }

  @Override
  public void apply(ModifiedLine line, String name) {
    line.regexFlags |= flags;
  }
}
