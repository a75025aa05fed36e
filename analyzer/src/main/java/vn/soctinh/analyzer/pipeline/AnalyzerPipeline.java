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
 * {@value #CONSUMER}), parse each record, store the events, commit the store, and only then commit
 * the journal offset. A crash anywhere replays from the last committed offset; every event's
 * {@code event.id} comes from its journal offset ({@code 12345}, or {@code 12345-2} for the third
 * flow of a NetFlow datagram), so the replay overwrites instead of duplicating. When the store fails
 * the loop stops pulling and retries the same batch with backoff; the journal absorbs meanwhile.
 */
public final class AnalyzerPipeline implements AutoCloseable {
  public static final String CONSUMER = "analyzer";
  private static final System.Logger LOG = System.getLogger(AnalyzerPipeline.class.getName());

  /**
   * @param batchRecords records per store batch and commit
   * @param idleWaitMs how long to wait when the journal has nothing new
   * @param maxRetryWaitMs the longest pause between retries of a failing store
   */
  public record Settings(int batchRecords, long idleWaitMs, long maxRetryWaitMs) {
    public static Settings defaults() {
      return new Settings(2000, 20, 30_000);
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
    this.committed.set(consumer.committedOffset());
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
        retryWait = 100;
        if (n == 0) sleep(settings.idleWaitMs());
      } catch (StoreException e) {
        storeErrors.increment();
        LOG.log(System.Logger.Level.WARNING, "store failed, retrying the batch in " + retryWait + " ms (the journal keeps everything): "
            + e.getMessage());
        sleep(retryWait);
        retryWait = Math.min(retryWait * 2, settings.maxRetryWaitMs());
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "journal read failed, retrying in " + retryWait + " ms: " + e.getMessage());
        sleep(retryWait);
        retryWait = Math.min(retryWait * 2, settings.maxRetryWaitMs());
      } catch (RuntimeException e) {
        // a bug, not bad input (parsers never throw for input): do not spin, do not skip the batch
        LOG.log(System.Logger.Level.ERROR, "analyzer pipeline error; retrying the batch", e);
        sleep(retryWait);
        retryWait = Math.min(retryWait * 2, settings.maxRetryWaitMs());
      }
    }
  }

  /** Processes one batch from the committed offset; returns how many records it stored. */
  int runBatch() throws IOException, StoreException {
    long from = committed.get();
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
    store.index(DocKind.EVENTS, events);
    store.commit(Long.toString(next));
    consumer.commit(next);
    committed.set(next);
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
   * Stops after the current batch; what it stored is committed. The thread is not interrupted:
   * an interrupt during Lucene's file I/O closes its channels.
   */
  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(60_000);
  }
}
