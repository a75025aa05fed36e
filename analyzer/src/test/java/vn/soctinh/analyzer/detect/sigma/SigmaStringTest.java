package vn.soctinh.analyzer.detect.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.soctinh.collector.testing.TestSeed;

/** Star-only wildcards are matched by their literal parts in order; they must agree with the regular expression they mean. */
@ExtendWith(TestSeed.class)
class SigmaStringTest {

  @Test
  void starPatternsAgreeWithTheirRegularExpression() {
    Random r = TestSeed.random();
    String alphabet = "abA*\\";
    for (int round = 0; round < 20_000; round++) {
      StringBuilder raw = new StringBuilder();
      for (int i = 0, n = 1 + r.nextInt(7); i < n; i++) raw.append(alphabet.charAt(r.nextInt(alphabet.length())));
      StringBuilder value = new StringBuilder();
      for (int i = 0, n = r.nextInt(10); i < n; i++) value.append("abAB*\\".charAt(r.nextInt(6)));
      boolean leading = r.nextBoolean();
      boolean trailing = r.nextBoolean();
      boolean cased = r.nextInt(4) == 0;
      SigmaString s = SigmaString.wildcard(raw.toString(), leading, trailing, cased);
      Pattern p = Pattern.compile((leading ? ".*" : "") + regex(raw.toString()) + (trailing ? ".*" : ""),
          Pattern.DOTALL | (cased ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
      assertEquals(p.matcher(value).matches(), s.matches(value.toString()),
          "pattern " + raw + " (leading " + leading + ", trailing " + trailing + ", cased " + cased + ") on " + value);
    }
  }

  @Test
  void aLongValueWithManyNearMissesIsDecidedByTheParts() {
    SigmaString s = SigmaString.wildcard("*union*select*from*", false, false, false);
    assertTrue(s.matches("id=1 UNION all SELECT password FROM users"));
    assertFalse(s.matches("id=1 UNION all SELECT password"));
    assertFalse(s.matches("union ".repeat(10_000) + "selec"));
    assertTrue(s.toString().startsWith("segments"));
  }

  /** The Sigma meaning of a star pattern, as the regular expression the matcher used before. */
  private static String regex(String raw) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\\' && i + 1 < raw.length() && (raw.charAt(i + 1) == '*' || raw.charAt(i + 1) == '?' || raw.charAt(i + 1) == '\\')) {
        out.append(Pattern.quote(String.valueOf(raw.charAt(++i))));
      } else if (c == '*') {
        out.append(".*");
      } else {
        out.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return out.toString();
  }
}
