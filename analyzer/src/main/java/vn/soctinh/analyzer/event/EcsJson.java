package vn.soctinh.analyzer.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link Event} as an ECS JSON document: dotted names become nested objects
 * ({@code source.ip} → {@code {"source":{"ip":...}}}), times are RFC 3339 UTC strings. Keys come out
 * sorted ({@code @timestamp} first, {@code tags} last), so the same event always gives the same bytes
 * (tests and {@code soctinh parse} output diff well).
 */
public final class EcsJson {
  /**
   * No limit on a string's length when reading: a stored document may hold a value longer than
   * Jackson's default 20 M characters (a RELP frame may be 64 MiB, an Elasticsearch document
   * 100 MiB), and reading it back must fail neither a search nor its quarantine. The input is
   * always a whole document already in memory, so the limit would protect nothing.
   */
  static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
      .build();
  private static final String TIMESTAMP = "@timestamp";

  private EcsJson() {}

  public static String write(Event event) {
    StringWriter w = new StringWriter(512);
    write(event, w);
    return w.toString();
  }

  public static void write(Event event, Writer out) {
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      write(event, g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void write(Event event, JsonGenerator g) throws IOException {
    int n = event.size();
    String[] names = new String[n];
    Object[] values = new Object[n];
    int[] i = {0};
    event.forEach((k, v) -> {
      names[i[0]] = k;
      values[i[0]++] = v;
    });
    // Sort keys computed once per name ("a.b" sorts as "a\0b", @timestamp first); an insertion sort
    // of int indexes, since events have a few dozen fields (this runs for every stored event).
    String[] keys = new String[n];
    for (int k = 0; k < n; k++) keys[k] = names[k].equals(TIMESTAMP) ? "" : names[k].replace('.', '\0');
    int[] order = new int[n];
    for (int k = 0; k < n; k++) {
      int j = k;
      while (j > 0 && keys[order[j - 1]].compareTo(keys[k]) > 0) {
        order[j] = order[j - 1];
        j--;
      }
      order[j] = k;
    }
    g.writeStartObject();
    String openName = ""; // the last name written: its parent objects are open
    int openDepth = 0;
    for (int idx = 0; idx < n; idx++) {
      int k = order[idx];
      String name = names[k];
      // segments this name shares with the open objects
      int common = 0;
      int pos = 0;
      while (common < openDepth) {
        int dot = name.indexOf('.', pos);
        int openDot = nthDot(openName, common);
        if (dot < 0 || dot != openDot || !name.regionMatches(pos, openName, pos, dot - pos)) break;
        common++;
        pos = dot + 1;
      }
      for (int c = openDepth; c > common; c--) g.writeEndObject();
      int depth = common;
      int dot;
      while ((dot = name.indexOf('.', pos)) >= 0) {
        g.writeObjectFieldStart(name.substring(pos, dot));
        depth++;
        pos = dot + 1;
      }
      openName = name;
      openDepth = depth;
      g.writeFieldName(pos == 0 ? name : name.substring(pos));
      writeValue(g, values[k]);
    }
    for (int c = openDepth; c > 0; c--) g.writeEndObject();
    if (!event.tags().isEmpty()) writeTags(event, g);
    g.writeEndObject();
  }

  /** Index of the n-th dot (0-based) in s, or -1. */
  private static int nthDot(String s, int n) {
    int at = -1;
    for (int k = 0; k <= n; k++) {
      at = s.indexOf('.', at + 1);
      if (at < 0) return -1;
    }
    return at;
  }

  /** The event as UTF-8 JSON bytes, without an intermediate String (what the stores keep as _source). */
  public static byte[] writeBytes(Event event) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(1024);
    try (JsonGenerator g = FACTORY.createGenerator(out, com.fasterxml.jackson.core.JsonEncoding.UTF8)) {
      write(event, g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }


  private static void writeTags(Event event, JsonGenerator g) throws IOException {
    g.writeArrayFieldStart("tags");
    for (String t : event.tags()) g.writeString(t);
    g.writeEndArray();
  }

  static void writeValue(JsonGenerator g, Object v) throws IOException {
    if (v instanceof String s) g.writeString(s);
    else if (v instanceof Long l) g.writeNumber(l);
    else if (v instanceof Double d) g.writeNumber(d);
    else if (v instanceof Boolean b) g.writeBoolean(b);
    else if (v instanceof Instant t) g.writeString(formatInstant(t));
    else if (v instanceof List<?> list) {
      g.writeStartArray();
      for (Object o : list) writeValue(g, o);
      g.writeEndArray();
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        writeValue(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof Number num) g.writeNumber(num.toString());
    else if (v == null) g.writeNull();
    else g.writeString(v.toString());
  }

  /** RFC 3339 in UTC with as many fraction digits as the instant has (0, 3, 6 or 9). */
  public static String formatInstant(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t);
  }

  /**
   * Reads an ECS JSON document back into an event: nested objects become dotted names, except
   * that objects under the given free-form fields stay maps. Strings that were times are not
   * turned back into instants except {@code @timestamp} and {@code event.*} times.
   */
  public static Event read(String json, String... freeForm) {
    try (JsonParser p = FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) throw new IllegalArgumentException("expected a JSON object");
      Event e = new Event();
      readObject(p, "", e, List.of(freeForm));
      return e;
    } catch (IOException ex) {
      throw new IllegalArgumentException("not an ECS JSON document: " + ex.getMessage(), ex);
    }
  }

  private static void readObject(JsonParser p, String prefix, Event e, List<String> freeForm) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = prefix + p.currentName();
      JsonToken t = p.nextToken();
      if (t == JsonToken.START_OBJECT && !freeForm.contains(name)) {
        readObject(p, name + ".", e, freeForm);
      } else if (name.equals("tags") && t == JsonToken.START_ARRAY) {
        for (Object o : (List<?>) readValue(p)) e.addTag(String.valueOf(o));
      } else {
        Object v = readValue(p);
        if (v instanceof String s && isTimeField(name)) {
          try {
            v = Instant.parse(s);
          } catch (java.time.format.DateTimeParseException ignored) {
            // keep the text
          }
        }
        e.put(name, v);
      }
    }
  }

  private static boolean isTimeField(String name) {
    return name.equals(TIMESTAMP) || name.equals("event.created") || name.equals("event.ingested")
        || name.equals("event.start") || name.equals("event.end");
  }

  private static Object readValue(JsonParser p) throws IOException {
    switch (p.currentToken()) {
      case VALUE_STRING: return p.getText();
      case VALUE_NUMBER_INT: return p.getLongValue();
      case VALUE_NUMBER_FLOAT: return p.getDoubleValue();
      case VALUE_TRUE: return Boolean.TRUE;
      case VALUE_FALSE: return Boolean.FALSE;
      case VALUE_NULL: return null;
      case START_ARRAY: {
        List<Object> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) list.add(readValue(p));
        return list;
      }
      case START_OBJECT: {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String k = p.currentName();
          p.nextToken();
          m.put(k, readValue(p));
        }
        return m;
      }
      default: throw new IOException("unexpected " + p.currentToken());
    }
  }
}
