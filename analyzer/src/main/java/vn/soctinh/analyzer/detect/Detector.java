package vn.soctinh.analyzer.detect;

import vn.soctinh.collector.metrics.Metrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import vn.soctinh.analyzer.detect.ioc.IocMatcher;
import vn.soctinh.analyzer.detect.sigma.SigmaRules;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.incident.Priority;

/**
 * Sigma detection and indicator alerts over a stream of parsed events, on several threads with the
 * result of one. The rules are cut into {@link RuleShard}s by {@link SigmaRules#shard}: each window
 * lives in exactly one shard, and every shard sees every event of a batch in journal order, so the
 * alerts (ids, counts, windows, suppression) are those one shard would raise, whatever the number
 * of shards. Matching, the costly part with hundreds of rules, is what the shards divide.
 *
 * <p>Not thread-safe: one caller (the detection pipeline) at a time; the shards of a batch run on
 * {@code pool}.
 */
public final class Detector {
  /**
   * How detection is cut and bounded: per correlation at most {@code maxGroups} open windows, of
   * which one sender may open {@code maxGroupsPerSender}.
   */
  public record Settings(int shards, Duration lateness, int maxGroups, int maxGroupsPerSender, Duration suppressWindow, int maxOpenAlerts,
      List<String> suppressBy) {
    public Settings {
      if (shards < 1) throw new IllegalArgumentException("shards must be at least 1");
      if (maxGroupsPerSender < 1 || maxGroupsPerSender > maxGroups) throw new IllegalArgumentException("maxGroupsPerSender must be 1..maxGroups");
      suppressBy = List.copyOf(suppressBy);
    }

    /** A sender's share a tenth of {@code maxGroups}. */
    public Settings(int shards, Duration lateness, int maxGroups, Duration suppressWindow, int maxOpenAlerts, List<String> suppressBy) {
      this(shards, lateness, maxGroups, defaultShare(maxGroups), suppressWindow, maxOpenAlerts, suppressBy);
    }

    /** The windows one sender may open when not configured: a tenth of the total, at least one. */
    public static int defaultShare(int maxGroups) {
      return Math.max(1, maxGroups / 10);
    }

    public static Settings defaults() {
      return new Settings(1, Duration.ofSeconds(60), 100_000, Duration.ofMinutes(10), 100_000, AlertSuppressor.DEFAULT_KEY_FIELDS);
    }

    public Settings withShards(int n) {
      return new Settings(n, lateness, maxGroups, maxGroupsPerSender, suppressWindow, maxOpenAlerts, suppressBy);
    }

    public Settings withGroups(int max, int perSender) {
      return new Settings(shards, lateness, max, perSender, suppressWindow, maxOpenAlerts, suppressBy);
    }
  }

  /** The format of what {@link #writeState} writes: its magic ends with it. */
  public static final int STATE_FORMAT = 2;
  private static final String STATE_PREFIX = "soctinh-detection-state-";
  private static final String STATE_MAGIC = STATE_PREFIX + STATE_FORMAT;

  private final List<RuleShard> shards = new ArrayList<>();
  private final ExecutorService pool;
  private final IocMatcher ioc;
  private final Priority priority;
  private final AtomicReference<SigmaRules> nextRules = new AtomicReference<>();
  private volatile SigmaRules rules;
  private volatile Set<String> disabled = Set.of();
  /** The journal offset of the last event seen: a batch read again (after a restart) is not counted twice. */
  private long lastOffset = -1;
  private final MeterRegistry registry;
  private final Map<String, Counter> byLevel = new ConcurrentHashMap<>();
  private final Counter failures;

  /**
   * @param ioc indicator look-ups for the indicator alert (the events already carry {@code threat.*}
   *     from enrichment), or null
   * @param pool runs the shards of a batch (null: all on the caller's thread)
   */
  public Detector(SigmaRules rules, Settings s, IocMatcher ioc, Priority priority, ExecutorService pool, MeterRegistry registry) {
    this.rules = rules;
    this.ioc = ioc;
    this.priority = priority;
    this.pool = pool;
    this.registry = registry;
    // each shard keeps its share of the open alerts: the same total memory as one
    int openPerShard = Math.max(1, s.maxOpenAlerts() / s.shards());
    for (int i = 0; i < s.shards(); i++) {
      shards.add(new RuleShard(i, s.shards(), rules, s.lateness(), s.maxGroups(), s.maxGroupsPerSender(),
          new AlertSuppressor(s.suppressWindow(), openPerShard, s.suppressBy())));
    }
    this.failures = Metrics.ERRORS.counter(registry, "stage", "detection");
    Metrics.DETECTION_CORRELATION_GROUPS.gauge(registry, this, Detector::groups);
    Metrics.DETECTION_RULES_LOADED.gauge(registry, this, d -> d.rules.report().loaded());
    Metrics.DETECTION_RULES_FAILED.gauge(registry, this, d -> d.rules.report().failed().size());
    Metrics.DETECTION_LATE_EVENTS.counter(registry, this, d -> d.sum(sh -> sh.engine().lateEvents()));
    // one meter, why a window went: the total was reached, or its sender opened more than its share
    Metrics.DETECTION_EVICTED_GROUPS.counter(registry, this, d -> d.sum(sh -> sh.engine().evictedGroups()), "reason", "max_groups");
    Metrics.DETECTION_EVICTED_GROUPS.counter(registry, this, d -> d.sum(sh -> sh.engine().evictedForSenderShare()),
        "reason", "sender_share");
    Metrics.DETECTION_SUPPRESSED_ALERTS.counter(registry, this, d -> d.sum(sh -> sh.suppressor().suppressed()));
    Metrics.DETECTION_OPEN_ALERTS.gauge(registry, this, d -> d.sum(sh -> sh.suppressor().openAlerts()));
  }

  private double sum(java.util.function.ToLongFunction<RuleShard> f) {
    long n = 0;
    for (RuleShard s : shards) n += f.applyAsLong(s);
    return n;
  }

  /** Open correlation windows over all shards (the state size). */
  public long groups() {
    long n = 0;
    for (RuleShard s : shards) n += s.engine().groups();
    return n;
  }

  /** The whole rule set running now. */
  public SigmaRules rules() {
    return rules;
  }

  public int shards() {
    return shards.size();
  }

  /** Hot reload: {@code next} runs from the next batch on; a newer offer before then replaces this one. */
  public void offer(SigmaRules next) {
    nextRules.set(next);
  }

  /**
   * Rules switched off by an analyst: they keep matching and counting in their windows, so switching
   * one on again does not lose a correlation in progress, but raise no alert.
   */
  public void disableRules(Set<String> ruleIds) {
    disabled = Set.copyOf(ruleIds);
  }

  public Set<String> disabledRules() {
    return disabled;
  }

  /** The offset of the last event detection has seen (-1: none). */
  public long lastOffset() {
    return lastOffset;
  }

  /**
   * The alert documents the batch raises, in the order of the events that raised them (ties: by
   * shard). A document may appear again later, grown, while its suppression window is open: same
   * {@code event.id}, the store overwrites it.
   */
  public List<Event> process(List<Event> batch) {
    SigmaRules next = nextRules.getAndSet(null);
    if (next != null) {
      for (RuleShard s : shards) s.replaceRules(next);
      rules = next;
    }
    int from = 0;
    long last = lastOffset;
    // events already seen (a replay after a restart from an older committed offset) are skipped
    while (from < batch.size() && offsetOf(batch.get(from)) >= 0 && offsetOf(batch.get(from)) <= lastOffset) from++;
    for (int i = from; i < batch.size(); i++) last = Math.max(last, offsetOf(batch.get(i)));
    int start = from;
    Set<String> off = disabled;
    List<RuleShard.Raised> raised = new ArrayList<>();
    if (pool == null || shards.size() == 1) {
      for (RuleShard s : shards) raised.addAll(s.process(batch, start, ioc, off, priority, failures::increment));
    } else {
      List<Future<List<RuleShard.Raised>>> running = new ArrayList<>(shards.size());
      for (int k = 1; k < shards.size(); k++) {
        RuleShard s = shards.get(k);
        running.add(pool.submit(() -> s.process(batch, start, ioc, off, priority, failures::increment)));
      }
      raised.addAll(shards.get(0).process(batch, start, ioc, off, priority, failures::increment));
      for (Future<List<RuleShard.Raised>> f : running) raised.addAll(await(f));
    }
    lastOffset = last;
    if (raised.isEmpty()) return List.of();
    raised.sort(Comparator.comparingInt(RuleShard.Raised::event).thenComparingInt(RuleShard.Raised::shard));
    List<Event> docs = new ArrayList<>(raised.size());
    for (RuleShard.Raised r : raised) {
      docs.add(r.doc());
      String level = r.doc().getString("labels.level");
      byLevel.computeIfAbsent(level == null ? "unknown" : level,
          l -> Metrics.DETECTION_ALERTS.counter(registry, "level", l)).increment();
    }
    return docs;
  }

  private static long offsetOf(Event e) {
    Long o = e.getLong("log.offset");
    return o == null ? -1 : o;
  }

  private static List<RuleShard.Raised> await(Future<List<RuleShard.Raised>> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while detecting", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * Writes the windows and open alerts of every shard, as of the last event seen. Each shard's part
   * is a section of its own, so a restart with another number of shards reads every section into
   * whichever shard now owns each rule.
   */
  public void writeState(DataOutputStream out) throws IOException {
    out.writeUTF(STATE_MAGIC);
    out.writeLong(lastOffset);
    out.writeInt(shards.size());
    for (RuleShard s : shards) {
      ByteArrayOutputStream section = new ByteArrayOutputStream();
      try (DataOutputStream d = new DataOutputStream(section)) {
        s.writeState(d, lastOffset);
      }
      out.writeInt(section.size());
      section.writeTo(out);
    }
  }

  /**
   * The format of a state written by {@link #writeState}: {@link #STATE_FORMAT} for this release's,
   * 1 for the previous release's single-engine file (its correlation magic), the number a later
   * release put in its magic for one of those; an IOException for anything else.
   */
  public static int stateFormat(byte[] file) throws IOException {
    String magic = new DataInputStream(new ByteArrayInputStream(file)).readUTF();
    if (magic.startsWith("soctinh-correlation-state-")) return 1;
    if (magic.startsWith(STATE_PREFIX)) {
      try {
        return Integer.parseInt(magic.substring(STATE_PREFIX.length()));
      } catch (NumberFormatException e) {
        // below
      }
    }
    throw new IOException("not a detection state (\"" + magic + "\")");
  }

  /**
   * Restores what {@link #writeState} wrote, or the single-engine state file of the previous release
   * (windows, then open alerts). Returns the journal offset the state includes.
   */
  public long readState(byte[] file) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(file));
    in.mark(64);
    String magic = in.readUTF();
    List<byte[]> sections = new ArrayList<>();
    long offset;
    if (STATE_MAGIC.equals(magic)) {
      offset = in.readLong();
      int n = in.readInt();
      if (n < 0 || n > 4096) throw new IOException("corrupt detection state (" + n + " sections)");
      for (int i = 0; i < n; i++) {
        int len = in.readInt();
        if (len < 0 || len > file.length) throw new IOException("corrupt detection state (section of " + len + " bytes)");
        sections.add(in.readNBytes(len));
      }
    } else {
      sections.add(file); // one section: the engine's magic and windows, then the suppressor's open alerts
      offset = Long.MIN_VALUE;
    }
    for (byte[] section : sections) {
      for (RuleShard s : shards) {
        long at = s.readState(new DataInputStream(new ByteArrayInputStream(section)));
        if (offset == Long.MIN_VALUE) offset = at;
      }
    }
    lastOffset = offset;
    return offset;
  }
}
