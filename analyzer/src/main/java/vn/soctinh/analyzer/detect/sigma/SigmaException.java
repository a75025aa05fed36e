package vn.soctinh.analyzer.detect.sigma;

/** A rule that cannot be loaded: the reason, and where in its file. */
public final class SigmaException extends vn.soctinh.analyzer.FileProblem {
  public SigmaException(String file, int line, int column, String message) {
    super(file, line, column, message);
  }
}
