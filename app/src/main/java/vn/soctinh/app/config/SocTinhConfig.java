package vn.soctinh.app.config;

import java.nio.file.Path;
import java.util.List;
import vn.soctinh.analyzer.decode.netflow.FlowSettings;
import vn.soctinh.analyzer.parse.ParseSettings;
import vn.soctinh.collector.ByName;
import vn.soctinh.collector.journal.JournalConfig;
import vn.soctinh.collector.net.HttpSettings;
import vn.soctinh.collector.net.StreamSettings;
import vn.soctinh.collector.net.UdpSettings;
import vn.soctinh.collector.source.SourceEntry;

/**
 * Everything {@code soctinh.yml} configures, checked and with defaults filled in. Built only by
 * {@link ConfigLoader}; all paths are absolute (relative ones in the file are resolved against the
 * working directory of the process).
 *
 * @param dataDir where the process keeps its state ({@code data_dir}, default {@code ./data})
 * @param syslogUdp syslog over UDP, or null when disabled
 * @param syslogTcp syslog over TCP, or null when disabled
 * @param syslogTls syslog over TLS, or null when disabled
 * @param relp RELP (TLS when its listen URI is {@code tls://}), or null when disabled
 * @param http the HTTP intake, metrics and health server, or null when disabled
 * @param journal the journal; its dir defaults to {@code <data_dir>/journal}
 * @param kafka the cluster's journal the listeners append to ({@code journal.kind: kafka}), or null
 *     on a single node
 * @param sources the agencies and how their senders are recognised
 * @param source the file this came from, or null (built-in defaults, or a string)
 * @param timezone zone for times without one (RFC 3164) and for display, a valid {@link java.time.ZoneId}
 * @param shutdown how long a stop may wait for open connections to deliver what their senders wrote
 * @param parsing how each listener's and agency's messages are read (format, parser, zone)
 * @param netflow the NetFlow listener (v5, v9; IPFIX too), or null when disabled
 * @param ipfix the IPFIX listener, or null when disabled
 * @param flows limits of the NetFlow/IPFIX decoder (section {@code flows:})
 * @param analyzer the pipeline that parses the journal into the store (section {@code analyzer:})
 */
@ByName
public record SocTinhConfig(
    Path dataDir,
    UdpSettings syslogUdp,
    StreamSettings syslogTcp,
    StreamSettings syslogTls,
    StreamSettings relp,
    HttpSettings http,
    JournalConfig journal,
    vn.soctinh.collector.journal.KafkaSettings kafka,
    List<SourceEntry> sources,
    Path source,
    String timezone,
    Shutdown shutdown,
    ParseSettings parsing,
    UdpSettings netflow,
    UdpSettings ipfix,
    FlowSettings flows,
    Analyzer analyzer,
    Detection detection,
    Organizations organizations,
    Incidents incidents,
    Silence silence,
    Notify notifications,
    vn.soctinh.console.ConsoleSettings console,
    vn.soctinh.console.report.ReportSchedule.Settings reports,
    vn.soctinh.analyzer.drill.Drills.Settings drills,
    vn.soctinh.analyzer.retention.RetentionSettings retention) implements SocTinhConfigBuilder.With {

  /** {@code timezone} as a zone: what reports, notifications, drills, retention, the CLI and the console show and schedule local times in. */
  public java.time.ZoneId zone() {
    return java.time.ZoneId.of(timezone);
  }

  /**
   * Section {@code notify:}: who hears about new P1/P2 incidents, deadlines due soon or passed, and
   * silent sources; texts in {@code language} (vi, en); each delivery tried {@code attempts} times.
   */
  public record Notify(String language, int attempts, long firstRetryMs, long deadlineCheckSecs, Mail mail, List<Webhook> webhooks) {}

  /** SMTP; {@code host} empty: no e-mail. */
  public record Mail(String host, int port, String starttls, String username, String password, String from, List<String> to) {}

  /** A signed JSON POST. */
  public record Webhook(String url, String secret) {}

  /**
   * Section {@code silence:}: a source is silent after {@code factor} × its typical gap between
   * events, at least {@code minSecs}, at most {@code maxSecs}, or after its {@code expected} time
   * (by {@code agency} or {@code agency/host}); checked every {@code checkSecs}; at most
   * {@code maxSources} sources remembered, at most {@code maxSourcesPerAgency} of one agency (or of the
   * unassigned senders).
   */
  public record Silence(boolean enabled, long minSecs, long maxSecs, double factor, long checkSecs, int maxSources,
      java.util.Map<String, Long> expectedSecs, int maxSourcesPerAgency) {
    /** The monitor's settings these keys give. */
    public vn.soctinh.analyzer.sources.SilenceMonitor.Settings settings() {
      java.util.Map<String, java.time.Duration> expected = new java.util.LinkedHashMap<>();
      expectedSecs.forEach((k, v) -> expected.put(k, java.time.Duration.ofSeconds(v)));
      return new vn.soctinh.analyzer.sources.SilenceMonitor.Settings(java.time.Duration.ofSeconds(minSecs), java.time.Duration.ofSeconds(maxSecs),
          factor, expected, maxSources, maxSourcesPerAgency);
    }
  }

  /**
   * Section {@code incidents:}. Regulation packs from {@code regulationDir}; new incidents follow
   * {@code pack}. Alerts of priority {@code maxPriority} (1..4) or more urgent open incidents,
   * grouped {@code groupBy} (rule, system) within {@code windowHours}; deadline warnings
   * {@code warnLeadHours} before they pass.
   */
  public record Incidents(boolean enabled, Path regulationDir, String pack, List<String> groupBy, long windowHours, int maxPriority,
      long warnLeadHours, long maxEvidenceBytes) {}

  /**
   * Section {@code organizations:}: the organisation tree and systems, in {@code file} (null: {@code
   * <data_dir>/org/directory.yml}, which {@code soctinh org import} writes), reloaded on change every
   * {@code reloadMs} (0: never); alert priority from {@code priority}.
   */
  public record Organizations(Path file, long reloadMs, vn.soctinh.analyzer.incident.Priority priority) {
    public Path fileIn(Path dataDir) {
      return file != null ? file : dataDir.resolve("org").resolve("directory.yml");
    }
  }

  /**
   * Section {@code detection:}. Sigma rules from {@code ruleDirs} (default {@code rules/sigma}),
   * routed and mapped by {@code mapping}, run on every parsed batch before it is stored; correlation
   * windows accept events up to {@code latenessSecs} late and hold at most {@code maxGroups} keys per
   * correlation rule, of which one sender (collector peer address) may open {@code maxGroupsPerSender};
   * indicator lists (CSV, STIX 2.1, MISP JSON) from {@code iocDirs} (default {@code rules/ioc}).
   * Rule files and the mapping are checked for changes every {@code reloadMs} (0: never) and reloaded.
   * Firings of one rule with the same {@code suppressBy} values (or group-by values) within
   * {@code suppressSecs} of event time are one alert whose count grows (0: every firing is an alert).
   *
   * <p>Detection is a journal consumer of its own: its rules are cut into {@code shards} that run at
   * once (every window in one shard; the same alerts whatever the number), and it saves its state and
   * commits its offset every {@code commitIntervalMs}.
   */
  @ByName
  public record Detection(boolean enabled, List<Path> ruleDirs, Path mapping, long latenessSecs, int maxGroups, int maxGroupsPerSender,
      List<Path> iocDirs, long reloadMs,
      long suppressSecs, List<String> suppressBy, int shards, long commitIntervalMs) implements SocTinhConfigDetectionBuilder.With {
    public static final long DEFAULT_COMMIT_INTERVAL_MS = 1000;
  }

  /**
   * Section {@code analyzer:}. When enabled, a pipeline reads the journal, parses every record on
   * {@code workers} threads and stores the events in the embedded Lucene store in {@code storeDir},
   * {@code batchRecords} at a time, committing the store (and then the journal offset) every
   * {@code commitIntervalMs} under load.
   *
   * @param storeDir the embedded Lucene store (when {@code elasticsearch} is null)
   * @param elasticsearch the cluster to store in instead ({@code analyzer.store: elasticsearch}), or null
   * @param queryTimeoutMs how long one search of the embedded store may run before it is stopped and refused
   * @param fieldGuard whether every event is made to fit the field table and {@code limits} before the
   *     store ({@code analyzer.field_guard}); off, a store refuses what does not fit and quarantines it
   */
  @ByName
  public record Analyzer(boolean enabled, Path storeDir, int batchRecords, long commitIntervalMs,
      vn.soctinh.analyzer.store.elasticsearch.EsSettings elasticsearch, int workers, boolean fieldGuard,
      vn.soctinh.analyzer.store.FieldGuard.Limits limits, int sharedBatches, long queryTimeoutMs) implements SocTinhConfigAnalyzerBuilder.With {
    public static final int DEFAULT_BATCH_RECORDS = 4000;
    /** Parsed batches kept for the other consumer (ParsedBatches); detection leads the store by at most half. */
    public static final int DEFAULT_SHARED_BATCHES = 8;
    public static final long DEFAULT_COMMIT_INTERVAL_MS = 5000;

    /** Threads for parsing, enrichment and detection shards when not configured: one per core. */
    public static int defaultWorkers() {
      return Math.max(1, Runtime.getRuntime().availableProcessors());
    }
  }

  /**
   * Section {@code shutdown:}. On SIGTERM the listeners stop accepting, then keep reading open
   * connections until none delivered anything for {@code drainQuietMs} (at least that long), at
   * most {@code drainMaxSecs}: bytes a plain-TCP sender already wrote exist nowhere else.
   */
  public record Shutdown(long drainQuietMs, long drainMaxSecs) {
    public static final long DEFAULT_DRAIN_QUIET_MS = 2000;
    public static final long DEFAULT_DRAIN_MAX_SECS = 10;
  }

  public SocTinhConfig {
    sources = List.copyOf(sources);
  }

  /** The enabled flow-export listeners (netflow, ipfix), for the collector. */
  public List<UdpSettings> flowListeners() {
    return java.util.stream.Stream.of(netflow, ipfix).filter(java.util.Objects::nonNull).toList();
  }

  /** The configuration used when there is no file: every listener on 0.0.0.0, data in {@code ./data}. */
  public static SocTinhConfig defaults() {
    return ConfigLoader.defaults();
  }
}
