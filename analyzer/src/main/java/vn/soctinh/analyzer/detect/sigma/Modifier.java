package vn.soctinh.analyzer.detect.sigma;

/**
 * A Sigma value modifier ({@code field|contains|all: ...}): what it changes in how one line of a
 * selection compiles. Each is a small class, registered by name in {@link Modifiers}; adding a
 * modifier is its class, its line in the registry and its test.
 */
interface Modifier {
  /**
   * Records this modifier on the line being compiled.
   *
   * @param name the name it was written with (one class may serve several: {@code gt}, {@code lt} ...)
   * @throws IllegalArgumentException with the reason, when it cannot join what the line already has
   */
  void apply(ModifiedLine line, String name);

  /** A modifier that decides how each value is tested ({@code re}, {@code cidr}, {@code gt} ...): one per line. */
  interface ValueKind extends Modifier {
    @Override
    default void apply(ModifiedLine line, String name) {
      line.kind(this, name);
    }

    /** The test of one value of the line, or an IllegalArgumentException naming what is wrong with it. */
    FieldMatcher.ValueTest test(Object value, ModifiedLine line);
  }

  /** A modifier that rewrites each value before it is matched ({@code base64}, {@code wide} ...), left to right. */
  interface Transform extends Modifier {
    @Override
    default void apply(ModifiedLine line, String name) {
      line.transforms.add(this);
    }

    void apply(ModifiedLine.Encoded value, String field);
  }
}
