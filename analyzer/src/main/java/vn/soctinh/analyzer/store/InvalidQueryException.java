package vn.soctinh.analyzer.store;

/**
 * The question, not the store, is at fault: a query that does not parse, that would cost too much
 * or that ran past its time limit. Asking again will not help, so callers answer it as a bad request
 * (the console's 400) rather than as a store that is away (503).
 */
public final class InvalidQueryException extends StoreException {
  public InvalidQueryException(String why, Throwable cause) {
    super("invalid query: " + why, cause);
  }

  /** A search stopped at its time limit, naming the key that sets the limit and how to narrow the query. */
  public static InvalidQueryException overTimeLimit(long ms, Throwable cause) {
    return new InvalidQueryException("it ran past the time limit of " + ms
        + " ms (analyzer.query_timeout_ms); narrow it: a shorter time range, no leading wildcard", cause);
  }
}
