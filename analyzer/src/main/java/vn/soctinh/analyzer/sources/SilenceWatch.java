package vn.soctinh.analyzer.sources;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.pipeline.EventStage;

/**
 * Silent sources in the server: the pipeline stage that notes what arrives, and a timer that checks
 * every {@code silence.check_secs}, hands silence alerts and recoveries to the server's publisher
 * (store, incidents, live feed, notifications, like any alert), and saves what was learned to
 * {@code <data_dir>/detection/sources.json}.
 */
public final class SilenceWatch implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(SilenceWatch.class.getName());

  private final SilenceMonitor monitor;
  private final Clock clock;
  private final Path state;
  private final Publisher publish;
  private ScheduledExecutorService timer;

  /** Delivers what a check found like any alert; a failure leaves it to the next check, which finds it again. */
  public interface Publisher {
    void publish(List<Event> alerts) throws Exception;
  }

  private SilenceWatch(SilenceMonitor monitor, Clock clock, Path state, Publisher publish) {
    this.monitor = monitor;
    this.clock = clock;
    this.state = state;
    this.publish = publish;
  }

  /** Where a data directory keeps what was learned. */
  static Path stateFile(Path dataDir) {
    return dataDir.resolve("detection").resolve("sources.json");
  }

  /**
   * Starts the checks; {@code enrich} adds the agency to a source's first event, {@code publish}
   * delivers what a check finds (it may throw: the next check finds the silence again).
   */
  public static SilenceWatch start(SilenceMonitor.Settings settings, long checkSecs, Path dataDir, java.util.function.Consumer<Event> enrich,
      Publisher publish) {
    SilenceMonitor m = new SilenceMonitor(settings, enrich);
    Path state = stateFile(dataDir);
    try {
      m.load(state);
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "silent sources: " + state + " unreadable, learning again: " + e);
    }
    SilenceWatch w = new SilenceWatch(m, Clock.systemUTC(), state, publish);
    w.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "soctinh-silence");
      t.setDaemon(true);
      return t;
    });
    w.timer.scheduleWithFixedDelay(w::check, checkSecs, checkSecs, TimeUnit.SECONDS);
    return w;
  }

  /** What the pipeline runs on each batch. */
  public EventStage stage() {
    return batch -> monitor.observe(batch, clock.instant());
  }

  public SilenceMonitor monitor() {
    return monitor;
  }

  private void check() {
    try {
      List<Event> docs = monitor.check(clock.instant());
      if (!docs.isEmpty()) {
        for (Event d : docs) LOG.log(System.Logger.Level.WARNING, d.getString("rule.name"));
        publish.publish(docs);
      }
      monitor.save(state);
    } catch (Exception e) {
      // the next check tries again: a silence found now is found again then
      LOG.log(System.Logger.Level.WARNING, "silent sources: check failed: " + e);
    }
  }

  /** Status for the /sources endpoint. */
  public JsonArray status() {
    return json(monitor, clock.instant());
  }

  /**
   * The sources' state as the running server last saved it ({@code detection/sources.json}), for
   * the CLI's reports; empty when there is none.
   */
  public static JsonArray savedStatus(SilenceMonitor.Settings settings, Path dataDir) {
    SilenceMonitor m = new SilenceMonitor(settings, e -> { });
    Path state = stateFile(dataDir);
    try {
      if (java.nio.file.Files.exists(state)) m.load(state);
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "silent sources: " + state + " unreadable: " + e);
    }
    return json(m, Clock.systemUTC().instant());
  }

  private static JsonArray json(SilenceMonitor monitor, java.time.Instant now) {
    JsonArray a = new JsonArray();
    for (SilenceMonitor.Status s : monitor.status(now)) {
      a.add(new JsonObject().put("source", s.key()).put("agency", s.agency()).put("host", s.host()).put("first_seen", s.firstSeen().toString())
          .put("last_seen", s.lastSeen().toString()).put("events", s.events()).put("typical_gap_secs", s.typicalGapSecs())
          .put("silent_after_secs", s.threshold().toSeconds()).put("silent", s.silent())
          .put("silent_since", s.silentSince() == null ? null : s.silentSince().toString()));
    }
    return a;
  }

  @Override
  public void close() {
    if (timer != null) timer.shutdownNow();
    try {
      monitor.save(state);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "silent sources: saving " + state + ": " + e);
    }
  }
}
