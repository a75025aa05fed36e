package vn.soctinh.analyzer.detect.sigma;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import vn.soctinh.analyzer.event.Event;

/**
 * Sigma on the stream: each event is matched against the detection rules, and the matches feed the
 * correlation rules' windows, kept per group-by key in event time.
 *
 * <ul>
 *   <li>Event time is {@code @timestamp}. An event older than the newest seen by that correlation
 *       minus its timespan and the allowed lateness is counted as late and not used.
 *   <li>Memory is bounded: per correlation at most {@code maxGroups} keys (the least recently used
 *       is evicted, and counted), per key at most {@link #MAX_WINDOW} timestamps or values; a key
 *       whose window has passed is dropped.
 *   <li>One sender (the collector's peer, {@code log.source.address} without the port) opens at
 *       most {@code maxGroupsPerSender} keys per correlation: beyond it, its own least recently used
 *       key goes, so a flood of unique keys from one agency does not evict another's windows
 *       ({@link Windows}).
 *   <li>When a correlation fires, its key's window starts again, so a brute force of 1,000 attempts
 *       with a threshold of 10 raises one alert per window, not 990.
 *   <li>A detection rule referenced by a correlation without {@code generate: true} raises no alert
 *       of its own.
 * </ul>
 *
 * Not thread-safe: one engine per pipeline.
 */
public final class SigmaEngine {
  static final int MAX_EVENT_IDS = 50;
  static final int MAX_WINDOW = 10_000;

  private SigmaRules rules;
  private final Duration lateness;
  private final int maxGroups;
  private final int maxGroupsPerSender;
  private final List<Correlator> correlators = new ArrayList<>();
  private final Map<SigmaRule, List<Correlator>> feeds = new IdentityHashMap<>();
  private final Map<SigmaRule, Boolean> silent = new IdentityHashMap<>();
  private final Map<SigmaRule, List<String>> techniques = new IdentityHashMap<>();
  private long late;
  private long evicted;
  private long evictedForShare;
  private String lastAddress;
  private String lastSender = "";
  private EventView view;
  private final List<SigmaRule> matched = new ArrayList<>();

  /** An engine without a per-sender share (every sender may hold all {@code maxGroups} keys). */
  public SigmaEngine(SigmaRules rules, Duration lateness, int maxGroups) {
    this(rules, lateness, maxGroups, maxGroups);
  }

  /** @param maxGroupsPerSender the keys one sender may open per correlation, 1..{@code maxGroups} */
  public SigmaEngine(SigmaRules rules, Duration lateness, int maxGroups, int maxGroupsPerSender) {
    if (maxGroups < 1 || maxGroupsPerSender < 1 || maxGroupsPerSender > maxGroups) {
      throw new IllegalArgumentException("need 1 <= maxGroupsPerSender (" + maxGroupsPerSender + ") <= maxGroups (" + maxGroups + ")");
    }
    this.lateness = lateness;
    this.maxGroups = maxGroups;
    this.maxGroupsPerSender = maxGroupsPerSender;
    install(rules);
  }

  /**
   * Runs {@code next} from the next event on (hot reload). The open windows of a correlation that
   * is still there with the same definition (type, rules, group-by, timespan, field, aliases) carry
   * over; the windows of a changed or removed one are dropped.
   */
  public void replaceRules(SigmaRules next) {
    Map<String, Correlator> before = new HashMap<>();
    for (Correlator k : correlators) before.put(k.c.displayId(), k);
    install(next);
    for (Correlator k : correlators) {
      Correlator old = before.get(k.c.displayId());
      if (old != null && sameWindows(old.c, k.c)) {
        k.windows.takeAll(old.windows);
        k.newest = old.newest;
        if (k.atClose && old.atClose) k.closing.addAll(old.closing);
      }
    }
  }

  private static boolean sameWindows(SigmaCorrelation a, SigmaCorrelation b) {
    return a.type().equals(b.type()) && a.rules().equals(b.rules()) && a.groupBy().equals(b.groupBy()) && a.timespan().equals(b.timespan())
        && java.util.Objects.equals(a.valueField(), b.valueField()) && a.aliases().equals(b.aliases());
  }

  /**
   * Closes the windows of lt/lte/eq correlations that event time has passed (by more than the
   * allowed lateness), and returns the alerts of those whose condition held.
   */
  private List<SigmaAlert> advance(Instant at) {
    long t = at.toEpochMilli();
    if (t <= watermark) return List.of();
    watermark = t;
    List<SigmaAlert> out = null;
    for (Correlator k : correlators) {
      if (!k.atClose) continue;
      while (!k.closing.isEmpty() && k.closing.peek().end + lateness.toMillis() < t) {
        Closing c = k.closing.poll();
        if (k.windows.get(c.key) != c.group) continue; // evicted, or closed already by a later event of its key
        k.windows.remove(c.key);
        SigmaAlert a = k.close(c.key, c.group);
        if (a != null) {
          if (out == null) out = new ArrayList<>();
          out.add(a);
        }
      }
    }
    return out == null ? List.of() : out;
  }

  private long watermark = Long.MIN_VALUE;
  private int closingCorrelators;

  /** A window of an lt/lte/eq correlation waiting for event time to pass its end. */
  private record Closing(long end, List<String> key, Group group) {}

  private void install(SigmaRules next) {
    this.rules = next;
    this.view = next.newView();
    correlators.clear();
    feeds.clear();
    silent.clear();
    techniques.clear();
    closingCorrelators = 0;
    for (SigmaRules.Resolved c : next.correlations()) {
      Correlator k = new Correlator(c);
      correlators.add(k);
      if (k.atClose) closingCorrelators++;
      for (SigmaRule r : c.rules()) {
        feeds.computeIfAbsent(r, x -> new ArrayList<>()).add(k);
        if (!c.correlation().generate()) silent.putIfAbsent(r, true);
        else silent.put(r, false);
      }
    }
  }

  /** Version 2 adds each window's sender; version 1 (no senders) is still read, as sender "". */
  private static final String STATE_MAGIC = "soctinh-correlation-state-2";
  private static final String STATE_MAGIC_1 = "soctinh-correlation-state-1";

  /**
   * Writes the open correlation windows, so that a restart resumes them ({@link #readState}). The
   * caller records which journal offset the state includes.
   */
  public void writeState(java.io.DataOutputStream out, long offset) throws java.io.IOException {
    out.writeUTF(STATE_MAGIC);
    out.writeLong(offset);
    out.writeLong(watermark);
    out.writeInt(correlators.size());
    for (Correlator k : correlators) {
      out.writeUTF(k.c.displayId());
      out.writeUTF(k.signature());
      out.writeLong(k.newest);
      out.writeInt(k.windows.size());
      for (Windows.Window<Group> w : k.windows.inOrder()) {
        writeStrings(out, w.key);
        writeString(out, w.sender());
        Group g = w.group;
        out.writeLong(g.first);
        out.writeLong(g.last);
        out.writeLong(g.count);
        out.writeLong(g.windowEnd);
        writeString(out, g.agency == null ? "" : g.agency);
        long[] times = g.times.toArray();
        out.writeInt(times.length);
        for (long x : times) out.writeLong(x);
        out.writeInt(g.values.size());
        for (Map.Entry<String, Long> v : g.values.entrySet()) {
          writeString(out, v.getKey());
          out.writeLong(v.getValue());
        }
        out.writeInt(g.steps.size());
        for (Map.Entry<Integer, TimeWindow> st : g.steps.entrySet()) {
          out.writeInt(st.getKey());
          long[] ts = st.getValue().toArray();
          out.writeInt(ts.length);
          for (long x : ts) out.writeLong(x);
        }
        writeStrings(out, g.ids);
      }
    }
  }

  /**
   * Restores what {@link #writeState} wrote, for the correlations that still exist with the same
   * definition (the others start empty). Returns the journal offset the state includes.
   *
   * @throws java.io.IOException for a file that is not a state file or is cut short
   */
  public long readState(java.io.DataInputStream in) throws java.io.IOException {
    String magic = in.readUTF();
    boolean withSenders = STATE_MAGIC.equals(magic);
    if (!withSenders && !STATE_MAGIC_1.equals(magic)) throw new java.io.IOException("not a correlation state file");
    long offset = in.readLong();
    long mark = in.readLong();
    Map<String, Correlator> byId = new HashMap<>();
    for (Correlator k : correlators) byId.put(k.c.displayId() + "\n" + k.signature(), k);
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      String id = in.readUTF();
      String sig = in.readUTF();
      Correlator k = byId.get(id + "\n" + sig);
      long newest = in.readLong();
      int groups = in.readInt();
      for (int j = 0; j < groups; j++) {
        List<String> key = List.copyOf(readStrings(in));
        String sender = withSenders ? readString(in) : "";
        Group g = new Group();
        g.first = in.readLong();
        g.last = in.readLong();
        g.count = in.readLong();
        g.windowEnd = in.readLong();
        String agency = readString(in);
        g.agency = agency.isEmpty() ? null : agency;
        for (long x : readLongs(in)) g.times.add(x);
        int values = in.readInt();
        for (int v = 0; v < values; v++) g.values().put(readString(in), in.readLong());
        int steps = in.readInt();
        for (int st = 0; st < steps; st++) {
          int idx = in.readInt();
          TimeWindow ts = new TimeWindow();
          for (long x : readLongs(in)) ts.add(x);
          g.steps().put(idx, ts);
        }
        g.ids.addAll(readStrings(in));
        if (k == null) continue; // gone or changed since: its windows are dropped
        k.windows.restore(key, g, sender, g.agency == null ? "unassigned" : g.agency); // the pool: the agency saved with it
        if (k.atClose && g.windowEnd != Long.MAX_VALUE) k.closing.add(new Closing(g.windowEnd, key, g));
      }
      if (k != null) k.newest = Math.max(k.newest, newest);
    }
    watermark = Math.max(watermark, mark);
    return offset;
  }

  private static void writeLongs(java.io.DataOutputStream out, java.util.Collection<Long> xs) throws java.io.IOException {
    out.writeInt(xs.size());
    for (long x : xs) out.writeLong(x);
  }

  private static List<Long> readLongs(java.io.DataInputStream in) throws java.io.IOException {
    int n = in.readInt();
    if (n < 0 || n > MAX_WINDOW * 2) throw new java.io.IOException("corrupt correlation state (window of " + n + ")");
    List<Long> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) out.add(in.readLong());
    return out;
  }

  private static void writeStrings(java.io.DataOutputStream out, java.util.Collection<String> xs) throws java.io.IOException {
    out.writeInt(xs.size());
    for (String x : xs) writeString(out, x);
  }

  /** Any length (writeUTF stops at 64 KiB, and values come from log lines). */
  private static void writeString(java.io.DataOutputStream out, String s) throws java.io.IOException {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(java.io.DataInputStream in) throws java.io.IOException {
    int n = in.readInt();
    if (n < 0 || n > 64 << 20) throw new java.io.IOException("corrupt correlation state (string of " + n + " bytes)");
    byte[] b = in.readNBytes(n);
    if (b.length != n) throw new java.io.EOFException("correlation state cut short");
    return new String(b, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static List<String> readStrings(java.io.DataInputStream in) throws java.io.IOException {
    int n = in.readInt();
    if (n < 0 || n > MAX_WINDOW * 2) throw new java.io.IOException("corrupt correlation state (" + n + " strings)");
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) out.add(readString(in));
    return out;
  }

  /** The rule set running now. */
  public SigmaRules rules() {
    return rules;
  }

  /** The alerts this event raises: its detection rules' (unless silenced), then correlations'. */
  public List<SigmaAlert> process(Event e) {
    List<SigmaAlert> closed = closingCorrelators > 0 ? advance(time(e)) : List.of();
    List<SigmaRule> matched = this.matched;
    matched.clear();
    rules.matching(view.reset(e), matched);
    if (matched.isEmpty()) return closed;
    List<SigmaAlert> out = new ArrayList<>(closed);
    Instant t = time(e);
    String id = e.getString("event.id");
    String agency = e.getString("organization.id");
    String sender = sender(e.getString("log.source.address"));
    for (SigmaRule r : matched) {
      if (!silent.getOrDefault(r, false)) {
        out.add(SigmaAlertBuilder.builder().ruleId(r.id() != null ? r.id() : r.title()).title(r.title()).level(r.level())
            .techniques(techniques.computeIfAbsent(r, SigmaRule::techniques)).correlation(false).groupBy(Map.of()).firstSeen(t).lastSeen(t).count(1)
            .eventIds(id == null ? List.of() : List.of(id)).agency(agency).status(r.status()).tags(r.tags()).build());
      }
      for (Correlator k : feeds.getOrDefault(r, List.of())) {
        SigmaAlert a = k.add(r, e, t, id, agency, sender);
        if (a != null) out.add(a);
      }
    }
    return out;
  }

  /** A flood comes from one sender: the last address's sender is kept, not cut out again. */
  private String sender(String address) {
    if (address == null) return "";
    if (!address.equals(lastAddress)) {
      lastSender = Windows.senderOf(address);
      lastAddress = address;
    }
    return lastSender;
  }

  static Instant time(Event e) {
    Instant t = e.getInstant("@timestamp");
    if (t == null) t = e.getInstant("event.created");
    return t != null ? t : Instant.now();
  }

  /** Events too late for their window, since start. */
  public long lateEvents() {
    return late;
  }

  /** Group keys pushed out by the per-correlation cap, since start. */
  public long evictedGroups() {
    return evicted;
  }

  /** Group keys pushed out because their sender opened more than its share, since start. */
  public long evictedForSenderShare() {
    return evictedForShare;
  }

  /** Group keys held now, over all correlations (the state size metric). */
  public long groups() {
    long n = 0;
    for (Correlator k : correlators) n += k.windows.size();
    return n;
  }

  /** The windows of each correlation by display id, counted per sender (for tests). */
  Map<String, Windows.Census> census() {
    Map<String, Windows.Census> out = new TreeMap<>();
    for (Correlator k : correlators) out.put(k.c.displayId(), k.windows.census());
    return out;
  }

  /** One key's window. */
  private static final class Group {
    // allocated small, and the maps only for the correlation types that use them: state is per key
    final TimeWindow times = new TimeWindow(); // event_count: event times
    Map<String, Long> values = Map.of(); // value_count: value -> last time
    Map<Integer, TimeWindow> steps = Map.of(); // temporal: rule index -> times
    final ArrayDeque<String> ids = new ArrayDeque<>(4);

    Map<String, Long> values() {
      if (!(values instanceof HashMap)) values = new HashMap<>(4);
      return values;
    }

    Map<Integer, TimeWindow> steps() {
      if (!(steps instanceof HashMap)) steps = new HashMap<>(4);
      return steps;
    }

    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long count;
    long windowEnd = Long.MAX_VALUE; // lt/lte/eq: the fixed window [first, first + timespan]
    String agency;
  }

  private final class Correlator {
    final SigmaCorrelation c;
    final List<SigmaRule> refs;
    final Map<SigmaRule, List<String>> keyFields = new IdentityHashMap<>();
    final Map<SigmaRule, String> valueFields = new IdentityHashMap<>();
    final long span;
    final List<String> techniques;
    final Windows<Group> windows = new Windows<>(maxGroups, maxGroupsPerSender);
    long newest = Long.MIN_VALUE;
    /**
     * lt, lte and eq are decided when a window closes (a later event could still break them):
     * such a correlation counts in fixed windows that start at a key's first event.
     */
    final boolean atClose;
    final java.util.PriorityQueue<Closing> closing = new java.util.PriorityQueue<>(java.util.Comparator.comparingLong(Closing::end));

    Correlator(SigmaRules.Resolved r) {
      this.c = r.correlation();
      this.refs = r.rules();
      this.span = c.timespan().toMillis();
      this.techniques = SigmaRule.techniques(c.tags());
      this.atClose = (c.op().equals("lt") || c.op().equals("lte") || c.op().equals("eq"))
          && (c.type().equals("event_count") || c.type().equals("value_count"));
      for (int i = 0; i < refs.size(); i++) {
        SigmaRule rule = refs.get(i);
        List<String> fields = new ArrayList<>();
        for (String g : c.groupBy()) {
          Map<String, String> alias = c.aliases().get(g);
          String sigmaName = g;
          if (alias != null) {
            String byRule = alias.get(r.refNames().get(i));
            if (byRule != null) sigmaName = byRule;
          }
          fields.add(rules.mapping().field(rule.logsource(), sigmaName));
        }
        keyFields.put(rule, fields);
        if (c.valueField() != null) valueFields.put(rule, rules.mapping().field(rule.logsource(), c.valueField()));
      }
    }

    SigmaAlert add(SigmaRule rule, Event e, Instant at, String id, String agency, String sender) {
      long t = at.toEpochMilli();
      if (newest != Long.MIN_VALUE && t < newest - span - lateness.toMillis()) {
        late++;
        return null;
      }
      newest = Math.max(newest, t);
      List<String> key = new ArrayList<>();
      for (String f : keyFields.get(rule)) {
        Object v = FieldMatcher.value(e, f);
        if (v == null) return null; // Sigma: an event without the group-by field is not counted
        key.add(FieldMatcher.text(v));
      }
      Group g = windows.get(key);
      SigmaAlert closedNow = null;
      if (g != null && atClose && t > g.windowEnd) {
        // this key's window is over: decide it now, the event opens the next one
        windows.remove(key);
        closedNow = close(key, g);
        g = null;
      }
      if (g == null) {
        g = new Group();
        if (atClose) {
          g.windowEnd = t + span;
          closing.add(new Closing(g.windowEnd, key, g));
        }
        switch (windows.open(key, g, sender, agency == null ? "unassigned" : agency)) {
          case SENDER_SHARE -> evictedForShare++;
          case MAX_GROUPS -> evicted++;
          case NONE -> { }
        }
      }
      if (!atClose) expire(g, t);
      g.first = Math.min(g.first, t);
      g.last = Math.max(g.last, t);
      g.count++;
      if (agency != null) g.agency = agency;
      if (id != null) {
        g.ids.addLast(id);
        if (g.ids.size() > MAX_EVENT_IDS) g.ids.removeFirst();
      }
      boolean fire;
      switch (c.type()) {
        case "event_count" -> {
          boolean atEnd = g.times.isEmpty() || g.times.last() <= t;
          g.times.add(t);
          if (g.times.size() > MAX_WINDOW) g.times.removeFirst();
          // lt/lte/eq are decided when the window closes; otherwise the window did not fire before
          // this event, so only spans that hold it can fire now, and in order those end at it: count
          // back from the newest (a flood of one key costs the threshold per event, not the window)
          fire = !atClose && c.met(atEnd ? g.times.countSince(t - span) : g.times.maxInSpanAround(t, span));
        }
        case "value_count" -> {
          Object v = FieldMatcher.value(e, valueFields.get(rule));
          if (v != null) {
            g.values().merge(FieldMatcher.text(v), t, Math::max);
            if (g.values.size() > MAX_WINDOW) g.values.remove(g.values.keySet().iterator().next());
          }
          fire = c.met(g.values.size());
        }
        default -> {
          int idx = refs.indexOf(rule);
          TimeWindow ts = g.steps().computeIfAbsent(idx, x -> new TimeWindow());
          ts.add(t);
          if (ts.size() > MAX_WINDOW) ts.removeFirst();
          fire = c.type().equals("temporal") ? allWithin(g) : orderedWithin(g, idx, t);
        }
      }
      if (atClose) return closedNow;
      if (!fire) {
        sweep(t);
        return null;
      }
      Map<String, String> by = new TreeMap<>();
      for (int i = 0; i < c.groupBy().size(); i++) by.put(c.groupBy().get(i), key.get(i));
      SigmaAlert a = alert(by, g, agency);
      windows.remove(key); // the window starts again: one alert per burst
      return a;
    }

    /** What the windows' meaning depends on: state saved under another definition is not restored. */
    String signature() {
      return c.type() + "|" + c.rules() + "|" + c.groupBy() + "|" + c.timespan() + "|" + c.valueField() + "|" + c.aliases() + "|" + atClose;
    }

    /** The alert of a closed lt/lte/eq window, or null when its condition did not hold. */
    SigmaAlert close(List<String> key, Group g) {
      long n = c.type().equals("value_count") ? g.values.size() : g.count;
      if (!c.met(n)) return null;
      Map<String, String> by = new TreeMap<>();
      for (int i = 0; i < c.groupBy().size(); i++) by.put(c.groupBy().get(i), key.get(i));
      return alert(by, g, g.agency);
    }

    /** The correlation's alert over group {@code g}: a correlation has no status of its own. */
    private SigmaAlert alert(Map<String, String> by, Group g, String agency) {
      return SigmaAlertBuilder.builder().ruleId(c.displayId()).title(c.title()).level(c.level()).techniques(techniques).correlation(true).groupBy(by)
          .firstSeen(Instant.ofEpochMilli(g.first)).lastSeen(Instant.ofEpochMilli(g.last)).count(g.count).eventIds(List.copyOf(g.ids)).agency(agency)
          .tags(c.tags()).build();
    }

    private void expire(Group g, long now) {
      long floor = now - span;
      g.times.expireBefore(floor - lateness.toMillis());
      if (!g.values.isEmpty()) g.values.values().removeIf(x -> x < floor);
      for (TimeWindow ts : g.steps.values()) ts.expireBefore(floor - lateness.toMillis());
    }

    /** Drops keys whose window has passed, a few per event, so idle keys do not stay. */
    private void sweep(long now) {
      for (int i = 0; i < 4; i++) {
        Group g = windows.eldest();
        if (g == null || g.last >= now - span - lateness.toMillis()) break;
        windows.removeEldest();
      }
    }

    private boolean allWithin(Group g) {
      if (g.steps.size() < refs.size()) return false;
      long lo = Long.MAX_VALUE;
      long hi = Long.MIN_VALUE;
      for (TimeWindow ts : g.steps.values()) {
        if (ts.isEmpty()) return false;
        lo = Math.min(lo, ts.last());
        hi = Math.max(hi, ts.last());
      }
      return hi - lo <= span;
    }

    /**
     * Some t0 <= t1 <= ... <= tn, one per rule in the order listed, with tn - t0 within the timespan,
     * that uses the event just added ({@code t} at step {@code idx}): no sequence held before it (the
     * window would have fired and started again), so a new one must use it. The steps before it
     * take the latest time at or before the next, the steps after it the earliest at or after the
     * previous: that makes tn - t0 as small as it can be, in a binary search per step.
     */
    private boolean orderedWithin(Group g, int idx, long t) {
      if (g.steps.size() < refs.size()) return false;
      long first = t;
      for (int i = idx - 1; i >= 0; i--) {
        first = g.steps.get(i).floor(first);
        if (first == Long.MIN_VALUE) return false;
      }
      long last = t;
      for (int i = idx + 1; i < refs.size(); i++) {
        last = g.steps.get(i).ceiling(last);
        if (last == Long.MAX_VALUE) return false;
      }
      return last - first <= span;
    }
  }

}
