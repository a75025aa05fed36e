package vn.soctinh.analyzer.store.lucene;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.util.BytesRef;
import vn.soctinh.analyzer.event.EcsJson;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.store.EventStore;

/**
 * The {@code _source} of the embedded store: the event's fields in their own order, each a name,
 * a one-byte type and the value in Lucene's variable-length encodings. Writing it costs a fraction
 * of nested, sorted JSON (no key sorting, no object nesting, no string escaping), which was a fifth
 * of indexing time; and it gives back the exact values (times stay times, longs stay longs).
 *
 * <p>Stores written before this format hold JSON, which starts with '{'; {@link #read} takes both.
 */
final class BinarySource {
  /** First byte of the format; JSON sources start with '{' (0x7B). */
  static final byte FORMAT_1 = 1;

  private static final byte NULL = 0;
  private static final byte STRING = 1;
  private static final byte LONG = 2;
  private static final byte DOUBLE = 3;
  private static final byte TRUE = 4;
  private static final byte FALSE = 5;
  private static final byte INSTANT = 6;
  private static final byte LIST = 7;
  private static final byte MAP = 8;
  /** A number without a fixed width (BigDecimal, BigInteger): its text, read back as JSON would. */
  private static final byte NUMBER_TEXT = 9;

  private BinarySource() {}

  static byte[] write(Event e) {
    // Out writes to memory: DataOutput declares IOException, but it never comes
    Out out = new Out();
    try {
      out.writeByte(FORMAT_1);
      out.writeVInt(e.size());
      e.forEach((name, value) -> {
        try {
          out.writeString(name);
          writeValue(out, value);
        } catch (IOException ex) {
          throw new UncheckedIOException(ex);
        }
      });
      List<String> tags = e.tags();
      out.writeVInt(tags.size());
      for (String t : tags) out.writeString(t);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return Arrays.copyOf(out.buf, out.len);
  }

  /**
   * The bytes of one document in a growing array. Strings go through String.getBytes, which the JVM
   * vectorises (Lucene's UnicodeUtil walks char by char and was most of this encoder's time).
   */
  private static final class Out extends DataOutput {
    byte[] buf = new byte[512];
    int len;

    @Override
    public void writeByte(byte b) {
      if (len == buf.length) buf = Arrays.copyOf(buf, len * 2);
      buf[len++] = b;
    }

    @Override
    public void writeBytes(byte[] b, int offset, int length) {
      if (len + length > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + length));
      System.arraycopy(b, offset, buf, len, length);
      len += length;
    }

    @Override
    public void writeString(String s) throws IOException {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      writeVInt(utf8.length);
      writeBytes(utf8, 0, utf8.length);
    }
  }

  private static void writeValue(Out out, Object v) throws IOException {
    if (v instanceof String s) {
      out.writeByte(STRING);
      out.writeString(s);
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      out.writeByte(LONG);
      out.writeZLong(((Number) v).longValue());
    } else if (v instanceof Double || v instanceof Float) {
      out.writeByte(DOUBLE);
      out.writeLong(Double.doubleToRawLongBits(((Number) v).doubleValue()));
    } else if (v instanceof Boolean b) {
      out.writeByte(b ? TRUE : FALSE);
    } else if (v instanceof Instant t) {
      out.writeByte(INSTANT);
      out.writeZLong(t.getEpochSecond());
      out.writeVInt(t.getNano());
    } else if (v instanceof List<?> list) {
      out.writeByte(LIST);
      out.writeVInt(list.size());
      for (Object o : list) writeValue(out, o);
    } else if (v instanceof Map<?, ?> m) {
      out.writeByte(MAP);
      out.writeVInt(m.size());
      for (Map.Entry<?, ?> en : m.entrySet()) {
        out.writeString(String.valueOf(en.getKey()));
        writeValue(out, en.getValue());
      }
    } else if (v instanceof Number) {
      out.writeByte(NUMBER_TEXT);
      out.writeString(v.toString());
    } else if (v == null) {
      out.writeByte(NULL);
    } else {
      out.writeByte(STRING);
      out.writeString(v.toString());
    }
  }

  static Event read(BytesRef b) {
    if (b.length == 0 || b.bytes[b.offset] != FORMAT_1) {
      return EcsJson.read(b.utf8ToString(), EventStore.FREE_FORM);
    }
    ByteArrayDataInput in = new ByteArrayDataInput(b.bytes, b.offset + 1, b.length - 1);
    try {
      int n = in.readVInt();
      Event e = new Event(n);
      for (int i = 0; i < n; i++) {
        String name = in.readString();
        e.put(name, readValue(in));
      }
      int tags = in.readVInt();
      for (int i = 0; i < tags; i++) e.addTag(in.readString());
      return e;
    } catch (IOException | RuntimeException ex) {
      throw new IllegalStateException("corrupt _source: " + ex.getMessage(), ex);
    }
  }

  private static Object readValue(ByteArrayDataInput in) throws IOException {
    byte type = in.readByte();
    switch (type) {
      case NULL: return null;
      case STRING: return in.readString();
      case LONG: return in.readZLong();
      case DOUBLE: return Double.longBitsToDouble(in.readLong());
      case TRUE: return Boolean.TRUE;
      case FALSE: return Boolean.FALSE;
      case INSTANT: {
        long seconds = in.readZLong();
        return Instant.ofEpochSecond(seconds, in.readVInt());
      }
      case LIST: {
        int n = in.readVInt();
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) list.add(readValue(in));
        return list;
      }
      case MAP: {
        int n = in.readVInt();
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
          String k = in.readString();
          m.put(k, readValue(in));
        }
        return m;
      }
      case NUMBER_TEXT: {
        String s = in.readString();
        try {
          return Long.parseLong(s);
        } catch (NumberFormatException notLong) {
          return Double.parseDouble(s);
        }
      }
      default: throw new IllegalStateException("corrupt _source: unknown value type " + type);
    }
  }
}
