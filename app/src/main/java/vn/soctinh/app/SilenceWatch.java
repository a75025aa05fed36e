package vn.soctinh.app;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import vn.soctinh.analyzer.event.EcsJson;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.incident.IncidentService;
import vn.soctinh.analyzer.org.OrgEnrichment;
import vn.soctinh.analyzer.pipeline.EventStage;
import vn.soctinh.analyzer.sources.SilenceMonitor;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.app.config.SocTinhConfig;

/**
 * Silent sources in the server: the pipeline stage that notes what arrives, and a timer that checks
 * every {@code silence.check_secs}, publishes silence alerts and recoveries like any alert (store,
 * incidents, live feed), and saves what was learned to {@code <data_dir>/detection/sources.json}.
 */
public final class SilenceWatch implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(SilenceWatch.class.getName());

  private final SilenceMonitor monitor;
  private final Clock clock;
  private final Path state;
  private final EventStore store;
  private final IncidentService incidents;
  private final Vertx vertx;
  private final java.util.function.Consumer<List<Event>> published;
  private ScheduledExecutorService timer;

  private SilenceWatch(SilenceMonitor monitor, Clock clock, Path state, EventStore store, IncidentService incidents, Vertx vertx,
      java.util.function.Consumer<List<Event>> published) {
    this.published = published;
    this.monitor = monitor;
    this.clock = clock;
    this.state = state;
    this.store = store;
    this.incidents = incidents;
    this.vertx = vertx;
  }

  static SilenceWatch start(SocTinhConfig.Silence c, Path dataDir, OrgEnrichment orgs, EventStore store, IncidentService incidents, Vertx vertx,
      java.util.function.Consumer<List<Event>> published) throws IOException {
    Map<String, Duration> expected = new LinkedHashMap<>();
    c.expectedSecs().forEach((k, v) -> expected.put(k, Duration.ofSeconds(v)));
    SilenceMonitor m = new SilenceMonitor(new SilenceMonitor.Settings(Duration.ofSeconds(c.minSecs()), Duration.ofSeconds(c.maxSecs()), c.factor(),
        expected, c.maxSources(), c.maxSourcesPerAgency()), orgs::enrich);
    Path state = dataDir.resolve("detection").resolve("sources.json");
    try {
      m.load(state);
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "silent sources: " + state + " unreadable, learning again: " + e);
    }
    SilenceWatch w = new SilenceWatch(m, Clock.systemUTC(), state, store, incidents, vertx, published);
    w.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "soctinh-silence");
      t.setDaemon(true);
      return t;
    });
    w.timer.scheduleWithFixedDelay(w::check, c.checkSecs(), c.checkSecs(), TimeUnit.SECONDS);
    return w;
  }

  /** What the pipeline runs on each batch. */
  EventStage stage() {
    return batch -> monitor.observe(batch, clock.instant());
  }

  SilenceMonitor monitor() {
    return monitor;
  }

  private void check() {
    try {
      List<Event> docs = monitor.check(clock.instant());
      if (!docs.isEmpty()) {
        store.index(DocKind.ALERTS, docs);
        if (incidents != null) incidents.onAlerts(docs);
        JsonArray out = new JsonArray();
        for (Event d : docs) out.add(new JsonObject(EcsJson.write(d)));
        vertx.eventBus().publish(Detection.ALERTS_ADDRESS, out);
        for (Event d : docs) LOG.log(System.Logger.Level.WARNING, d.getString("rule.name"));
        published.accept(docs);
      }
      monitor.save(state);
    } catch (Exception e) {
      // the next check tries again: a silence found now is found again then
      LOG.log(System.Logger.Level.WARNING, "silent sources: check failed: " + e);
    }
  }

  /** Status for the /sources endpoint. */
  JsonArray status() {
    return json(monitor, clock.instant());
  }

  /**
   * The sources' state as the running server last saved it ({@code detection/sources.json}), for
   * the CLI's reports; empty when there is none.
   */
  public static JsonArray savedStatus(SocTinhConfig.Silence c, Path dataDir) {
    Map<String, Duration> expected = new LinkedHashMap<>();
    c.expectedSecs().forEach((k, v) -> expected.put(k, Duration.ofSeconds(v)));
    SilenceMonitor m = new SilenceMonitor(new SilenceMonitor.Settings(Duration.ofSeconds(c.minSecs()), Duration.ofSeconds(c.maxSecs()), c.factor(),
        expected, c.maxSources(), c.maxSourcesPerAgency()), e -> { });
    Path state = dataDir.resolve("detection").resolve("sources.json");
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
