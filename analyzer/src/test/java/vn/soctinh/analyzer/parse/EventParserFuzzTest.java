package vn.soctinh.analyzer.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import vn.soctinh.analyzer.event.EcsJson;
import vn.soctinh.analyzer.event.Event;

/**
 * Any bytes through the whole parse path with every shipped content parser: exactly one event,
 * which keeps event.original and serialises to JSON. Replays seeds in plain {@code mvn test}.
 */
class EventParserFuzzTest {
  private static final Instant NOW = Instant.parse("2026-11-23T05:00:00Z");
  private final EventParser parser = new EventParser(ParseSettings.defaults(), StandardParsers.registry(), null, new ParseStats(),
      Clock.fixed(NOW, ZoneOffset.UTC));

  @FuzzTest(maxDuration = "60s")
  void anyBytesGiveExactlyOneEventThatKeepsTheOriginal(byte[] data) {
    List<Event> out = new ArrayList<>();
    parser.parse(RawRecord.ofInput(data, NOW, "fuzz", "so-tttt"), out::add);
    assertEquals(1, out.size());
    Event e = out.get(0);
    assertNotNull(e.get("event.original"));
    assertNotNull(e.get("@timestamp"));
    assertTrue(EcsJson.write(e).startsWith("{"));
  }
}
