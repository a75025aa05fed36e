package vn.soctinh.app.config;

import java.util.Optional;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/** A 1-based line and column in the configuration file; {@link #NONE} for values that come from defaults. */
record Position(int line, int column) {
  static final Position NONE = new Position(0, 0);

  static Position of(Optional<Mark> mark) {
    return mark.map(m -> new Position(m.getLine() + 1, m.getColumn() + 1)).orElse(NONE);
  }

  static Position of(Node node) {
    return node == null ? NONE : of(node.getStartMark());
  }

  boolean known() {
    return line > 0;
  }

  /** " (line 7)" for messages that point at a second place, or " (default)" when it has none. */
  String suffix() {
    return known() ? " (line " + line + ")" : " (default)";
  }
}
