package vn.soctinh.analyzer.parse.auditd;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;

/** Any text through one long-lived AuditdParser: no exception, recognised records have an action, the serial cache stays bounded. */
class AuditdParserFuzzTest {
  private final AuditdParser parser = new AuditdParser();

  @FuzzTest(maxDuration = "60s")
  void anyTextNeverThrowsAndTheCacheStaysBounded(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    Event e = new Event();
    ParseOutcome o = parser.parse(new LogLine(text, "audispd", null, ZoneOffset.UTC, Instant.EPOCH), e);
    if (o instanceof ParseOutcome.Recognised) assertNotNull(e.get("event.action"));
    assertTrue(parser.remembered() <= AuditdParser.MAX_SERIALS);
  }
}
