package vn.soctinh.app.config;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.soctinh.collector.testing.TestSeed;

/**
 * Seeded random edits of the example file: the loader must answer with a config or a
 * {@link ConfigException} whose positions lie inside the text, never with another exception.
 * Reproduce a failure with -Dsoctinh.seed=N.
 */
@ExtendWith(TestSeed.class)
class ConfigMutationTest {
  private static final String ALPHABET = " \t\n:-[]{},#&*!|>'\"%@`?~0123456789abcxyzKiB\u0000\uFEFF\u1EDF";

  @Test
  void randomEditsOfTheExampleGiveAConfigOrAConfigExceptionWithPositionsInTheText() throws IOException {
    String example = Files.readString(Path.of("..", "deploy", "soctinh.example.yml"));
    long seed = TestSeed.seed();
    Random random = TestSeed.random();
    for (int i = 0; i < 3000; i++) {
      String text = mutate(example, random);
      long lines = text.chars().filter(c -> c == '\n').count() + 1;
      try {
        ConfigLoader.loadString(text, "mutant.yml");
      } catch (ConfigException e) {
        for (ConfigProblem p : e.problems()) {
          assertTrue(p.line() >= 1 && p.line() <= lines && p.column() >= 1, () -> "seed " + seed + ": position outside the text: " + p);
        }
      } catch (RuntimeException e) {
        fail("seed " + seed + ": " + e + " for:\n" + text, e);
      }
    }
  }

  private static String mutate(String s, Random random) {
    StringBuilder sb = new StringBuilder(s);
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits && sb.length() > 0; e++) {
      int at = random.nextInt(sb.length());
      switch (random.nextInt(3)) {
        case 0 -> sb.deleteCharAt(at);
        case 1 -> sb.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        default -> sb.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
    }
    return sb.toString();
  }
}
