package vn.soctinh.analyzer.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts per parser (how many messages it recognised, how many fell back) and per agency (how
 * many events were left unparsed), with a few examples of unparsed lines. {@code soctinh parse
 * --stats} prints it; the pipeline exports it as metrics. Thread-safe.
 */
public final class ParseStats {
  /** Examples kept per parser: enough to see a pattern, bounded so an attack cannot grow it. */
  public static final int MAX_EXAMPLES = 5;
  private static final int MAX_EXAMPLE_CHARS = 300;

  /** Counters of one parser. */
  public static final class ParserCounts {
    final LongAdder recognised = new LongAdder();
    final LongAdder fellBack = new LongAdder();
    final List<String> examples = new ArrayList<>();

    public long recognised() {
      return recognised.sum();
    }

    public long fellBack() {
      return fellBack.sum();
    }

    public List<String> examples() {
      synchronized (examples) {
        return List.copyOf(examples);
      }
    }
  }

  private final Map<String, ParserCounts> parsers = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> unparsedByAgency = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> eventsByAgency = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> claimsByAgency = new ConcurrentHashMap<>();

  void recognised(String parser) {
    counts(parser).recognised.increment();
  }

  void fellBack(String parser, String example, String reason) {
    ParserCounts c = counts(parser);
    c.fellBack.increment();
    synchronized (c.examples) {
      if (c.examples.size() < MAX_EXAMPLES) {
        String line = example.length() > MAX_EXAMPLE_CHARS ? example.substring(0, MAX_EXAMPLE_CHARS) + "…" : example;
        c.examples.add(reason == null ? line : line + "  ← " + reason);
      }
    }
  }

  void event(String agency, boolean unparsed) {
    eventsByAgency.computeIfAbsent(agency, a -> new LongAdder()).increment();
    if (unparsed) unparsedByAgency.computeIfAbsent(agency, a -> new LongAdder()).increment();
  }

  /** An event whose content claimed a field only SOC Tỉnh sets ({@link SenderClaims}). */
  void claimed(String agency) {
    claimsByAgency.computeIfAbsent(agency == null ? "unassigned" : agency, a -> new LongAdder()).increment();
  }

  /** Agency → events whose content claimed a reserved field, sorted. */
  public Map<String, Long> claimsByAgency() {
    Map<String, Long> m = new TreeMap<>();
    claimsByAgency.forEach((k, v) -> m.put(k, v.sum()));
    return m;
  }

  /** Events whose content claimed a reserved field, all agencies. */
  public long claims() {
    long n = 0;
    for (LongAdder a : claimsByAgency.values()) n += a.sum();
    return n;
  }

  private ParserCounts counts(String parser) {
    return parsers.computeIfAbsent(parser, p -> new ParserCounts());
  }

  /** Parser name → counts, sorted by name. */
  public Map<String, ParserCounts> parsers() {
    return new TreeMap<>(parsers);
  }

  public long unparsed(String agency) {
    LongAdder a = unparsedByAgency.get(agency);
    return a == null ? 0 : a.sum();
  }

  public long events(String agency) {
    LongAdder a = eventsByAgency.get(agency);
    return a == null ? 0 : a.sum();
  }

  /** Agency → unparsed events, sorted. */
  public Map<String, Long> unparsedByAgency() {
    Map<String, Long> m = new TreeMap<>();
    unparsedByAgency.forEach((k, v) -> m.put(k, v.sum()));
    return m;
  }

  public Map<String, Long> eventsByAgency() {
    Map<String, Long> m = new TreeMap<>();
    eventsByAgency.forEach((k, v) -> m.put(k, v.sum()));
    return m;
  }
}
