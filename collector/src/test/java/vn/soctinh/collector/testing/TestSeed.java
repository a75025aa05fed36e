package vn.soctinh.collector.testing;

import java.util.Random;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * The one seed of every randomized test: {@code -Dsoctinh.seed=N} (the root pom passes it to the forked
 * test JVMs), else a fresh one per test JVM. Fresh rather than fixed because a fixed seed explores the
 * same inputs on every run and finds nothing new after the first; the price, a failure that does not
 * repeat by itself, is paid by printing the seed on every failure: a randomized test class carries
 * {@code @ExtendWith(TestSeed.class)}, which appends "rerun with -Dsoctinh.seed=N" to its failures.
 *
 * <p>A test that needs several independent streams derives them ({@code seed() + round}, {@link
 * #random(long)}); all of them still replay from the one number.
 */
public final class TestSeed implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {
  public static final String PROPERTY = "soctinh.seed";
  private static final long SEED = choose();

  private static long choose() {
    String s = System.getProperty(PROPERTY, "").trim();
    if (s.isEmpty()) return new Random().nextLong(); // surefire passes an empty value when the flag is absent
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("-D" + PROPERTY + "=" + s + " is not a long integer", e);
    }
  }

  /** The run's seed. */
  public static long seed() {
    return SEED;
  }

  /** A generator drawn from the run's seed. */
  public static Random random() {
    return new Random(SEED);
  }

  /** A generator for one of several independent streams of a test (e.g. one per thread or per case). */
  public static Random random(long stream) {
    return new Random(SEED * 0x9E3779B97F4A7C15L + stream);
  }

  /** How a failure says which seed to rerun with. */
  public static String rerun() {
    return "random seed " + SEED + ": rerun with -D" + PROPERTY + "=" + SEED;
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    throw withSeed(failure);
  }

  @Override
  public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    throw withSeed(failure);
  }

  @Override
  public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    throw withSeed(failure);
  }

  /** The failure with the seed in its message (the first line a report shows), its cause the original. */
  static Throwable withSeed(Throwable failure) {
    if (failure instanceof TestAbortedException) return failure; // a skip is no failure to reproduce
    String message = failure.getMessage();
    if (message != null && message.contains(rerun())) return failure;
    AssertionError withSeed = new AssertionError((message == null ? failure.getClass().getName() : message) + "\n(" + rerun() + ")", failure);
    withSeed.setStackTrace(failure.getStackTrace());
    return withSeed;
  }
}
