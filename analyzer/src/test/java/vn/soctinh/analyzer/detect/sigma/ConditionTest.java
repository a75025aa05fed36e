package vn.soctinh.analyzer.detect.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The condition grammar on its own, apart from field matching: each form (identifier, not, and, or,
 * parentheses, "N of" / "all of" / "any of" a pattern or them) against a plain reference for every
 * truth assignment of its selections, and each mistake with the position it names.
 */
class ConditionTest {
  /** Selections whose answer is set per assignment: bit i of {@code truth[0]} for the i-th name. */
  private static final List<String> NAMES = List.of("sel_a", "sel_b", "filter", "_hidden");
  private final int[] truth = new int[1];

  private Map<String, Selection> selections() {
    Map<String, Selection> m = new LinkedHashMap<>();
    for (int i = 0; i < NAMES.size(); i++) {
      int bit = 1 << i;
      m.put(NAMES.get(i), new Selection() {
        @Override
        public boolean matches(EventView e) {
          return (truth[0] & bit) != 0;
        }

        @Override
        public void collect(List<FieldMatcher> out) {}
      });
    }
    return m;
  }

  /** The condition agrees with {@code expected} (over the bits sel_a=1, sel_b=2, filter=4, _hidden=8) for all 16 assignments. */
  private void agrees(String text, Predicate<boolean[]> expected) throws Condition.ConditionException {
    Condition c = Condition.parse(text, selections());
    for (int t = 0; t < 16; t++) {
      truth[0] = t;
      boolean[] v = {(t & 1) != 0, (t & 2) != 0, (t & 4) != 0, (t & 8) != 0};
      assertEquals(expected.test(v), c.eval(null), text + " with sel_a=" + v[0] + " sel_b=" + v[1] + " filter=" + v[2] + " _hidden=" + v[3]);
    }
  }

  @Test
  void eachFormMeansWhatSigmaSays() throws Exception {
    agrees("sel_a", v -> v[0]);
    agrees("not sel_a", v -> !v[0]);
    agrees("sel_a and not filter", v -> v[0] && !v[2]);
    agrees("sel_a or sel_b", v -> v[0] || v[1]);
    // not binds tighter than and, and tighter than or
    agrees("sel_a or sel_b and filter", v -> v[0] || (v[1] && v[2]));
    agrees("not sel_a or sel_b", v -> !v[0] || v[1]);
    agrees("(sel_a or sel_b) and filter", v -> (v[0] || v[1]) && v[2]);
    agrees("not (sel_a and sel_b)", v -> !(v[0] && v[1]));
    agrees("NOT sel_a AND sel_b", v -> !v[0] && v[1]);
    // quantifiers over a pattern or over them (names with a leading _ are not part of them)
    agrees("1 of sel_*", v -> v[0] || v[1]);
    agrees("any of sel_*", v -> v[0] || v[1]);
    agrees("all of sel_*", v -> v[0] && v[1]);
    agrees("all of them", v -> v[0] && v[1] && v[2]);
    agrees("1 of them", v -> v[0] || v[1] || v[2]);
    agrees("2 of them", v -> (v[0] ? 1 : 0) + (v[1] ? 1 : 0) + (v[2] ? 1 : 0) >= 2);
    agrees("1 of sel_* and not filter", v -> (v[0] || v[1]) && !v[2]);
    agrees("all of _*", v -> v[3]);
  }

  @ParameterizedTest(name = "[{index}] {0} at {1}")
  @CsvSource(delimiter = '#', value = {
      "''                      # 0 # the condition is empty",
      "sel_a and               # 9 # the condition ends too early",
      "sel_a or or sel_b       # 9 # unexpected \"or\"",
      "(sel_a or sel_b         # 15 # expected \")\"",
      "sel_a sel_b             # 6 # unexpected \"sel_b\"",
      "sel_c                   # 0 # unknown search identifier \"sel_c\" (the detection has sel_a, sel_b, filter, _hidden)",
      "1 of nothing*           # 5 # no search identifier matches \"nothing*\"",
      "some of them            # 0 # expected 1, N or all before \"of\", not \"some\"",
      "0 of them               # 0 # \"0 of\" must be at least 1",
      "1 of                    # 4 # \"1 of\" needs a search identifier pattern or \"them\"",
      "sel_a | count() > 5     # 6 # aggregation expressions (\"| count() ...\") are Sigma 1 syntax; write a correlation rule",
  })
  void eachMistakeIsNamedWhereItIs(String text, int offset, String message) {
    Condition.ConditionException e = assertThrows(Condition.ConditionException.class, () -> Condition.parse(text.strip(), selections()));
    assertEquals(message, e.getMessage());
    assertEquals(offset, e.offset);
  }
}
