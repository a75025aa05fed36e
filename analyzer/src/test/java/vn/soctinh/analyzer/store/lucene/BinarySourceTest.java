package vn.soctinh.analyzer.store.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;
import vn.soctinh.analyzer.event.EcsJson;
import vn.soctinh.analyzer.event.Event;

class BinarySourceTest {

  private static Event sample() {
    Map<String, Object> free = new LinkedHashMap<>();
    free.put("k", "v");
    free.put("n", 3L);
    Event e = new Event();
    e.put("@timestamp", Instant.parse("2026-12-03T01:02:03.123456789Z"));
    e.put("event.id", "42");
    e.put("message", "Đăng nhập thất bại <script>\"x\"\u0000\uD83D\uDE00");
    e.put("source.port", 22L);
    e.put("process.pid", 7);
    e.put("event.risk_score", 7.25);
    e.put("event.severity_flag", true);
    e.put("user.disabled", false);
    e.put("event.category", List.of("authentication", "network"));
    // the event accepts only its own value types at the top; lists and maps may hold other numbers
    e.put("labels.numbers", Arrays.asList(new BigDecimal("12345678901234567890.5"), new BigDecimal("17"), 3, null));
    e.put("labels.negative", -9_000_000_000L);
    e.put("winlog.event_data", free);
    e.addTag("_unparsed");
    e.addTag("drill");
    return e;
  }

  @Test
  void roundTripKeepsEveryValueItsTypeAndTheFieldOrder() {
    Event e = sample();
    Event back = BinarySource.read(new BytesRef(BinarySource.write(e)));
    assertEquals(Instant.parse("2026-12-03T01:02:03.123456789Z"), back.get("@timestamp"));
    assertEquals(22L, back.get("source.port"));
    assertEquals(7L, back.get("process.pid"), "ints come back as longs, as from JSON");
    assertEquals(7.25, back.get("event.risk_score"));
    assertEquals(Boolean.TRUE, back.get("event.severity_flag"));
    assertEquals(Boolean.FALSE, back.get("user.disabled"));
    assertEquals(List.of("authentication", "network"), back.get("event.category"));
    assertEquals(Arrays.asList(1.2345678901234567E19, 17L, 3L, null), back.get("labels.numbers"));
    assertEquals(-9_000_000_000L, back.get("labels.negative"));
    assertEquals(Map.of("k", "v", "n", 3L), back.get("winlog.event_data"));
    assertEquals(e.getString("message"), back.getString("message"));
    assertEquals(List.of("_unparsed", "drill"), back.tags());
    assertEquals(e.toMap().keySet().stream().toList(), back.toMap().keySet().stream().toList());
    assertEquals(viaJson(e), EcsJson.write(back), "the console and CLI show what a JSON _source (and Elasticsearch) gives back");
  }

  @Test
  void readsTheJsonSourcesOfStoresWrittenBeforeTheBinaryFormat() {
    Event e = sample();
    Event back = BinarySource.read(new BytesRef(EcsJson.write(e).getBytes(StandardCharsets.UTF_8)));
    assertEquals(viaJson(e), EcsJson.write(back));
  }

  /** The event as JSON after a round trip through a JSON _source. */
  private static String viaJson(Event e) {
    return EcsJson.write(EcsJson.read(EcsJson.write(e), vn.soctinh.analyzer.store.EventStore.FREE_FORM));
  }

  @Test
  void aTruncatedSourceIsReportedAsCorruptNotReadAsLessData() {
    byte[] full = BinarySource.write(sample());
    for (int cut : new int[] {2, full.length / 2, full.length - 1}) {
      BytesRef b = new BytesRef(Arrays.copyOf(full, cut));
      IllegalStateException x = assertThrows(IllegalStateException.class, () -> BinarySource.read(b), "cut at " + cut);
      assertTrue(x.getMessage().startsWith("corrupt _source"), x.getMessage());
    }
  }

  @Test
  void anUnknownValueTypeIsCorrupt() {
    byte[] b = {BinarySource.FORMAT_1, 1, 1, 'a', 99, 0};
    IllegalStateException x = assertThrows(IllegalStateException.class, () -> BinarySource.read(new BytesRef(b)));
    assertTrue(x.getMessage().contains("unknown value type 99"), x.getMessage());
  }
}
