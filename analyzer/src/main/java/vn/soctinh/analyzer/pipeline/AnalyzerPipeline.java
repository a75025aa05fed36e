package vn.soctinh.analyzer.pipeline;

import vn.soctinh.collector.metrics.Metrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.EventParser;
import vn.soctinh.analyzer.pipeline.ParsedBatches.Batch;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.analyzer.store.StoreException;
import vn.soctinh.collector.journal.Journal;

/**
 * The store's journal consumer ({@value #CONSUMER}): take a parsed batch ({@link ParsedBatches}:
 * read, parsed and enriched on the parse workers once for this consumer and detection's), run the
 * stages that follow (sequential ones, such as the silent-source watch), append the events to the
 * store; on its own clock ({@code commitIntervalMs}, at once when idle) commit the store, and only
 * then the journal offset. Detection is a consumer of its own
 * ({@link DetectionPipeline}): an alert never waits for this one.
 *
 * <p>A crash anywhere replays from the last committed offset; each event's {@code event.id} comes
 * from its journal offset, and the pipeline resumes from the store's checkpoint, so nothing is stored
 * twice. A store that cannot write (disk, network) is retried with backoff while the journal absorbs;
 * a document the store refuses for what it contains is quarantined by the store and the stream goes
 * on. Every record becomes at least one event: received = stored + quarantined + in flight.
 */
public final class AnalyzerPipeline extends JournalPipeline {
  public static final String CONSUMER = "analyzer";
  private static final System.Logger LOG = System.getLogger(AnalyzerPipeline.class.getName());

  /**
   * @param batchRecords records per store batch
   * @param idleWaitMs how long to wait when the journal has nothing new
   * @param maxRetryWaitMs the longest pause between retries of a failing store
   * @param commitIntervalMs how often the store commits (and the journal offset advances) under load;
   *     an idle pipeline commits at once. Between commits the journal still holds every record, and
   *     each commit flushes a segment: longer means fewer, larger segments for merges to rewrite.
   */
  public record Settings(int batchRecords, long idleWaitMs, long maxRetryWaitMs, long commitIntervalMs) {
    public static Settings defaults() {
      return new Settings(4000, 20, 30_000, 5000);
    }
  }

  private final ParsedBatches.Reader batches;
  private final List<EventStage> stages;
  private final EventStore store;
  private final Settings settings;
  private final MeterRegistry registry;
  private final Map<String, Counter> stored = new ConcurrentHashMap<>();
  private final Map<String, Counter> unparsed = new ConcurrentHashMap<>();
  private final Counter storeErrors;
  private final Counter bugs;
  private final AtomicLong committed = new AtomicLong();
  /** The next offset to read: ahead of {@link #committed} by what is appended but not yet committed. */
  private long position;
  private long lastCommitNanos = System.nanoTime();
  private volatile boolean storeDown;
  /** Someone else changed the store (retention deleted documents) and wants it durable without waiting for new records. */
  private final java.util.concurrent.atomic.AtomicBoolean commitRequested = new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * @param workers parse and enrich (thread-safe stages: drill marks, agencies, indicators, field guard)
   * @param stages what runs next on each parsed batch, on this pipeline's thread, before it is stored
   */
  public AnalyzerPipeline(Journal journal, ParseWorkers workers, List<EventStage> stages, EventStore store, Settings settings,
      MeterRegistry registry) throws IOException {
    this(journal, ParsedBatches.alone(journal, workers), stages, store, settings, registry);
  }

  /**
   * @param parsed the parse shared with detection's consumer (this one never waits for it)
   * @param stages what runs next on each parsed batch, on this pipeline's thread, before it is stored
   */
  public AnalyzerPipeline(Journal journal, ParsedBatches parsed, List<EventStage> stages, EventStore store, Settings settings,
      MeterRegistry registry) throws IOException {
    super(journal, CONSUMER, settings.maxRetryWaitMs());
    this.stages = List.copyOf(stages);
    this.store = store;
    this.settings = settings;
    this.registry = registry;
    this.storeErrors = Metrics.ERRORS.counter(registry, "stage", "store");
    this.bugs = Metrics.ERRORS.counter(registry, "stage", "pipeline");
    Metrics.ANALYZER_STORE_DOWN.gauge(registry, this, p -> p.storeDown ? 1 : 0);
    Metrics.ANALYZER_QUARANTINED_EVENTS.counter(registry, store, EventStore::quarantined);
    // The store may be ahead of the journal consumer (a crash between the two commits): what it
    // committed is there, so start after it. Past its checkpoint it holds nothing (an uncommitted
    // Lucene write does not survive a crash), so new events can be appended without an id look-up.
    long start = consumer.committedOffset();
    try {
      long kept = Long.parseLong(store.checkpoint().orElse("0"));
      if (kept > start && kept <= journal.nextOffset()) {
        consumer.commit(kept);
        start = kept;
      }
    } catch (StoreException | NumberFormatException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot read the store's checkpoint, starting at the journal's: " + e.getMessage());
    }
    committed.set(start);
    position = start;
    this.batches = parsed.reader(CONSUMER, start, 0);
    Metrics.ANALYZER_COMMITTED_OFFSET.gauge(registry, committed, AtomicLong::doubleValue);
  }

  /** The journal offset up to which everything is stored durably. */
  public long committedOffset() {
    return committed.get();
  }

  @Override
  public synchronized AnalyzerPipeline start() {
    super.start();
    return this;
  }

  @Override
  public synchronized AnalyzerPipeline deployOn(io.vertx.core.Vertx vertx) throws Exception {
    super.deployOn(vertx);
    return this;
  }

  @Override
  protected String name() {
    return "soctinh-analyzer";
  }

  /**
   * One batch, and a commit when due. Returns 0 after a batch, the idle wait when the journal had
   * nothing, the backoff after a failure (then the batch is read again; the journal keeps everything).
   */
  @Override
  protected long work() {
    try {
      int n = runBatch();
      boolean due = System.nanoTime() - lastCommitNanos >= TimeUnit.MILLISECONDS.toNanos(settings.commitIntervalMs());
      if (position > committed.get() && (n == 0 || due)) commit();
      else if (n == 0 && commitRequested.getAndSet(false)) recommit();
      if (storeDown) LOG.log(System.Logger.Level.INFO, "the store is back; storing from offset " + committed.get() + " on");
      storeDown = false;
      recovered();
      return n == 0 ? settings.idleWaitMs() : 0;
    } catch (StoreException e) {
      position = committed.get(); // re-read what the store may not have kept
      storeErrors.increment();
      storeDown = true;
      long wait = backoff();
      LOG.log(System.Logger.Level.WARNING, "store failed, retrying in " + wait + " ms (the journal keeps everything; detection goes on): "
          + e.getMessage());
      return wait;
    } catch (IOException e) {
      // reading the next batch failed: what was appended stays (going back would append it twice)
      long wait = backoff();
      LOG.log(System.Logger.Level.WARNING, "journal read failed, retrying in " + wait + " ms: " + e.getMessage());
      return wait;
    } catch (RuntimeException e) {
      position = committed.get();
      bugs.increment();
      // a bug, not bad input (parsers and stages never throw for input): do not spin, do not skip the batch
      LOG.log(System.Logger.Level.ERROR, "analyzer pipeline error; retrying the batch", e);
      return backoff();
    }
  }

  /** The next batch, being read and parsed on the prefetch thread while this one is stored; null when none is under way. */
  private java.util.concurrent.Future<Batch> ahead;
  private final java.util.concurrent.ExecutorService prefetch = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "soctinh-analyzer-prefetch");
    t.setDaemon(true);
    return t;
  });

  private Batch parse(long from) throws IOException {
    return batches.batch(from, settings.batchRecords());
  }

  /**
   * The batch at the read position: the one prefetched, if it starts there, else read now. The
   * batch after it starts parsing at once on the prefetch thread, so parsing one batch and indexing
   * the previous one use the cores together.
   */
  private Batch nextBatch() throws IOException {
    Batch p = null;
    if (ahead != null) {
      try {
        p = ahead.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while parsing ahead", e);
      } catch (java.util.concurrent.ExecutionException e) {
        if (e.getCause() instanceof IOException io) throw io;
        if (e.getCause() instanceof RuntimeException r) throw r;
        throw new IllegalStateException(e.getCause());
      } finally {
        ahead = null;
      }
      if (p.from() != position) p = null; // read again from where the store is (after a failure)
    }
    if (p == null) p = parse(position);
    if (p.records() > 0) {
      long from = p.next();
      ahead = prefetch.submit(() -> parse(from));
    }
    return p;
  }

  /** Parses and appends one batch from the read position; returns how many records it read. */
  int runBatch() throws IOException, StoreException {
    Batch batch = nextBatch();
    if (batch.records() == 0) return 0;
    List<Event> events = batch.events();
    for (EventStage stage : stages) stage.process(events);
    store.append(DocKind.EVENTS, events);
    position = batch.next();
    batches.advanced(position);
    for (Event e : events) {
      String agency = e.getString("organization.id");
      String a = agency == null ? "" : agency;
      stored.computeIfAbsent(a, k -> Metrics.ANALYZER_STORED_EVENTS.counter(registry, "agency", k)).increment();
      if (e.hasTag(EventParser.UNPARSED)) {
        unparsed.computeIfAbsent(a, k -> Metrics.ANALYZER_UNPARSED_EVENTS.counter(registry, "agency", k)).increment();
      }
    }
    return batch.records();
  }

  /**
   * Asks for a store commit soon even when no record arrives: retention's deletions are durable only
   * once the store commits. Within {@code commitIntervalMs} under load (the usual commit carries
   * them), at the next idle turn otherwise.
   */
  public void requestCommit() {
    commitRequested.set(true);
  }

  /**
   * A commit at the offset already committed: only when nothing was appended since (position ==
   * committed), so it cannot make durable an event the checkpoint does not cover (which a replay
   * after a crash would add a second time).
   */
  private void recommit() throws StoreException {
    if (position != committed.get()) {
      commitRequested.set(true);
      return;
    }
    store.commit(Long.toString(committed.get()));
  }

  /** Makes what was appended durable, then lets the journal forget it. */
  private void commit() throws StoreException, IOException {
    commitRequested.set(false);
    long upTo = position;
    store.commit(Long.toString(upTo));
    consumer.commit(upTo);
    committed.set(upTo);
    lastCommitNanos = System.nanoTime();
    for (EventStage stage : stages) stage.committed(upTo);
  }

  @Override
  protected void finish() {
    prefetch.shutdownNow();
    if (position > committed.get()) {
      try {
        commit();
      } catch (StoreException | IOException e) {
        LOG.log(System.Logger.Level.WARNING, "final commit failed; the next start re-reads from offset " + committed.get() + ": " + e.getMessage());
      }
    } else if (commitRequested.getAndSet(false)) {
      try {
        recommit();
      } catch (StoreException e) {
        LOG.log(System.Logger.Level.WARNING, "final commit of retention's deletions failed (the next run deletes them again): " + e.getMessage());
      }
    }
  }
}
