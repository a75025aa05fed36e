package vn.soctinh.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import vn.soctinh.analyzer.detect.AlertBus;
import vn.soctinh.analyzer.detect.ioc.IocEnrichment;
import vn.soctinh.analyzer.detect.ioc.IocMatcher;
import vn.soctinh.analyzer.incident.IncidentService;
import vn.soctinh.analyzer.notify.Notifications;
import vn.soctinh.analyzer.parse.EventParser;
import vn.soctinh.analyzer.parse.FlowPacketDecoder;
import vn.soctinh.analyzer.parse.ParseStats;
import vn.soctinh.analyzer.parse.StandardParsers;
import vn.soctinh.analyzer.pipeline.AnalyzerPipeline;
import vn.soctinh.analyzer.pipeline.DetectionPipeline;
import vn.soctinh.analyzer.pipeline.EventStage;
import vn.soctinh.analyzer.pipeline.ParseWorkers;
import vn.soctinh.analyzer.pipeline.ParsedBatches;
import vn.soctinh.analyzer.sources.SilenceWatch;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.analyzer.store.FieldGuard;
import vn.soctinh.analyzer.store.FieldType;
import vn.soctinh.analyzer.store.StoreException;
import vn.soctinh.app.config.SocTinhConfig;
import vn.soctinh.collector.journal.Journal;
import vn.soctinh.collector.metrics.Metrics;
import vn.soctinh.collector.source.SourceTable;

/**
 * The analyzer area, assembled from its sections ({@code analyzer:}, {@code detection:},
 * {@code incidents:}, {@code organizations:}, {@code silence:}, {@code notify:}): the store, the
 * parse workers, the store's journal consumer and detection's, incidents, notifications, the silent
 * source watch. Two consumers of the journal, sharing the worker threads:
 *
 * <pre>
 *                                         ┌─► silence watch ─► store (commit on its clock)
 * journal ─► parse + enrich (workers, once) ┤
 *                                         └─► detection shards (workers) ─► alerts: live feed now; store + incidents
 * </pre>
 */
final class Analyzer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Analyzer.class.getName());
  /** A store consumer that stored nothing for this long no longer holds detection back. */
  private static final long STORE_STALL_MS = 2000;

  final EventStore store;
  final AnalyzerPipeline pipeline;
  final DetectionPipeline detection;
  final SilenceWatch silence;
  final Notifications notifications;
  final IncidentService incidents;
  final vn.soctinh.analyzer.org.OrgWatch orgs;
  final vn.soctinh.analyzer.detect.RuleSwitches rules;
  final vn.soctinh.analyzer.retention.RetentionSchedule retention;
  private final ExecutorService workers;

  private Analyzer(EventStore store, AnalyzerPipeline pipeline, DetectionPipeline detection, SilenceWatch silence, Notifications notifications,
      IncidentService incidents, vn.soctinh.analyzer.org.OrgWatch orgs, vn.soctinh.analyzer.detect.RuleSwitches rules, vn.soctinh.analyzer.retention.RetentionSchedule retention, ExecutorService workers) {
    this.store = store;
    this.pipeline = pipeline;
    this.detection = detection;
    this.silence = silence;
    this.notifications = notifications;
    this.incidents = incidents;
    this.orgs = orgs;
    this.rules = rules;
    this.retention = retention;
    this.workers = workers;
  }

  /** Opens the store the configuration names. */
  static EventStore openStore(SocTinhConfig.Analyzer a) throws IOException {
    try {
      return vn.soctinh.analyzer.store.Stores.open(a.elasticsearch(), a.storeDir(), a.queryTimeoutMs());
    } catch (StoreException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  static Analyzer start(SocTinhConfig config, Journal journal, PrometheusMeterRegistry registry, Vertx vertx, AtomicReference<SourceTable> sources)
      throws Exception {
    if (!config.analyzer().enabled()) return null;
    vn.soctinh.analyzer.retention.RetentionPolicy retentionPolicy; // a bad figure stops the start here
    try {
      retentionPolicy = vn.soctinh.app.config.RetentionPolicies.of(config);
    } catch (vn.soctinh.app.config.ConfigException e) {
      throw new IOException(e.getMessage(), e);
    }
    EventStore store = openStore(config.analyzer());
    int n = config.analyzer().workers();
    ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
      Thread t = new Thread(r, "soctinh-analyzer-worker");
      t.setDaemon(true);
      return t;
    });
    // the organisation file's sources join the configuration's in the collector's table, reloaded with it
    vn.soctinh.analyzer.org.OrgWatch orgs = vn.soctinh.analyzer.org.OrgWatch.start(config.organizations().fileIn(config.dataDir()), config.organizations().reloadMs(), d -> {
      List<vn.soctinh.collector.source.SourceEntry> all = new ArrayList<>(config.sources());
      all.addAll(d.sourceEntries());
      sources.set(new SourceTable(all));
    });
    IocMatcher ioc = Detection.indicators(config.detection(), registry);
    // One parse serves both consumers (ParsedBatches); a record parsed again (one consumer far from the
    // other, a retry) goes through workers that count nothing. Both decode flows with one decoder, so
    // templates learned once serve either.
    FlowPacketDecoder flows = synchronizedFlows(StandardParsers.flowDecoder(config.flows()));
    SocTinhConfig.Analyzer a = config.analyzer();
    ParsedBatches parsed = new ParsedBatches(journal, parseWorkers(config, orgs, ioc, pool, registry, new ParseStats(), flows),
        parseWorkers(config, orgs, ioc, pool, new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), new ParseStats(), flows),
        (long) a.sharedBatches() * a.batchRecords(), STORE_STALL_MS);
    IncidentService incidents = Detection.incidents(config.incidents(), store, config.dataDir());
    Notifications notifications = notifications(config.notifications(), config.dataDir(), vertx, config.zone());
    if (incidents != null) {
      incidents.onOpened(notifications::opened);
      notifications.watchDeadlines(incidents, java.time.Duration.ofHours(config.incidents().warnLeadHours()),
          config.notifications().deadlineCheckSecs());
    }
    List<EventStage> afterParse = new ArrayList<>();
    SilenceWatch silence = null;
    if (config.silence().enabled()) {
      silence = SilenceWatch.start(config.silence().settings(), config.silence().checkSecs(), config.dataDir(), orgs.stage()::enrich, docs -> {
        store.index(vn.soctinh.analyzer.store.DocKind.ALERTS, docs);
        if (incidents != null) incidents.onAlerts(docs);
        AlertBus.publish(vertx.eventBus(), docs);
        notifications.published(docs);
      });
      afterParse.add(silence.stage());
    }
    DetectionPipeline detection = null;
    vn.soctinh.analyzer.detect.RuleSwitches rules = null;
    if (config.detection().enabled()) {
      Detection.Running d = Detection.start(config.detection(), config.organizations().priority(), config.dataDir(), journal,
          parsed, (long) a.sharedBatches() / 2 * a.batchRecords(), a.batchRecords(), ioc, pool, store, registry, vertx, incidents);
      detection = d.pipeline();
      rules = d.rules();
    }
    AnalyzerPipeline pipeline = new AnalyzerPipeline(journal, parsed, afterParse, store,
        new AnalyzerPipeline.Settings(a.batchRecords(), 20, 30_000, a.commitIntervalMs()), registry);
    pipeline.deployOn(vertx);
    if (detection != null) detection.deployOn(vertx);
    var retention = vn.soctinh.analyzer.retention.RetentionSchedule.start(config.retention(), config.dataDir(), config.journal().dir(),
        config.journal().keepConsumedSecs(), config.timezone(), retentionPolicy, store, orgs.stage()::directory, pipeline, registry,
        operationalAlerts(store, vertx, notifications));
    return new Analyzer(store, pipeline, detection, silence, notifications, incidents, orgs, rules, retention, pool);
  }

  /**
   * Alerts about the platform itself (the disk filling up): stored with the alerts, pushed to the live
   * feed, notified. They open no incident: they are the SOC's own, not an agency's.
   */
  private static java.util.function.Consumer<List<vn.soctinh.analyzer.event.Event>> operationalAlerts(EventStore store, Vertx vertx,
      Notifications notifications) {
    return docs -> {
      try {
        store.index(vn.soctinh.analyzer.store.DocKind.ALERTS, docs);
        store.flush(vn.soctinh.analyzer.store.DocKind.ALERTS);
      } catch (StoreException e) {
        LOG.log(System.Logger.Level.WARNING, "an alert about the platform could not be stored (it is still sent): " + e.getMessage());
      }
      AlertBus.publish(vertx.eventBus(), docs);
      notifications.disk(docs.stream().filter(d -> vn.soctinh.analyzer.retention.DiskWatermark.RULE.equals(d.getString("rule.id"))).toList());
    };
  }

  /**
   * Parse and enrich, on the shared workers: drill marks first (every later stage, and the alert,
   * must know an injected event for what it is), then agencies and systems (rules and alert priority
   * use them), then indicators. Counters go to {@code registry}.
   */
  private static ParseWorkers parseWorkers(SocTinhConfig config, vn.soctinh.analyzer.org.OrgWatch orgs, IocMatcher ioc, ExecutorService pool,
      io.micrometer.core.instrument.MeterRegistry registry, ParseStats stats, FlowPacketDecoder flows) {
    io.micrometer.core.instrument.Counter refusedMarks = Metrics.DRILL_MARKS_REFUSED.counter(registry);
    Metrics.PARSE_SENDER_CLAIMS.counter(registry, stats, ParseStats::claims);
    List<EventStage> enrichment = List.of(
        new vn.soctinh.analyzer.drill.DrillMarker(config.drills().injectors().stream().map(vn.soctinh.collector.source.Cidr::parse).toList(),
            refusedMarks::increment),
        orgs.stage(), new IocEnrichment(ioc), guard(config.analyzer(), registry));
    Supplier<vn.soctinh.analyzer.parse.RecordParser> parsers = () -> new EventParser(config.parsing(), StandardParsers.registry(),
        flows, stats, Clock.systemUTC());
    return new ParseWorkers(parsers, enrichment, pool, config.analyzer().workers(), registry);
  }

  /** One flow decoder for both parses, one datagram at a time (it keeps templates and held packets). */
  private static FlowPacketDecoder synchronizedFlows(FlowPacketDecoder d) {
    return new FlowPacketDecoder() {
      @Override
      public synchronized void decode(byte[] packet, java.net.InetSocketAddress exporter, java.time.Instant receivedAt, Object origin,
          java.util.function.BiConsumer<vn.soctinh.analyzer.event.Event, Object> out) {
        d.decode(packet, exporter, receivedAt, origin, out);
      }

      @Override
      public synchronized void drain(java.util.function.BiConsumer<vn.soctinh.analyzer.event.Event, Object> out) {
        d.drain(out);
      }
    };
  }

  /** The field guard as the last enrichment stage (a no-op when {@code analyzer.field_guard} is off). */
  private static EventStage guard(SocTinhConfig.Analyzer a, io.micrometer.core.instrument.MeterRegistry registry) {
    if (!a.fieldGuard()) return batch -> { };
    FieldGuard g = new FieldGuard(FieldType.Mapping.ecs(), a.limits(), FieldGuard.Counters.meters(registry));
    return batch -> {
      for (vn.soctinh.analyzer.event.Event e : batch) g.check(e);
    };
  }

  /** The periodic monitoring reports, started; null when none is scheduled or there is no mail server. */
  vn.soctinh.console.report.ReportSchedule reportSchedule(SocTinh s) {
    SocTinhConfig c = s.config();
    if (c.reports().schedule().isEmpty()) return null;
    if (c.notifications().mail().host().isEmpty()) {
      LOG.log(System.Logger.Level.WARNING, "reports.schedule is set but notify.mail.host is empty: scheduled reports are not sent");
      return null;
    }
    var r = new vn.soctinh.console.report.ReportSchedule(c.reports(), mailChannel(c.notifications().mail(), s.vertx()), store, incidents,
        orgs.stage()::directory, () -> silence == null ? new JsonArray() : silence.status(), c.dataDir(), c.zone());
    r.start(s.vertx());
    return r;
  }

  /** The mail server of {@code notify.mail}, for notifications and scheduled reports alike. */
  private static vn.soctinh.analyzer.notify.MailChannel mailChannel(SocTinhConfig.Mail m, Vertx vertx) {
    return new vn.soctinh.analyzer.notify.MailChannel(vertx,
        new vn.soctinh.analyzer.notify.MailChannel.Settings(m.host(), m.port(), m.starttls(), m.username(), m.password(), m.from(), m.to(), false));
  }

  /** The channels {@code notify:} configures (mail, webhooks), with the dead letters under the data directory. */
  private static Notifications notifications(SocTinhConfig.Notify c, java.nio.file.Path dataDir, Vertx vertx, java.time.ZoneId zone) {
    List<vn.soctinh.analyzer.notify.Channel> channels = new ArrayList<>();
    if (!c.mail().host().isEmpty()) channels.add(mailChannel(c.mail(), vertx));
    for (SocTinhConfig.Webhook w : c.webhooks()) {
      channels.add(new vn.soctinh.analyzer.notify.WebhookChannel(java.net.URI.create(w.url()), w.secret().getBytes(java.nio.charset.StandardCharsets.UTF_8),
          Clock.systemUTC()));
    }
    if (channels.isEmpty()) LOG.log(System.Logger.Level.INFO, "notify: no mail host and no webhooks: nobody is notified (alerts and incidents are still kept)");
    return new Notifications(new vn.soctinh.analyzer.notify.Notifier(channels, new vn.soctinh.analyzer.notify.Templates(c.language()), c.attempts(),
        java.time.Duration.ofMillis(c.firstRetryMs()), dataDir.resolve("notify").resolve("dead-letter.ndjson"), Clock.systemUTC()), zone);
  }

  /** What the console reads and acts on. */
  vn.soctinh.console.ConsoleBackend consoleBackend(SocTinh s) {
    vn.soctinh.analyzer.audit.AuditLog audit = new vn.soctinh.analyzer.audit.AuditLog(s.config().dataDir().resolve("audit"), Clock.systemUTC());
    return vn.soctinh.console.ConsoleBackendBuilder.builder().store(store).incidents(incidents).orgs(orgs.stage()::directory).audit(audit)
        .sources(() -> silence == null ? new JsonArray() : silence.status())
        .rules(rules == null ? null : vn.soctinh.console.ConsoleBackend.Rules.of(rules)).metrics(s.registry()::scrape).health(s::health)
        .intake(s::intake).drills(s.drills() == null ? null : vn.soctinh.console.ConsoleBackend.Drills.of(s.drills())).reportTemplates(s.config().reports().templatesDir())
        .operations(new vn.soctinh.console.ConsoleBackend.Operations(s::status, vn.soctinh.console.ConsoleBackend.Retention.of(retention.job()))).build();
  }

  /**
   * Stops both consumers (each makes its work durable: the store commits, detection saves its state),
   * then the store. Called before the collector drains, so parsing does not compete with the drain.
   */
  @Override
  public void close() {
    retention.close(); // before the store closes under a pass
    if (silence != null) silence.close();
    notifications.close();
    try {
      if (detection != null) detection.close();
      pipeline.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    workers.shutdown();
    try {
      workers.awaitTermination(10, TimeUnit.SECONDS);
      store.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (StoreException e) {
      LOG.log(System.Logger.Level.WARNING, "closing the store: " + e.getMessage());
    }
  }
}
