package vn.soctinh.collector.journal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The journal's meters, declared in one place. Everything registered here is removed again on
 * close, so a journal reopened with the same registry does not report through a closed instance.
 */
final class JournalMetrics {
  final Counter records;
  final Counter appendedBytes;
  final Counter tornRecords;
  final Timer fsync;
  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();

  JournalMetrics(MeterRegistry registry) {
    this.registry = registry == null ? new SimpleMeterRegistry() : registry;
    records = keep(Counter.builder("soctinh.journal.records").description("records appended").register(this.registry));
    appendedBytes = keep(Counter.builder("soctinh.journal.appended.bytes").baseUnit("bytes")
        .description("bytes appended").register(this.registry));
    tornRecords = keep(Counter.builder("soctinh.journal.torn.records")
        .description("torn tail records truncated at recovery").register(this.registry));
    fsync = keep(Timer.builder("soctinh.journal.fsync").description("fsync latency")
        .publishPercentileHistogram().register(this.registry));
  }

  <T> void gauge(String name, T obj, ToDoubleFunction<T> value) {
    keep(Gauge.builder(name, obj, value).strongReference(true).register(registry));
  }

  void consumerLag(String consumer, JournalConsumer c, ToDoubleFunction<JournalConsumer> lag) {
    keep(Gauge.builder("soctinh.journal.consumer.lag", c, lag).tag("consumer", consumer)
        .baseUnit("records").strongReference(true).register(registry));
  }

  private synchronized <M extends Meter> M keep(M meter) {
    meters.add(meter);
    return meter;
  }

  synchronized void removeAll() {
    for (Meter m : meters) registry.remove(m);
    meters.clear();
  }
}
