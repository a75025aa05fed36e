package vn.soctinh.analyzer.store;

/**
 * The store is held by another writer (a running server, or another maintenance command): Lucene's
 * {@code write.lock} could not be obtained. Nothing was changed.
 */
public final class StoreInUseException extends StoreException {
  public StoreInUseException(String message, Throwable cause) {
    super(message, cause);
  }
}
