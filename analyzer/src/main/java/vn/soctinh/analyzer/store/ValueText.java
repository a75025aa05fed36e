package vn.soctinh.analyzer.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import vn.soctinh.analyzer.event.EcsJson;

/**
 * Text checks and text forms of event values for {@link FieldGuard}: UTF-8 lengths without
 * encoding, unpaired surrogates (what invalid UTF-8 or a JSON {@code \ud800} escape leaves in a Java
 * string, and what Jackson's UTF-8 writer refuses), and the text a value is moved as.
 */
final class ValueText {
  static final char REPLACEMENT = '\uFFFD';
  /** Deeper than this, a value rendered as JSON is cut with "…": no parsed document nests this deep (Jackson stops at 1000). */
  private static final int MAX_RENDER_DEPTH = 1000;
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private ValueText() {}

  /** Whether {@code s} has a surrogate that is not half of a pair. */
  static boolean hasLoneSurrogate(String s) {
    return hasSurrogate(s) && hasLoneSurrogateSlow(s);
  }

  /**
   * Whether {@code s} has any surrogate: branch-free, since it runs over every string of every event
   * ({@code (c >>> 11) ^ 0x1B} is 0 exactly for U+D800..U+DFFF, and 0 - 1 sets the sign bit).
   */
  static boolean hasSurrogate(String s) {
    int acc = 0;
    for (int i = 0, n = s.length(); i < n; i++) acc |= ((s.charAt(i) >>> 11) ^ 0x1B) - 1;
    return acc < 0;
  }

  private static boolean hasLoneSurrogateSlow(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if ((c & 0xF800) != 0xD800) continue;
      if (c >= 0xDC00 || i + 1 == n || !Character.isLowSurrogate(s.charAt(i + 1))) return true;
      i++;
    }
    return false;
  }

  /**
   * The UTF-8 length of {@code s}, or {@code limit + 1} as soon as it is longer than {@code limit};
   * -1 when it has a lone surrogate before that point.
   */
  static int utf8Length(String s, int limit) {
    int bytes = 0;
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if ((c & 0xF800) != 0xD800) {
        bytes += 3;
      } else if (c < 0xDC00 && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        return -1;
      }
      if (bytes > limit) return limit + 1;
    }
    return bytes;
  }

  /** {@code s} with each lone surrogate replaced by U+FFFD; {@code s} itself when it has none. */
  static String sanitize(String s) {
    if (!hasLoneSurrogate(s)) return s;
    char[] out = s.toCharArray();
    for (int i = 0; i < out.length; i++) {
      char c = out[i];
      if ((c & 0xF800) != 0xD800) continue;
      if (c < 0xDC00 && i + 1 < out.length && Character.isLowSurrogate(out[i + 1])) i++;
      else out[i] = REPLACEMENT;
    }
    return new String(out);
  }

  /** The text a value is moved as: scalars as the stores print them, lists and maps as JSON; never with a lone surrogate. */
  static String text(Object v) {
    if (v instanceof String s) return sanitize(s);
    if (v instanceof Instant t) return EcsJson.formatInstant(t);
    if (v instanceof List || v instanceof Map) return json(v);
    return sanitize(String.valueOf(v));
  }

  /** {@code v} as JSON (times as RFC 3339 strings, other objects as their text), lone surrogates replaced. */
  static String json(Object v) {
    StringWriter w = new StringWriter(64);
    try (JsonGenerator g = JSON.createGenerator(w)) {
      write(g, v, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return sanitize(w.toString());
  }

  private static void write(JsonGenerator g, Object v, int depth) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      g.writeNumber(((Number) v).longValue());
    } else if (v instanceof Double || v instanceof Float) {
      g.writeNumber(((Number) v).doubleValue());
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Instant t) {
      g.writeString(EcsJson.formatInstant(t));
    } else if (depth >= MAX_RENDER_DEPTH && (v instanceof List || v instanceof Map)) {
      g.writeString("…");
    } else if (v instanceof List<?> list) {
      g.writeStartArray();
      for (Object o : list) write(g, o, depth + 1);
      g.writeEndArray();
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> en : m.entrySet()) {
        g.writeFieldName(String.valueOf(en.getKey()));
        write(g, en.getValue(), depth + 1);
      }
      g.writeEndObject();
    } else {
      g.writeString(String.valueOf(v));
    }
  }
}
