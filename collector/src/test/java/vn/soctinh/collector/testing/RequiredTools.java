package vn.soctinh.collector.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * A test that needs a program of the machine (rsyslogd, pdftotext, Chromium, softflowd ...): on a
 * developer's machine without it the test is skipped and says what to install; in CI, where
 * {@code .ci/install-test-deps.sh} installed everything, its absence fails the run instead of
 * quietly skipping the test that mattered. CI is {@code CI=true} (set by {@code .ci/run} and by
 * most CI services) or {@code SOCTINH_REQUIRE_TOOLS=1}.
 */
public final class RequiredTools {
  private RequiredTools() {}

  /** Whether missing tools fail the run here. */
  public static boolean required() {
    return "true".equalsIgnoreCase(System.getenv("CI")) || "1".equals(System.getenv("SOCTINH_REQUIRE_TOOLS"));
  }

  /** Goes on when {@code present}; else skips the test, or fails it where tools are required, with {@code what}. */
  public static void assume(boolean present, String what) {
    if (present) return;
    if (required()) throw new AssertionError(what + " (a tool the suite needs is missing, and CI=true or SOCTINH_REQUIRE_TOOLS=1 says it must run:"
        + " run .ci/install-test-deps.sh as root)");
    Assumptions.abort(what);
  }
}
