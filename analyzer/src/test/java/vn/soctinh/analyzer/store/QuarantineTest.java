package vn.soctinh.analyzer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import vn.soctinh.analyzer.event.Event;

class QuarantineTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  @Test
  void aTruncatedQuarantineDocumentKeepsTheBeginningOfTheOriginalInWholeCharactersAndSaysSo() {
    String original = "ab" + "Hà Nội ".repeat(100) + "🙂".repeat(50);
    Event refused = new Event().put("event.id", "7").put("log.offset", 7L).put("event.original", original);
    Event q = Quarantine.truncated(Quarantine.of(refused, DocKind.EVENTS, "413 too large", NOW), 101);
    String kept = q.getString("event.original");
    assertTrue(original.startsWith(kept));
    int bytes = kept.getBytes(StandardCharsets.UTF_8).length;
    assertTrue(bytes <= 101 && bytes >= 98, bytes + " bytes");
    assertNull(q.get(Quarantine.DOCUMENT), "the whole document is left out");
    int total = original.getBytes(StandardCharsets.UTF_8).length;
    assertEquals("413 too large; event.original truncated to its first 101 of " + total + " bytes; the whole document ("
        + Quarantine.utf8Length(Quarantine.of(refused, DocKind.EVENTS, "x", NOW).getString(Quarantine.DOCUMENT)) + " bytes) left out",
        q.getString("error.message"));
    assertEquals(7L, q.getLong("log.offset"));
  }

  @Test
  void aSurrogatePairIsNeverCutInHalf() {
    assertEquals("a", Quarantine.prefix("a🙂", 4));
    assertEquals("a🙂", Quarantine.prefix("a🙂", 5));
    assertEquals(5, Quarantine.utf8Length("a🙂"));
  }

  @Test
  void aSmallEnoughDocumentIsLeftAsItIs() {
    Event q = Quarantine.of(new Event().put("event.id", "1").put("event.original", "short"), DocKind.EVENTS, "r", NOW);
    String message = q.getString("error.message");
    assertSame(q, Quarantine.truncated(q, 1 << 20));
    assertEquals(message, q.getString("error.message"));
    assertTrue(q.getString(Quarantine.DOCUMENT).contains("short"));
  }

  /** A time no date index takes would get the quarantine document refused in turn, for ever: it takes the quarantine's time. */
  @org.junit.jupiter.api.Test
  void aRefusedDocumentsTimeOutsideYears0To9999IsReplacedByTheQuarantinesTime() {
    java.time.Instant now = java.time.Instant.parse("2026-12-07T04:00:00Z");
    vn.soctinh.analyzer.event.Event far = new vn.soctinh.analyzer.event.Event().put("event.id", "7")
        .put("@timestamp", java.time.Instant.parse("+12026-01-01T00:15:08Z"));
    org.junit.jupiter.api.Assertions.assertEquals(now, Quarantine.of(far, DocKind.EVENTS, "refused", now).getInstant("@timestamp"));
    java.time.Instant usual = java.time.Instant.parse("2026-12-06T01:00:00Z");
    vn.soctinh.analyzer.event.Event near = new vn.soctinh.analyzer.event.Event().put("event.id", "8").put("@timestamp", usual);
    org.junit.jupiter.api.Assertions.assertEquals(usual, Quarantine.of(near, DocKind.EVENTS, "refused", now).getInstant("@timestamp"));
  }
}
