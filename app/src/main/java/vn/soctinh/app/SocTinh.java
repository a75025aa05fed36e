package vn.soctinh.app;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import vn.soctinh.analyzer.drill.Drills;
import vn.soctinh.analyzer.pipeline.AnalyzerPipeline;
import vn.soctinh.app.config.SocTinhConfig;
import vn.soctinh.collector.Collector;
import vn.soctinh.collector.journal.Journal;
import vn.soctinh.collector.source.SourceTable;
import vn.soctinh.console.report.ReportSchedule;

/**
 * The whole of SOC Tỉnh in one process, wired in one place: the metrics registry and the journal,
 * then each area from its own config sections ({@link Analyzer}, {@link Intake} for the listeners,
 * the drills, {@link Console}, {@link ReportSchedule}). Tests build the same graph with a different config.
 */
public final class SocTinh implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(SocTinh.class.getName());

  private final SocTinhConfig config;
  private final PrometheusMeterRegistry registry;
  private final AtomicReference<SourceTable> sources;
  private final Journal journal;
  private final Collector collector;
  private final Vertx vertx;
  private final HttpServer http;
  private final List<Collector.Bound> bound;
  private final Analyzer analyzer;
  private final ClusterJournal cluster;
  private vn.soctinh.console.ConsoleServer console;
  private ReportSchedule reports;
  private Drills drills;
  /** Held while running, released last on close. */
  private vn.soctinh.app.upgrade.DataDirLock dataLock;
  private boolean closed;
  private final java.time.Instant started = java.time.Instant.now();

  private SocTinh(SocTinhConfig config, PrometheusMeterRegistry registry, AtomicReference<SourceTable> sources, Journal journal,
      Collector collector, Vertx vertx, HttpServer http, List<Collector.Bound> bound, Analyzer analyzer, ClusterJournal cluster) {
    this.config = config;
    this.registry = registry;
    this.sources = sources;
    this.journal = journal;
    this.collector = collector;
    this.vertx = vertx;
    this.http = http;
    this.bound = bound;
    this.analyzer = analyzer;
    this.cluster = cluster;
  }

  /** Starts everything the config enables; on failure, closes what was started and rethrows. */
  public static SocTinh start(SocTinhConfig config) throws IOException, InterruptedException {
    Files.createDirectories(config.dataDir());
    // before anything is opened: one server per data directory, and none on a later release's
    vn.soctinh.app.upgrade.DataDirLock dataLock = vn.soctinh.app.upgrade.DataDirLock.acquire(config.dataDir());
    SocTinh s;
    try {
      boolean mark = vn.soctinh.app.upgrade.DataDirFormat.checkForServer(config.dataDir());
      s = start(config, dataLock);
      if (!mark) return s;
    } catch (IOException | InterruptedException | RuntimeException e) {
      dataLock.close();
      throw e;
    }
    // marked only once every part opened: a part a later release wrote leaves the directory as it was
    try {
      vn.soctinh.app.upgrade.DataDirFormat.mark(config.dataDir());
    } catch (IOException e) {
      s.close();
      throw e;
    }
    LOG.log(System.Logger.Level.INFO, "data directory " + config.dataDir() + ": marked format " + vn.soctinh.app.upgrade.DataDirFormat.FORMAT
        + " (it had no format marker: new, or written by an earlier release)");
    return s;
  }

  private static SocTinh start(SocTinhConfig config, vn.soctinh.app.upgrade.DataDirLock dataLock) throws IOException, InterruptedException {
    for (String note : vn.soctinh.app.config.TrustNotes.of(config)) LOG.log(System.Logger.Level.WARNING, "trust: " + note);
    vn.soctinh.app.config.Installation home = vn.soctinh.app.config.Installation.current();
    LOG.log(System.Logger.Level.INFO, "shipped content: " + home.dir() + ", found " + home.how() + "; rules " + config.detection().ruleDirs()
        + ", mapping " + config.detection().mapping());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    AtomicReference<SourceTable> sources = new AtomicReference<>(new SourceTable(config.sources()));
    Journal journal = Journal.open(config.journal(), registry);
    Collector collector = null;
    Vertx vertx = null;
    Analyzer analyzer = null;
    ClusterJournal cluster = null;
    try {
      vertx = Vertx.vertx();
      analyzer = Analyzer.start(config, journal, registry, vertx, sources);
      cluster = ClusterJournal.open(config, journal, analyzer != null);
      Analyzer a = analyzer;
      SocTinh[] self = new SocTinh[1];
      Intake intake = Intake.start(config, cluster.intake, sources, registry, vertx, () -> self[0] == null ? null : self[0].health(),
          () -> a == null || a.silence == null ? null : a.silence.status(), () -> self[0] == null ? null : self[0].status());
      collector = intake.collector;
      SocTinh s = new SocTinh(config, registry, sources, journal, collector, vertx, intake.http, intake.bound(), analyzer, cluster);
      self[0] = s;
      s.drills = analyzer == null ? null : Drills.start(config.drills(), config.dataDir(), config.zone(), analyzer.store, s.bound, vertx);
      s.console = Console.start(s, analyzer == null ? null : analyzer.consoleBackend(s));
      s.reports = analyzer == null ? null : analyzer.reportSchedule(s);
      s.dataLock = dataLock;
      return s;
    } catch (IOException | InterruptedException | RuntimeException e) {
      closeQuietly(collector, vertx, analyzer, cluster, journal);
      throw e;
    } catch (Exception e) {
      closeQuietly(collector, vertx, analyzer, cluster, journal);
      throw new IOException("cannot start: " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(Collector collector, Vertx vertx, Analyzer analyzer, ClusterJournal cluster, Journal journal) {
    try {
      if (analyzer != null) analyzer.close();
      if (collector != null) collector.close();
      if (cluster != null) cluster.close();
      if (vertx != null) vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      journal.close();
    } catch (Exception suppressed) {
      LOG.log(System.Logger.Level.WARNING, "while closing after a failed start: " + suppressed);
    }
  }

  public JsonObject health() {
    // where the listeners append: the cluster's journal on a cluster node
    boolean accepting = cluster.intake.accepting();
    JsonArray listeners = new JsonArray();
    for (Collector.Bound b : bound) {
      listeners.add(new JsonObject().put("name", b.name()).put("transport", b.transport().label())
          .put("address", b.address().getHostString() + ":" + b.address().getPort()));
    }
    return new JsonObject().put("status", accepting ? "ok" : "degraded")
        .put("journal", new JsonObject().put("accepting", accepting).put("pending_bytes", cluster.intake.pendingBytes())
            .put("next_offset", journal.nextOffset()).put("kind", config.kafka() == null ? "embedded" : "kafka"))
        .put("listeners", listeners);
  }

  /** The operator's status report ({@link Status}) of this running server. */
  public JsonObject status() {
    JsonArray listeners = health().getJsonArray("listeners");
    vn.soctinh.analyzer.detect.sigma.SigmaRules.LoadReport rules = analyzer == null || analyzer.rules == null ? null : analyzer.rules.report();
    JsonArray silent = analyzer == null || analyzer.silence == null ? null : analyzer.silence.status();
    return Status.report(config, journal, new Status.Live(started, listeners, rules, silent), java.time.Clock.systemUTC());
  }

  /**
   * Drills: plans in the data directory, injection into this server's own listener, plans started
   * when their window opens (null when the analyzer is off).
   */
  public Drills drills() {
    return drills;
  }

  /** The scheduled monitoring reports, or null when none is scheduled. */
  public ReportSchedule reports() {
    return reports;
  }

  /** The console server, or null when it is off (or the analyzer is). */
  public vn.soctinh.console.ConsoleServer console() {
    return console;
  }

  /** What the onboarding helper tells agencies: where the syslog TLS listener is and its certificate's fingerprint. */
  JsonObject intake() {
    JsonObject o = new JsonObject();
    String host = config.console() != null && !config.console().publicOrigin().isEmpty()
        ? java.net.URI.create(config.console().publicOrigin()).getHost() : hostName();
    o.put("host", host);
    bound.stream().filter(b -> b.name().equals("syslog_tls")).findFirst().ifPresent(b -> o.put("tls_port", b.address().getPort()));
    bound.stream().filter(b -> b.name().equals("syslog_tcp")).findFirst().ifPresent(b -> o.put("tcp_port", b.address().getPort()));
    try {
      java.nio.file.Path cert = config.syslogTls() != null && config.syslogTls().tls() != null && config.syslogTls().tls().certFile() != null
          ? config.syslogTls().tls().certFile() : config.dataDir().resolve("tls").resolve("server.crt");
      if (Files.isRegularFile(cert)) o.put("fingerprint", vn.soctinh.collector.tls.TlsContexts.fingerprint(cert));
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "certificate fingerprint: " + e.getMessage());
    }
    return o;
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getCanonicalHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  public List<Collector.Bound> bound() {
    return bound;
  }

  /** The bound address of a listener by name (syslog_udp, syslog_tcp, syslog_tls, relp, http, netflow, ipfix). */
  /** This node's copy of its share of the cluster's journal, or null on a single node or a collecting-only one. */
  public vn.soctinh.collector.journal.KafkaIngest clusterIngest() {
    return cluster.ingest();
  }

  public InetSocketAddress address(String listener) {
    return bound.stream().filter(b -> b.name().equals(listener)).findFirst()
        .map(Collector.Bound::address).orElseThrow(() -> new IllegalArgumentException("no listener " + listener));
  }

  /** The store's journal consumer, or null when {@code analyzer.enabled} is false. */
  public AnalyzerPipeline pipeline() {
    return analyzer == null ? null : analyzer.pipeline;
  }

  /** Detection's journal consumer, or null when the analyzer or detection is off. */
  public vn.soctinh.analyzer.pipeline.DetectionPipeline detection() {
    return analyzer == null ? null : analyzer.detection;
  }

  /** Retention's daily pass and disk watermark, or null when the analyzer is off. */
  vn.soctinh.analyzer.retention.RetentionSchedule retention() {
    return analyzer == null ? null : analyzer.retention;
  }

  /** The Vert.x instance (event bus: live alerts at {@code soctinh.alerts}). */
  public Vertx vertx() {
    return vertx;
  }

  public Journal journal() {
    return journal;
  }


  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public SocTinhConfig config() {
    return config;
  }

  /** Clean shutdown: stop accepting, let connections flush into the journal, fsync, close. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) return;
    closed = true;
    if (drills != null) drills.close();
    if (console != null) {
      try {
        console.close();
      } catch (Exception e) {
        LOG.log(System.Logger.Level.WARNING, "closing the console: " + e);
      }
    }
    collector.stopAccepting();
    // The analyzer stops first: its parsing and indexing would otherwise compete for the CPU with the
    // drain below, which must read what senders already wrote (it exists nowhere else). Records
    // drained after it stopped wait in the journal for the next start.
    if (analyzer != null) analyzer.close();
    try {
      if (http != null) http.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "closing the HTTP server: " + e);
    }
    collector.close();
    cluster.close();
    journal.close();
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "closing Vert.x: " + e);
    }
    registry.close();
    if (dataLock != null) dataLock.close();
  }
}
