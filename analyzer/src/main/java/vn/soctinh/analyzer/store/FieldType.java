package vn.soctinh.analyzer.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** How a field is indexed; the same table drives the Lucene documents and the Elasticsearch mapping. */
public enum FieldType {
  KEYWORD, TEXT, IP, LONG, DOUBLE, DATE, BOOLEAN, STORED;

  /** The field → type table ({@code ecs-fields.tsv}); unlisted fields are keywords. */
  public static final class Mapping {
    private final Map<String, FieldType> types;

    Mapping(Map<String, FieldType> types) {
      // a HashMap: looked up for every field of every stored event, and its get beats Map.copyOf's probing
      this.types = java.util.Collections.unmodifiableMap(new java.util.HashMap<>(types));
    }

    /** The shipped ECS table. */
    public static Mapping ecs() {
      try (InputStream in = FieldType.class.getResourceAsStream("ecs-fields.tsv")) {
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "ecs-fields.tsv");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Parses a table; a bad line is an error naming the source and line. */
    public static Mapping parse(String text, String source) {
      Map<String, FieldType> m = new HashMap<>();
      int n = 0;
      try (BufferedReader r = new BufferedReader(new java.io.StringReader(text))) {
        String line;
        while ((line = r.readLine()) != null) {
          n++;
          if (line.isBlank() || line.startsWith("#")) continue;
          String[] p = line.split("\t");
          if (p.length != 2) throw new IllegalArgumentException(source + ":" + n + ": expected FIELD<tab>TYPE but was \"" + line + "\"");
          try {
            m.put(p[0].strip(), FieldType.valueOf(p[1].strip().toUpperCase(Locale.ROOT)));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ":" + n + ": unknown type \"" + p[1] + "\" (keyword, text, ip, long, double, date, boolean, stored)");
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new Mapping(m);
    }

    /** The declared type, or null. */
    public FieldType declared(String field) {
      return types.get(field);
    }

    public Map<String, FieldType> declared() {
      return types;
    }

    /**
     * The declared type, else keyword whatever the value: an unlisted field is indexed as the query
     * parser will look for it, on both stores (add a field to the table for ranges or text search).
     */
    public FieldType of(String field, Object value) {
      FieldType t = types.get(field);
      return t != null ? t : KEYWORD;
    }

    /** The type a query on {@code field} uses: declared, else keyword. */
    public FieldType forQuery(String field) {
      FieldType t = types.get(field);
      return t == null ? KEYWORD : t;
    }
  }
}
