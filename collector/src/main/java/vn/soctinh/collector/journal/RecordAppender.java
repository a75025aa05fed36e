package vn.soctinh.collector.journal;

import java.util.concurrent.CompletableFuture;

/**
 * What a listener needs of the journal: append a batch and learn when it is durable, and know
 * when to stop reading. {@link Journal} is the implementation; tests may supply their own.
 */
public interface RecordAppender {

  /**
   * Takes ownership of {@code batch} (releases it). The future completes with the first offset once
   * the records are durable per the fsync policy, or exceptionally if they never can be.
   */
  CompletableFuture<Long> append(RecordBatch batch);

  /** False while the disk budget is exhausted: stop reading sockets, count UDP drops, answer HTTP 503. */
  boolean accepting();

  /** Bytes handed to {@link #append} and not yet written. */
  long pendingBytes();

  /**
   * Runs {@code r} once, on an arbitrary thread, when the appender is accepting again and its
   * pending bytes are below half of its limit (at once if that is already so).
   */
  void whenWritable(Runnable r);
}
