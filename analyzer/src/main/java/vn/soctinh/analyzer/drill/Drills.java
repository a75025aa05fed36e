package vn.soctinh.analyzer.drill;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.collector.Collector;
import vn.soctinh.collector.journal.Transport;
import vn.soctinh.collector.syslog.SyslogSender;

/**
 * The server's drills: scenarios from {@code drills.scenarios_dir} (read again on each use, so an
 * edited file counts at once; a broken one is reported and left out), plans in the data directory,
 * injection into the server's own syslog TCP (or RELP) listener over loopback, plans started when
 * their window opens, and the board's score read from the store. The console reads and acts on it
 * through {@code ConsoleBackend.Drills.of}.
 */
public final class Drills implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Drills.class.getName());
  private final Path scenariosDir;
  private final DrillBook book;
  private final EventStore store;
  private final Supplier<Collector.Bound> listener;
  private final Clock clock;
  private final ZoneId zone;
  private final ExecutorService injector = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "soctinh-drill-injector");
    t.setDaemon(true);
    return t;
  });
  private volatile List<String> errors = List.of();

  /**
   * Section {@code drills:}: where scenarios are, which addresses may mark events as a drill
   * ({@code injectors}; anyone else's mark is refused), and the listener the server's own injector
   * sends to (a syslog TCP or RELP listener's name; empty: the syslog TCP listener).
   */
  public record Settings(Path scenariosDir, List<String> injectors, String injectVia) {}

  public Drills(Path scenariosDir, Path dataDir, EventStore store, Supplier<Collector.Bound> listener, Clock clock,
      ZoneId zone) throws IOException {
    this.scenariosDir = scenariosDir;
    this.zone = zone;
    this.book = DrillBook.open(dataDir);
    this.store = store;
    this.listener = listener;
    this.clock = clock;
  }

  /**
   * The drills area, from its section ({@code drills:}): scenarios, plans in {@code dataDir},
   * injection through the listener {@code drills.inject_via} names among {@code bound} (else the
   * syslog TCP listener), and a check every 5 s for plans whose window opened.
   */
  public static Drills start(Settings settings, Path dataDir, ZoneId zone, EventStore store, List<Collector.Bound> bound, Vertx vertx)
      throws IOException {
    String via = settings.injectVia();
    Supplier<Collector.Bound> listener = () -> {
      for (Collector.Bound b : bound) {
        boolean stream = b.transport() == Transport.TCP || b.transport() == Transport.RELP;
        if (stream && (via.isEmpty() ? b.transport() == Transport.TCP : b.name().equals(via))) return b;
      }
      return null;
    };
    Drills d = new Drills(settings.scenariosDir(), dataDir, store, listener, Clock.systemUTC(), zone);
    vertx.setPeriodic(5_000, t -> vertx.executeBlocking(() -> {
      d.startDue();
      return null;
    }, false));
    return d;
  }

  /** The scenarios that load now; the broken ones are in {@link #scenarioErrors()}. */
  public List<DrillScenario> scenarios() {
    try {
      DrillScenarioParser.Loaded l = DrillScenarioParser.readAll(scenariosDir);
      errors = l.problems();
      return List.copyOf(l.scenarios().values());
    } catch (IOException e) {
      errors = List.of(scenariosDir + ": " + e.getMessage());
      return List.of();
    }
  }

  /** Scenario files that failed to load, as file:line:col messages. */
  public List<String> scenarioErrors() {
    scenarios();
    return errors;
  }

  private DrillScenario scenario(String id) {
    for (DrillScenario s : scenarios()) if (s.id().equals(id)) return s;
    return null;
  }

  public List<DrillPlan> plans() {
    return book.all();
  }

  /** Drill ids found in the store's events (also those run from the command line, without a plan). */
  public List<String> seen() throws Exception {
    return DrillFacts.seen(store);
  }

  public DrillPlan add(DrillPlan plan) throws IOException {
    return book.add(plan);
  }

  /** The plan, scenario and live score of a drill, or null when there is no such drill. */
  public DrillView view(String id) throws Exception {
    DrillPlan plan = book.get(id).orElse(null);
    DrillFacts facts = DrillFacts.read(store, id);
    String scenarioId = plan != null ? plan.scenarioId() : facts.scenarioId();
    if (scenarioId == null) return null;
    DrillScenario sc = scenario(scenarioId);
    if (sc == null) return null;
    Map<String, String> vars = DrillInjector.variables(sc, plan == null ? Map.of() : plan.variables());
    return new DrillView(plan, sc, vars, facts.score(sc, plan == null ? List.of() : plan.referee(), clock.instant()));
  }

  /** Starts injecting a planned (or failed) drill now, into the server's own listener; returns at once. */
  public DrillPlan start(String id, String by) throws IOException {
    DrillPlan plan = book.get(id).orElseThrow(() -> new IllegalStateException("no drill plan " + id));
    if (!plan.status().equals(DrillPlan.PLANNED) && !plan.status().equals("failed")) {
      throw new IllegalStateException("the drill " + id + " is " + plan.status() + ", not planned");
    }
    DrillScenario sc = scenario(plan.scenarioId());
    if (sc == null) throw new IllegalStateException("the scenario " + plan.scenarioId() + " is missing or broken: " + errors);
    Collector.Bound l = listener.get();
    if (l == null) throw new IllegalStateException("no syslog TCP or RELP listener to inject into (drills.inject_via)");
    Map<String, String> vars = DrillInjector.variables(sc, plan.variables());
    DrillPlan running = book.update(id, p -> p.withStatus("running", clock.instant(), null, null)).orElseThrow();
    // the listener may be bound to every address: the injector sends over loopback, which drills.injectors trusts by default
    InetSocketAddress a = l.address();
    String host = a.getAddress() == null || a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
    SyslogSender.Options target = SyslogSender.Options.of(l.transport() == Transport.RELP ? SyslogSender.Transport.RELP : SyslogSender.Transport.TCP,
        host, a.getPort()).withFraming(SyslogSender.Framing.OCTET_COUNTING);
    injector.submit(() -> {
      String error;
      try {
        DrillInjector.Result r = DrillInjector.run(sc, id, vars, target, plan.speed(), zone, null);
        error = r.error();
      } catch (Exception e) {
        error = e.toString();
      }
      String err = error;
      try {
        book.update(id, p -> p.withStatus(err == null ? "injected" : "failed", p.startedAt(), clock.instant(), err));
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "drill " + id + ": cannot record the end of the injection: " + e);
      }
      if (err != null) LOG.log(System.Logger.Level.WARNING, "drill " + id + ": injection failed: " + err);
    });
    return running;
  }

  /** Starts every planned drill marked auto_start whose window has opened (called periodically). */
  public void startDue() {
    Instant now = clock.instant();
    for (DrillPlan p : book.all()) {
      if (p.autoStart() && p.status().equals(DrillPlan.PLANNED) && p.windowStart() != null && !now.isBefore(p.windowStart())
          && (p.windowEnd() == null || now.isBefore(p.windowEnd()))) {
        try {
          start(p.id(), "schedule");
        } catch (IOException | RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "drill " + p.id() + ": scheduled start failed: " + e.getMessage());
        }
      }
    }
  }

  public DrillPlan referee(String id, DrillScore.RefereeEntry entry) throws IOException {
    return book.update(id, p -> p.withReferee(entry)).orElseThrow(() -> new IllegalStateException("no drill plan " + id));
  }

  public DrillPlan notes(String id, Map<String, String> notes) throws IOException {
    return book.update(id, p -> p.withNotes(notes)).orElseThrow(() -> new IllegalStateException("no drill plan " + id));
  }

  @Override
  public void close() {
    injector.shutdownNow();
  }
}
