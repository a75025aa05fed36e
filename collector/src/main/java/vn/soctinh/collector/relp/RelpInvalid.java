package vn.soctinh.collector.relp;

/**
 * A frame that cannot be parsed. The stream cannot be resynchronised after it, so the session ends.
 *
 * @param txnr the frame's transaction number, or -1 if it was not read yet
 * @param reason what was wrong, short ASCII, safe to send back in a {@code 500} response
 */
public record RelpInvalid(int txnr, String reason) implements RelpInput, RelpHeaderParser.Result {
  public boolean txnrKnown() {
    return txnr >= 0;
  }
}
