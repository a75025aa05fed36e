package vn.soctinh.analyzer.pipeline;

import java.util.List;
import vn.soctinh.analyzer.event.Event;

/**
 * One step between parsing and storing (enrichment, detection): it sees each batch of parsed
 * events, in journal order, and may add fields or tags to them. It must not drop events (the
 * store's count is the loss accounting) and must not throw for bad input.
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

  /**
   * The store is down: the pipeline reads ahead for detection only, and will read these events
   * again (with {@link #process}) once the store is back. A stage that writes nothing to the store
   * does its usual work (the default); detection raises alerts for the live stream and keeps them
   * for the store. Must not throw for a store failure.
   */
  default void lookAhead(List<Event> batch) {
    try {
      process(batch);
    } catch (vn.soctinh.analyzer.store.StoreException e) {
      // the pipeline retries the store on its own schedule
    }
  }
}
