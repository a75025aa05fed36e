package vn.soctinh.collector.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** The seed a failure prints replays the run; the wait helper returns on the condition and fails at its deadline. */
class TestSeedTest {
  @Test
  void aFailureNamesTheSeedToRerunWithAndKeepsTheOriginalAsItsCause() {
    AssertionError original = new AssertionError("expected 3 but was 4");
    Throwable shown = TestSeed.withSeed(original);
    assertTrue(shown.getMessage().startsWith("expected 3 but was 4\n"), shown.getMessage());
    assertTrue(shown.getMessage().contains("-Dsoctinh.seed=" + TestSeed.seed()), shown.getMessage());
    assertSame(original, shown.getCause());
    assertSame(shown, TestSeed.withSeed(shown), "named once, not once per handler");
    TestAbortedException skip = new TestAbortedException("no rsyslogd");
    assertSame(skip, TestSeed.withSeed(skip), "a skipped test stays skipped");
  }

  @Test
  void theSameSeedDrawsTheSameNumbersAndStreamsDiffer() {
    assertEquals(TestSeed.random().nextLong(), TestSeed.random().nextLong());
    assertEquals(TestSeed.random(3).nextLong(), TestSeed.random(3).nextLong());
    assertNotEquals(TestSeed.random(3).nextLong(), TestSeed.random(4).nextLong());
  }

  @Test
  void awaitReturnsOnceTheConditionHoldsAndFailsAtItsDeadline() {
    AtomicInteger checks = new AtomicInteger();
    Await.until(Duration.ofSeconds(10), () -> checks.incrementAndGet() >= 3, "three checks");
    assertEquals(3, checks.get(), "checked until it held, not once more");
    long start = System.nanoTime();
    AssertionError e = assertThrows(AssertionError.class, () -> Await.until(Duration.ofMillis(50), () -> false, () -> "never, state " + 7));
    assertTrue(e.getMessage().contains("never, state 7") && e.getMessage().contains("50 ms"), e.getMessage());
    assertTrue(System.nanoTime() - start >= 50_000_000L, "waited for the deadline");
  }
}
