package vn.soctinh.analyzer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConversionsTest {

  @Test
  void longTextIsPlainDecimalWithinRange() {
    assertEquals(Long.MAX_VALUE, Conversions.parseLong("9223372036854775807"));
    assertEquals(Long.MIN_VALUE, Conversions.parseLong("-9223372036854775808"));
    assertEquals(80L, Conversions.parseLong("080"));
    assertNull(Conversions.parseLong("9223372036854775808"), "one past the end: not wrapped round");
    assertNull(Conversions.parseLong("-9223372036854775809"));
    assertNull(Conversions.parseLong("99999999999999999999"));
    for (String bad : new String[] {"", "-", "+1", " 1", "1 ", "1.0", "0x10", "１"}) assertNull(Conversions.parseLong(bad), bad);
  }

  @Test
  void doubleTextIsJsonStyleAndFinite() {
    assertEquals(-312.3, Conversions.parseDouble("-3.123e2"));
    assertEquals(0.5, Conversions.parseDouble("0.5"));
    assertEquals(5.0, Conversions.parseDouble("5"));
    for (String bad : new String[] {"", ".5", "5.", "1e", "1e999", "NaN", "Infinity", "0x1p3", "1d", "1_0", " 1"}) {
      assertNull(Conversions.parseDouble(bad), bad);
    }
  }

  @Test
  void wholeDoublesBecomeLongsAndOthersDoNot() {
    assertEquals(443L, Conversions.fit(FieldType.LONG, 443.0));
    assertEquals(-0L, Conversions.fit(FieldType.LONG, -0.0));
    assertNull(Conversions.fit(FieldType.LONG, 0.5));
    assertNull(Conversions.fit(FieldType.LONG, 1e19), "past a long");
    assertNull(Conversions.fit(FieldType.LONG, Double.NaN));
    assertEquals(Long.MIN_VALUE, Conversions.fit(FieldType.LONG, -0x1p63));
  }

  @Test
  void instantsFromYearZeroToNineThousandNineHundredNinetyNine() {
    assertEquals(Instant.parse("2026-11-23T10:00:00Z"), Conversions.parseInstant("2026-11-23T17:00:00+07:00"));
    assertEquals(Instant.parse("9999-12-31T23:59:59.999Z"), Conversions.parseInstant("9999-12-31T23:59:59.999Z"));
    assertNull(Conversions.parseInstant("2026-11-23"));
    assertNull(Conversions.parseInstant("+10000-01-01T00:00:00Z"));
    assertNull(Conversions.parseInstant("2026-13-01T00:00:00Z"));
    assertNull(Conversions.fit(FieldType.DATE, Instant.MAX));
    assertNull(Conversions.fit(FieldType.DATE, 1_700_000_000_000L), "epoch numbers are ambiguous");
  }

  @Test
  void otherNumberTypesAreWidenedAsTheEventWidensItsOwn() {
    assertEquals(5L, Conversions.widen(5));
    assertEquals(1.5, Conversions.widen(1.5f));
    assertEquals("12345678901234567890", Conversions.widen(new java.math.BigInteger("12345678901234567890")));
    assertEquals("x", Conversions.widen('x'));
  }
}
