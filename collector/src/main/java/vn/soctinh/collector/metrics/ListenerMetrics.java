package vn.soctinh.collector.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The metrics of one listener, in the project's one vocabulary (Prometheus names in brackets):
 * received messages and bytes per agency ({@code soctinh_received_messages_total},
 * {@code soctinh_received_bytes_total}), oversize frames, open and rejected connections, and
 * dropped messages with a reason ({@code soctinh_dropped_messages_total}). Counters are looked up
 * once per (listener, agency) and cached: never per message.
 */
public final class ListenerMetrics {
  /** Counters for one agency on this listener; handlers keep a reference per connection. */
  public record AgencyCounters(Counter messages, Counter bytes) {
    public void add(int count, long byteCount) {
      messages.increment(count);
      bytes.increment(byteCount);
    }
  }

  private final MeterRegistry registry;
  private final String listener;
  private final String transport;
  private final ConcurrentMap<String, AgencyCounters> received = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Counter> rejected = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Counter> dropped = new ConcurrentHashMap<>();
  private final Counter oversize;
  private final Counter partial;
  private final AtomicInteger connections = new AtomicInteger();

  public ListenerMetrics(MeterRegistry registry, String listener, String transport) {
    this.registry = registry;
    this.listener = listener;
    this.transport = transport;
    this.oversize = Metrics.OVERSIZE_FRAMES.counter(registry, "listener", listener);
    this.partial = Metrics.PARTIAL_FRAMES.counter(registry, "listener", listener);
    Metrics.CONNECTIONS.gauge(registry, connections, AtomicInteger::get, "listener", listener);
  }

  public String listener() {
    return listener;
  }

  public AgencyCounters received(String agency) {
    return received.computeIfAbsent(agency, a -> new AgencyCounters(
        Metrics.RECEIVED_MESSAGES.counter(registry, "listener", listener, "transport", transport, "agency", a),
        Metrics.RECEIVED_BYTES.counter(registry, "listener", listener, "transport", transport, "agency", a)));
  }

  public void oversize() {
    oversize.increment();
  }

  public void partial() {
    partial.increment();
  }

  public void connectionOpened() {
    connections.incrementAndGet();
  }

  public void connectionClosed() {
    connections.decrementAndGet();
  }


  public void rejected(String reason) {
    rejected.computeIfAbsent(reason, r -> Metrics.REJECTED_CONNECTIONS.counter(registry, "listener", listener, "reason", r)).increment();
  }

  public void closedOnError(String reason) {
    rejected.computeIfAbsent("closed:" + reason, r -> Metrics.CONNECTION_ERRORS.counter(registry, "listener", listener, "reason", reason)).increment();
  }

  public void protocolError(String reason) {
    rejected.computeIfAbsent("protocol:" + reason, r -> Metrics.PROTOCOL_ERRORS.counter(registry, "listener", listener, "reason", reason)).increment();
  }

  public void dropped(String agency, String reason, int count) {
    dropped.computeIfAbsent(agency + '\0' + reason, k -> Metrics.DROPPED_MESSAGES.counter(registry, "listener", listener, "agency", agency, "reason", reason))
        .increment(count);
  }

  public MeterRegistry registry() {
    return registry;
  }
}
