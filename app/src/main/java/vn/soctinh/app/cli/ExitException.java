package vn.soctinh.app.cli;

/** Ends a command with a message and an exit code (2: bad usage or configuration). */
public final class ExitException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int code;

  public ExitException(int code, String message) {
    super(message);
    this.code = code;
  }

  public int code() {
    return code;
  }
}
