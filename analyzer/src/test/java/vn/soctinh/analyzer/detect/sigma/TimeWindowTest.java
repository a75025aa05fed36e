package vn.soctinh.analyzer.detect.sigma;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.soctinh.collector.testing.TestSeed;

/** {@link TimeWindow} against the obvious model: a sorted list of every event time. */
@ExtendWith(TestSeed.class)
class TimeWindowTest {

  @Test
  void agreesWithASortedListUnderRandomAddsRemovalsAndExpiry() {
    for (long seed = 1; seed <= 200; seed++) {
      Random r = TestSeed.random(seed);
      TimeWindow w = new TimeWindow();
      List<Long> model = new ArrayList<>();
      long now = 1_000;
      // few distinct times (floods in one second), late and early events, steady streams
      int spread = 1 + r.nextInt(r.nextBoolean() ? 3 : 200);
      for (int step = 0; step < 600; step++) {
        int op = r.nextInt(100);
        if (op < 70) {
          long t = r.nextInt(10) < 8 ? now + r.nextInt(spread) : now - r.nextInt(spread * 3 + 1);
          if (r.nextInt(5) == 0) now += r.nextInt(spread + 1);
          w.add(t);
          int at = Collections.binarySearch(model, t);
          model.add(at < 0 ? -at - 1 : at, t);
        } else if (op < 80) {
          w.removeFirst();
          if (!model.isEmpty()) model.remove(0);
        } else if (op < 85) {
          long floor = now - r.nextInt(spread * 2 + 1);
          w.expireBefore(floor);
          model.removeIf(x -> x < floor);
        }
        String where = "stream " + seed + ", step " + step;
        assertEquals(model.size(), w.size(), where);
        if (model.isEmpty()) continue;
        assertEquals(model.get(0), w.ceiling(Long.MIN_VALUE), where);
        assertEquals(model.get(model.size() - 1), w.last(), where);
        long from = now - r.nextInt(spread * 2 + 1);
        assertEquals(model.stream().filter(x -> x >= from).count(), w.countSince(from), where);
        long probe = now - spread + r.nextInt(spread * 2 + 1);
        assertEquals(model.stream().filter(x -> x <= probe).mapToLong(Long::longValue).max().orElse(Long.MIN_VALUE), w.floor(probe), where);
        assertEquals(model.stream().filter(x -> x >= probe).mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE), w.ceiling(probe), where);
        long t = model.get(r.nextInt(model.size()));
        long span = r.nextInt(spread + 2);
        assertEquals(naiveMaxAround(model, t, span), w.maxInSpanAround(t, span), where + ", t " + t + ", span " + span);
      }
      assertArrayEquals(model.stream().mapToLong(Long::longValue).toArray(), w.toArray(), "stream " + seed);
    }
  }

  @Test
  void aFloodInOneSecondIsOneEntryCountedByBinarySearch() {
    TimeWindow w = new TimeWindow();
    for (int i = 0; i < 10_000; i++) w.add(5_000);
    w.add(4_000); // one late event before the flood
    assertEquals(10_001, w.size());
    assertEquals(10_000, w.countSince(4_500));
    assertEquals(10_001, w.countSince(4_000));
    assertEquals(10_001, w.maxInSpanAround(4_000, 1_000));
    assertEquals(1, w.maxInSpanAround(4_000, 999));
    w.removeFirst();
    assertEquals(10_000, w.size());
    assertEquals(5_000, w.ceiling(Long.MIN_VALUE));
  }

  /** The most times in a span of {@code span} that holds {@code t}, by trying every start. */
  private static long naiveMaxAround(List<Long> sorted, long t, long span) {
    long best = 0;
    for (long start : sorted) {
      if (start > t || start < t - span) continue;
      long n = sorted.stream().filter(x -> x >= start && x <= start + span).count();
      best = Math.max(best, n);
    }
    return best;
  }
}
