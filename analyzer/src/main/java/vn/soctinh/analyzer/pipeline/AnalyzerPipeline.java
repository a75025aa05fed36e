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
import vn.soctinh.analyzer.parse.RecordParser;
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
 * the loop stops storing and retries the same batch with backoff; the journal absorbs meanwhile.
 * Between retries it <em>reads ahead</em> for detection only ({@link EventStage#lookAhead}): alerts
 * keep firing on the live stream during an outage. Once the store is back the loop re-reads from the
 * committed offset and stores everything; detection skips what it has already seen.
 *
 * <p>Between parsing and storing, the {@link EventStage}s (enrichment, detection) see each batch.
 * The server runs the loop as a Vert.x worker verticle ({@link #deployOn}, {@link AnalyzerVerticle});
 * tools and tests on a plain thread ({@link #start}). Either way one step runs at a time.
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
  private final RecordParser parser;
  private final EventStore store;
  private final Settings settings;
  private final MeterRegistry registry;
  private final Map<String, Counter> stored = new ConcurrentHashMap<>();
  private final Map<String, Counter> unparsed = new ConcurrentHashMap<>();
  private final Counter storeErrors;
  private final Counter lostByParser;
  private final AtomicLong committed = new AtomicLong();
  /** The next offset to read: ahead of {@link #committed} by what is indexed but not yet committed. */
  private long position;
  private long lastCommitNanos = System.nanoTime();
  private final List<EventStage> stages;
  private final java.util.concurrent.locks.ReentrantLock stepLock = new java.util.concurrent.locks.ReentrantLock();
  private long retryWait = 100;
  /** While the store is down: when to try it again, and how far the look-ahead has read. */
  private volatile boolean storeDown;
  private long nextStoreTryNanos;
  private long aheadPosition;
  private final Counter lookedAhead;
  private Thread thread;
  private String deployment;
  private io.vertx.core.Vertx vertx;
  private volatile boolean running = true;

  public AnalyzerPipeline(Journal journal, RecordParser parser, EventStore store, Settings settings, MeterRegistry registry) throws IOException {
    this(journal, parser, List.of(), store, settings, registry);
  }

  /** @param stages what runs on each parsed batch before it is stored (enrichment, detection), in order */
  public AnalyzerPipeline(Journal journal, RecordParser parser, List<EventStage> stages, EventStore store, Settings settings,
      MeterRegistry registry) throws IOException {
    this.stages = List.copyOf(stages);
    this.journal = journal;
    this.consumer = journal.registerConsumer(CONSUMER);
    this.parser = parser;
    this.store = store;
    this.settings = settings;
    this.registry = registry;
    this.storeErrors = Counter.builder("soctinh.errors").tag("stage", "store").register(registry);
    this.lostByParser = Counter.builder("soctinh.errors").tag("stage", "accounting").register(registry);
    this.lookedAhead = Counter.builder("soctinh.analyzer.lookahead.events")
        .description("events run through detection ahead of the store while it was down").register(registry);
    registry.gauge("soctinh.analyzer.store.down", this, p -> p.storeDown ? 1 : 0);
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
    this.aheadPosition = start;
    registry.gauge("soctinh.analyzer.committed.offset", committed);
  }

  /** Runs on a thread of its own (tools and tests). */
  public synchronized AnalyzerPipeline start() {
    if (thread != null || deployment != null) throw new IllegalStateException("already started");
    thread = new Thread(this::loop, "soctinh-analyzer");
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  /** Runs as a worker verticle of {@code vertx} (the server); returns once deployed. */
  public synchronized AnalyzerPipeline deployOn(io.vertx.core.Vertx vertx) throws Exception {
    if (thread != null || deployment != null) throw new IllegalStateException("already started");
    this.vertx = vertx;
    deployment = vertx.deployVerticle(new AnalyzerVerticle(this),
        new io.vertx.core.DeploymentOptions().setThreadingModel(io.vertx.core.ThreadingModel.WORKER).setMaxWorkerExecuteTime(5)
            .setMaxWorkerExecuteTimeUnit(TimeUnit.MINUTES))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return this;
  }

  /** The journal offset up to which everything is stored durably. */
  public long committedOffset() {
    return committed.get();
  }

  /** Thread mode ({@link #start}): steps with the pauses they ask for. */
  private void loop() {
    while (running) sleep(step());
  }

  boolean running() {
    return running;
  }

  /**
   * One step: a batch, and a commit when due. Returns how long to wait before the next step: 0
   * after a full batch, the idle wait when the journal had nothing, the backoff after a failure
   * (then the batch is read again; the journal keeps everything meanwhile).
   */
  long step() {
    stepLock.lock();
    try {
      if (!running) return 0;
      if (storeDown && System.nanoTime() >= nextStoreTryNanos && !store.reachable()) {
        // still down: look again later without a write that could wait a whole stall timeout
        nextStoreTryNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff());
      }
      if (storeDown && System.nanoTime() < nextStoreTryNanos) {
        int ahead = lookAheadBatch();
        long untilTry = TimeUnit.NANOSECONDS.toMillis(nextStoreTryNanos - System.nanoTime());
        return ahead > 0 ? 0 : Math.max(1, Math.min(settings.idleWaitMs(), untilTry));
      }
      int n = runBatch();
      boolean due = System.nanoTime() - lastCommitNanos >= TimeUnit.MILLISECONDS.toNanos(settings.commitIntervalMs());
      if (position > committed.get() && (n == 0 || due)) commit();
      if (storeDown) LOG.log(System.Logger.Level.INFO, "the store is back; storing from offset " + committed.get() + " on");
      storeDown = false;
      retryWait = 100;
      return n == 0 ? settings.idleWaitMs() : 0;
    } catch (StoreException e) {
      position = committed.get(); // re-read what the store may not have kept
      storeErrors.increment();
      long wait = backoff();
      LOG.log(System.Logger.Level.WARNING, "store failed, retrying in " + wait + " ms and reading ahead for detection meanwhile"
          + " (the journal keeps everything): " + e.getMessage());
      storeDown = true;
      nextStoreTryNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait);
      return 0;
    } catch (IOException e) {
      position = committed.get();
      LOG.log(System.Logger.Level.WARNING, "journal read failed, retrying in " + retryWait + " ms: " + e.getMessage());
      return backoff();
    } catch (RuntimeException e) {
      position = committed.get();
      // a bug, not bad input (parsers never throw for input): do not spin, do not skip the batch
      LOG.log(System.Logger.Level.ERROR, "analyzer pipeline error; retrying the batch", e);
      return backoff();
    } finally {
      stepLock.unlock();
    }
  }

  private long backoff() {
    long w = retryWait;
    retryWait = Math.min(retryWait * 2, settings.maxRetryWaitMs());
    return w;
  }

  /** Parses and indexes one batch from the read position; returns how many records it read. */
  int runBatch() throws IOException, StoreException {
    List<Event> events = new ArrayList<>();
    long next = read(position, events);
    int records = (int) (next - position);
    if (records == 0) return 0;
    for (EventStage stage : stages) stage.process(events);
    aheadPosition = Math.max(aheadPosition, next); // the stages have seen it, whether or not the store takes it
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

  /**
   * The store is down: parses the next batch past what the stages have seen and gives it to their
   * look-ahead (detection). Nothing is stored or committed; the events are read again later.
   */
  private int lookAheadBatch() throws IOException {
    long from = Math.max(aheadPosition, position);
    List<Event> events = new ArrayList<>();
    long next = read(from, events);
    if (next == from) return 0;
    for (EventStage stage : stages) stage.lookAhead(events);
    lookedAhead.increment(events.size());
    aheadPosition = next;
    return (int) (next - from);
  }

  /** Parses up to a batch of records from {@code from} into {@code events}; returns the offset after the last one read. */
  private long read(long from, List<Event> events) throws IOException {
    long next = from;
    int records = 0;
    try (JournalReader r = journal.reader(from)) {
      JournalRecord rec;
      while (records < settings.batchRecords() && (rec = r.next()) != null) {
        long offset = rec.offset();
        int[] n = {0};
        RawRecord raw = RawRecord.of(rec);
        parser.parse(raw, e -> {
          e.put("event.id", n[0] == 0 ? Long.toString(offset) : offset + "-" + n[0]);
          e.put("log.offset", offset);
          n[0]++;
          events.add(e);
        });
        if (n[0] == 0 && !parser.mayEmitNothing(raw)) {
          // Every record must become at least one event (received = stored + in flight); a parser
          // that made none is a bug: keep the bytes anyway and count it.
          lostByParser.increment();
          Event e = new Event()
              .put("@timestamp", rec.receivedAt())
              .put("event.id", Long.toString(offset))
              .put("log.offset", offset)
              .put("event.original_base64", java.util.Base64.getEncoder().encodeToString(rec.payload()))
              .put("organization.id", rec.meta().agency())
              .put("error.message", "the parser produced no event for this record")
              .put("event.dataset", "soctinh.unparsed");
          e.addTag(EventParser.UNPARSED);
          events.add(e);
        }
        next = offset + 1;
        records++;
      }
    }
    return next;
  }

  /** Makes what was indexed durable, then lets the journal forget it. */
  private void commit() throws StoreException, IOException {
    long upTo = position;
    store.commit(Long.toString(upTo));
    consumer.commit(upTo);
    committed.set(upTo);
    lastCommitNanos = System.nanoTime();
    for (EventStage stage : stages) stage.committed(upTo);
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
    if (thread != null) thread.join(60_000);
    if (deployment != null) {
      try {
        vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        LOG.log(System.Logger.Level.WARNING, "undeploying the analyzer: " + e);
      }
    }
    // wait for a step in progress (a Vert.x worker is not interrupted), then commit what it indexed
    if (!stepLock.tryLock(60, TimeUnit.SECONDS)) {
      LOG.log(System.Logger.Level.WARNING, "an analyzer step is still running after 60 s; not committing");
      return;
    }
    try {
      finalCommit();
    } finally {
      stepLock.unlock();
    }
  }

  private void finalCommit() {
    if (position > committed.get()) {
      try {
        commit();
      } catch (StoreException | IOException e) {
        LOG.log(System.Logger.Level.WARNING, "final commit failed; the next start re-reads from offset " + committed.get() + ": " + e.getMessage());
      }
    }
  }
}
