package vn.soctinh.app;

import vn.soctinh.collector.metrics.Metrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import vn.soctinh.analyzer.detect.AlertPublisher;
import vn.soctinh.analyzer.detect.Detector;
import vn.soctinh.collector.journal.Journal;
import vn.soctinh.analyzer.detect.RuleWatcher;
import vn.soctinh.analyzer.detect.sigma.SigmaException;
import vn.soctinh.analyzer.detect.sigma.SigmaMapping;
import vn.soctinh.analyzer.detect.sigma.SigmaRules;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.app.config.SocTinhConfig;

/** Loads the configured Sigma rules for the server; a bad rule is a warning (it fails alone), a missing directory too. */
final class Detection {
  private static final System.Logger LOG = System.getLogger(Detection.class.getName());

  private Detection() {}

  /** The incident service the configuration asks for, or null when incidents are off. */
  static vn.soctinh.analyzer.incident.IncidentService incidents(SocTinhConfig.Incidents c, EventStore store, Path dataDir) throws IOException {
    if (!c.enabled()) return null;
    if (!Files.isDirectory(c.regulationDir())) {
      // a missing piece is an error naming its key (issue #19): incidents.enabled: false is the way to run without
      throw new IOException("incidents.regulation_dir " + c.regulationDir() + " does not exist: set it, set "
          + vn.soctinh.app.config.Installation.ENV + " to the installation, or incidents.enabled: false");
    }
    java.util.Map<String, vn.soctinh.analyzer.incident.RegulationPack> packs;
    try {
      packs = vn.soctinh.analyzer.incident.IncidentRules.load(c.regulationDir());
    } catch (vn.soctinh.analyzer.incident.RegulationPack.PackException e) {
      throw new IOException("incidents.regulation_dir " + c.regulationDir() + ":\n" + e.getMessage(), e);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IOException("incidents.regulation_dir " + c.regulationDir() + " does not exist", e);
    }
    vn.soctinh.analyzer.incident.IncidentRules rules;
    try {
      rules = new vn.soctinh.analyzer.incident.IncidentRules(packs, c.pack());
    } catch (IllegalArgumentException e) {
      throw new IOException("incidents.pack: " + e.getMessage(), e);
    }
    LOG.log(System.Logger.Level.INFO, "incidents: regulation pack " + c.pack() + " (" + packs.keySet() + " loaded)");
    return new vn.soctinh.analyzer.incident.IncidentService(store, rules,
        new vn.soctinh.analyzer.incident.IncidentService.Grouping(c.groupBy(), Duration.ofHours(c.windowHours()), c.maxPriority()),
        java.time.Clock.systemUTC()).auditTo(new vn.soctinh.analyzer.audit.AuditLog(dataDir.resolve("audit"), java.time.Clock.systemUTC()))
        .evidenceIn(dataDir.resolve("evidence"), c.maxEvidenceBytes());
  }

  /** The running detection consumer, its rule watcher and the console's view of its rules. */
  record Running(vn.soctinh.analyzer.pipeline.DetectionPipeline pipeline, vn.soctinh.analyzer.detect.RuleSwitches rules) {
    Detector detector() {
      return pipeline.detector();
    }
  }

  /** The indicator lists of {@code detection.ioc}; a bad line is a warning, the rest load. */
  static vn.soctinh.analyzer.detect.ioc.IocMatcher indicators(SocTinhConfig.Detection d, MeterRegistry registry) throws IOException {
    vn.soctinh.analyzer.detect.ioc.Indicators ioc = vn.soctinh.analyzer.detect.ioc.Indicators.load(d.iocDirs());
    for (var p : ioc.problems()) LOG.log(System.Logger.Level.WARNING, "indicator not loaded: " + p);
    LOG.log(System.Logger.Level.INFO, "detection: " + ioc.size() + " threat indicators");
    // held strongly: a gauge keeps only a weak reference to what it reads, and a boxed count above
    // 127 is a new object that the next collection would take, leaving the gauge at NaN
    Metrics.DETECTION_INDICATORS.gaugeBuilder(ioc, i -> i.size()).strongReference(true).register(registry);
    return new vn.soctinh.analyzer.detect.ioc.IocMatcher(ioc);
  }

  /**
   * Detection as a journal consumer of its own: the rules (hot-reloaded), cut into shards on the
   * analyzer's worker threads; alerts to the event bus at once and to the store and incident
   * grouping when it takes them; state (windows, open and unstored alerts) in
   * {@code <data>/detection/detection.state}.
   */
  static Running start(SocTinhConfig.Detection d, vn.soctinh.analyzer.incident.Priority priority, Path dataDir, Journal journal,
      vn.soctinh.analyzer.pipeline.ParsedBatches parsed, long leadRecords, int batchRecords, vn.soctinh.analyzer.detect.ioc.IocMatcher ioc, ExecutorService pool, EventStore store, MeterRegistry registry,
      io.vertx.core.Vertx vertx, vn.soctinh.analyzer.incident.IncidentService incidents) throws Exception {
    if (d.mapping() == null) {
      LOG.log(System.Logger.Level.WARNING, "detection.mapping is empty: rules see only events whose fields they name as ECS");
    } else if (!Files.isRegularFile(d.mapping())) {
      // without the mapping no logsource routes: every rule would see nothing, silently (issue #19)
      throw new IOException("detection.mapping " + d.mapping() + " not found: set it, set " + vn.soctinh.app.config.Installation.ENV
          + " to the installation, or detection.mapping: \"\" to run rules without logsource routing");
    }
    for (Path p : d.ruleDirs()) {
      if (!Files.exists(p)) LOG.log(System.Logger.Level.WARNING, "detection.rules: " + p + " does not exist (watched: rules put there later load)");
    }
    RuleWatcher watcher = new RuleWatcher(d.ruleDirs(), d.mapping(), Map.of());
    SigmaRules rules;
    try {
      rules = watcher.load();
    } catch (IOException e) {
      throw new IOException("detection.mapping: " + e.getMessage(), e);
    }
    for (SigmaException e : rules.report().failed()) LOG.log(System.Logger.Level.WARNING, "rule not loaded: " + e);
    for (String o : rules.report().overridden()) LOG.log(System.Logger.Level.INFO, "rule replaced by a later rules directory: " + o);
    LOG.log(System.Logger.Level.INFO, "detection: " + rules.report().loaded() + " rules loaded, " + rules.report().failed().size() + " failed, "
        + rules.report().overridden().size() + " replaced by local rules, " + d.shards() + " shards");
    Detector detector = new Detector(rules, new Detector.Settings(d.shards(), Duration.ofSeconds(d.latenessSecs()), d.maxGroups(),
        d.maxGroupsPerSender(), Duration.ofSeconds(d.suppressSecs()), d.maxGroups(), d.suppressBy()), ioc, priority, pool, registry);
    AlertPublisher publisher = new AlertPublisher(alerts -> {
      store.index(DocKind.ALERTS, alerts);
      // a store failure keeps the alerts pending, and grouping an alert twice changes nothing
      if (incidents != null) incidents.onAlerts(alerts);
    }, registry);
    publisher.subscribeStream(alerts -> vn.soctinh.analyzer.detect.AlertBus.publish(vertx.eventBus(), alerts));
    Path state = dataDir.resolve("detection").resolve("detection.state");
    Path previous = dataDir.resolve("detection").resolve("correlation.state");
    if (!Files.exists(state) && Files.exists(previous)) Files.move(previous, state); // the previous release's file reads as one section
    vn.soctinh.analyzer.pipeline.DetectionPipeline pipeline = new vn.soctinh.analyzer.pipeline.DetectionPipeline(journal, parsed, leadRecords, detector,
        publisher, () -> {
          store.flush(DocKind.ALERTS);
          store.flush(DocKind.INCIDENTS);
        }, state, new vn.soctinh.analyzer.pipeline.DetectionPipeline.Settings(batchRecords, 20, 30_000,
            d.commitIntervalMs()), registry);
    if (d.reloadMs() > 0) watcher.start(d.reloadMs(), detector::offer);
    Metrics.DETECTION_RULES_RELOADS.counter(registry, watcher, RuleWatcher::reloads);
    Metrics.DETECTION_RULES_RELOAD_FAILURES.counter(registry, watcher, RuleWatcher::failedReloads);
    return new Running(pipeline, new vn.soctinh.analyzer.detect.RuleSwitches(watcher, detector, dataDir.resolve("detection").resolve("disabled-rules.txt")));
  }
}
