package vn.soctinh.analyzer.pipeline;

import vn.soctinh.collector.metrics.Metrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.EventParser;
import vn.soctinh.analyzer.parse.RawRecord;
import vn.soctinh.analyzer.parse.RecordParser;
import vn.soctinh.collector.journal.JournalRecord;

/**
 * The stateless half of the analyzer: journal records to enriched events, on several threads, in
 * journal order. Decoding, parsing and the {@link EventStage}s given here (drill marks, agencies
 * and systems, indicators, the field guard) look at one event at a time, so a batch is cut into
 * contiguous slices, one per worker, and the slices are put back together in order.
 *
 * <p>The one stateful decoder, NetFlow v9/IPFIX (templates in one datagram, data in later ones),
 * sees its records on the calling thread, in order, before the slices start.
 *
 * <p>Every record becomes at least one event (received = stored + quarantined + in flight): a
 * parser that made none for a record that should have one is a bug, and the bytes are kept anyway
 * as an {@code _unparsed} event and counted. Each event's {@code event.id} comes from its journal
 * offset ({@code 12345}, or {@code 12345-2} for the third flow of a datagram), so a replay rewrites
 * instead of doubling. The stages must be thread-safe and must not throw for any input.
 */
public final class ParseWorkers {
  /** Below this many records per slice, the hand-off costs more than it saves. */
  static final int MIN_RECORDS_PER_SLICE = 128;

  private final ThreadLocal<RecordParser> parsers;
  private final RecordParser ordered;
  private final List<EventStage> stages;
  private final ExecutorService pool;
  private final int workers;
  private final Counter lostByParser;
  private final Counter parserFailures;
  private final Counter stageFailures;

  /**
   * @param parsers makes one parser per thread (decoders keep buffers); their statistics may be shared
   * @param stages stateless, thread-safe enrichment run on each slice after parsing, in order
   * @param pool the worker threads (null: everything on the calling thread)
   * @param workers how many slices a batch is cut into at most
   */
  public ParseWorkers(Supplier<RecordParser> parsers, List<EventStage> stages, ExecutorService pool, int workers, MeterRegistry registry) {
    this.parsers = ThreadLocal.withInitial(parsers);
    this.ordered = parsers.get();
    this.stages = List.copyOf(stages);
    this.pool = pool;
    this.workers = pool == null ? 1 : Math.max(1, workers);
    this.lostByParser = Metrics.ERRORS.counter(registry, "stage", "accounting");
    this.parserFailures = Metrics.ERRORS.counter(registry, "stage", "parse");
    this.stageFailures = Metrics.ERRORS.counter(registry, "stage", "enrich");
  }

  /** The events of {@code records}, in journal order, enriched. */
  public List<Event> parse(List<JournalRecord> records) {
    int n = records.size();
    Object[] slots = new Object[n];
    // stateful decoders first, in order, on this thread
    List<Integer> free = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      RawRecord raw = RawRecord.of(records.get(i));
      if (ordered.mayEmitNothing(raw)) slots[i] = parseRecord(ordered, raw, records.get(i));
      else free.add(i);
    }
    int slices = Math.min(workers, Math.max(1, free.size() / MIN_RECORDS_PER_SLICE));
    if (slices <= 1) {
      parseSlice(records, free, 0, free.size(), slots);
    } else {
      int per = (free.size() + slices - 1) / slices;
      List<Future<?>> running = new ArrayList<>(slices - 1);
      for (int s = 1; s < slices; s++) {
        int from = s * per;
        int to = Math.min(free.size(), from + per);
        if (from < to) running.add(pool.submit(() -> parseSlice(records, free, from, to, slots)));
      }
      parseSlice(records, free, 0, Math.min(per, free.size()), slots);
      for (Future<?> f : running) await(f);
    }
    List<Event> events = new ArrayList<>(n + 8);
    for (Object s : slots) {
      if (s instanceof Event e) events.add(e);
      else if (s instanceof List<?> list) for (Object o : list) events.add((Event) o);
    }
    return events;
  }

  private void parseSlice(List<JournalRecord> records, List<Integer> free, int from, int to, Object[] slots) {
    RecordParser p = parsers.get();
    List<Event> slice = new ArrayList<>(to - from);
    for (int k = from; k < to; k++) {
      int i = free.get(k);
      JournalRecord rec = records.get(i);
      Object made = parseRecord(p, RawRecord.of(rec), rec);
      slots[i] = made;
      if (made instanceof Event e) slice.add(e);
      else if (made instanceof List<?> list) for (Object o : list) slice.add((Event) o);
    }
    enrich(slice);
  }

  /** The ordered slots were parsed on the calling thread; their enrichment runs there too. */
  private Object parseRecord(RecordParser p, RawRecord raw, JournalRecord rec) {
    long offset = rec.offset();
    String id = eventId(rec);
    List<Event> made = new ArrayList<>(1);
    try {
      p.parse(raw, e -> {
        e.put("event.id", made.isEmpty() ? id : id + "-" + made.size());
        e.put("log.offset", offset);
        made.add(e);
      });
    } catch (RuntimeException bug) {
      // parsers never throw for input by contract; if one does, this record alone is kept raw
      made.clear();
      parserFailures.increment();
      made.add(lost(rec, "the parser failed: " + bug));
    }
    if (made.isEmpty() && !p.mayEmitNothing(raw)) {
      lostByParser.increment();
      made.add(lost(rec, "the parser produced no event for this record"));
    }
    if (p == ordered && !made.isEmpty()) enrich(made);
    return made.size() == 1 ? made.get(0) : made.isEmpty() ? null : made;
  }

  private void enrich(List<Event> events) {
    if (events.isEmpty()) return;
    for (EventStage st : stages) {
      try {
        st.process(events);
      } catch (vn.soctinh.analyzer.store.StoreException | RuntimeException whole) {
        // stages never throw for input by contract; if one does, find the event and go on without it
        for (Event e : events) {
          try {
            st.process(List.of(e));
          } catch (vn.soctinh.analyzer.store.StoreException | RuntimeException one) {
            stageFailures.increment();
            e.addTag(ENRICH_FAILED);
          }
        }
      }
    }
  }

  /** The tag of an event an enrichment stage failed on (it is stored without that stage's fields). */
  public static final String ENRICH_FAILED = "_enrich_failed";

  /**
   * The event's id: its record's journal offset on a single node; in a cluster its place in the
   * cluster's journal, so that a record analysed again after a node's death (or on two nodes during a
   * rebalance) overwrites its event instead of storing it twice.
   */
  static String eventId(JournalRecord rec) {
    String origin = rec.meta().origin();
    return origin.isEmpty() ? Long.toString(rec.offset()) : origin;
  }

  private Event lost(JournalRecord rec, String why) {
    Event e = new Event()
        .put("@timestamp", rec.receivedAt())
        .put("event.id", eventId(rec))
        .put("log.offset", rec.offset())
        .put("event.original_base64", Base64.getEncoder().encodeToString(rec.payload()))
        .put("organization.id", rec.meta().agency())
        .put("error.message", why)
        .put("event.dataset", "soctinh.unparsed");
    e.addTag(EventParser.UNPARSED);
    return e;
  }

  private static void await(Future<?> f) {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while parsing", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error err) throw err;
      throw new IllegalStateException(e.getCause());
    }
  }
}
