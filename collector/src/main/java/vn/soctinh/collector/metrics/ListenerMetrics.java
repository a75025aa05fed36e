package vn.soctinh.collector.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
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
    this.oversize = Counter.builder("soctinh.oversize.frames").description("frames kept truncated because they exceeded the size limit")
        .tags("listener", listener).register(registry);
    this.partial = Counter.builder("soctinh.partial.frames").description("frames kept as they were when the connection closed mid-frame")
        .tags("listener", listener).register(registry);
    Gauge.builder("soctinh.connections", connections, AtomicInteger::get).description("open connections")
        .tags("listener", listener).register(registry);
  }

  public String listener() {
    return listener;
  }

  public AgencyCounters received(String agency) {
    return received.computeIfAbsent(agency, a -> new AgencyCounters(
        Counter.builder("soctinh.received.messages").description("messages received and handed to the journal")
            .tags("listener", listener, "transport", transport, "agency", a).register(registry),
        Counter.builder("soctinh.received.bytes").description("payload bytes received")
            .tags("listener", listener, "transport", transport, "agency", a).register(registry)));
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
    rejected.computeIfAbsent(reason, r -> Counter.builder("soctinh.rejected.connections").description("connections refused")
        .tags("listener", listener, "reason", r).register(registry)).increment();
  }

  public void closedOnError(String reason) {
    rejected.computeIfAbsent("closed:" + reason, r -> Counter.builder("soctinh.connection.errors").description("connections closed on an error")
        .tags("listener", listener, "reason", reason).register(registry)).increment();
  }

  public void protocolError(String reason) {
    rejected.computeIfAbsent("protocol:" + reason, r -> Counter.builder("soctinh.protocol.errors")
        .description("protocol errors answered or closed (RELP 500, unparseable frames)")
        .tags("listener", listener, "reason", reason).register(registry)).increment();
  }

  public void dropped(String agency, String reason, int count) {
    dropped.computeIfAbsent(agency + '\0' + reason, k -> Counter.builder("soctinh.dropped.messages")
        .description("messages that could not be kept (UDP only: a stream listener applies backpressure instead)")
        .tags("listener", listener, "agency", agency, "reason", reason).register(registry)).increment(count);
  }

  public MeterRegistry registry() {
    return registry;
  }
}
