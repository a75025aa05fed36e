package vn.soctinh.collector.metrics;

import static vn.soctinh.collector.metrics.Metric.counter;
import static vn.soctinh.collector.metrics.Metric.gauge;
import static vn.soctinh.collector.metrics.Metric.timer;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Every metric SOC Tỉnh emits, in every module, declared here once (the collector is the module the
 * others depend on). Code registers meters through these declarations and never with a name of its
 * own; the dashboard in deploy/grafana and the operator guide's metrics table are tested against
 * this list. Renaming an entry, or a tag, breaks users' dashboards and alerts: add, do not rename.
 */
public final class Metrics {
  private Metrics() {}

  // listeners (collector)
  public static final Metric RECEIVED_MESSAGES = counter("soctinh.received.messages", null,
      "messages received and handed to the journal", "listener", "transport", "agency");
  public static final Metric RECEIVED_BYTES = counter("soctinh.received.bytes", "bytes",
      "payload bytes received", "listener", "transport", "agency");
  public static final Metric DROPPED_MESSAGES = counter("soctinh.dropped.messages", null,
      "messages that could not be kept (UDP only: a stream listener applies backpressure instead)", "listener", "agency", "reason");
  public static final Metric OVERSIZE_FRAMES = counter("soctinh.oversize.frames", null,
      "frames kept truncated because they exceeded the size limit", "listener");
  public static final Metric PARTIAL_FRAMES = counter("soctinh.partial.frames", null,
      "frames kept as they were when the connection closed mid-frame", "listener");
  public static final Metric CONNECTIONS = gauge("soctinh.connections", null, "open connections", "listener");
  public static final Metric REJECTED_CONNECTIONS = counter("soctinh.rejected.connections", null,
      "connections refused", "listener", "reason");
  public static final Metric CONNECTION_ERRORS = counter("soctinh.connection.errors", null,
      "connections closed on an error", "listener", "reason");
  public static final Metric PROTOCOL_ERRORS = counter("soctinh.protocol.errors", null,
      "protocol errors answered or closed (RELP 500, unparseable frames)", "listener", "reason");
  public static final Metric UDP_KERNEL_DROPS = gauge("soctinh.udp.kernel.drops", null,
      "datagrams the kernel dropped for this socket (/proc/net/udp drops column)", "listener");
  public static final Metric UDP_RCVBUF_BYTES = gauge("soctinh.udp.rcvbuf.bytes", "bytes",
      "receive buffer the kernel granted", "listener");

  // journal (collector)
  public static final Metric JOURNAL_RECORDS = counter("soctinh.journal.records", null, "records appended");
  public static final Metric JOURNAL_APPENDED_BYTES = counter("soctinh.journal.appended.bytes", "bytes", "bytes appended");
  public static final Metric JOURNAL_TORN_RECORDS = counter("soctinh.journal.torn.records", null,
      "torn tail records truncated at recovery");
  public static final Metric JOURNAL_FSYNC = timer("soctinh.journal.fsync", "fsync latency");
  public static final Metric JOURNAL_CONSUMER_LAG = gauge("soctinh.journal.consumer.lag", "records",
      "records a consumer is behind the journal's end", "consumer");
  public static final Metric JOURNAL_BYTES = gauge("soctinh.journal.bytes", "bytes", "bytes the journal's segments take on disk");
  public static final Metric JOURNAL_SEGMENTS = gauge("soctinh.journal.segments", null, "segment files in the journal");
  public static final Metric JOURNAL_PENDING_BYTES = gauge("soctinh.journal.pending.bytes", "bytes",
      "bytes accepted but not yet written and synced");
  public static final Metric JOURNAL_FULL = gauge("soctinh.journal.full", null,
      "1 while the journal's disk budget is reached (listeners refuse or drop), else 0");

  // analyzer
  public static final Metric ERRORS = counter("soctinh.errors", null,
      "failures by pipeline stage (each also logged, rate-limited)", "stage");
  public static final Metric ANALYZER_STORED_EVENTS = counter("soctinh.analyzer.stored.events", null,
      "events written to the store", "agency");
  public static final Metric ANALYZER_UNPARSED_EVENTS = counter("soctinh.analyzer.unparsed.events", null,
      "stored events no parser understood (kept with their raw message)", "agency");
  public static final Metric ANALYZER_QUARANTINED_EVENTS = counter("soctinh.analyzer.quarantined.events", null,
      "documents the store refused, kept in quarantine");
  public static final Metric ANALYZER_GUARD_VALUES = counter("soctinh.analyzer.guard.values", null,
      "values the field guard moved or changed before the store", "reason");
  public static final Metric ANALYZER_STORE_DOWN = gauge("soctinh.analyzer.store.down", null,
      "1 while the store does not answer (events wait in the journal), else 0");
  public static final Metric ANALYZER_COMMITTED_OFFSET = gauge("soctinh.analyzer.committed.offset", null,
      "journal offset up to which events are stored");
  public static final Metric PARSE_SENDER_CLAIMS = counter("soctinh.parse.sender_claims", null,
      "events whose content set a field only SOC Tỉnh sets (kept under soctinh.claimed.*, trusted by nothing)");
  public static final Metric DRILL_MARKS_REFUSED = counter("soctinh.drill.marks.refused", null,
      "events carrying a drill mark from an address not in drills.injectors (ignored)");

  // detection (analyzer)
  public static final Metric DETECTION_ALERTS = counter("soctinh.detection.alerts", null, "alerts raised (rule firings)", "level");
  public static final Metric DETECTION_SUPPRESSED_ALERTS = counter("soctinh.detection.suppressed.alerts", null,
      "firings folded into an open alert");
  public static final Metric DETECTION_OPEN_ALERTS = gauge("soctinh.detection.open.alerts", null,
      "alerts open for suppression");
  public static final Metric DETECTION_PENDING_ALERTS = gauge("soctinh.detection.pending.alerts", null,
      "alerts raised but not yet stored");
  public static final Metric DETECTION_CORRELATION_GROUPS = gauge("soctinh.detection.correlation.groups", null,
      "open correlation windows");
  public static final Metric DETECTION_LATE_EVENTS = counter("soctinh.detection.late.events", null,
      "events later than the allowed lateness for correlation");
  public static final Metric DETECTION_EVICTED_GROUPS = counter("soctinh.detection.evicted.groups", null,
      "correlation windows dropped early: the total was reached, or their sender opened more than its share", "reason");
  public static final Metric DETECTION_COMMITTED_OFFSET = gauge("soctinh.detection.committed.offset", null,
      "journal offset up to which detection is done");
  public static final Metric DETECTION_RULES_LOADED = gauge("soctinh.detection.rules.loaded", null, "rules loaded");
  public static final Metric DETECTION_RULES_FAILED = gauge("soctinh.detection.rules.failed", null,
      "rules that did not load (the log names file:line:column)");
  public static final Metric DETECTION_RULES_RELOADS = counter("soctinh.detection.rules.reloads", null, "rule reloads");
  public static final Metric DETECTION_RULES_RELOAD_FAILURES = counter("soctinh.detection.rules.reload.failures", null,
      "rule reloads that failed (the previous rules stay)");
  public static final Metric DETECTION_INDICATORS = gauge("soctinh.detection.indicators", null, "threat indicators loaded");

  // app
  public static final Metric DISK_USED_RATIO = gauge("soctinh.disk.used.ratio", null,
      "share of the data directory's file system in use (0..1)");

  private static final List<Metric> ALL = declared();

  /** Every declaration above, in order. */
  public static List<Metric> all() {
    return ALL;
  }

  private static List<Metric> declared() {
    List<Metric> all = new ArrayList<>();
    for (Field f : Metrics.class.getDeclaredFields()) {
      if (f.getType() != Metric.class || !Modifier.isStatic(f.getModifiers())) continue;
      try {
        all.add((Metric) f.get(null));
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
    return List.copyOf(all);
  }
}
