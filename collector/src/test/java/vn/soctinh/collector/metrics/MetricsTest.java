package vn.soctinh.collector.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The catalogue says what Micrometer's Prometheus registry really exports, and refuses what it does not declare. */
class MetricsTest {
  @Test
  void everyDeclarationIsExportedUnderItsPrometheusNameAndType() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AtomicLong value = new AtomicLong(3);
    for (Metric m : Metrics.all()) register(m, registry, value);
    Map<String, String> families = new TreeMap<>();
    for (String line : registry.scrape().split("\n")) {
      if (!line.startsWith("# TYPE soctinh")) continue;
      String[] f = line.split(" ");
      families.put(f[2], f[3]);
    }
    Map<String, String> declared = new TreeMap<>();
    for (Metric m : Metrics.all()) {
      switch (m.type()) {
        case COUNTER -> declared.put(m.prometheusName(), "counter");
        case GAUGE -> declared.put(m.prometheusName(), "gauge");
        case TIMER -> {
          declared.put(m.prometheusName(), "summary");
          declared.put(m.prometheusName() + "_max", "gauge");
        }
      }
    }
    assertEquals(declared, families);
  }

  @Test
  void namesArePairwiseDistinctInMicrometerAndInPrometheus() {
    Set<String> names = new HashSet<>();
    Set<String> prometheus = new HashSet<>();
    for (Metric m : Metrics.all()) {
      assertTrue(names.add(m.name()), m.name());
      assertTrue(prometheus.add(m.prometheusName()), m.prometheusName());
    }
    assertTrue(names.contains("soctinh.received.messages") && prometheus.contains("soctinh_received_messages_total"), names.toString());
  }

  @Test
  void aTagKeyOtherThanTheDeclaredOnesFailsAtRegistration() {
    MeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    IllegalArgumentException misspelt = assertThrows(IllegalArgumentException.class,
        () -> Metrics.ERRORS.counter(registry, "stag", "store"));
    assertEquals("soctinh.errors is declared with tags [stage], not [stag]", misspelt.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Metrics.ERRORS.counter(registry));
    assertThrows(IllegalArgumentException.class, () -> Metrics.ERRORS.counter(registry, "stage", "store", "agency", "a"));
    assertThrows(IllegalArgumentException.class, () -> Metrics.ERRORS.counter(registry, "stage"));
    assertThrows(IllegalArgumentException.class,
        () -> Metrics.JOURNAL_CONSUMER_LAG.gauge(registry, new AtomicLong(), AtomicLong::doubleValue, "listener", "relp"));
    assertTrue(registry.getMeters().isEmpty(), "nothing registered by a refused call");
    // the declared keys in another order are the same series
    Metrics.RECEIVED_MESSAGES.counter(registry, "agency", "a", "listener", "l", "transport", "tcp").increment();
    assertEquals(1.0, Metrics.RECEIVED_MESSAGES.counter(registry, "listener", "l", "transport", "tcp", "agency", "a").count());
  }

  @Test
  void aKindOtherThanTheDeclaredOneFailsAtRegistration() {
    MeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Metrics.CONNECTIONS.counter(registry, "listener", "relp"));
    assertEquals("soctinh.connections is declared a GAUGE, not a COUNTER", e.getMessage());
    assertThrows(IllegalStateException.class, () -> Metrics.ERRORS.timerBuilder("stage", "store"));
    assertThrows(IllegalStateException.class, () -> Metrics.JOURNAL_FSYNC.gaugeBuilder(new AtomicLong(), AtomicLong::doubleValue));
  }

  @Test
  void aDeclarationWithoutDescriptionOrWithATagTwiceIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Metric.counter("soctinh.x", null, " "));
    assertThrows(IllegalArgumentException.class, () -> Metric.counter("soctinh.x", null, "x", "agency", "agency"));
    assertThrows(IllegalArgumentException.class, () -> Metric.counter("other.x", null, "x"));
  }

  private static void register(Metric m, MeterRegistry registry, AtomicLong value) {
    List<String> tags = new ArrayList<>();
    for (String k : m.tagKeys()) {
      tags.add(k);
      tags.add("v");
    }
    String[] t = tags.toArray(String[]::new);
    switch (m.type()) {
      case COUNTER -> m.counter(registry, t).increment();
      case GAUGE -> m.gaugeBuilder(value, AtomicLong::doubleValue, t).strongReference(true).register(registry);
      case TIMER -> m.timerBuilder(t).register(registry).record(java.time.Duration.ofMillis(1));
    }
  }
}
