package vn.soctinh.analyzer.detect.sigma;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
  private final List<Correlator> correlators = new ArrayList<>();
  private final Map<SigmaRule, List<Correlator>> feeds = new IdentityHashMap<>();
  private final Map<SigmaRule, Boolean> silent = new IdentityHashMap<>();
  private final Map<SigmaRule, List<String>> techniques = new IdentityHashMap<>();
  private long late;
  private long evicted;
  private EventView view;
  private final List<SigmaRule> matched = new ArrayList<>();

  public SigmaEngine(SigmaRules rules, Duration lateness, int maxGroups) {
    this.lateness = lateness;
    this.maxGroups = maxGroups;
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
        k.groups.putAll(old.groups);
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
        if (k.groups.get(c.key) != c.group) continue; // evicted, or closed already by a later event of its key
        k.groups.remove(c.key);
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
    for (SigmaRule r : matched) {
      if (!silent.getOrDefault(r, false)) {
        out.add(new SigmaAlert(r.id() != null ? r.id() : r.title(), r.title(), r.level(),
            techniques.computeIfAbsent(r, SigmaRule::techniques), false, Map.of(), t, t, 1,
            id == null ? List.of() : List.of(id), agency));
      }
      for (Correlator k : feeds.getOrDefault(r, List.of())) {
        SigmaAlert a = k.add(r, e, t, id, agency);
        if (a != null) out.add(a);
      }
    }
    return out;
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

  /** Group keys held now, over all correlations (the state size metric). */
  public long groups() {
    long n = 0;
    for (Correlator k : correlators) n += k.groups.size();
    return n;
  }

  /** One key's window. */
  private static final class Group {
    final ArrayDeque<Long> times = new ArrayDeque<>(); // event_count: sorted event times
    final Map<String, Long> values = new HashMap<>(); // value_count: value -> last time
    final Map<Integer, ArrayDeque<Long>> steps = new HashMap<>(); // temporal: rule index -> times
    final ArrayDeque<String> ids = new ArrayDeque<>();
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
    final LinkedHashMap<List<String>, Group> groups = new LinkedHashMap<>(16, 0.75f, true);
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

    SigmaAlert add(SigmaRule rule, Event e, Instant at, String id, String agency) {
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
      Group g = groups.get(key);
      SigmaAlert closedNow = null;
      if (g != null && atClose && t > g.windowEnd) {
        // this key's window is over: decide it now, the event opens the next one
        groups.remove(key);
        closedNow = close(key, g);
        g = null;
      }
      if (g == null) {
        g = new Group();
        groups.put(key, g);
        if (atClose) {
          g.windowEnd = t + span;
          closing.add(new Closing(g.windowEnd, key, g));
        }
        if (groups.size() > maxGroups) {
          Iterator<List<String>> it = groups.keySet().iterator();
          it.next();
          it.remove();
          evicted++;
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
          insertSorted(g.times, t);
          fire = c.met(maxInSpanOf(g.times, span));
        }
        case "value_count" -> {
          Object v = FieldMatcher.value(e, valueFields.get(rule));
          if (v != null) {
            g.values.merge(FieldMatcher.text(v), t, Math::max);
            if (g.values.size() > MAX_WINDOW) g.values.remove(g.values.keySet().iterator().next());
          }
          fire = c.met(g.values.size());
        }
        default -> {
          int idx = refs.indexOf(rule);
          ArrayDeque<Long> ts = g.steps.computeIfAbsent(idx, x -> new ArrayDeque<>());
          insertSorted(ts, t);
          fire = c.type().equals("temporal") ? allWithin(g) : orderedWithin(g);
        }
      }
      if (atClose) return closedNow;
      if (!fire) {
        sweep(t);
        return null;
      }
      Map<String, String> by = new TreeMap<>();
      for (int i = 0; i < c.groupBy().size(); i++) by.put(c.groupBy().get(i), key.get(i));
      SigmaAlert a = new SigmaAlert(c.displayId(), c.title(), c.level(), techniques, true, by, Instant.ofEpochMilli(g.first),
          Instant.ofEpochMilli(g.last), g.count, List.copyOf(g.ids), agency);
      groups.remove(key); // the window starts again: one alert per burst
      return a;
    }

    /** The alert of a closed lt/lte/eq window, or null when its condition did not hold. */
    SigmaAlert close(List<String> key, Group g) {
      long n = c.type().equals("value_count") ? g.values.size() : g.count;
      if (!c.met(n)) return null;
      Map<String, String> by = new TreeMap<>();
      for (int i = 0; i < c.groupBy().size(); i++) by.put(c.groupBy().get(i), key.get(i));
      return new SigmaAlert(c.displayId(), c.title(), c.level(), techniques, true, by, Instant.ofEpochMilli(g.first), Instant.ofEpochMilli(g.last),
          g.count, List.copyOf(g.ids), g.agency);
    }

    private void expire(Group g, long now) {
      long floor = now - span;
      while (!g.times.isEmpty() && g.times.peekFirst() < floor - lateness.toMillis()) g.times.removeFirst();
      g.values.values().removeIf(x -> x < floor);
      for (ArrayDeque<Long> ts : g.steps.values()) while (!ts.isEmpty() && ts.peekFirst() < floor - lateness.toMillis()) ts.removeFirst();
    }

    /** Drops keys whose window has passed, a few per event, so idle keys do not stay. */
    private void sweep(long now) {
      Iterator<Map.Entry<List<String>, Group>> it = groups.entrySet().iterator();
      for (int i = 0; i < 4 && it.hasNext(); i++) {
        Group g = it.next().getValue();
        if (g.last < now - span - lateness.toMillis()) it.remove();
        else break;
      }
    }

    private boolean allWithin(Group g) {
      if (g.steps.size() < refs.size()) return false;
      long lo = Long.MAX_VALUE;
      long hi = Long.MIN_VALUE;
      for (ArrayDeque<Long> ts : g.steps.values()) {
        if (ts.isEmpty()) return false;
        lo = Math.min(lo, ts.peekLast());
        hi = Math.max(hi, ts.peekLast());
      }
      return hi - lo <= span;
    }

    /** Some t0 <= t1 <= ... <= tn, one per rule in the order listed, with tn - t0 within the timespan. */
    private boolean orderedWithin(Group g) {
      if (g.steps.size() < refs.size()) return false;
      ArrayDeque<Long> lastStep = g.steps.get(refs.size() - 1);
      if (lastStep == null) return false;
      for (Iterator<Long> it = lastStep.descendingIterator(); it.hasNext();) {
        long end = it.next();
        long bound = end;
        boolean ok = true;
        for (int i = refs.size() - 2; i >= 0 && ok; i--) {
          Long pick = null;
          for (Iterator<Long> k = g.steps.get(i).descendingIterator(); k.hasNext();) {
            long v = k.next();
            if (v <= bound) {
              pick = v;
              break;
            }
          }
          if (pick == null || end - pick > span) ok = false;
          else bound = pick;
        }
        if (ok) return true;
      }
      return false;
    }
  }

  private static void insertSorted(ArrayDeque<Long> d, long t) {
    if (d.isEmpty() || d.peekLast() <= t) {
      d.addLast(t);
    } else {
      List<Long> tmp = new ArrayList<>(d);
      int i = java.util.Collections.binarySearch(tmp, t);
      tmp.add(i < 0 ? -i - 1 : i, t);
      d.clear();
      d.addAll(tmp);
    }
    if (d.size() > MAX_WINDOW) d.removeFirst();
  }

  /** The most events that fall in any window of the timespan (the deque is sorted). */
  private static long maxInSpanOf(ArrayDeque<Long> d, long span) {
    Long[] a = d.toArray(new Long[0]);
    int best = 0;
    int lo = 0;
    for (int hi = 0; hi < a.length; hi++) {
      while (a[hi] - a[lo] > span) lo++;
      best = Math.max(best, hi - lo + 1);
    }
    return best;
  }

}
