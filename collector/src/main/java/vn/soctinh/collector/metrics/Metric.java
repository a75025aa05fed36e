package vn.soctinh.collector.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One metric SOC Tỉnh emits, declared once in {@link Metrics}: its Micrometer name, kind, base unit,
 * tag keys and a one-line description (the Prometheus {@code # HELP}). Emitting code registers meters
 * only through these methods, which refuse a kind or a set of tag keys other than the declared one,
 * so a misspelt tag fails in the first test that registers it rather than splitting a series.
 *
 * <p>{@code baseUnit} is what Micrometer is given, and Micrometer appends it to the Prometheus name
 * of a counter or gauge whose name does not already end with it: a unit is declared only where the
 * name already says it, so declaring it renamed nothing (users' dashboards and alerts use the names).
 */
public record Metric(String name, Type type, String baseUnit, List<String> tagKeys, String description) {
  /** The kinds of meter SOC Tỉnh uses, as Prometheus types them. */
  public enum Type { COUNTER, GAUGE, TIMER }

  public Metric {
    if (!name.startsWith("soctinh.")) throw new IllegalArgumentException(name + ": a SOC Tỉnh metric name starts with soctinh.");
    tagKeys = List.copyOf(tagKeys);
    if (new HashSet<>(tagKeys).size() != tagKeys.size()) throw new IllegalArgumentException(name + ": a tag key twice in " + tagKeys);
    if (description == null || description.isBlank()) throw new IllegalArgumentException(name + ": no description");
  }

  static Metric counter(String name, String baseUnit, String description, String... tagKeys) {
    return new Metric(name, Type.COUNTER, baseUnit, List.of(tagKeys), description);
  }

  static Metric gauge(String name, String baseUnit, String description, String... tagKeys) {
    return new Metric(name, Type.GAUGE, baseUnit, List.of(tagKeys), description);
  }

  static Metric timer(String name, String description, String... tagKeys) {
    return new Metric(name, Type.TIMER, "seconds", List.of(tagKeys), description);
  }

  /**
   * The name Prometheus scrapes, as Micrometer's Prometheus registry forms it: dots become
   * underscores, a counter's or gauge's base unit is appended unless the name ends with it, counters
   * end in {@code _total} and timers in {@code _seconds} (their series add {@code _count},
   * {@code _sum}, {@code _max}, {@code _bucket}).
   */
  public String prometheusName() {
    String n = name.replace('.', '_');
    if (type != Type.TIMER && baseUnit != null && !n.endsWith("_" + baseUnit)) n += "_" + baseUnit;
    return switch (type) {
      case COUNTER -> n.endsWith("_total") ? n : n + "_total";
      case GAUGE -> n;
      case TIMER -> n.endsWith("_seconds") ? n : n + "_seconds";
    };
  }

  /** Registers (or finds) the counter with these tag values, given as key, value pairs. */
  public Counter counter(MeterRegistry registry, String... tags) {
    expect(Type.COUNTER);
    return Counter.builder(name).baseUnit(baseUnit).description(description).tags(tags(tags)).register(registry);
  }

  /**
   * A counter read from {@code obj} when scraped, held weakly like {@code registry.more().counter}:
   * for totals something else already keeps.
   */
  public <T> FunctionCounter counter(MeterRegistry registry, T obj, ToDoubleFunction<T> count, String... tags) {
    expect(Type.COUNTER);
    return FunctionCounter.builder(name, obj, count).baseUnit(baseUnit).description(description).tags(tags(tags)).register(registry);
  }

  /** A gauge read from {@code obj} when scraped, held weakly (Micrometer's default). */
  public <T> Gauge gauge(MeterRegistry registry, T obj, ToDoubleFunction<T> value, String... tags) {
    return gaugeBuilder(obj, value, tags).register(registry);
  }

  /** The gauge's builder with name, unit, description and tags set, for options such as a strong reference. */
  public <T> Gauge.Builder<T> gaugeBuilder(T obj, ToDoubleFunction<T> value, String... tags) {
    expect(Type.GAUGE);
    return Gauge.builder(name, obj, value).baseUnit(baseUnit).description(description).tags(tags(tags));
  }

  /** The timer's builder with name, description and tags set, for options such as a histogram. */
  public Timer.Builder timerBuilder(String... tags) {
    expect(Type.TIMER);
    return Timer.builder(name).description(description).tags(tags(tags));
  }

  private void expect(Type t) {
    if (type != t) throw new IllegalStateException(name + " is declared a " + type + ", not a " + t);
  }

  private Tags tags(String... keyValues) {
    if (keyValues.length % 2 != 0) throw new IllegalArgumentException(name + ": tags come as key, value pairs, got " + List.of(keyValues));
    List<String> keys = new ArrayList<>(keyValues.length / 2);
    for (int i = 0; i < keyValues.length; i += 2) keys.add(keyValues[i]);
    if (keys.size() != tagKeys.size() || !new HashSet<>(keys).equals(new HashSet<>(tagKeys))) {
      throw new IllegalArgumentException(name + " is declared with tags " + tagKeys + ", not " + keys);
    }
    return Tags.of(keyValues);
  }
}
