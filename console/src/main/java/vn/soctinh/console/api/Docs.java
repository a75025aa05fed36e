package vn.soctinh.console.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import vn.soctinh.analyzer.event.EcsJson;
import vn.soctinh.analyzer.event.Event;

/** Store documents and search cursors as the API shows them. */
final class Docs {
  private Docs() {}

  static JsonObject json(Event e) {
    return new JsonObject(EcsJson.write(e));
  }

  static JsonArray json(List<Event> events) {
    JsonArray a = new JsonArray();
    for (Event e : events) a.add(json(e));
    return a;
  }

  /** An opaque cursor for the next page (search-after values as JSON, Base64url). */
  static String cursor(List<Object> after) {
    if (after == null) return null;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(new JsonArray(after).encode().getBytes(StandardCharsets.UTF_8));
  }

  static List<Object> cursor(String s) {
    if (s == null || s.isEmpty()) return List.of();
    try {
      return new JsonArray(new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8)).getList();
    } catch (RuntimeException e) {
      throw ApiError.badRequest("after: not a cursor from a previous page");
    }
  }

  static JsonArray buckets(Map<Object, Long> agg, boolean time) {
    JsonArray a = new JsonArray();
    if (agg == null) return a;
    agg.forEach((k, v) -> {
      Object key = k;
      if (time) key = k instanceof Number n ? Instant.ofEpochMilli(n.longValue()).toString() : String.valueOf(k);
      a.add(new JsonObject().put("key", key instanceof Number || key instanceof String ? key : String.valueOf(key)).put("count", v));
    });
    return a;
  }

  /** {@code organization.id} of a document, one or many. */
  static List<String> orgs(Event e) {
    Object o = e.get("organization.id");
    if (o == null) return List.of();
    if (o instanceof List<?> l) return l.stream().map(String::valueOf).toList();
    return List.of(String.valueOf(o));
  }
}
