package vn.soctinh.collector.journal;

import java.io.IOException;

/** A registered reader of the journal. Segments are deleted only once every consumer has committed past them. */
public interface JournalConsumer {
  String name();

  /** The offset this consumer will read next (all records below it are done). */
  long committedOffset();

  /** Durably records that every record below {@code nextOffset} is done. */
  void commit(long nextOffset) throws IOException;
}
