package vn.soctinh.analyzer.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.EventParser;
import vn.soctinh.analyzer.parse.RawRecord;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.analyzer.store.StoreException;
import vn.soctinh.collector.journal.Journal;
import vn.soctinh.collector.journal.JournalConsumer;
import vn.soctinh.collector.journal.JournalReader;
import vn.soctinh.collector.journal.JournalRecord;

/**
 * The analyzer's loop: read a batch from the journal (as the registered consumer
 * {@value #CONSUMER}), parse each record, index the events; about once a second (at once when idle)
 * commit the store, and only then commit the journal offset. A crash anywhere replays from the last committed offset; every event's
 * {@code event.id} comes from its journal offset ({@code 12345}, or {@code 12345-2} for the third
 * flow of a NetFlow datagram), and the pipeline resumes from the store's checkpoint, so nothing is
 * stored twice. When the store fails
 * the loop stops pulling and retries the same batch with backoff; the journal absorbs meanwhile.
 */
public final class AnalyzerPipeline implements AutoCloseable {
  public static final String CONSUMER = "analyzer";
  private static final System.Logger LOG = System.getLogger(AnalyzerPipeline.class.getName());

  /**
   * @param batchRecords records per store batch
   * @param idleWaitMs how long to wait when the journal has nothing new
   * @param maxRetryWaitMs the longest pause between retries of a failing store
   * @param commitIntervalMs how often the store commits (and the journal offset advances) under load;
   *     an idle pipeline commits at once. Between commits the journal still holds every record.
   */
  public record Settings(int batchRecords, long idleWaitMs, long maxRetryWaitMs, long commitIntervalMs) {
    public static Settings defaults() {
      return new Settings(2000, 20, 30_000, 1000);
    }
  }

  private final Journal journal;
  private final JournalConsumer consumer;
  private final EventParser parser;
  private final EventStore store;
  private final Settings settings;
  private final MeterRegistry registry;
  private final Map<String, Counter> stored = new ConcurrentHashMap<>();
  private final Map<String, Counter> unparsed = new ConcurrentHashMap<>();
  private final Counter storeErrors;
  private final AtomicLong committed = new AtomicLong();
  /** The next offset to read: ahead of {@link #committed} by what is indexed but not yet committed. */
  private long position;
  private long lastCommitNanos = System.nanoTime();
  private final Thread thread;
  private volatile boolean running = true;

  public AnalyzerPipeline(Journal journal, EventParser parser, EventStore store, Settings settings, MeterRegistry registry) throws IOException {
    this.journal = journal;
    this.consumer = journal.registerConsumer(CONSUMER);
    this.parser = parser;
    this.store = store;
    this.settings = settings;
    this.registry = registry;
    this.storeErrors = Counter.builder("soctinh.errors").tag("stage", "store").register(registry);
    // The store may be ahead of the journal consumer (a crash between the two commits): what it
    // committed is there, so start after it. Past its checkpoint it holds nothing (an uncommitted
    // Lucene write does not survive a crash), so new events can be appended without an id look-up.
    long start = consumer.committedOffset();
    try {
      long stored = Long.parseLong(store.checkpoint().orElse("0"));
      if (stored > start && stored <= journal.nextOffset()) {
        consumer.commit(stored);
        start = stored;
      }
    } catch (StoreException | NumberFormatException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot read the store's checkpoint, starting at the journal's: " + e.getMessage());
    }
    this.committed.set(start);
    this.position = start;
    registry.gauge("soctinh.analyzer.committed.offset", committed);
    this.thread = new Thread(this::loop, "soctinh-analyzer");
    this.thread.setDaemon(true);
  }

  public AnalyzerPipeline start() {
    thread.start();
    return this;
  }

  /** The journal offset up to which everything is stored durably. */
  public long committedOffset() {
    return committed.get();
  }

  private void loop() {
    long retryWait = 100;
    while (running) {
      try {
        int n = runBatch();
        boolean due = System.nanoTime() - lastCommitNanos >= TimeUnit.MILLISECONDS.toNanos(settings.commitIntervalMs());
        if (position > committed.get() && (n == 0 || due)) commit();
        retryWait = 100;
        if (n == 0) sleep(settings.idleWaitMs());
      } catch (StoreException e) {
        position = committed.get(); // re-read what the store may not have kept
        storeErrors.increment();
        LOG.log(System.Logger.Level.WARNING, "store failed, retrying the batch in " + retryWait + " ms (the journal keeps everything): "
            + e.getMessage());
        sleep(retryWait);
        retryWait = Math.min(retryWait * 2, settings.maxRetryWaitMs());
      } catch (IOException e) {
        position = committed.get();
        LOG.log(System.Logger.Level.WARNING, "journal read failed, retrying in " + retryWait + " ms: " + e.getMessage());
        sleep(retryWait);
        retryWait = Math.min(retryWait * 2, settings.maxRetryWaitMs());
      } catch (RuntimeException e) {
        position = committed.get();
        // a bug, not bad input (parsers never throw for input): do not spin, do not skip the batch
        LOG.log(System.Logger.Level.ERROR, "analyzer pipeline error; retrying the batch", e);
        sleep(retryWait);
        retryWait = Math.min(retryWait * 2, settings.maxRetryWaitMs());
      }
    }
  }

  /** Parses and indexes one batch from the read position; returns how many records it read. */
  int runBatch() throws IOException, StoreException {
    long from = position;
    List<Event> events = new ArrayList<>();
    long next = from;
    int records = 0;
    try (JournalReader r = journal.reader(from)) {
      JournalRecord rec;
      while (records < settings.batchRecords() && (rec = r.next()) != null) {
        long offset = rec.offset();
        int[] n = {0};
        parser.parse(RawRecord.of(rec), e -> {
          e.put("event.id", n[0] == 0 ? Long.toString(offset) : offset + "-" + n[0]);
          e.put("log.offset", offset);
          n[0]++;
          events.add(e);
        });
        next = offset + 1;
        records++;
      }
    }
    if (records == 0) return 0;
    store.append(DocKind.EVENTS, events);
    position = next;
    for (Event e : events) {
      String agency = e.getString("organization.id");
      String a = agency == null ? "" : agency;
      stored.computeIfAbsent(a, k -> Counter.builder("soctinh.analyzer.stored.events").tag("agency", k).register(registry)).increment();
      if (e.hasTag(EventParser.UNPARSED)) {
        unparsed.computeIfAbsent(a, k -> Counter.builder("soctinh.analyzer.unparsed.events").tag("agency", k).register(registry)).increment();
      }
    }
    return records;
  }

  /** Makes what was indexed durable, then lets the journal forget it. */
  private void commit() throws StoreException, IOException {
    long upTo = position;
    store.commit(Long.toString(upTo));
    consumer.commit(upTo);
    committed.set(upTo);
    lastCommitNanos = System.nanoTime();
  }

  /** Sleeps in short steps so that close() need not wait for a long backoff. */
  private void sleep(long ms) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
    try {
      while (running && System.nanoTime() < end) TimeUnit.MILLISECONDS.sleep(Math.min(50, ms));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops after the current batch and commits what it indexed. The thread is not interrupted:
   * an interrupt during Lucene's file I/O closes its channels.
   */
  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(60_000);
    if (position > committed.get()) {
      try {
        commit();
      } catch (StoreException | IOException e) {
        LOG.log(System.Logger.Level.WARNING, "final commit failed; the next start re-reads from offset " + committed.get() + ": " + e.getMessage());
      }
    }
  }
}
