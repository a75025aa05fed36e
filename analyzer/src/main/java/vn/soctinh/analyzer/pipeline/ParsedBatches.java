package vn.soctinh.analyzer.pipeline;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.collector.journal.Journal;
import vn.soctinh.collector.journal.JournalReader;
import vn.soctinh.collector.journal.JournalRecord;

/**
 * One parse for both journal consumers. The store's consumer and detection's read the same records,
 * usually close together; whichever comes first reads and parses a batch (decode, parse, enrich,
 * guard) and keeps it here, and the other takes the same events instead of doing it again (they are
 * read only from then on). A consumer that asks for a batch being parsed waits for it.
 *
 * <p>At most {@code keptRecords} recently parsed records are kept (whole batches). A reader may be
 * told to hold back ({@link Reader#mayLead}): detection, while it works through a backlog, stays at
 * most its lead ahead of the store's consumer, so the batches it parsed are still here when the
 * store comes, but only while the store is moving: a store that has not stored a batch for
 * {@code stallMs} (down, or retrying) no longer holds detection back, which then parses alone.
 * Near the journal's end (live traffic) detection is never held back.
 *
 * <p>Counters of the parse (formats, errors, guard, drill marks) count each record once, whoever
 * parses it and however often: a range parsed before goes through the silent workers.
 */
public final class ParsedBatches {
  /** A batch read and parsed: the journal offsets it covers, {@code [from, next)}, and its events in journal order. */
  public record Batch(long from, long next, List<Event> events, boolean fresh) {
    Batch(long from, long next, List<Event> events) {
      this(from, next, events, false);
    }

    public int records() {
      return (int) (next - from);
    }

    /** The part of this batch from {@code position} on. */
    Batch from(long position) {
      if (position <= from) return this;
      int lo = 0;
      int hi = events.size();
      while (lo < hi) {
        int m = (lo + hi) >>> 1;
        if (offsetOf(events.get(m)) < position) lo = m + 1;
        else hi = m;
      }
      return new Batch(position, next, events.subList(lo, events.size()), fresh);
    }

    private static long offsetOf(Event e) {
      return e.get("log.offset") instanceof Long l ? l : Long.MAX_VALUE;
    }
  }

  private final Journal journal;
  private final ParseWorkers counting;
  private final ParseWorkers silent;
  private final long keptRecords;
  private long keptNow;
  private final long stallNanos;
  private final ArrayDeque<Batch> kept = new ArrayDeque<>();
  private final List<Pending> pending = new ArrayList<>();
  /**
   * Ranges {@code [start, end)} whose records were counted, merged: one range once the consumers
   * have met (a gap only while one started far from the other), so it stays small.
   */
  private final TreeMap<Long, Long> counted = new TreeMap<>();
  private final Map<String, Reader> readers = new ConcurrentHashMap<>();

  private record Pending(long from, int max, CompletableFuture<Batch> done) {}

  /**
   * @param counting parses a record the first time, with the pipeline's counters
   * @param silent parses it again (a consumer far behind the other, a retry after a store failure), counting nothing
   * @param keptRecords how many parsed records are kept for the other consumer, in whole batches (0: none, each parses alone)
   * @param stallMs how long a reader may take no batch before it no longer holds the others back
   */
  public ParsedBatches(Journal journal, ParseWorkers counting, ParseWorkers silent, long keptRecords, long stallMs) {
    this.journal = journal;
    this.counting = counting;
    this.silent = silent;
    this.keptRecords = Math.max(0, keptRecords);
    this.stallNanos = TimeUnit.MILLISECONDS.toNanos(stallMs);
  }

  /** One consumer alone: nothing to share, every parse counts. */
  public static ParsedBatches alone(Journal journal, ParseWorkers workers) {
    return new ParsedBatches(journal, workers, workers, 0, 0);
  }

  /**
   * A consumer's handle. {@code leadRecords} > 0 holds it back while it is that many records ahead
   * of a moving reader that does not lead (detection ahead of the store's consumer); 0 never does.
   */
  public Reader reader(String name, long position, long leadRecords) {
    Reader r = new Reader(leadRecords);
    r.position = position;
    r.tookNanos = System.nanoTime();
    readers.put(name, r);
    return r;
  }

  /** Where one consumer is. */
  public final class Reader {
    final long leadRecords;
    /** Where the consumer is done, and when it last got there. */
    volatile long position;
    volatile long tookNanos;

    private Reader(long leadRecords) {
      this.leadRecords = leadRecords;
    }

    /**
     * Whether this reader may read at {@code position} now: false while it works through a backlog
     * (more than its lead behind the journal's end) and leads a moving reader by more than its lead
     * (then the caller waits a little and asks again).
     */
    public boolean mayLead(long position) {
      // live (within its lead of the journal's end): never held, an alert of live traffic never waits
      if (leadRecords <= 0 || journal.nextOffset() - position <= leadRecords) return true;
      long now = System.nanoTime();
      for (Reader o : readers.values()) {
        if (o == this || o.leadRecords > 0) continue;
        if (position - o.position > leadRecords && now - o.tookNanos < stallNanos) return false;
      }
      return true;
    }

    /** The batch of at most {@code max} records from {@code position}: kept, being parsed, or read and parsed now. */
    public Batch batch(long position, int max) throws IOException {
      return at(position, max);
    }

    /** The consumer is done with everything before {@code position} (stored, or detected): it is moving. */
    public void advanced(long position) {
      this.position = position;
      this.tookNanos = System.nanoTime();
    }
  }

  Batch at(long position, int max) throws IOException {
    while (true) {
      CompletableFuture<Batch> wait = null;
      Pending mine = null;
      synchronized (this) {
        Batch b = keptAt(position);
        if (b != null) return b.from(position);
        for (Pending p : pending) {
          if (p.from <= position && position < p.from + p.max) {
            wait = p.done;
            break;
          }
        }
        if (wait == null) {
          // up to what is kept or under way after this position, so no record is parsed twice
          long limit = position + max;
          for (Batch k : kept) if (k.from > position) limit = Math.min(limit, k.from);
          for (Pending p : pending) if (p.from > position) limit = Math.min(limit, p.from);
          mine = new Pending(position, (int) (limit - position), new CompletableFuture<>());
          pending.add(mine);
        }
      }
      if (mine != null) return parseNow(mine);
      Batch b = join(wait);
      if (b.records() == 0 || position >= b.from && position < b.next) return b.records() == 0 ? empty(position) : b.from(position);
      // it ended before this position: look again
    }
  }

  private static Batch empty(long position) {
    return new Batch(position, position, List.of());
  }

  private Batch parseNow(Pending p) throws IOException {
    Batch b;
    try {
      b = parse(p.from, p.max);
    } catch (IOException | RuntimeException | Error e) {
      synchronized (this) {
        pending.remove(p);
      }
      p.done.completeExceptionally(e);
      throw e;
    }
    synchronized (this) {
      pending.remove(p);
      // only a first parse is kept: a batch parsed again is one the other consumer has passed
      if (b.fresh() && keptRecords > 0) {
        kept.addLast(b);
        keptNow += b.records();
        while (keptNow > keptRecords && kept.size() > 1) keptNow -= kept.removeFirst().records();
      }
    }
    p.done.complete(b);
    return b;
  }

  private Batch keptAt(long position) {
    for (Iterator<Batch> it = kept.descendingIterator(); it.hasNext();) {
      Batch b = it.next();
      if (b.from <= position && position < b.next) return b;
    }
    return null;
  }

  private Batch parse(long from, int max) throws IOException {
    List<JournalRecord> records = new ArrayList<>(Math.min(max, 4096));
    try (JournalReader r = journal.reader(from)) {
      JournalRecord rec;
      while (records.size() < max && (rec = r.next()) != null) records.add(rec);
    }
    if (records.isEmpty()) return empty(from);
    long next = records.get(records.size() - 1).offset() + 1;
    if (counting == silent) return new Batch(from, next, counting.parse(records), true); // alone: nothing to tell apart
    // the records counted before go through the silent workers, the others through the counting ones,
    // in order: runs of one kind, each found with one look-up of the counted ranges
    List<Event> events = new ArrayList<>(records.size() + 8);
    boolean fresh = false;
    int i = 0;
    while (i < records.size()) {
      long offset = records.get(i).offset();
      boolean seen;
      long changesAt;
      synchronized (this) {
        Map.Entry<Long, Long> r = counted.floorEntry(offset);
        seen = r != null && offset < r.getValue();
        Long after = counted.higherKey(offset);
        changesAt = seen ? r.getValue() : after == null ? Long.MAX_VALUE : after;
      }
      fresh |= !seen;
      int j = i + 1;
      while (j < records.size() && records.get(j).offset() < changesAt) j++;
      events.addAll((seen ? silent : counting).parse(records.subList(i, j)));
      i = j;
    }
    markCounted(from, next);
    return new Batch(from, next, events, fresh);
  }

  private synchronized void markCounted(long from, long next) {
    long start = from;
    long end = next;
    Map.Entry<Long, Long> before = counted.floorEntry(start);
    if (before != null && before.getValue() >= start) {
      start = before.getKey();
      end = Math.max(end, before.getValue());
    }
    for (Map.Entry<Long, Long> after = counted.ceilingEntry(start); after != null && after.getKey() <= end; after = counted.ceilingEntry(start)) {
      end = Math.max(end, after.getValue());
      counted.remove(after.getKey());
    }
    counted.put(start, end);
  }

  private static Batch join(CompletableFuture<Batch> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for a parse", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) throw io;
      // the other consumer's parse failed: this one reads the batch itself next time
      throw new IOException("the batch being parsed failed: " + e.getCause(), e.getCause());
    }
  }
}
