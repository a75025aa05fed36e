package vn.soctinh.analyzer.store;

/** The store failed (I/O, unreachable cluster); the pipeline stops pulling and retries, nothing is dropped. */
public class StoreException extends Exception {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }
}
