package vn.soctinh.analyzer.detect.sigma;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * A Sigma {@code re} value, compiled so that no log line can make it run long: a rule's pattern is
 * the rule author's, but the text it runs on is the attacker's, and a backtracking engine can take
 * exponential time on a crafted line ({@code (a+)+$} against a run of a's), on the detection thread
 * every event waits for.
 *
 * <p>RE2/J (linear in the text) runs every pattern in its syntax, which is nearly all of them. A
 * pattern RE2 leaves out (look-arounds, back-references) runs on java.util.regex over a text that
 * counts the characters the engine reads and stops the match past {@link #MAX_STEPS}: such a match
 * counts as no match, and is counted ({@link #abandoned()}).
 */
final class RuleRegex {
  /** Characters the fallback engine may read for one match (about a millisecond). */
  static final int MAX_STEPS = 1_000_000;
  private static final LongAdder ABANDONED = new LongAdder();

  private RuleRegex() {}

  /**
   * @param flags java.util.regex flags: CASE_INSENSITIVE, MULTILINE, DOTALL (others ignored)
   * @throws IllegalArgumentException when the pattern is not a regular expression in either engine
   */
  static Predicate<String> compile(String pattern, int flags) {
    try {
      int f = 0;
      if ((flags & java.util.regex.Pattern.CASE_INSENSITIVE) != 0) f |= com.google.re2j.Pattern.CASE_INSENSITIVE;
      if ((flags & java.util.regex.Pattern.MULTILINE) != 0) f |= com.google.re2j.Pattern.MULTILINE;
      if ((flags & java.util.regex.Pattern.DOTALL) != 0) f |= com.google.re2j.Pattern.DOTALL;
      com.google.re2j.Pattern p = com.google.re2j.Pattern.compile(pattern, f);
      return text -> p.matcher(text).find();
    } catch (com.google.re2j.PatternSyntaxException notRe2) {
      java.util.regex.Pattern p;
      try {
        p = java.util.regex.Pattern.compile(pattern, flags);
      } catch (java.util.regex.PatternSyntaxException ex) {
        throw new IllegalArgumentException(ex.getDescription() + " at index " + ex.getIndex(), ex);
      }
      return text -> {
        try {
          return p.matcher(new Budget(text)).find();
        } catch (OverBudget e) {
          ABANDONED.increment();
          return false;
        }
      };
    }
  }

  /** Matches the fallback engine gave up (over {@link #MAX_STEPS}), since start. */
  static long abandoned() {
    return ABANDONED.sum();
  }

  private static final class OverBudget extends RuntimeException {
    OverBudget() {
      super(null, null, false, false);
    }
  }

  /** The text, read at most MAX_STEPS characters before the match is abandoned. */
  private static final class Budget implements CharSequence {
    private final String s;
    private int steps;

    Budget(String s) {
      this.s = s;
    }

    @Override
    public char charAt(int i) {
      if (++steps > MAX_STEPS) throw new OverBudget();
      return s.charAt(i);
    }

    @Override
    public int length() {
      return s.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return s.substring(start, end);
    }

    @Override
    public String toString() {
      return s;
    }
  }
}
