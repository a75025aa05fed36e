package vn.soctinh.analyzer.store;

/** The store failed (I/O, unreachable cluster); the pipeline stops pulling and retries, nothing is dropped. */
public class StoreException extends Exception {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }

  /**
   * A search stopped at its time limit, as both stores word it: an "invalid query" (the console
   * answers 400) naming the key that sets the limit and how to narrow the query.
   */
  public static StoreException overTimeLimit(long ms, Throwable cause) {
    return new StoreException("invalid query: it ran past the time limit of " + ms
        + " ms (analyzer.query_timeout_ms); narrow it: a shorter time range, no leading wildcard", cause);
  }
}
