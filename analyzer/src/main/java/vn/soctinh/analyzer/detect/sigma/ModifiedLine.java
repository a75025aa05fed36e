package vn.soctinh.analyzer.detect.sigma;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One selection line's modifiers as they are applied ({@link Modifier}), and the checks between them. */
final class ModifiedLine {
  /** Where a value stands in the field's text: whole (with wildcards), anywhere, at the start or at the end. */
  enum Position { WHOLE, CONTAINS, STARTSWITH, ENDSWITH }

  final String field;
  final Map<String, List<String>> placeholders;
  Position position = Position.WHOLE;
  boolean all;
  boolean cased;
  boolean expand;
  Boolean exists;
  int regexFlags;
  Modifier.ValueKind kind;
  String kindName;
  final List<Modifier.Transform> transforms = new ArrayList<>();

  ModifiedLine(String field, Map<String, List<String>> placeholders) {
    this.field = field;
    this.placeholders = placeholders;
  }

  void position(Position p) {
    if (position != Position.WHOLE && position != p) {
      throw new IllegalArgumentException("contains, startswith and endswith exclude each other (on " + field + ")");
    }
    position = p;
  }

  void kind(Modifier.ValueKind k, String name) {
    if (kindName != null && !kindName.equals(name)) {
      throw new IllegalArgumentException(kindName + " and " + name + " exclude each other (on " + field + ")");
    }
    kind = k;
    kindName = name;
  }

  /** What can only be judged once every modifier is in. */
  void check() {
    if (regexFlags != 0 && !(kind instanceof RegexModifier)) {
      throw new IllegalArgumentException("the modifiers i, m and s only go with re (on " + field + ")");
    }
  }

  boolean contains() {
    return position == Position.CONTAINS;
  }

  boolean starts() {
    return position == Position.STARTSWITH;
  }

  boolean ends() {
    return position == Position.ENDSWITH;
  }

  /**
   * One value on its way through the transformations: texts (several after windash or
   * base64offset), or bytes after a UTF-16 encoding that no base64 has turned back into text yet.
   */
  static final class Encoded {
    List<String> texts;
    List<byte[]> bytes;
    /** Base64 or UTF-16 output: matched literally, without wildcards. */
    boolean encoded;
    /** base64offset output: only a fragment, found inside a value. */
    boolean fragment;

    Encoded(String value) {
      texts = List.of(value);
    }

    /** The value as encoded text from now on (base64's output): matched literally. */
    void encodedAs(List<String> out) {
      texts = out;
      bytes = null;
      encoded = true;
    }
  }
}
