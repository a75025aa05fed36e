package vn.soctinh.app.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects problems while a file is read, so that one run reports all of them. Also notes every
 * dotted key the reader asked for, so that a test can check the example file documents each one.
 */
final class Problems {
  private final String file;
  private final List<ConfigProblem> list = new ArrayList<>();
  private final Set<String> keysRead = new LinkedHashSet<>();

  Problems(String file) {
    this.file = file;
  }

  void add(Position at, String key, String message) {
    list.add(new ConfigProblem(file, at.line(), at.column(), key, message));
  }

  void keyRead(String path) {
    keysRead.add(path);
  }

  Set<String> keysRead() {
    return keysRead;
  }

  boolean isEmpty() {
    return list.isEmpty();
  }

  /** The problems in file order; those without a position go last. The sort is stable. */
  ConfigException toException() {
    List<ConfigProblem> sorted = new ArrayList<>(list);
    sorted.sort(Comparator.<ConfigProblem>comparingInt(p -> p.line() == 0 ? Integer.MAX_VALUE : p.line())
        .thenComparingInt(ConfigProblem::column));
    return new ConfigException(sorted);
  }
}
