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

  /**
   * The field → type table ({@code ecs-fields.tsv}); unlisted fields are keywords. A line whose name
   * ends in {@code .*} declares every field under that prefix ({@code soctinh.long_terms.*}): for
   * objects whose keys are data, such as the copies {@code FieldGuard} keeps of over-long values.
   */
  public static final class Mapping {
    private final Map<String, FieldType> types;
    // few (one in the shipped table): a miss in types costs one startsWith per prefix
    private final String[] prefixes;
    private final FieldType[] prefixTypes;

    Mapping(Map<String, FieldType> types, Map<String, FieldType> prefixTypes) {
      // a HashMap: looked up for every field of every stored event, and its get beats Map.copyOf's probing
      // interned keys: the stored events' names are the parsers' literals, and a hit whose key is the
      // same instance skips comparing the characters
      java.util.HashMap<String, FieldType> m = new java.util.HashMap<>();
      types.forEach((k, v) -> m.put(k.intern(), v));
      this.types = java.util.Collections.unmodifiableMap(m);
      this.prefixes = prefixTypes.keySet().toArray(new String[0]);
      this.prefixTypes = new FieldType[prefixes.length];
      for (int i = 0; i < prefixes.length; i++) this.prefixTypes[i] = prefixTypes.get(prefixes[i]);
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
      Map<String, FieldType> prefixed = new java.util.LinkedHashMap<>();
      int n = 0;
      try (BufferedReader r = new BufferedReader(new java.io.StringReader(text))) {
        String line;
        while ((line = r.readLine()) != null) {
          n++;
          if (line.isBlank() || line.startsWith("#")) continue;
          String[] p = line.split("\t");
          if (p.length != 2) throw new IllegalArgumentException(source + ":" + n + ": expected FIELD<tab>TYPE but was \"" + line + "\"");
          FieldType t;
          try {
            t = FieldType.valueOf(p[1].strip().toUpperCase(Locale.ROOT));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ":" + n + ": unknown type \"" + p[1] + "\" (keyword, text, ip, long, double, date, boolean, stored)");
          }
          String name = p[0].strip();
          if (name.endsWith(".*") && name.length() > 2) prefixed.put(name.substring(0, name.length() - 1), t);
          else if (name.indexOf('*') >= 0) throw new IllegalArgumentException(source + ":" + n + ": a wildcard only ends a name (prefix.*) but was \"" + name + "\"");
          else m.put(name, t);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new Mapping(m, prefixed);
    }

    /** The declared type (by name, else by a declared prefix), or null. */
    public FieldType declared(String field) {
      FieldType t = types.get(field);
      if (t != null) return t;
      for (int i = 0; i < prefixes.length; i++) if (field.startsWith(prefixes[i])) return prefixTypes[i];
      return null;
    }

    /** The fields declared by name (prefix declarations are in {@link #declaredPrefixes}). */
    public Map<String, FieldType> declared() {
      return types;
    }

    /** Prefix declarations, each prefix with its trailing dot ({@code soctinh.long_terms.}). */
    public Map<String, FieldType> declaredPrefixes() {
      Map<String, FieldType> m = new java.util.LinkedHashMap<>();
      for (int i = 0; i < prefixes.length; i++) m.put(prefixes[i], prefixTypes[i]);
      return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * The declared type, else keyword whatever the value: an unlisted field is indexed as the query
     * parser will look for it, on both stores (add a field to the table for ranges or text search).
     */
    public FieldType of(String field, Object value) {
      FieldType t = declared(field);
      return t != null ? t : KEYWORD;
    }

    /** The type a query on {@code field} uses: declared, else keyword. */
    public FieldType forQuery(String field) {
      FieldType t = declared(field);
      return t == null ? KEYWORD : t;
    }
  }
}
