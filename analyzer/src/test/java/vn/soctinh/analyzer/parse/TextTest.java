package vn.soctinh.analyzer.parse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class TextTest {
  @Test
  void wordsAreWhatSplittingOnRunsOfSpacesGives() {
    for (String s : new String[] {"a", "a b", "a   b  c", " lead", "trail ", "  both  ", "x\ty z", "1763866800.253    325 10.0.0.5 TCP_MISS/200"}) {
      String[] regex = s.strip().split(" +");
      assertArrayEquals(regex, Text.words(s.strip()), s);
    }
    // a blank text has no words (split gives one empty one)
    assertArrayEquals(new String[0], Text.words(""));
    assertArrayEquals(new String[0], Text.words("   "));
  }
}
