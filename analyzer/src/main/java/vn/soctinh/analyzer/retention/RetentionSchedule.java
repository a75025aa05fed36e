package vn.soctinh.analyzer.retention;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import vn.soctinh.analyzer.audit.AuditLog;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.org.OrgDirectory;
import vn.soctinh.analyzer.pipeline.AnalyzerPipeline;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.EventStore;

/**
 * Retention in the server: the daily pass ({@link RetentionJob}, checked every
 * {@code retention.check_secs}) and the disk watermark (every {@code retention.disk_check_secs}),
 * on one timer thread; the console's view of both. Deletions of events become durable at the
 * pipeline's next commit (it is their only committer), which the pass asks for.
 */
public final class RetentionSchedule implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RetentionSchedule.class.getName());

  private final RetentionJob job;
  private final DiskWatermark disk;
  private final ScheduledExecutorService timer;

  private RetentionSchedule(RetentionJob job, DiskWatermark disk, ScheduledExecutorService timer) {
    this.job = job;
    this.disk = disk;
    this.timer = timer;
  }

  /**
   * Starts the pass and the disk watermark on one timer thread.
   *
   * @param journalDir the journal's directory, whose consumed segments older than {@code keepConsumedSecs} go too
   * @param alerts where the disk watermark's alert goes (the store, the live feed, notifications)
   * @param zoneName the zone {@code runAt} is read in, for the start log
   */
  public static RetentionSchedule start(RetentionSettings settings, Path dataDir, Path journalDir, long keepConsumedSecs, String zoneName,
      RetentionPolicy policy, EventStore store, Supplier<OrgDirectory> orgs, AnalyzerPipeline pipeline, MeterRegistry registry,
      Consumer<List<Event>> alerts) {
    Supplier<DiskWatermark.Usage> usage = DiskWatermark.Usage.of(dataDir);
    RetentionPlanner planner = new RetentionPlanner(store, policy, orgs, journalDir, keepConsumedSecs, usage);
    AuditLog audit = new AuditLog(dataDir.resolve("audit"), Clock.systemUTC());
    RetentionRun run = new RetentionRun(store, audit, kind -> durable(store, pipeline, kind));
    RetentionJob job = new RetentionJob(settings, planner, run, dataDir, Clock.systemUTC());
    DiskWatermark disk = new DiskWatermark(settings.disk(), usage, registry, alerts, Clock.systemUTC());
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "soctinh-retention");
      t.setDaemon(true);
      return t;
    });
    if (settings.enabled()) {
      timer.scheduleWithFixedDelay(job::check, settings.checkSecs(), settings.checkSecs(), TimeUnit.SECONDS);
      LOG.log(System.Logger.Level.INFO, "retention: daily at " + settings.runAt() + " (" + zoneName + "), pack "
          + (policy.pack() == null ? "none" : policy.pack().id()) + ", days per level " + policy.levels() + ", no level " + policy.defaultDays());
    } else {
      LOG.log(System.Logger.Level.WARNING, "retention.enabled is false: nothing is deleted by age (the disk fills up)");
    }
    timer.scheduleWithFixedDelay(disk::check, 0, settings.disk().checkSecs(), TimeUnit.SECONDS);
    return new RetentionSchedule(job, disk, timer);
  }

  private static void durable(EventStore store, AnalyzerPipeline pipeline, DocKind kind) {
    if (pipeline != null) {
      pipeline.requestCommit();
      return;
    }
    try {
      store.flush(kind);
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "retention: committing the deletions of " + kind.label() + ": " + e.getMessage());
    }
  }

  public RetentionJob job() {
    return job;
  }

  public DiskWatermark disk() {
    return disk;
  }

  @Override
  public void close() {
    timer.shutdown(); // a pass under way finishes (not interrupted in the middle of a store write)
    try {
      if (!timer.awaitTermination(60, TimeUnit.SECONDS)) LOG.log(System.Logger.Level.WARNING, "retention: a pass is still running at shutdown");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
