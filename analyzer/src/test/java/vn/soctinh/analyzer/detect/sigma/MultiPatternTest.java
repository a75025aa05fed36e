package vn.soctinh.analyzer.detect.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.soctinh.collector.testing.TestSeed;

/** The automaton finds exactly the patterns that {@link String#contains} finds. */
@ExtendWith(TestSeed.class)
class MultiPatternTest {
  @Test
  void findsOverlappingAndNestedPatterns() {
    List<String> pats = List.of("he", "she", "his", "hers", "s");
    MultiPattern m = MultiPattern.build(pats, new int[] {0, 1, 2, 3, 4});
    int[] found = new int[5];
    m.scan("ushers", found, 7);
    // "she" ends inside "hers", "he" inside both, "s" twice; "his" is absent
    assertEquals(List.of(true, true, false, true, true), marked(found, 7));
  }

  @Test
  void agreesWithContainsOnRandomTexts() {
    Random rnd = TestSeed.random();
    for (int round = 0; round < 300; round++) {
      List<String> pats = new ArrayList<>();
      int n = 1 + rnd.nextInt(30);
      for (int i = 0; i < n; i++) pats.add(random(rnd, 1 + rnd.nextInt(5)));
      int[] ids = new int[n];
      for (int i = 0; i < n; i++) ids[i] = i;
      MultiPattern m = MultiPattern.build(pats, ids);
      int[] found = new int[n];
      for (int t = 0; t < 20; t++) {
        String text = random(rnd, rnd.nextInt(40));
        int mark = round * 100 + t + 1;
        m.scan(text, found, mark);
        for (int i = 0; i < n; i++) {
          assertEquals(text.contains(pats.get(i)), found[i] == mark, "pattern " + pats.get(i) + " in " + text);
        }
      }
    }
  }

  private static String random(Random rnd, int len) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < len; i++) b.append("abcà".charAt(rnd.nextInt(4)));
    return b.toString();
  }

  private static List<Boolean> marked(int[] found, int mark) {
    List<Boolean> out = new ArrayList<>();
    for (int f : found) out.add(f == mark);
    return out;
  }
}
