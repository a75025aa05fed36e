package vn.soctinh.collector.journal;

import java.io.IOException;

/** Reads records in offset order from a starting offset up to what has been written so far. */
public interface JournalReader extends AutoCloseable {
  /** The next record, or null when none has been written yet (call again later). */
  JournalRecord next() throws IOException;

  @Override
  void close() throws IOException;
}
