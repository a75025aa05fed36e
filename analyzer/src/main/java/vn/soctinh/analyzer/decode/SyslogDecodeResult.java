package vn.soctinh.analyzer.decode;

/** What a syslog decoder made of one message: decoded, or invalid with where and why. */
public sealed interface SyslogDecodeResult {

  SyslogMessage message();

  /** The message followed the format. */
  record Decoded(SyslogMessage message) implements SyslogDecodeResult {}

  /**
   * The message broke the format at {@code column} (1-based, counted in bytes from the start of the
   * message) because {@code reason}; {@code message} holds the fields decoded before that point and,
   * as its text, everything from the first field that could not be read.
   */
  record Invalid(String reason, int column, SyslogMessage message) implements SyslogDecodeResult {
    /** "column 12: expected ..." as stored in {@code error.message}. */
    public String describe() {
      return "column " + column + ": " + reason;
    }
  }
}
