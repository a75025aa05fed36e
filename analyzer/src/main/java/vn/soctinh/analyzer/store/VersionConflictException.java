package vn.soctinh.analyzer.store;

/** An update lost the race: the document is no longer at the version the caller read. */
public final class VersionConflictException extends StoreException {
  private final long current;

  public VersionConflictException(String id, long expected, long current) {
    super("document " + id + " is at version " + current + ", not " + expected + ": reload it and apply the change again");
    this.current = current;
  }

  public long current() {
    return current;
  }
}
