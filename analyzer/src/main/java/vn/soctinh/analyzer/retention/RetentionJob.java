package vn.soctinh.analyzer.retention;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import vn.soctinh.analyzer.store.StoreException;

/**
 * The daily pass in the server: at each check it looks whether today's run is due ({@code run_at}
 * passed in the configured zone ({@code timezone}), and no pass recorded for today in {@code <data_dir>/retention/last-run.json}),
 * and if so plans with the holds of that moment and runs the plan. A server stopped at {@code run_at}
 * catches up at its next start; a restart never runs it twice a day. A failed pass is tried again
 * after {@link #RETRY}.
 */
public final class RetentionJob {
  private static final System.Logger LOG = System.getLogger(RetentionJob.class.getName());
  static final Duration RETRY = Duration.ofMinutes(15);
  public static final String WHO = "system:retention";

  private final RetentionSettings config;
  private final RetentionPlanner planner;
  private final RetentionRun run;
  private final Path state;
  private final Clock clock;
  private Instant retryAfter = Instant.MIN;
  private volatile RetentionRun.Result last;

  public RetentionJob(RetentionSettings config, RetentionPlanner planner, RetentionRun run, Path dataDir, Clock clock) {
    this.config = config;
    this.planner = planner;
    this.run = run;
    this.state = dataDir.resolve("retention").resolve("last-run.json");
    this.clock = clock;
  }

  /** Whether a pass is due at {@code now}. */
  public boolean due(Instant now) {
    if (!config.enabled() || now.isBefore(retryAfter)) return false;
    LocalDateTime local = LocalDateTime.ofInstant(now, planner.policy().zone());
    if (local.toLocalTime().isBefore(config.runAt())) return false;
    LocalDate done = lastDate();
    return done == null || done.isBefore(local.toLocalDate());
  }

  /** One check: runs today's pass if due; returns it, or null when nothing was due. */
  public synchronized RetentionRun.Result check() {
    Instant now = clock.instant();
    if (!due(now)) return null;
    try {
      RetentionRun.Result r = runNow(WHO);
      if (r.failure() != null) {
        retryAfter = now.plus(RETRY);
        return r;
      }
      writeState(LocalDateTime.ofInstant(now, planner.policy().zone()).toLocalDate(), r);
      return r;
    } catch (StoreException | IOException | RuntimeException e) {
      retryAfter = now.plus(RETRY);
      LOG.log(System.Logger.Level.WARNING, "retention: the daily pass failed, tried again in " + RETRY.toMinutes() + " min: " + e.getMessage());
      return null;
    }
  }

  /** A pass now, for {@code who} (the job, or an admin in the console). */
  public synchronized RetentionRun.Result runNow(String who) throws StoreException, IOException {
    RetentionPlan plan = planner.plan(clock.instant(), false);
    RetentionRun.Result r = run.apply(plan, who);
    last = r;
    LOG.log(System.Logger.Level.INFO, "retention: " + r.total() + " documents deleted by " + who + (r.failure() == null ? "" : "; stopped: " + r.failure()));
    return r;
  }

  /** The plan now, counted (a dry run). */
  public RetentionPlan plan() throws StoreException {
    return planner.plan(clock.instant(), true);
  }

  /** The last pass this process ran, or null. */
  public RetentionRun.Result last() {
    return last;
  }

  private LocalDate lastDate() {
    try {
      if (!Files.exists(state)) return null;
      return LocalDate.parse(new JsonObject(Files.readString(state)).getString("date"));
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "retention: " + state + " unreadable (" + e.getMessage() + "): today's pass runs");
      return null;
    }
  }

  private void writeState(LocalDate date, RetentionRun.Result r) throws IOException {
    Files.createDirectories(state.getParent());
    Path tmp = state.resolveSibling("last-run.json.tmp");
    Files.writeString(tmp, new JsonObject().put("date", date.toString()).put("at", r.at().toString()).put("who", r.who()).put("deleted", r.total())
        .encodePrettily());
    Files.move(tmp, state, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
