package vn.soctinh.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
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
import vn.soctinh.app.config.ConfigException;
import vn.soctinh.app.config.SocTinhConfig;
import vn.soctinh.app.retention.DiskWatermark;
import vn.soctinh.app.retention.RetentionJob;
import vn.soctinh.app.retention.RetentionPlanner;
import vn.soctinh.app.retention.RetentionPolicy;
import vn.soctinh.app.retention.RetentionRun;
import vn.soctinh.console.ConsoleBackend;

/**
 * Retention in the server: the daily pass ({@link RetentionJob}, checked every
 * {@code retention.check_secs}) and the disk watermark (every {@code retention.disk_check_secs}),
 * on one timer thread; the console's view of both. Deletions of events become durable at the
 * pipeline's next commit (it is their only committer), which the pass asks for.
 */
final class RetentionSchedule implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RetentionSchedule.class.getName());

  private final RetentionJob job;
  private final DiskWatermark disk;
  private final ScheduledExecutorService timer;

  private RetentionSchedule(RetentionJob job, DiskWatermark disk, ScheduledExecutorService timer) {
    this.job = job;
    this.disk = disk;
    this.timer = timer;
  }

  /** The retention figures of the configuration, checked before anything starts (a bad figure: its key and line). */
  static RetentionPolicy policy(SocTinhConfig c) throws IOException {
    try {
      return RetentionPolicy.of(c);
    } catch (ConfigException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** @param alerts where the disk watermark's alert goes (the store, the live feed, notifications) */
  static RetentionSchedule start(SocTinhConfig c, RetentionPolicy policy, EventStore store, Supplier<OrgDirectory> orgs, AnalyzerPipeline pipeline,
      MeterRegistry registry, Consumer<List<Event>> alerts) {
    Supplier<DiskWatermark.Usage> usage = DiskWatermark.Usage.of(c.dataDir());
    RetentionPlanner planner = new RetentionPlanner(store, policy, orgs, c.journal().dir(), c.journal().keepConsumedSecs(), usage);
    AuditLog audit = new AuditLog(c.dataDir().resolve("audit"), Clock.systemUTC());
    RetentionRun run = new RetentionRun(store, audit, kind -> durable(store, pipeline, kind));
    RetentionJob job = new RetentionJob(c.retention(), planner, run, c.dataDir(), Clock.systemUTC());
    DiskWatermark disk = new DiskWatermark(c.retention().disk(), usage, registry, alerts, Clock.systemUTC());
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "soctinh-retention");
      t.setDaemon(true);
      return t;
    });
    if (c.retention().enabled()) {
      timer.scheduleWithFixedDelay(job::check, c.retention().checkSecs(), c.retention().checkSecs(), TimeUnit.SECONDS);
      LOG.log(System.Logger.Level.INFO, "retention: daily at " + c.retention().runAt() + " (" + c.timezone() + "), pack "
          + (policy.pack() == null ? "none" : policy.pack().id()) + ", days per level " + policy.levels() + ", no level " + policy.defaultDays());
    } else {
      LOG.log(System.Logger.Level.WARNING, "retention.enabled is false: nothing is deleted by age (the disk fills up)");
    }
    timer.scheduleWithFixedDelay(disk::check, 0, c.retention().disk().checkSecs(), TimeUnit.SECONDS);
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

  RetentionJob job() {
    return job;
  }

  DiskWatermark disk() {
    return disk;
  }

  /** What the console shows and runs. */
  ConsoleBackend.Retention console() {
    return new ConsoleBackend.Retention() {
      @Override
      public JsonObject plan() throws Exception {
        return job.plan().toJson();
      }

      @Override
      public JsonObject run(String who) throws Exception {
        RetentionRun.Result r = job.runNow(who);
        JsonArray rows = new JsonArray();
        for (RetentionRun.Deleted d : r.deleted()) {
          if (d.deleted() == 0) continue;
          rows.add(new JsonObject().put("agency", d.row().agency()).put("kind", d.row().kind().label()).put("cutoff", d.row().cutoff().toString())
              .put("deleted", d.deleted()));
        }
        return new JsonObject().put("at", r.at().toString()).put("who", r.who()).put("deleted", r.total()).put("rows", rows).put("failure", r.failure());
      }
    };
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
