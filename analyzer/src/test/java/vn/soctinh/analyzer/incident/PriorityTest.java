package vn.soctinh.analyzer.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The priority function on a table: rule level × security level, raised by an indicator hit. */
class PriorityTest {
  @ParameterizedTest(name = "{0} rule, system level {1}, ioc {2} -> {3}")
  @CsvSource({
      // the example: a critical rule on a level 3 system is P1
      "critical, 3, false, P1",
      "critical, 1, false, P2",
      "critical, , false, P2", // no known system: counts as level 2
      "high, 5, false, P1",
      "high, 4, false, P1",
      "high, 3, false, P2",
      "high, 2, false, P3",
      "high, 2, true, P2", // an indicator hit raises one step
      "medium, 4, false, P2",
      "medium, 3, false, P3",
      "medium, 1, false, P4",
      "medium, 1, true, P3",
      "low, 5, false, P3",
      "low, 3, false, P4",
      "informational, 5, false, P4",
      "informational, 5, true, P3",
      "critical, 5, true, P1", // never above P1
      "unheard-of, 3, false, P3", // an unknown rule level counts as medium
  })
  void table(String rule, Integer level, boolean ioc, String expected) {
    assertEquals(expected, Priority.label(Priority.defaults().of(rule, level, ioc)));
  }

  @Test
  void aBadTableNamesTheKey() {
    Map<String, int[]> m = new LinkedHashMap<>(Priority.defaults().matrix());
    m.put("high", new int[] {1, 2, 3});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Priority(m, 1, 2));
    assertTrue(e.getMessage().contains("priority.matrix.high"), e.getMessage());
    m.put("high", new int[] {1, 2, 3, 4, 5});
    e = assertThrows(IllegalArgumentException.class, () -> new Priority(m, 1, 2));
    assertTrue(e.getMessage().contains("P1..P4"), e.getMessage());
    assertEquals(2, Priority.parse("p2"));
    assertThrows(IllegalArgumentException.class, () -> Priority.parse("P5"));
  }
}
