package vn.soctinh.analyzer.detect.sigma;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import vn.soctinh.analyzer.event.Event;

/**
 * Data, not code ({@code rules/sigma-mapping.yml}): which events a rule sees by its logsource, and
 * what its field names are called in ECS, globally and per logsource, in the spirit of pySigma's
 * processing pipelines.
 *
 * <p>A rule's logsource matches an entry when each part the rule names ({@code product},
 * {@code category}, {@code service}) equals the entry's; the rule then sees the events any matching
 * entry selects ({@code events}: field → accepted values, all fields must hold). A rule whose
 * logsource matches no entry loads but sees no event ({@link #routes} is empty), and is reported.
 * Field names not in the tables are used as written (rules may use ECS names directly).
 */
public final class SigmaMapping {
  /** One logsource entry. */
  public record Entry(String product, String category, String service, Map<String, List<String>> events, Map<String, String> fields,
      String unmappedPrefix) {
    boolean covers(SigmaRule.Logsource ls) {
      return same(ls.product(), product) && same(ls.category(), category) && same(ls.service(), service);
    }

    private static boolean same(String rule, String entry) {
      return rule == null || rule.equalsIgnoreCase(entry == null ? "" : entry);
    }

    boolean selects(Event e) {
      for (Map.Entry<String, List<String>> f : events.entrySet()) {
        Object v = e.get(f.getKey());
        if (v == null) return false;
        boolean any = false;
        if (v instanceof List<?> list) {
          for (Object o : list) any |= f.getValue().contains(String.valueOf(o));
        } else {
          any = f.getValue().contains(String.valueOf(v));
        }
        if (!any) return false;
      }
      return true;
    }
  }

  private final Map<String, String> fields;
  private final List<Entry> entries;

  public SigmaMapping(Map<String, String> fields, List<Entry> entries) {
    this.fields = Map.copyOf(fields);
    this.entries = List.copyOf(entries);
  }

  public static SigmaMapping empty() {
    return new SigmaMapping(Map.of(), List.of());
  }

  public List<Entry> entries() {
    return entries;
  }

  /** The entries a logsource routes to (empty: the rule sees nothing). */
  public List<Entry> routes(SigmaRule.Logsource ls) {
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries) if (e.covers(ls)) out.add(e);
    return out;
  }

  /** The ECS name of a Sigma field for a logsource: the most specific entry's table, else the global one, else as written. */
  public String field(SigmaRule.Logsource ls, String sigmaName) {
    for (Entry e : routes(ls)) {
      String f = e.fields().get(sigmaName);
      if (f != null) return f;
    }
    String f = fields.get(sigmaName);
    if (f != null) return f;
    if (!sigmaName.contains(".")) {
      for (Entry e : routes(ls)) if (e.unmappedPrefix() != null) return e.unmappedPrefix() + sigmaName;
    }
    return sigmaName;
  }

  /** Reads the mapping file; a bad entry is an error naming the source and the entry. */
  @SuppressWarnings("unchecked")
  public static SigmaMapping parse(String yaml, String source) {
    Object root;
    try {
      root = new Load(LoadSettings.builder().setLabel(source).setSchema(new CoreSchema()).build()).loadFromString(yaml);
    } catch (YamlEngineException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
    if (!(root instanceof Map<?, ?> m)) throw new IllegalArgumentException(source + ": expected a mapping with fields and logsources");
    Map<String, String> fields = strings(m.get("fields"), source + ": fields");
    List<Entry> entries = new ArrayList<>();
    Object ls = m.get("logsources");
    if (ls != null && !(ls instanceof List)) throw new IllegalArgumentException(source + ": logsources must be a list");
    int i = 0;
    for (Object o : ls == null ? List.of() : (List<Object>) ls) {
      String where = source + ": logsources[" + i++ + "]";
      if (!(o instanceof Map<?, ?> em)) throw new IllegalArgumentException(where + " must be a mapping");
      for (Object k : em.keySet()) {
        if (!List.of("product", "category", "service", "events", "fields", "unmapped_prefix").contains(String.valueOf(k))) {
          throw new IllegalArgumentException(where + ": unknown key " + k + " (product, category, service, events, fields, unmapped_prefix)");
        }
      }
      Map<String, List<String>> events = new LinkedHashMap<>();
      Object ev = em.get("events");
      if (!(ev instanceof Map<?, ?> evm) || evm.isEmpty()) throw new IllegalArgumentException(where + ": events must say which events it selects");
      for (Map.Entry<?, ?> f : evm.entrySet()) {
        List<String> vals = new ArrayList<>();
        if (f.getValue() instanceof List<?> l) for (Object x : l) vals.add(String.valueOf(x));
        else vals.add(String.valueOf(f.getValue()));
        events.put(String.valueOf(f.getKey()).intern(), List.copyOf(vals)); // interned: see FieldMatcher
      }
      entries.add(new Entry(str(em.get("product")), str(em.get("category")), str(em.get("service")), events,
          strings(em.get("fields"), where + ": fields"), str(em.get("unmapped_prefix"))));
    }
    return new SigmaMapping(fields, entries);
  }

  private static String str(Object o) {
    return o == null ? null : String.valueOf(o);
  }

  private static Map<String, String> strings(Object o, String where) {
    if (o == null) return Map.of();
    if (!(o instanceof Map<?, ?> m)) throw new IllegalArgumentException(where + " must be a mapping of Sigma name to ECS name");
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
    return out;
  }
}
