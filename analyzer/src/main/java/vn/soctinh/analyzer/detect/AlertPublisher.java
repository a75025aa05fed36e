package vn.soctinh.analyzer.detect;

import vn.soctinh.collector.metrics.Metrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.store.StoreException;

/**
 * Where raised alerts go: at once to the stream's subscribers (the console's live feed), and to the
 * sink (the store, then incident grouping) when it takes them. Alerts the sink has not taken yet
 * wait here, one document per alert id (a later version replaces an earlier one), and belong to the
 * saved detection state, so neither a store outage nor a crash loses one, and no alert waits for the
 * store to reach the stream.
 */
public final class AlertPublisher {
  /** Where alerts are kept: the store (and incident grouping). */
  public interface Sink {
    void publish(List<Event> alerts) throws StoreException;
  }

  private final Sink sink;
  private final Map<String, Event> pending = new LinkedHashMap<>();
  private final Object flushing = new Object();
  private final List<Consumer<List<Event>>> stream = new CopyOnWriteArrayList<>();
  private final List<Consumer<List<Event>>> stored = new CopyOnWriteArrayList<>();
  private final Counter subscriberErrors;
  private final Counter sinkErrors;

  public AlertPublisher(Sink sink, MeterRegistry registry) {
    this.sink = sink;
    this.subscriberErrors = Metrics.ERRORS.counter(registry, "stage", "alert_subscriber");
    this.sinkErrors = Metrics.ERRORS.counter(registry, "stage", "alert_store");
    Metrics.DETECTION_PENDING_ALERTS.gauge(registry, this, p -> p.pendingCount());
  }

  /**
   * Adds a subscriber to the stream: it gets each batch of new or updated alert documents as soon
   * as detection raises them, whether or not the store is up, on the detection thread (hand them
   * off quickly). A subscriber that throws is counted and skipped.
   */
  public void subscribeStream(Consumer<List<Event>> subscriber) {
    stream.add(subscriber);
  }

  /** Adds a subscriber that gets each batch after the sink has taken it. */
  public void subscribeStored(Consumer<List<Event>> subscriber) {
    stored.add(subscriber);
  }

  /** New or updated alerts: to the stream now, to the sink at the next {@link #flush}. */
  public synchronized void raised(List<Event> docs) {
    if (docs.isEmpty()) return;
    for (Event d : docs) pending.put(d.getString("event.id"), d);
    // one document per id in a batch: a firing folded into an open alert shows its last state
    Map<String, Event> unique = new LinkedHashMap<>();
    for (Event d : docs) unique.put(d.getString("event.id"), d);
    tell(stream, List.copyOf(unique.values()));
  }

  /**
   * Hands what is pending to the sink. Returns false (and keeps it) when the sink failed: the
   * caller tries again later, and meanwhile detection goes on. The sink runs outside the lock, so
   * detection raising alerts never waits for the store; one flush at a time.
   */
  public boolean flush() {
    synchronized (flushing) {
      Map<String, Event> taken;
      synchronized (this) {
        if (pending.isEmpty()) return true;
        taken = new LinkedHashMap<>(pending);
      }
      List<Event> docs = List.copyOf(taken.values());
      try {
        sink.publish(docs);
      } catch (StoreException e) {
        sinkErrors.increment();
        return false;
      }
      synchronized (this) {
        // a later version raised meanwhile stays pending
        for (Map.Entry<String, Event> t : taken.entrySet()) pending.remove(t.getKey(), t.getValue());
      }
      tell(stored, docs);
      return true;
    }
  }

  public synchronized int pendingCount() {
    return pending.size();
  }

  /** Copies of the pending documents (for the saved state). */
  public synchronized List<Event> pending() {
    List<Event> out = new ArrayList<>(pending.size());
    for (Event e : pending.values()) out.add(e.copy());
    return out;
  }

  /** Restores pending documents from a saved state (they are published at the next flush). */
  public synchronized void restore(List<Event> docs) {
    for (Event d : docs) pending.put(d.getString("event.id"), d);
  }

  private void tell(List<Consumer<List<Event>>> subscribers, List<Event> docs) {
    for (Consumer<List<Event>> s : subscribers) {
      try {
        s.accept(docs);
      } catch (RuntimeException e) {
        subscriberErrors.increment();
        System.getLogger(AlertPublisher.class.getName()).log(System.Logger.Level.WARNING, "an alert subscriber failed: " + e);
      }
    }
  }
}
