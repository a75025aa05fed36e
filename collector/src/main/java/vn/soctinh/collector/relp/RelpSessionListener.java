package vn.soctinh.collector.relp;

/**
 * Counters from {@link RelpSessionHandler}s, for metrics. Called on the connection's event loop;
 * implementations must be cheap and thread-safe across connections.
 */
public interface RelpSessionListener {
  RelpSessionListener NONE = new RelpSessionListener() {};

  /** Syslog messages handed to the journal in one batch, and their payload bytes. */
  default void received(int messages, long bytes) {}

  /** Messages acknowledged with {@code 200 OK} after the journal made them durable. */
  default void acked(int messages) {}

  /** Messages answered with {@code 500} because the journal failed them. */
  default void appendFailed(int messages, Throwable cause) {}

  /** A {@code 500} for a bad command, or an unparseable frame that ended the session. */
  default void protocolError(String reason) {}
}
