package vn.soctinh.collector.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline, checking it every few milliseconds: what a test does instead
 * of sleeping a guessed time. A test that must show something did NOT happen waits here for a positive
 * signal that it had its chance (a later record processed, a pass counter advanced), then asserts.
 * Never sleeps longer than the poll interval past the moment the condition holds.
 */
public final class Await {
  private static final long POLL_MILLIS = 10;

  private Await() {}

  /** Returns as soon as {@code condition} holds; fails with {@code what} once {@code timeout} has passed. */
  public static void until(Duration timeout, BooleanSupplier condition, String what) {
    until(timeout, condition, () -> what);
  }

  /** As {@link #until(Duration, BooleanSupplier, String)}, the message built only on failure (it may show the state then). */
  public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline >= 0) {
        throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what.get());
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting: " + what.get(), e);
      }
    }
  }
}
