package vn.soctinh.analyzer.attacker;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import vn.soctinh.analyzer.detect.sigma.SigmaMapping;
import vn.soctinh.analyzer.detect.sigma.SigmaRule;
import vn.soctinh.analyzer.detect.sigma.SigmaRuleParser;
import vn.soctinh.analyzer.event.Event;

/**
 * Issue #17, item 8: a line crafted against a rule's regular expression cannot hold the detection
 * thread. {@code (a+)+$} on 40 a's and a "!" takes java.util.regex about 2^40 steps; here it is
 * answered (no match) at once, and a pattern only the backtracking engine can run (a look-ahead)
 * is cut off at its step budget. The timeout only turns a hang into a failure.
 */
class RuleRegexAttackTest {
  static SigmaRule rule(String pattern) {
    String yaml = "title: Regex rule\nlogsource: {product: linux}\ndetection:\n  sel: {message|re: '" + pattern + "'}\n  condition: sel\n";
    SigmaRuleParser.FileResult r = new SigmaRuleParser(SigmaMapping.empty(), Map.of()).parse(yaml, "regex.yml");
    assertTrue(r.errors().isEmpty(), () -> r.errors().toString());
    return r.rules().get(0);
  }

  static boolean matches(SigmaRule r, String message) {
    return r.matches(new Event().put("message", message));
  }

  @Test
  @Timeout(60)
  void aCatastrophicPatternAnswersAtOnce() {
    SigmaRule r = rule("(a+)+$");
    assertFalse(matches(r, "a".repeat(40) + "!"), "no match, and an answer");
    assertTrue(matches(r, "aaaa"), "it still matches what it should");
  }

  @Test
  @Timeout(60)
  void aLookAroundPatternRunsWithinItsBudget() {
    assertFalse(matches(rule("^(?=(a+)+$)b"), "a".repeat(40) + "!"), "abandoned, not hung");
    SigmaRule ok = rule("user=(?!root)\\w+");
    assertTrue(matches(ok, "login user=alice"));
    assertFalse(matches(ok, "login user=root"), "the look-ahead works");
  }
}
