package vn.soctinh.analyzer.detect.sigma;

import java.util.Arrays;

/**
 * The event times of one event_count window, sorted: each distinct time once with how many events
 * had it, and a running total, so that "how many since t" is a binary search however many events
 * the window holds. A flood from one key (ten thousand failed logins in the same second) costs
 * O(log n) per event instead of a walk over the window; an event that arrives out of order costs
 * at most a shift of the later distinct times.
 *
 * <p>Entries live in {@code [lo, hi)} of the arrays; the oldest leave by moving {@code lo}, and the
 * arrays are compacted when they grow. {@code cum[i]} counts every event ever added up to and
 * including time {@code i} (absolute, never decreased), so the events at or after index {@code i} are
 * {@code cum[hi-1] - (cum[i] - counts[i])}; dropping an event from the front lowers
 * {@code counts[lo]}, which keeps that formula right without touching {@code cum}.
 */
final class TimeWindow {
  private long[] times = new long[4];
  private int[] counts = new int[4];
  private long[] cum = new long[4];
  private int lo;
  private int hi;
  private int total;

  boolean isEmpty() {
    return total == 0;
  }

  /** How many events the window holds. */
  int size() {
    return total;
  }

  /** The newest time; only when not empty. */
  long last() {
    return times[hi - 1];
  }

  /** Adds an event at {@code t}, in order or not. */
  void add(long t) {
    total++;
    if (hi > lo && t == times[hi - 1]) {
      counts[hi - 1]++;
      cum[hi - 1]++;
      return;
    }
    if (hi == lo || t > times[hi - 1]) {
      long before = hi == lo ? 0 : cum[hi - 1];
      room();
      times[hi] = t;
      counts[hi] = 1;
      cum[hi] = before + 1;
      hi++;
      return;
    }
    room(); // may move the entries: before any index is taken
    int i = Arrays.binarySearch(times, lo, hi, t);
    if (i >= 0) {
      counts[i]++;
    } else {
      i = -i - 1;
      long before = i == lo ? cum[lo] - counts[lo] : cum[i - 1];
      System.arraycopy(times, i, times, i + 1, hi - i);
      System.arraycopy(counts, i, counts, i + 1, hi - i);
      System.arraycopy(cum, i, cum, i + 1, hi - i);
      hi++;
      times[i] = t;
      counts[i] = 1;
      cum[i] = before; // raised with the later ones just below
    }
    for (int j = i; j < hi; j++) cum[j]++;
  }

  /** Drops the oldest event. */
  void removeFirst() {
    if (total == 0) return;
    total--;
    if (--counts[lo] == 0) lo++;
  }

  /** Drops every event older than {@code floor}. */
  void expireBefore(long floor) {
    while (hi > lo && times[lo] < floor) {
      total -= counts[lo];
      lo++;
    }
  }

  /** How many events are at or after {@code from}. */
  long countSince(long from) {
    int i = lowerBound(from);
    return i == hi ? 0 : fromIndex(i, hi - 1);
  }

  /**
   * The most events in any span of {@code span} ms that holds {@code t}: the spans starting at each
   * distinct time in {@code [t - span, t]}, each counted by two binary-searched ends.
   */
  long maxInSpanAround(long t, long span) {
    long best = 0;
    int j = lo;
    for (int i = lowerBound(t - span); i < hi && times[i] <= t; i++) {
      if (j < i) j = i;
      while (j + 1 < hi && times[j + 1] - times[i] <= span) j++;
      best = Math.max(best, fromIndex(i, j));
    }
    return best;
  }

  /** The latest time at or before {@code t}; Long.MIN_VALUE when none. */
  long floor(long t) {
    int i = lowerBound(t);
    if (i < hi && times[i] == t) return t;
    return i == lo ? Long.MIN_VALUE : times[i - 1];
  }

  /** The earliest time at or after {@code t}; Long.MAX_VALUE when none. */
  long ceiling(long t) {
    int i = lowerBound(t);
    return i == hi ? Long.MAX_VALUE : times[i];
  }

  /** Every event time, oldest first, each as often as it was added (the state file's form). */
  long[] toArray() {
    long[] out = new long[total];
    int k = 0;
    for (int i = lo; i < hi; i++) for (int c = 0; c < counts[i]; c++) out[k++] = times[i];
    return out;
  }

  /** Events at indexes {@code i..j}. */
  private long fromIndex(int i, int j) {
    return cum[j] - (cum[i] - counts[i]);
  }

  private int lowerBound(long t) {
    int a = lo;
    int b = hi;
    while (a < b) {
      int m = (a + b) >>> 1;
      if (times[m] < t) a = m + 1;
      else b = m;
    }
    return a;
  }

  /** Room for one more entry at the end: compact first, grow when more than half is in use. */
  private void room() {
    if (hi < times.length) return;
    int n = hi - lo;
    if (n * 2 > times.length) {
      int cap = times.length * 2;
      times = Arrays.copyOfRange(times, lo, lo + cap);
      counts = Arrays.copyOfRange(counts, lo, lo + cap);
      cum = Arrays.copyOfRange(cum, lo, lo + cap);
    } else {
      System.arraycopy(times, lo, times, 0, n);
      System.arraycopy(counts, lo, counts, 0, n);
      System.arraycopy(cum, lo, cum, 0, n);
    }
    lo = 0;
    hi = n;
  }
}
