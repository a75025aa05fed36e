package vn.soctinh.analyzer.store.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.soctinh.analyzer.event.EcsJson;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.store.EventStore;

class EsSourceTest {
  @Test
  void fieldsAreSentUnderTheirDottedNamesAndReadBackTheSame() {
    Event e = new Event().put("@timestamp", Instant.parse("2026-11-22T10:00:00Z")).put("user", "x").put("user.name", "root")
        .put("source.port", 22L).put("winlog.event_data", Map.of("TargetUserName", "bob")).put("labels.list", List.of(1L, "a"));
    e.addTag("_unparsed");
    String json = new String(EsSource.write(e), StandardCharsets.UTF_8);
    assertEquals("{\"@timestamp\":\"2026-11-22T10:00:00Z\",\"user\":\"x\",\"user.name\":\"root\",\"source.port\":22,"
        + "\"winlog.event_data\":{\"TargetUserName\":\"bob\"},\"labels.list\":[1,\"a\"],\"tags\":[\"_unparsed\"]}", json);
    assertEquals(e.toMap(), EcsJson.read(json, EventStore.FREE_FORM).toMap());
  }

  @Test
  void aValueNestedDeeperThanTheLimitIsSentAsText() {
    Object v = "bottom";
    for (int i = 0; i < 2000; i++) v = Map.of("n", v);
    String json = new String(EsSource.write(new Event().put("winlog.event_data", v)), StandardCharsets.UTF_8);
    int depth = 0;
    int most = 0;
    boolean inString = false;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        if (c == '\\') i++;
        else if (c == '"') inString = false;
      } else if (c == '"') inString = true;
      else if (c == '{') most = Math.max(most, ++depth);
      else if (c == '}') depth--;
    }
    assertEquals(1 + EsSource.MAX_DEPTH, most, "the document object and MAX_DEPTH levels of the value");
  }
}
