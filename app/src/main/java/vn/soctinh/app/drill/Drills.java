package vn.soctinh.app.drill;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import vn.soctinh.analyzer.drill.DrillBook;
import vn.soctinh.analyzer.drill.DrillFacts;
import vn.soctinh.analyzer.drill.DrillPlan;
import vn.soctinh.analyzer.drill.DrillScenario;
import vn.soctinh.analyzer.drill.DrillScenarioParser;
import vn.soctinh.analyzer.drill.DrillScore;
import vn.soctinh.analyzer.drill.DrillView;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.collector.Collector;
import vn.soctinh.collector.journal.Transport;
import vn.soctinh.collector.syslog.SyslogSender;
import vn.soctinh.console.ConsoleBackend;

/**
 * The server's drills: scenarios from {@code drills.scenarios_dir} (read again on each use, so an
 * edited file counts at once; a broken one is reported and left out), plans in the data directory,
 * injection into the server's own syslog TCP (or RELP) listener over loopback, plans started when
 * their window opens, and the board's score read from the store.
 */
public final class Drills implements ConsoleBackend.Drills, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Drills.class.getName());
  private final Path scenariosDir;
  private final DrillBook book;
  private final EventStore store;
  private final Supplier<Collector.Bound> listener;
  private final Clock clock;
  private final java.time.ZoneId zone;
  private final ExecutorService injector = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "soctinh-drill-injector");
    t.setDaemon(true);
    return t;
  });
  private volatile List<String> errors = List.of();

  public Drills(Path scenariosDir, Path dataDir, EventStore store, Supplier<Collector.Bound> listener, Clock clock,
      java.time.ZoneId zone) throws IOException {
    this.scenariosDir = scenariosDir;
    this.zone = zone;
    this.book = DrillBook.open(dataDir);
    this.store = store;
    this.listener = listener;
    this.clock = clock;
  }

  /**
   * The drills area, from its section ({@code drills:}): scenarios, plans in the data directory,
   * injection through the listener {@code drills.inject_via} names among {@code bound} (else the
   * syslog TCP listener), and a check every 5 s for plans whose window opened.
   */
  public static Drills start(vn.soctinh.app.config.SocTinhConfig config, EventStore store, List<Collector.Bound> bound, io.vertx.core.Vertx vertx)
      throws IOException {
    String via = config.drills().injectVia();
    Supplier<Collector.Bound> listener = () -> {
      for (Collector.Bound b : bound) {
        boolean stream = b.transport() == Transport.TCP || b.transport() == Transport.RELP;
        if (stream && (via.isEmpty() ? b.transport() == Transport.TCP : b.name().equals(via))) return b;
      }
      return null;
    };
    Drills d = new Drills(config.drills().scenariosDir(), config.dataDir(), store, listener, Clock.systemUTC(), config.zone());
    vertx.setPeriodic(5_000, t -> vertx.executeBlocking(() -> {
      d.startDue();
      return null;
    }, false));
    return d;
  }

  @Override
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

  @Override
  public List<String> scenarioErrors() {
    scenarios();
    return errors;
  }

  private DrillScenario scenario(String id) {
    for (DrillScenario s : scenarios()) if (s.id().equals(id)) return s;
    return null;
  }

  @Override
  public List<DrillPlan> plans() {
    return book.all();
  }

  @Override
  public List<String> seen() throws Exception {
    return DrillFacts.seen(store);
  }

  @Override
  public DrillPlan add(DrillPlan plan) throws IOException {
    return book.add(plan);
  }

  @Override
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

  @Override
  public DrillPlan start(String id, String by) throws IOException {
    DrillPlan plan = book.get(id).orElseThrow(() -> new IllegalStateException("no drill plan " + id));
    if (!plan.status().equals("planned") && !plan.status().equals("failed")) {
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
      if (p.autoStart() && p.status().equals("planned") && p.windowStart() != null && !now.isBefore(p.windowStart())
          && (p.windowEnd() == null || now.isBefore(p.windowEnd()))) {
        try {
          start(p.id(), "schedule");
        } catch (IOException | RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "drill " + p.id() + ": scheduled start failed: " + e.getMessage());
        }
      }
    }
  }

  @Override
  public DrillPlan referee(String id, DrillScore.RefereeEntry entry) throws IOException {
    return book.update(id, p -> p.withReferee(entry)).orElseThrow(() -> new IllegalStateException("no drill plan " + id));
  }

  @Override
  public DrillPlan notes(String id, Map<String, String> notes) throws IOException {
    return book.update(id, p -> p.withNotes(notes)).orElseThrow(() -> new IllegalStateException("no drill plan " + id));
  }

  @Override
  public void close() {
    injector.shutdownNow();
  }
}
