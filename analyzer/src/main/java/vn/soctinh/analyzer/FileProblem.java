package vn.soctinh.analyzer;

/** A problem in a file someone wrote (a rule, an organisation file): the reason and where (1-based line and column; 0 when unknown). */
public class FileProblem extends Exception {
  private final String file;
  private final int line;
  private final int column;

  public FileProblem(String file, int line, int column, String message) {
    super(message);
    this.file = file;
    this.line = line;
    this.column = column;
  }

  public String file() {
    return file;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  /** {@code file:line:column: reason}, as compilers print it. */
  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + getMessage();
  }
}
