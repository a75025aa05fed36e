package vn.soctinh.analyzer.pipeline;

import vn.soctinh.collector.metrics.Metrics;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import vn.soctinh.analyzer.detect.AlertPublisher;
import vn.soctinh.analyzer.detect.Detector;
import vn.soctinh.analyzer.event.EcsJson;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.collector.files.UnsupportedFormatException;
import vn.soctinh.collector.journal.Journal;

/**
 * Detection as a journal consumer of its own ({@value #CONSUMER}): take a parsed batch
 * ({@link ParsedBatches}, the parse it shares with the store's consumer), run it through the
 * {@link Detector}, hand the alerts to the {@link AlertPublisher} (the live stream at once, the store
 * when it takes them). It never waits for the store: while the store is down, alerts reach the
 * stream and wait in the publisher. Only while it works through a backlog does it stay near a store
 * consumer that is moving, so that one parse serves both.
 *
 * <p>On its own clock it makes its progress durable. It takes a snapshot on its thread (windows,
 * open alerts, the alerts the store has not taken, the offset they include); on the committer
 * thread the pending alerts go to the store (and are made durable there), then the snapshot is
 * written to the state file, then the journal offset is committed. A restart reads the state and
 * goes on from the committed offset; events the state already includes are skipped, so nothing is
 * counted twice and no alert is lost.
 */
public final class DetectionPipeline extends JournalPipeline {
  public static final String CONSUMER = "detection";
  private static final System.Logger LOG = System.getLogger(DetectionPipeline.class.getName());
  private static final String PENDING_MAGIC = "soctinh-pending-alerts-1";
  /** How long to wait while held back behind the store's consumer: short, it is moving. */
  private static final long HELD_WAIT_MS = 2;

  /**
   * @param batchRecords records per batch
   * @param idleWaitMs how long to wait when the journal has nothing new
   * @param maxRetryWaitMs the longest pause between attempts to hand alerts to a failing store
   * @param commitIntervalMs how often the state is saved and the offset committed under load
   */
  public record Settings(int batchRecords, long idleWaitMs, long maxRetryWaitMs, long commitIntervalMs) {
    public static Settings defaults() {
      return new Settings(2000, 20, 30_000, 1000);
    }
  }

  /** Makes what the store took of alerts and incidents durable (a Lucene commit of those partitions). */
  public interface Durability {
    void persist() throws vn.soctinh.analyzer.store.StoreException;
  }

  private final ParsedBatches.Reader batches;
  private final Detector detector;
  private final AlertPublisher publisher;
  private final Durability durability;
  private final Path stateFile;
  private final Settings settings;
  private final AtomicLong committed = new AtomicLong();
  private long position;
  private long lastCommitNanos = System.nanoTime();
  private long nextStoreTryNanos;
  private long storeWait;
  private final io.micrometer.core.instrument.Counter stateErrors;

  public DetectionPipeline(Journal journal, ParseWorkers workers, Detector detector, AlertPublisher publisher, Durability durability,
      Path stateFile, Settings settings, io.micrometer.core.instrument.MeterRegistry registry) throws IOException {
    this(journal, ParsedBatches.alone(journal, workers), 0, detector, publisher, durability, stateFile, settings, registry);
  }

  /**
   * @param parsed the parse shared with the store's consumer
   * @param leadRecords how far ahead of a moving store consumer this one may read (0: as far as it likes);
   *     within that, the batches it parsed are still kept when the store comes to them
   */
  public DetectionPipeline(Journal journal, ParsedBatches parsed, long leadRecords, Detector detector, AlertPublisher publisher,
      Durability durability, Path stateFile, Settings settings, io.micrometer.core.instrument.MeterRegistry registry) throws IOException {
    super(journal, CONSUMER, settings.maxRetryWaitMs());
    this.detector = detector;
    this.publisher = publisher;
    this.durability = durability;
    this.stateFile = stateFile;
    this.settings = settings;
    this.stateErrors = Metrics.ERRORS.counter(registry, "stage", "detection_state");
    long start = consumer.committedOffset();
    long restored = restore();
    // a state from before this consumer existed (the previous release saved it with the store's
    // commits): go on after what it includes rather than replaying the whole journal
    if (restored >= 0 && restored + 1 > start && restored + 1 <= journal.nextOffset()) {
      consumer.commit(restored + 1);
      start = restored + 1;
    }
    committed.set(start);
    position = start;
    this.batches = parsed.reader(CONSUMER, start, leadRecords);
    Metrics.DETECTION_COMMITTED_OFFSET.gauge(registry, committed, AtomicLong::doubleValue);
  }

  /**
   * The format of a detection state file (see {@link Detector#stateFormat}), read from its head
   * without restoring it: for {@code soctinh upgrade}.
   */
  public static int stateFormat(Path file) throws IOException {
    try (java.io.DataInputStream in = new java.io.DataInputStream(Files.newInputStream(file))) {
      int len = in.readInt();
      byte[] head = in.readNBytes(Math.max(0, Math.min(len, 256)));
      return Detector.stateFormat(head);
    } catch (java.io.EOFException e) {
      throw new IOException(file + ": not a detection state (too short)", e);
    }
  }

  /** Restores the state file; -1 when there is none. An unreadable file is moved aside and named. */
  private long restore() throws IOException {
    if (stateFile == null || !Files.exists(stateFile)) return -1;
    try {
      byte[] all = Files.readAllBytes(stateFile);
      java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(all));
      int len = in.readInt();
      if (len < 0 || len > all.length) throw new IOException("corrupt detection state (" + len + " bytes of windows)");
      byte[] windows = in.readNBytes(len);
      UnsupportedFormatException.requireReadable(stateFile, "detection state", Detector.stateFormat(windows), Detector.STATE_FORMAT);
      long at = detector.readState(windows);
      if (in.available() > 0) {
        if (!PENDING_MAGIC.equals(in.readUTF())) throw new IOException("corrupt detection state (pending alerts)");
        int n = in.readInt();
        List<Event> pending = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
          byte[] doc = in.readNBytes(in.readInt());
          pending.add(EcsJson.read(new String(doc, java.nio.charset.StandardCharsets.UTF_8)));
        }
        publisher.restore(pending);
      }
      LOG.log(System.Logger.Level.INFO, "detection: state restored up to journal offset " + at + ", " + detector.groups() + " windows open, "
          + publisher.pendingCount() + " alerts to store");
      return at;
    } catch (UnsupportedFormatException e) {
      throw e; // a later release's windows: kept as they are for it, and this one does not start
    } catch (IOException | RuntimeException e) {
      // keep the unreadable file for inspection, start with empty windows rather than not at all
      Path aside = stateFile.resolveSibling(stateFile.getFileName() + ".unreadable-" + System.currentTimeMillis());
      Files.move(stateFile, aside);
      LOG.log(System.Logger.Level.ERROR, "detection state " + stateFile + ": " + e.getMessage() + "; moved to " + aside
          + ", correlation windows start empty");
      return -1;
    }
  }

  public Detector detector() {
    return detector;
  }

  public AlertPublisher publisher() {
    return publisher;
  }

  /** The journal offset up to which detection's work is durable. */
  public long committedOffset() {
    return committed.get();
  }

  @Override
  public synchronized DetectionPipeline start() {
    super.start();
    return this;
  }

  @Override
  public synchronized DetectionPipeline deployOn(io.vertx.core.Vertx vertx) throws Exception {
    super.deployOn(vertx);
    return this;
  }

  @Override
  protected String name() {
    return "soctinh-detection";
  }

  @Override
  protected long work() {
    try {
      // in a backlog and ahead of a store consumer that is moving: wait for it, so one parse serves both
      boolean held = !batches.mayLead(position);
      int n = 0;
      if (!held) {
        ParsedBatches.Batch b = batches.batch(position, settings.batchRecords());
        n = b.records();
        if (n > 0) {
          publisher.raised(detector.process(b.events()));
          position = b.next();
          batches.advanced(position);
        }
      }
      recovered();
      boolean due = System.nanoTime() - lastCommitNanos >= TimeUnit.MILLISECONDS.toNanos(settings.commitIntervalMs());
      if (committing == null || committing.isDone()) {
        if (position > committed.get() && (n == 0 || due)) startCommit();
        else if (n == 0 && publisher.pendingCount() > 0) committing = committer.submit(this::handOff);
      }
      return n == 0 ? (held ? HELD_WAIT_MS : settings.idleWaitMs()) : 0;
    } catch (IOException e) {
      long wait = backoff();
      LOG.log(System.Logger.Level.WARNING, "detection: journal read failed, retrying in " + wait + " ms: " + e.getMessage());
      return wait;
    } catch (RuntimeException e) {
      // a bug: the shards isolate each event, so this is outside them; do not spin
      LOG.log(System.Logger.Level.ERROR, "detection pipeline error; retrying", e);
      return backoff();
    }
  }

  /** Hands pending alerts to the store unless it failed lately (then waits with backoff). */
  private boolean handOff() {
    if (publisher.pendingCount() == 0) return true;
    if (System.nanoTime() < nextStoreTryNanos) return false;
    if (publisher.flush()) {
      storeWait = 0;
      return true;
    }
    storeWait = storeWait == 0 ? 100 : Math.min(storeWait * 2, settings.maxRetryWaitMs());
    nextStoreTryNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(storeWait);
    return false;
  }

  /** What a commit saves, taken on detection's thread: the offset, the windows as bytes, the alerts not yet stored. */
  private record Snapshot(long upTo, byte[] windows, List<Event> pending) {}

  /** The commit under way on the committer thread, or null. */
  private java.util.concurrent.Future<?> committing;
  private final java.util.concurrent.ExecutorService committer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "soctinh-detection-commit");
    t.setDaemon(true);
    return t;
  });

  /**
   * Takes the state here (the detector is not thread-safe) and leaves the slow part to the committer
   * thread: the store taking the alerts (it may wait for the event store's own commit) and the fsyncs.
   * Detection goes on meanwhile, so an alert never waits for a commit.
   */
  private void startCommit() {
    Snapshot snap = snapshot();
    lastCommitNanos = System.nanoTime();
    committing = committer.submit(() -> {
      try {
        commit(snap);
      } catch (RuntimeException bug) {
        // nobody reads the future: say it here; the next commit tries again from the older offset
        LOG.log(System.Logger.Level.ERROR, "detection commit failed", bug);
      }
    });
  }

  private Snapshot snapshot() {
    java.io.ByteArrayOutputStream windows = new java.io.ByteArrayOutputStream();
    try (DataOutputStream d = new DataOutputStream(windows)) {
      detector.writeState(d);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e); // into memory: cannot happen
    }
    return new Snapshot(position, windows.toByteArray(), publisher.pending());
  }

  /**
   * Alerts to the store and durable there, then the state (with the alerts the store had not taken
   * when it was taken: storing one twice is harmless, same id), then the offset. Alerts raised after
   * the snapshot and stored now are raised again by a replay from its offset, with the same ids.
   */
  private void commit(Snapshot snap) {
    if (handOff()) {
      try {
        durability.persist();
      } catch (vn.soctinh.analyzer.store.StoreException e) {
        // the alerts are in the store but maybe not durable: keep the older state and offset, so a
        // crash now replays from there and raises them again (same ids); the next commit tries again
        LOG.log(System.Logger.Level.WARNING, "detection: the store could not make alerts durable: " + e.getMessage());
        return;
      }
    }
    try {
      if (stateFile != null) save(snap);
      consumer.commit(snap.upTo());
      committed.set(snap.upTo());
    } catch (IOException e) {
      stateErrors.increment();
      LOG.log(System.Logger.Level.WARNING, "saving detection state to " + stateFile + ": " + e.getMessage() + " (the offset stays at "
          + committed.get() + ")");
    }
  }

  private void save(Snapshot snap) throws IOException {
    Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
    Files.createDirectories(stateFile.toAbsolutePath().getParent());
    List<Event> pending = snap.pending();
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16))) {
      out.writeInt(snap.windows().length);
      out.write(snap.windows());
      out.writeUTF(PENDING_MAGIC);
      out.writeInt(pending.size());
      for (Event e : pending) {
        byte[] b = EcsJson.writeBytes(e);
        out.writeInt(b.length);
        out.write(b);
      }
      out.flush();
      ch.force(true);
    }
    Files.move(tmp, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  protected void finish() {
    if (committing != null) {
      try {
        committing.get(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        LOG.log(System.Logger.Level.WARNING, "detection: the last commit did not finish: " + e);
      }
    }
    committer.shutdown();
    if (position > committed.get() || publisher.pendingCount() > 0) commit(snapshot());
  }
}
