package vn.soctinh.collector.journal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import vn.soctinh.collector.metrics.Metric;
import vn.soctinh.collector.metrics.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The journal's meters (declared in {@link Metrics}), registered in one place. Everything registered
 * here is removed again on close, so a journal reopened with the same registry does not report
 * through a closed instance.
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
    records = keep(Metrics.JOURNAL_RECORDS.counter(this.registry));
    appendedBytes = keep(Metrics.JOURNAL_APPENDED_BYTES.counter(this.registry));
    tornRecords = keep(Metrics.JOURNAL_TORN_RECORDS.counter(this.registry));
    fsync = keep(Metrics.JOURNAL_FSYNC.timerBuilder().publishPercentileHistogram().register(this.registry));
  }

  <T> void gauge(Metric metric, T obj, ToDoubleFunction<T> value) {
    keep(metric.gaugeBuilder(obj, value).strongReference(true).register(registry));
  }

  void consumerLag(String consumer, JournalConsumer c, ToDoubleFunction<JournalConsumer> lag) {
    keep(Metrics.JOURNAL_CONSUMER_LAG.gaugeBuilder(c, lag, "consumer", consumer).strongReference(true).register(registry));
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
