package vn.soctinh.analyzer.org;

/** A problem in an organisation file. */
public final class OrgException extends vn.soctinh.analyzer.FileProblem {
  public OrgException(String file, int line, int column, String message) {
    super(file, line, column, message);
  }
}
