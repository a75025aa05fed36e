package vn.soctinh.collector.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** A missing tool skips a test on a developer's machine and fails it where the suite must run everything. */
class RequiredToolsTest {
  @Test
  void aPresentToolLetsTheTestGoOnAndAMissingOneSkipsOrFailsAsTheEnvironmentSays() {
    RequiredTools.assume(true, "present");
    if (RequiredTools.required()) {
      AssertionError e = assertThrows(AssertionError.class, () -> RequiredTools.assume(false, "frobnicator not installed"));
      assertTrue(e.getMessage().startsWith("frobnicator not installed (a tool the suite needs is missing"), e.getMessage());
    } else {
      TestAbortedException e = assertThrows(TestAbortedException.class, () -> RequiredTools.assume(false, "frobnicator not installed"));
      assertTrue(e.getMessage().contains("frobnicator not installed"), e.getMessage());
    }
  }
}
