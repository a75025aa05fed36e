package vn.soctinh.analyzer.store.elasticsearch;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import vn.soctinh.analyzer.event.EcsJson;
import vn.soctinh.analyzer.event.Event;

/**
 * An event as the document Elasticsearch receives: one key per field under its dotted ECS name
 * ({@code {"source.ip": …}}), not nested objects. The event indices map them with
 * {@code subobjects: false} ({@link EsMapping}), so a name that is a value in one document and a
 * parent in another ({@code user} and {@code user.name}) is two fields, as on Lucene, never a
 * conflict that refuses every later document with that field. Containers inside a value nest at
 * most {@value #MAX_DEPTH} deep; deeper ones are written as JSON text, because Elasticsearch 8.19
 * flattening objects under {@code subobjects: false} recurses with no depth limit: a document 1,200
 * objects deep overflowed its stack and stopped the test node (900 did not). Jackson's own limit of
 * 1,000 levels would instead make the write fail, and the pipeline retry it forever.
 */
final class EsSource {
  static final int MAX_DEPTH = 8;
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private EsSource() {}

  static byte[] write(Event e) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      IOException[] failed = {null};
      e.forEach((name, value) -> {
        if (failed[0] != null) return;
        try {
          g.writeFieldName(name);
          value(g, value, 1);
        } catch (IOException x) {
          failed[0] = x;
        }
      });
      if (failed[0] != null) throw failed[0];
      if (!e.tags().isEmpty()) {
        g.writeArrayFieldStart("tags");
        for (String t : e.tags()) g.writeString(t);
        g.writeEndArray();
      }
      g.writeEndObject();
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
    return out.toByteArray();
  }

  private static void value(JsonGenerator g, Object v, int depth) throws IOException {
    if (v instanceof String s) g.writeString(s);
    else if (v instanceof Long l) g.writeNumber(l);
    else if (v instanceof Integer i) g.writeNumber(i);
    else if (v instanceof Double d) g.writeNumber(d);
    else if (v instanceof Boolean b) g.writeBoolean(b);
    else if (v instanceof Instant t) g.writeString(EcsJson.formatInstant(t));
    else if (v == null) g.writeNull();
    else if ((v instanceof List || v instanceof Map) && depth > MAX_DEPTH) g.writeString(String.valueOf(v)); // kept, as text
    else if (v instanceof List<?> list) {
      g.writeStartArray();
      for (Object o : list) value(g, o, depth + 1);
      g.writeEndArray();
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> en : m.entrySet()) {
        g.writeFieldName(String.valueOf(en.getKey()));
        value(g, en.getValue(), depth + 1);
      }
      g.writeEndObject();
    } else if (v instanceof Number n) g.writeNumber(n.toString());
    else g.writeString(v.toString());
  }
}
