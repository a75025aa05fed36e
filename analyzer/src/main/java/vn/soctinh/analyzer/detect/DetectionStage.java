package vn.soctinh.analyzer.detect;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import vn.soctinh.analyzer.detect.sigma.SigmaAlert;
import vn.soctinh.analyzer.detect.sigma.SigmaEngine;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.pipeline.EventStage;
import vn.soctinh.analyzer.store.StoreException;

/**
 * Sigma detection as a pipeline stage: each parsed batch goes through the engine, in journal order;
 * the alerts it raises go to the sink (the store, and later the console's live feed) as documents
 * whose {@code event.id} comes from the rule and the events that made them, so a replay after a
 * crash rewrites the same alerts instead of doubling them.
 */
public final class DetectionStage implements EventStage {
  /** Where alerts go. */
  public interface AlertSink {
    void publish(List<Event> alerts) throws StoreException;
  }

  private final SigmaEngine engine;
  private final vn.soctinh.analyzer.detect.ioc.IocMatcher ioc;
  /** The rule id of alerts raised by an indicator hit. */
  public static final String IOC_RULE = "soctinh-ioc";
  private final AlertSink sink;
  private final MeterRegistry registry;
  private final Map<String, Counter> byLevel = new ConcurrentHashMap<>();
  private final Counter stateErrors;
  private AlertSuppressor suppressor = new AlertSuppressor(java.time.Duration.ofMinutes(10), 100_000, AlertSuppressor.DEFAULT_KEY_FIELDS);

  private final List<java.util.function.Consumer<List<Event>>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private Counter listenerErrors;

  /**
   * Adds a live subscriber (the console's feed): it gets each published batch of alert documents
   * after the store has taken them, on the pipeline's thread, so it must hand them off quickly. A
   * subscriber that throws is counted and skipped; it never holds up detection or the store.
   */
  public void subscribe(java.util.function.Consumer<List<Event>> listener) {
    listeners.add(listener);
  }

  private final List<java.util.function.Consumer<List<Event>>> streamListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * Adds a subscriber to the stream itself (the console's live feed, the event bus): it gets each
   * batch of new or updated alert documents as soon as the engine raises them, also while the store
   * is down (then the pipeline reads ahead for detection only, see {@link #lookAhead}). Each alert
   * reaches it once per change, never again when the store later takes it.
   */
  public void subscribeStream(java.util.function.Consumer<List<Event>> listener) {
    streamListeners.add(listener);
  }

  /** Replaces the default suppression (10 minutes per rule and key); call before the first batch. */
  public DetectionStage suppressWith(AlertSuppressor s) {
    this.suppressor = s;
    return this;
  }

  public DetectionStage(SigmaEngine engine, AlertSink sink, MeterRegistry registry) {
    this(engine, null, sink, registry);
  }

  /** @param ioc indicator look-ups run before the rules (which then see {@code threat.indicator.*}), or null */
  public DetectionStage(SigmaEngine engine, vn.soctinh.analyzer.detect.ioc.IocMatcher ioc, AlertSink sink, MeterRegistry registry) {
    this.ioc = ioc;
    this.engine = engine;
    this.sink = sink;
    this.registry = registry;
    registry.gauge("soctinh.detection.correlation.groups", engine, SigmaEngine::groups);
    this.stateErrors = Counter.builder("soctinh.errors").tag("stage", "detection_state").register(registry);
    this.listenerErrors = Counter.builder("soctinh.errors").tag("stage", "alert_subscriber").register(registry);
    registry.gauge("soctinh.detection.rules.loaded", engine, en -> en.rules().report().loaded());
    registry.gauge("soctinh.detection.rules.failed", engine, en -> en.rules().report().failed().size());
    registry.more().counter("soctinh.detection.late.events", List.of(), engine, SigmaEngine::lateEvents);
    registry.more().counter("soctinh.detection.suppressed.alerts", List.of(), this, st -> st.suppressor.suppressed());
    registry.gauge("soctinh.detection.open.alerts", this, st -> st.suppressor.openAlerts());
    registry.more().counter("soctinh.detection.evicted.groups", List.of(), engine, SigmaEngine::evictedGroups);
  }

  /** The journal offset of the last event the engine saw: a batch read again after a store failure is not counted twice. */
  private long lastOffset = -1;

  private java.nio.file.Path stateFile;
  private long savedOffset = Long.MIN_VALUE;

  /**
   * Keeps the open correlation windows in {@code file} across restarts: restored now (when the file
   * exists), saved at each store commit. The windows then hold events the journal will not replay.
   *
   * @return the journal offset the restored state includes, or -1 when there was none
   * @throws java.io.IOException when the file exists but cannot be read (say which, rather than silently forget)
   */
  public long keepStateIn(java.nio.file.Path file) throws java.io.IOException {
    this.stateFile = file;
    if (!java.nio.file.Files.exists(file)) return -1;
    try (var in = new java.io.DataInputStream(new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(file)))) {
      long offset = engine.readState(in);
      suppressor.readState(in);
      lastOffset = offset;
      savedOffset = offset;
      return offset;
    } catch (java.io.IOException e) {
      throw new java.io.IOException("correlation state " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Saves the windows when the engine is exactly where the store is: after a failed store write the
   * engine may have seen events the store has not, and then the save waits for the next commit.
   */
  @Override
  public void committed(long upTo) {
    if (stateFile == null || lastOffset >= upTo || lastOffset == savedOffset) return;
    java.nio.file.Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
    try {
      java.nio.file.Files.createDirectories(stateFile.toAbsolutePath().getParent());
      try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
          java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
          var out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16))) {
        engine.writeState(out, lastOffset);
        suppressor.writeState(out);
        out.flush();
        ch.force(true);
      }
      java.nio.file.Files.move(tmp, stateFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      savedOffset = lastOffset;
    } catch (java.io.IOException e) {
      // the previous state stays; windows restart from it after a crash
      stateErrors.increment();
      System.getLogger(DetectionStage.class.getName()).log(System.Logger.Level.WARNING, "saving correlation state to " + stateFile + ": " + e);
    }
  }

  private final java.util.concurrent.atomic.AtomicReference<vn.soctinh.analyzer.detect.sigma.SigmaRules> nextRules =
      new java.util.concurrent.atomic.AtomicReference<>();

  /**
   * Hot reload: {@code rules} run from the next batch on, on the pipeline's thread (the engine is
   * not shared); a newer offer before then replaces this one.
   */
  public void offer(vn.soctinh.analyzer.detect.sigma.SigmaRules rules) {
    nextRules.set(rules);
  }

  /** The engine (for its rule set and state, in tests and status pages). */
  public SigmaEngine engine() {
    return engine;
  }

  @Override
  public void process(List<Event> batch) throws StoreException {
    raise(batch);
    if (!pending.isEmpty()) {
      List<Event> published = List.copyOf(pending.values());
      sink.publish(published);
      pending.clear();
      tell(listeners, published);
    }
  }

  /**
   * The store is down: raise alerts on the batch and tell the stream's subscribers, but keep the
   * alerts for the sink, which gets them with the first batch the store takes again. The engine
   * will not see these events a second time (their offsets are behind it when the pipeline
   * re-reads them to store them).
   */
  @Override
  public void lookAhead(List<Event> batch) {
    raise(batch);
  }

  /** Runs the batch through the indicators and the engine; new alerts join {@link #pending} and go to the stream. */
  private void raise(List<Event> batch) {
    var next = nextRules.getAndSet(null);
    if (next != null) engine.replaceRules(next);
    // one document per alert id: firings folded into an open alert share it
    Map<String, Event> alerts = new java.util.LinkedHashMap<>();
    long batchLast = lastOffset;
    for (Event e : batch) {
      Long offset = e.getLong("log.offset");
      if (offset != null) {
        if (offset <= lastOffset) continue;
        batchLast = Math.max(batchLast, offset);
      }
      List<SigmaAlert> raised = new ArrayList<>();
      if (ioc != null) {
        var hits = ioc.match(e);
        if (!hits.isEmpty()) {
          var h = hits.get(0);
          java.time.Instant t = e.getInstant("@timestamp") != null ? e.getInstant("@timestamp") : java.time.Instant.now();
          String id = e.getString("event.id");
          raised.add(new SigmaAlert(IOC_RULE, "Threat-intelligence indicator: " + h.value() + (h.indicator().feed() == null ? "" : " (" + h.indicator().feed() + ")"),
              h.indicator().level(), List.of(), false, Map.of(h.field(), h.value()), t, t, 1, id == null ? List.of() : List.of(id), e.getString("organization.id")));
        }
      }
      raised.addAll(engine.process(e));
      for (SigmaAlert a : raised) {
        if (disabledRules.contains(a.ruleId())) continue;
        // event.created: when the alert was raised (kept when later firings fold into it); a drill's time to detect
        Event doc = suppressor.admit(concerning(document(a), a, e).put("event.created", java.time.Instant.now()), a.correlation() ? null : e);
        alerts.put(doc.getString("event.id"), doc);
        String level = a.level() == null ? "unknown" : a.level();
        byLevel.computeIfAbsent(level, l -> Counter.builder("soctinh.detection.alerts").tag("level", l).register(registry)).increment();
      }
    }
    lastOffset = batchLast;
    // alerts a failed publish left behind go out with the next batch: the engine will not raise them again
    for (Event a : alerts.values()) pending.put(a.getString("event.id"), a);
    if (!alerts.isEmpty()) tell(streamListeners, List.copyOf(alerts.values()));
  }

  private void tell(List<java.util.function.Consumer<List<Event>>> subscribers, List<Event> docs) {
    for (var l : subscribers) {
      try {
        l.accept(docs);
      } catch (RuntimeException e) {
        listenerErrors.increment();
        System.getLogger(DetectionStage.class.getName()).log(System.Logger.Level.WARNING, "an alert subscriber failed: " + e);
      }
    }
  }

  private final Map<String, Event> pending = new java.util.LinkedHashMap<>();
  private volatile java.util.Set<String> disabledRules = java.util.Set.of();

  /**
   * Rules switched off by an analyst (the console): they keep matching and counting in their windows,
   * so switching one on again does not lose a correlation in progress, but raise no alert.
   */
  public void disableRules(java.util.Set<String> ruleIds) {
    disabledRules = java.util.Set.copyOf(ruleIds);
  }

  public java.util.Set<String> disabledRules() {
    return disabledRules;
  }

  private vn.soctinh.analyzer.incident.Priority priority = vn.soctinh.analyzer.incident.Priority.defaults();

  /** Replaces the default priority table; call before the first batch. */
  public DetectionStage prioritiseWith(vn.soctinh.analyzer.incident.Priority p) {
    this.priority = p;
    return this;
  }

  /**
   * What the alert is about, from the event that raised it (the last one, for a correlation): the
   * system and its security level, a drill's id, and the priority that follows from them.
   */
  private static final List<String> CONCERNING = List.of("labels.system_id", "labels.system_name", "labels.security_level", "organization.name",
      "labels.drill_id", "labels.drill_scenario", "labels.drill_step");

  private Event concerning(Event doc, SigmaAlert a, Event e) {
    for (String f : CONCERNING) {
      Object v = e.get(f);
      if (v != null) doc.put(f, v);
    }
    Integer level = null;
    try {
      String l = e.getString("labels.security_level");
      if (l != null) level = Integer.valueOf(l);
    } catch (NumberFormatException ex) {
      // not a level: as if no system were known
    }
    boolean ioc = IOC_RULE.equals(a.ruleId()) || e.get("threat.indicator.type") != null;
    doc.put("labels.priority", vn.soctinh.analyzer.incident.Priority.label(priority.of(a.level(), level, ioc)));
    if (e.get("labels.drill_id") != null) doc.put("labels.drill", "true");
    return doc;
  }

  /** An alert as a stored document (ECS where ECS has a name for it). */
  static Event document(SigmaAlert a) {
    String firstEvent = a.eventIds().isEmpty() ? a.firstSeen().toString() : a.eventIds().get(0);
    String key = a.groupBy().isEmpty() ? "" : ":" + String.join(",", new TreeMap<>(a.groupBy()).values());
    Event d = new Event()
        .put("@timestamp", a.lastSeen())
        .put("event.id", "alert:" + a.ruleId() + key + ":" + firstEvent)
        .put("event.kind", "alert")
        .put("event.start", a.firstSeen())
        .put("event.end", a.lastSeen())
        .put("event.sequence", a.count())
        .put("rule.id", a.ruleId())
        .put("rule.name", a.title())
        .put("event.severity", severity(a.level()))
        .put("labels.level", a.level() == null ? "unknown" : a.level())
        .put("labels.correlation", Boolean.toString(a.correlation()))
        .put("soctinh.event_ids", List.copyOf(a.eventIds()));
    if (!a.techniques().isEmpty()) d.put("threat.technique.id", List.copyOf(a.techniques()));
    if (a.status() != null) d.put("labels.rule_status", a.status());
    for (String t : a.tags()) d.addTag(t);
    if (a.agency() != null) d.put("organization.id", a.agency());
    a.groupBy().forEach((k, v) -> d.put("labels.group_" + k.replace('.', '_'), v));
    return d;
  }

  /** Sigma levels as numbers for sorting: informational 1 … critical 5. */
  static long severity(String level) {
    if (level == null) return 0;
    return switch (level) {
      case "informational" -> 1;
      case "low" -> 2;
      case "medium" -> 3;
      case "high" -> 4;
      case "critical" -> 5;
      default -> 0;
    };
  }
}
