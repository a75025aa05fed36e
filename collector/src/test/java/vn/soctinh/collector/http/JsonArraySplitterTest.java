package vn.soctinh.collector.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonArraySplitterTest {
  private static List<String> texts(byte[] body, List<JsonArraySplitter.Slice> slices) {
    return slices.stream().map(s -> new String(body, s.offset(), s.length(), StandardCharsets.UTF_8)).toList();
  }

  @Test
  void arrayElementsKeepTheirExactBytes() throws Exception {
    byte[] body = "[ {\"a\": 1, \"msg\":\"Sở \\\"x\\\" ]\"} ,{\"b\":[1,2,{\"c\":null}]}, \"plain\", 42 ]".getBytes(StandardCharsets.UTF_8);
    List<String> got = texts(body, JsonArraySplitter.jsonArray(body));
    assertEquals(List.of("{\"a\": 1, \"msg\":\"Sở \\\"x\\\" ]\"}", "{\"b\":[1,2,{\"c\":null}]}", "\"plain\"", "42"), got);
  }

  @Test
  void aSingleObjectIsOneMessage() throws Exception {
    byte[] body = " {\"k\":\"v\"} ".getBytes(StandardCharsets.UTF_8);
    assertEquals(List.of("{\"k\":\"v\"}"), texts(body, JsonArraySplitter.jsonArray(body)));
  }

  @Test
  void brokenArraysAreRefusedWithThePosition() {
    byte[] body = "[{\"a\":1}, {\"b\": }]".getBytes(StandardCharsets.UTF_8);
    JsonArraySplitter.InvalidBody e = assertThrows(JsonArraySplitter.InvalidBody.class, () -> JsonArraySplitter.jsonArray(body));
    assertTrue(e.getMessage().contains("byte 16"), e.getMessage());
    assertThrows(JsonArraySplitter.InvalidBody.class, () -> JsonArraySplitter.jsonArray("[1,2".getBytes(StandardCharsets.UTF_8)));
    assertThrows(JsonArraySplitter.InvalidBody.class, () -> JsonArraySplitter.jsonArray("[1] [2]".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void ndjsonSplitsOnLfDropsCrAndBlankLinesButNeverValidates() {
    byte[] body = "{\"a\":1}\r\n\n  \nnot json at all\n{\"b\":2}".getBytes(StandardCharsets.UTF_8);
    assertEquals(List.of("{\"a\":1}", "not json at all", "{\"b\":2}"), texts(body, JsonArraySplitter.ndjson(body)));
  }
}
