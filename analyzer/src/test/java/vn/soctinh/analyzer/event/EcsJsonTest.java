package vn.soctinh.analyzer.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EcsJsonTest {

  @Test
  void dottedNamesBecomeNestedObjectsSortedWithTimestampFirstAndTagsLast() {
    Event e = new Event()
        .put("source.port", 22)
        .put("message", "Hà Nội \"quoted\" <script>")
        .put("source.ip", "10.0.0.1")
        .put("@timestamp", Instant.parse("2026-11-23T03:00:00.123Z"))
        .put("event.category", List.of("authentication"))
        .put("source.geo.country_iso_code", "VN")
        .addTag("_unparsed");
    assertEquals("{\"@timestamp\":\"2026-11-23T03:00:00.123Z\",\"event\":{\"category\":[\"authentication\"]},"
        + "\"message\":\"Hà Nội \\\"quoted\\\" <script>\",\"source\":{\"geo\":{\"country_iso_code\":\"VN\"},\"ip\":\"10.0.0.1\",\"port\":22},"
        + "\"tags\":[\"_unparsed\"]}", EcsJson.write(e));
  }

  @Test
  void prefixesThatShareLettersDoNotInterleave() {
    Event e = new Event().put("a.b", 1).put("a-b", 2).put("a.c", 3);
    assertEquals("{\"a\":{\"b\":1,\"c\":3},\"a-b\":2}", EcsJson.write(e));
  }

  @Test
  void readingBackGivesTheSameFields() {
    Event e = new Event()
        .put("@timestamp", Instant.parse("2026-11-23T03:00:00Z"))
        .put("event.created", Instant.parse("2026-11-23T03:00:01.5Z"))
        .put("source.port", 22L)
        .put("network.bytes", 1.5)
        .put("event.outcome", "failure")
        .put("tls.established", true)
        .put("process.args", List.of("ls", "-l"))
        .put("winlog.event_data", Map.of("TargetUserName", "bob"))
        .addTag("x");
    Event back = EcsJson.read(EcsJson.write(e), "winlog.event_data");
    assertEquals(e.toMap(), back.toMap());
  }

  @Test
  void readingSomethingThatIsNotAnObjectFailsClearly() {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> EcsJson.read("[1,2]"));
    assertTrue(ex.getMessage().contains("expected a JSON object"));
  }
}
