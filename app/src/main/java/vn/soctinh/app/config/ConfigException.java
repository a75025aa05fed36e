package vn.soctinh.app.config;

import java.util.List;

/**
 * A configuration file that cannot be used. Carries every problem found (not only the first), in
 * file order; the message is one formatted problem per line, ready to print. The accessors
 * {@link #file()}, {@link #line()}, {@link #column()} and {@link #key()} describe the first one.
 */
public final class ConfigException extends Exception {
  /** Exit status of the {@code soctinh} command when its configuration is rejected. */
  public static final int EXIT_CODE = 2;

  private final List<ConfigProblem> problems;

  public ConfigException(List<ConfigProblem> problems) {
    super(joined(problems));
    if (problems.isEmpty()) throw new IllegalArgumentException("a ConfigException needs at least one problem");
    this.problems = List.copyOf(problems);
  }

  public ConfigException(ConfigProblem problem) {
    this(List.of(problem));
  }

  /** All problems, in file order (problems without a position last). */
  public List<ConfigProblem> problems() {
    return problems;
  }

  public String file() {
    return problems.get(0).file();
  }

  /** 1-based line of the first problem, or 0 when it has no position (e.g. the file is missing). */
  public int line() {
    return problems.get(0).line();
  }

  /** 1-based column of the first problem, or 0 when it has no position. */
  public int column() {
    return problems.get(0).column();
  }

  /** Dotted key path of the first problem, or null (YAML syntax errors, missing file). */
  public String key() {
    return problems.get(0).key();
  }

  private static String joined(List<ConfigProblem> problems) {
    StringBuilder sb = new StringBuilder();
    for (ConfigProblem p : problems) {
      if (sb.length() > 0) sb.append('\n');
      sb.append(p.format());
    }
    return sb.toString();
  }
}
