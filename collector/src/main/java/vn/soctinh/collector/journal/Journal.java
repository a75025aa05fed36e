package vn.soctinh.collector.journal;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import vn.soctinh.collector.files.FormatMarker;
import vn.soctinh.collector.files.Release;
import vn.soctinh.collector.logging.RateLimitedLog;
import vn.soctinh.collector.metrics.Metrics;

/**
 * The append-only, CRC-checked journal that makes "never lose a line" true: listeners append raw
 * records, consumers (the analyzer) read them and commit, and a segment goes only once every
 * consumer is done with it. This class wires the parts together: {@link SegmentRecovery} at open,
 * {@link JournalWriter} (the one writer thread), {@link SegmentChainReader}, {@link ConsumerOffsets},
 * {@link SegmentRetention} and {@link DiskBudget}. It never parses log content.
 */
public final class Journal implements RecordAppender, AutoCloseable {
  private static final Logger LOG = System.getLogger(Journal.class.getName());
  /**
   * The journal's format ({@link RecordFormat}, segment names, offset files), kept in the journal
   * directory's {@link FormatMarker}: a journal without one was written before markers and is of
   * format 1, which this release reads and marks.
   */
  public static final int FORMAT = 1;

  private final Path dir;
  private final JournalConfig config;
  // all null for a read-only journal
  private final SegmentSet segments;
  private final JournalMetrics metrics;
  private final DiskBudget budget;
  private final SegmentRetention retention;
  private final ConsumerOffsets consumers;
  private final JournalWriter writer;
  private final long tornRecords;
  private volatile boolean closed;

  /** Read-only. */
  private Journal(Path dir) {
    this.dir = dir;
    this.config = null;
    this.segments = null;
    this.metrics = null;
    this.budget = null;
    this.retention = null;
    this.consumers = null;
    this.writer = null;
    this.tornRecords = 0;
  }

  private Journal(JournalConfig config, MeterRegistry registry, SegmentChannels channels) throws IOException {
    checkConfig(config);
    this.dir = config.dir();
    this.config = config;
    Files.createDirectories(dir);
    checkFormat(dir);
    if (FormatMarker.read(dir).isEmpty()) new FormatMarker(FORMAT, Release.writer()).write(dir);
    SegmentRecovery.Result recovered = SegmentRecovery.recover(dir, LOG);
    this.tornRecords = recovered.tornRecords();
    this.segments = new SegmentSet(dir);
    for (JournalSegment s : recovered.segments()) segments.add(s);
    segments.publishVisibleNextOffset(recovered.nextOffset());
    this.metrics = new JournalMetrics(registry);
    metrics.tornRecords.increment(tornRecords);
    this.budget = new DiskBudget(config, LOG, segments::totalBytes, this::pendingBytes);
    RateLimitedLog retentionErrors = new RateLimitedLog(LOG, 10_000);
    this.retention = new SegmentRetention(segments, config.keepConsumedSecs(), retentionErrors, this::segmentsDeleted);
    this.consumers = new ConsumerOffsets(dir, this::checkCommit, retention);
    retention.consumers(consumers);
    for (ConsumerOffsets.Consumer c : consumers.all()) {
      clampToKeptRange(c);
      registerLagGauge(c);
    }
    this.writer = new JournalWriter(config, segments, recovered.nextOffset(), metrics, budget, retention, LOG, channels);
    metrics.gauge(Metrics.JOURNAL_BYTES, segments, SegmentSet::totalBytes);
    metrics.gauge(Metrics.JOURNAL_SEGMENTS, segments, SegmentSet::count);
    metrics.gauge(Metrics.JOURNAL_PENDING_BYTES, writer, JournalWriter::pendingBytes);
    metrics.gauge(Metrics.JOURNAL_FULL, budget, b -> b.full() ? 1 : 0);
    budget.update(true);
    writer.start();
  }

  /**
   * Opens (creating if needed) the journal in {@code config.dir()}. Recovers: scans the last
   * segment, truncates a torn tail record (bad length or CRC) and counts it. Starts the writer thread.
   */
  public static Journal open(JournalConfig config, MeterRegistry registry) throws IOException {
    return new Journal(config, registry, SegmentChannels.FILES);
  }

  /** For tests that inject I/O failures into the writer's channel. */
  static Journal open(JournalConfig config, MeterRegistry registry, SegmentChannels channels) throws IOException {
    return new Journal(config, registry, channels);
  }

  /** Opens a journal directory for reading only (CLI while a server may be writing): no recovery, no writer. */
  public static Journal openReadOnly(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) throw new IOException("no journal directory " + dir);
    checkFormat(dir);
    return new Journal(dir);
  }

  /**
   * The format of the journal in {@code dir} (1 for one written before markers); refused, naming the
   * marker, when a later release wrote it.
   */
  public static int checkFormat(Path dir) throws IOException {
    return FormatMarker.check(dir, "journal", FORMAT);
  }

  /**
   * Hands a batch to the writer (group commit). Takes ownership of the batch (releases it). The future
   * completes with the first offset once the records are durable per the fsync policy. Never refuses
   * a batch for lack of budget: callers check {@link #accepting()} first and back off.
   */
  @Override
  public CompletableFuture<Long> append(RecordBatch batch) {
    if (writer == null) {
      batch.release();
      return CompletableFuture.failedFuture(new IllegalStateException("journal " + dir + " is open read-only"));
    }
    return writer.append(batch);
  }

  /** False while the disk budget is exhausted (max_bytes or min free disk). */
  @Override
  public boolean accepting() {
    return budget != null && budget.accepting();
  }

  /** Bytes handed to {@link #append} and not yet written. */
  @Override
  public long pendingBytes() {
    return writer == null ? 0 : writer.pendingBytes();
  }

  /** Runs {@code r} once when accepting and pending bytes are below half of max (at once if already so). */
  @Override
  public void whenWritable(Runnable r) {
    if (budget == null) throw new IllegalStateException("journal " + dir + " is open read-only");
    budget.whenWritable(r);
    writer.wake(); // the writer re-checks the budget at once rather than at its next tick
  }

  /**
   * The consumer called {@code name}; a new one starts at the oldest kept record and, from now on,
   * holds back deletion of every segment it has not committed past.
   */
  public JournalConsumer registerConsumer(String name) throws IOException {
    requireWritable();
    synchronized (retention) { // so retention cannot delete what the new consumer starts at
      ConsumerOffsets.checkName(name);
      boolean known = consumers.snapshot().containsKey(name);
      ConsumerOffsets.Consumer c = consumers.register(name, segments.firstOffset());
      if (!known) registerLagGauge(c);
      return c;
    }
  }

  /** Retention passes completed since opening (for tests that wait for one rather than sleep). */
  long retentionPasses() {
    return retention == null ? 0 : retention.passes();
  }

  public JournalReader reader(long fromOffset) throws IOException {
    return new SegmentChainReader(segments, dir, fromOffset);
  }

  public JournalStats stats() throws IOException {
    long first;
    long bytes;
    int count;
    Map<String, Long> committed;
    if (segments != null) {
      first = segments.firstOffset();
      bytes = segments.totalBytes();
      count = segments.count();
      committed = consumers.snapshot();
    } else {
      TreeMap<Long, Path> files = SegmentChainReader.listSegments(dir);
      first = files.isEmpty() ? 0 : files.firstKey();
      bytes = 0;
      for (Path p : files.values()) bytes += Files.size(p);
      count = files.size();
      committed = ConsumerOffsets.readAll(dir);
    }
    JournalStatsScan scan;
    try (SegmentChainReader r = new SegmentChainReader(segments, dir, first)) {
      scan = new JournalStatsScan().scan(r, first);
    }
    return JournalStatsBuilder.builder().records(scan.records).bytes(bytes).segments(count).firstOffset(first)
        .nextOffset(scan.nextOffset).byTransport(scan.byTransport).byAgency(scan.byAgency).consumers(committed)
        .tornRecords(tornRecords).build();
  }

  /** Sizes and positions; read-only, only the last segment is read (for its end). */
  public JournalSummary summary() throws IOException {
    if (segments != null) {
      return new JournalSummary(segments.totalBytes(), segments.count(), segments.firstOffset(), nextOffset(), consumers.snapshot());
    }
    TreeMap<Long, Path> files = SegmentChainReader.listSegments(dir);
    long bytes = 0;
    for (Path p : files.values()) bytes += Files.size(p);
    long first = files.isEmpty() ? 0 : files.firstKey();
    long last = files.isEmpty() ? 0 : files.lastKey();
    long next;
    try (SegmentChainReader r = new SegmentChainReader(null, dir, last)) {
      next = new JournalStatsScan().scan(r, last).nextOffset;
    }
    return new JournalSummary(bytes, files.size(), first, next, ConsumerOffsets.readAll(dir));
  }

  /** Offset the next appended record will get (read-only: the offset after the last complete record). */
  public long nextOffset() {
    if (writer != null) return writer.nextOffset();
    try {
      return stats().nextOffset();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The offset below which every registered consumer is done (all have committed past it), or -1
   * with no consumer: what a copy from the cluster's journal may tell the cluster is done.
   */
  public long doneOffset() {
    if (consumers == null || consumers.isEmpty()) return -1;
    return consumers.minCommitted();
  }

  /** Added: the oldest offset still kept (= the next offset when nothing is kept). */
  public long firstOffset() throws IOException {
    if (segments != null) return segments.firstOffset();
    TreeMap<Long, Path> files = SegmentChainReader.listSegments(dir);
    return files.isEmpty() ? 0 : files.firstKey();
  }

  /** Writes and fsyncs everything handed over so far; used at shutdown. */
  public void flush() throws IOException {
    if (writer == null || closed) return; // close() already wrote and forced everything
    await(writer.flush());
  }

  @Override
  public void close() throws IOException {
    synchronized (this) {
      if (closed) return;
      closed = true;
    }
    if (writer == null) return;
    try {
      writer.close();
    } finally {
      metrics.removeAll();
    }
  }

  private void registerLagGauge(ConsumerOffsets.Consumer c) {
    metrics.consumerLag(c.name(), c, x -> Math.max(0, segments.visibleNextOffset() - x.committedOffset()));
  }

  /** A commit must stay within what is kept and what consumers can have read. */
  private long checkCommit(long next) {
    long visible = segments.visibleNextOffset();
    if (next > visible) {
      throw new IllegalArgumentException("commit of offset " + next + " beyond the last readable record (next is " + visible + ")");
    }
    long first = segments.firstOffset();
    if (next < first) throw new IllegalArgumentException("commit of offset " + next + " below the oldest kept " + first);
    return next;
  }

  /**
   * A consumer's offset past the journal's end means records it committed were lost in a crash
   * (possible with fsync none); new records would reuse those offsets and be skipped, so it moves
   * back. One below the oldest kept segment cannot be read from, so it moves up.
   */
  private void clampToKeptRange(ConsumerOffsets.Consumer c) throws IOException {
    long next = segments.visibleNextOffset();
    long first = segments.firstOffset();
    long at = c.committedOffset();
    long clamped = Math.max(first, Math.min(next, at));
    if (clamped != at) {
      LOG.log(Level.WARNING, "journal consumer " + c.name() + " had committed offset " + at + " outside the kept range "
          + first + ".." + next + " of " + dir + "; moving it to " + clamped);
      c.reset(clamped);
    }
  }

  private void segmentsDeleted() {
    budget.update(true);
    budget.runWaiters();
    writer.wake();
  }

  private void requireWritable() {
    if (writer == null) throw new IllegalStateException("journal " + dir + " is open read-only");
  }

  private static void checkConfig(JournalConfig c) {
    if (c.dir() == null) throw new IllegalArgumentException("journal dir is required");
    if (c.segmentBytes() <= 0 || c.maxWriteBytes() <= 0 || c.maxPendingBytes() <= 0 || c.maxBytes() <= 0) {
      throw new IllegalArgumentException("journal sizes must be positive: " + c);
    }
    if (c.fsync() == null) throw new IllegalArgumentException("journal fsync policy is required");
    if (c.fsync() == FsyncPolicy.INTERVAL && c.fsyncIntervalMs() <= 0) {
      throw new IllegalArgumentException("fsync_interval_ms must be positive for fsync interval");
    }
    if (c.keepConsumedSecs() < 0) throw new IllegalArgumentException("keep_consumed_secs must not be negative");
  }

  private static void await(CompletableFuture<?> f) throws IOException {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the journal flush");
    } catch (ExecutionException e) {
      throw new IOException("journal flush failed", e.getCause());
    }
  }
}
