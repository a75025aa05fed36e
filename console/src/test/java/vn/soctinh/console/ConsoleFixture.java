package vn.soctinh.console;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import vn.soctinh.analyzer.audit.AuditLog;
import vn.soctinh.analyzer.detect.sigma.SigmaRule;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.incident.Incident;
import vn.soctinh.analyzer.incident.IncidentRules;
import vn.soctinh.analyzer.incident.IncidentService;
import vn.soctinh.analyzer.org.OrgDirectory;
import vn.soctinh.analyzer.org.OrgFile;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.lucene.LuceneEventStore;
import vn.soctinh.console.auth.Role;
import vn.soctinh.console.auth.UserStore;

/**
 * A real console over TLS on loopback, on a real Lucene store holding events, alerts and incidents of
 * two agencies (so-khcn with its unit ttcds, and so-tai-chinh), the organisations of
 * deploy/org.example.yml, the regulation packs of rules/regulation and a real audit trail. Users of
 * every role. The clock can be moved (session expiry).
 */
public final class ConsoleFixture implements AutoCloseable {
  public static final String PASSWORD = "Mật-khẩu-đủ-dài-2026";
  /** Text only the other agency's documents carry: a viewer must never see it. */
  public static final String OTHER_MARK = "STC-ONLY-7f3a";

  public final Path dir;
  public final MovableClock clock;
  public final Vertx vertx;
  public final LuceneEventStore store;
  public final IncidentService incidents;
  public final AuditLog audit;
  public final ConsoleServer server;
  public final Incident ownIncident;
  public final Incident otherIncident;
  public final Set<String> disabledRules = new HashSet<>();
  /** What the status supplier answers; a test may replace it. */
  public volatile JsonObject status = new JsonObject().put("server", new JsonObject().put("running", true))
      .put("sources", new JsonObject().put("known", 2).put("silent", new JsonArray().add(new JsonObject().put("source", "<img src=x onerror=alert(1)>"))));

  public ConsoleFixture(Path dir) throws Exception {
    this(dir, ConsoleSettings.forTests(dir));
  }

  public ConsoleFixture(Path dir, ConsoleSettings settings) throws Exception {
    this(dir, settings, null);
  }

  /** With a retention view (the server's is built in the app module; tests give their own). */
  public ConsoleFixture(Path dir, ConsoleSettings settings, ConsoleBackend.Retention retention) throws Exception {
    this.dir = dir;
    this.clock = new MovableClock(Instant.now());
    Path root = Path.of("").toAbsolutePath().getParent();
    OrgDirectory orgs = OrgFile.parseYaml(Files.readString(root.resolve("deploy/org.example.yml")), "org.example.yml").directory();
    this.store = LuceneEventStore.open(dir.resolve("store"));
    this.audit = new AuditLog(dir.resolve("audit"), clock);
    IncidentRules rules = new IncidentRules(IncidentRules.load(root.resolve("rules/regulation")), "legacy-2017");
    this.incidents = new IncidentService(store, rules, IncidentService.Grouping.defaults(), clock).auditTo(audit)
        .evidenceIn(dir.resolve("evidence"), 1 << 20);
    Instant now = clock.instant();
    store.index(DocKind.EVENTS, List.of(
        event("ev-own", now.minusSeconds(60), "so-khcn", "Failed password for root from 203.0.113.9"),
        event("ev-unit", now.minusSeconds(50), "ttcds", "Accepted password for bob"),
        event("ev-other", now.minusSeconds(40), "so-tai-chinh", "Failed password for admin " + OTHER_MARK)));
    Event ownAlert = alert("alert-own", now.minusSeconds(30), "so-khcn", "SSH brute force");
    Event otherAlert = alert("alert-other", now.minusSeconds(20), "so-tai-chinh", "SSH brute force " + OTHER_MARK);
    store.index(DocKind.ALERTS, List.of(ownAlert, otherAlert));
    store.commit("1");
    store.refresh();
    this.ownIncident = incidents.fromAlert(ownAlert);
    this.otherIncident = incidents.fromAlert(otherAlert);
    store.refresh();

    UserStore users = new UserStore(dir.resolve("console"), clock);
    users.add("admin", Role.ADMIN, null, PASSWORD.toCharArray(), false);
    users.add("analyst", Role.ANALYST, null, PASSWORD.toCharArray(), false);
    users.add("viewer", Role.AGENCY_VIEWER, "so-khcn", PASSWORD.toCharArray(), false);
    users.add("auditor", Role.AUDITOR, null, PASSWORD.toCharArray(), false);

    JsonArray sources = new JsonArray()
        .add(new JsonObject().put("source", "10.10.1.10").put("agency", "so-khcn").put("host", "web-01").put("last_seen", now.toString())
            .put("events", 10).put("silent", true))
        .add(new JsonObject().put("source", "10.20.1.1").put("agency", "so-tai-chinh").put("host", OTHER_MARK).put("last_seen", now.toString())
            .put("events", 3).put("silent", true));
    ConsoleBackend.Rules ruleView = new ConsoleBackend.Rules() {
      @Override
      public List<SigmaRule> list() {
        return List.of();
      }

      @Override
      public List<String> errors() {
        return List.of("rules/sigma/broken.yml:3:1: bad condition");
      }

      @Override
      public Set<String> disabled() {
        return Set.copyOf(disabledRules);
      }

      @Override
      public void setEnabled(String ruleId, boolean enabled) {
        if (enabled) disabledRules.remove(ruleId);
        else disabledRules.add(ruleId);
      }

      @Override
      public boolean test(String ruleId, Event e) {
        return false;
      }
    };
    AtomicReference<OrgDirectory> orgRef = new AtomicReference<>(orgs);
    ConsoleBackend backend = ConsoleBackendBuilder.builder().store(store).incidents(incidents).orgs(orgRef::get).audit(audit).sources(() -> sources)
        .rules(ruleView).metrics(() -> "soctinh_test_metric 1\n").health(() -> new JsonObject().put("status", "ok"))
        .intake(() -> new JsonObject().put("host", "soc.thunghiem.gov.vn").put("tls_port", 6514).put("fingerprint", "AB:CD"))
        .operations(new ConsoleBackend.Operations(() -> status, retention)).build();
    this.vertx = Vertx.vertx();
    this.server = ConsoleServer.start(vertx, settings, backend, dir, clock);
  }

  static Event event(String id, Instant at, String org, String message) {
    return new Event().put("@timestamp", at).put("event.id", id).put("organization.id", org).put("message", message)
        .put("event.original", "<38>" + message).put("event.action", "ssh_login_failed").put("host.name", "web-01");
  }

  static Event alert(String id, Instant at, String org, String title) {
    return new Event().put("@timestamp", at).put("event.id", id).put("event.kind", "alert").put("event.start", at).put("event.end", at)
        .put("rule.id", "r-" + id).put("rule.name", title).put("labels.level", "high").put("labels.priority", "P2").put("organization.id", org)
        .put("labels.group_source_ip", "203.0.113.9").put("soctinh.event_ids", List.of("ev-own"));
  }

  public String base() {
    return (server.tls() ? "https" : "http") + "://127.0.0.1:" + server.port();
  }

  public Client client() throws Exception {
    return new Client(base(), server.certFile(), server.tls() ? "__Host-soctinh_sid" : "soctinh_sid");
  }

  public Client loggedIn(String user) throws Exception {
    Client c = client();
    Client.Response r = c.login(user, PASSWORD);
    if (r.status() != 200) throw new IllegalStateException("login of " + user + ": " + r);
    return c;
  }

  @Override
  public void close() throws Exception {
    server.close();
    vertx.close().toCompletionStage().toCompletableFuture().get();
    store.close();
  }

  /** A clock tests move forward. */
  public static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant start) {
      this.now = start;
    }

    public void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
