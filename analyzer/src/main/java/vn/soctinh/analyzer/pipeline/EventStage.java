package vn.soctinh.analyzer.pipeline;

import java.util.List;
import vn.soctinh.analyzer.event.Event;

/**
 * One step between parsing and storing (enrichment, the silent-source watch): it sees each batch of
 * parsed events, in journal order, and may add fields or tags to them. It must not drop events (the
 * store's count is the loss accounting) and must not throw for bad input. A stage given to the
 * {@link ParseWorkers} runs on several threads at once, on slices of a batch, so it must be
 * thread-safe.
 */
@FunctionalInterface
public interface EventStage {
  /** @throws vn.soctinh.analyzer.store.StoreException when what the stage writes cannot be kept: the pipeline retries the batch */
  void process(List<Event> batch) throws vn.soctinh.analyzer.store.StoreException;

  /**
   * Everything before journal offset {@code upTo} is now durable in the store and will not be
   * read again: a stage with state of its own can save it here, consistent with the store.
   */
  default void committed(long upTo) {}
}
