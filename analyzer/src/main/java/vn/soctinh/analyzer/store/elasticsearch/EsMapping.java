package vn.soctinh.analyzer.store.elasticsearch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import vn.soctinh.analyzer.store.FieldType;

/**
 * The index templates, built from the same field table as the Lucene documents: keywords, text,
 * ip, long, double, date; every unlisted field is a keyword (as on Lucene), no date or number
 * detection. Text fields are also indexed as a folded copy under {@value #FOLDED} (lower case,
 * ASCII-folded in Java, because the test node has no asciifolding filter), left out of
 * {@code _source}.
 */
final class EsMapping {
  static final String FOLDED = "soctinh_folded";
  /** As on Lucene: longer keywords are kept in _source, not indexed. */
  static final int IGNORE_ABOVE = 4096;
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private EsMapping() {}

  static String folded(String textField) {
    return FOLDED + "." + textField;
  }

  /** The composable template for {@code indexPattern}, with an alias when not null. */
  static ObjectNode template(FieldType.Mapping mapping, String indexPattern, String alias, int shards, int replicas) {
    ObjectNode settings = JSON.objectNode()
        .put("number_of_shards", shards)
        .put("number_of_replicas", replicas)
        .put("refresh_interval", "1s")
        // dynamic keys (Windows event data, CEF extensions) must not make documents fail
        .put("mapping.total_fields.limit", 5000)
        .put("mapping.total_fields.ignore_dynamic_beyond_limit", true);
    ObjectNode template = JSON.objectNode();
    template.set("settings", settings);
    template.set("mappings", mappings(mapping));
    if (alias != null) template.putObject("aliases").putObject(alias);
    ObjectNode body = JSON.objectNode();
    body.putArray("index_patterns").add(indexPattern);
    body.put("priority", 500);
    body.set("template", template);
    body.putObject("_meta").put("managed_by", "soctinh");
    return body;
  }

  /**
   * {@code subobjects: false}: every field is a leaf under its dotted name, as on Lucene ({@link EsSource}
   * sends documents that way), so a name cannot be an object in one document and a value in another.
   * Otherwise the first document of a day with {@code user: "x"} would make every later one with
   * {@code user.name} refused, for the whole day.
   */
  static ObjectNode mappings(FieldType.Mapping mapping) {
    ObjectNode m = JSON.objectNode();
    m.put("subobjects", false);
    m.put("date_detection", false).put("numeric_detection", false);
    m.putObject("_source").putArray("excludes").add(FOLDED);
    ArrayNode dyn = m.putArray("dynamic_templates");
    // prefix declarations (soctinh.long_terms.*) before the catch-all; only leaves, since a
    // path_match also matches the objects on the way (a key "source.ip" is the object "source")
    for (Map.Entry<String, FieldType> p : mapping.declaredPrefixes().entrySet()) {
      for (String type : new String[] {"string", "long", "double", "boolean"}) {
        ObjectNode t = dyn.addObject().putObject("declared_" + p.getKey().replace('.', '_') + type);
        t.put("path_match", p.getKey() + "*");
        t.put("match_mapping_type", type);
        t.set("mapping", field(p.getValue()));
      }
    }
    for (String type : new String[] {"string", "long", "double", "boolean"}) {
      ObjectNode t = dyn.addObject().putObject("unlisted_" + type + "_as_keyword");
      t.put("match_mapping_type", type);
      t.set("mapping", keyword());
    }
    ObjectNode props = m.putObject("properties");
    Map<String, FieldType> sorted = new TreeMap<>(mapping.declared());
    for (Map.Entry<String, FieldType> e : sorted.entrySet()) {
      props.set(e.getKey(), field(e.getValue()));
      if (e.getValue() == FieldType.TEXT) props.set(folded(e.getKey()), JSON.objectNode().put("type", "text").put("analyzer", "standard"));
    }
    props.set("event.id", keyword());
    props.set("tags", keyword());
    return m;
  }

  private static ObjectNode field(FieldType t) {
    return switch (t) {
      case KEYWORD, BOOLEAN -> keyword();
      // searched through the folded copy; the original only lives in _source
      case TEXT, STORED -> JSON.objectNode().put("type", "text").put("index", false);
      // A value these types cannot take (a port that is a word) refuses the document, which is
      // quarantined: the same as on Lucene, where such a value conflicts with the field's points.
      case IP -> JSON.objectNode().put("type", "ip");
      case LONG -> JSON.objectNode().put("type", "long");
      case DATE -> JSON.objectNode().put("type", "date").put("format", "strict_date_optional_time||epoch_millis");
      // Lucene indexes a double that is not a number as NaN and keeps the document: so does this
      case DOUBLE -> JSON.objectNode().put("type", "double").put("ignore_malformed", true);
    };
  }

  private static ObjectNode keyword() {
    return JSON.objectNode().put("type", "keyword").put("ignore_above", IGNORE_ABOVE);
  }

  /** Puts {@code a.b.c} as nested object properties (the quarantine index, which keeps objects). */
  private static void put(ObjectNode props, String dotted, ObjectNode def) {
    String[] parts = dotted.split("\\.");
    ObjectNode cur = props;
    for (int i = 0; i < parts.length - 1; i++) {
      ObjectNode obj = cur.has(parts[i]) ? (ObjectNode) cur.get(parts[i]) : cur.putObject(parts[i]);
      if (!obj.has("properties")) obj.putObject("properties");
      cur = (ObjectNode) obj.get("properties");
    }
    cur.set(parts[parts.length - 1], def);
  }

  /**
   * The quarantine index: the {@link vn.soctinh.analyzer.store.Quarantine} documents, whose fields
   * are all declared with types their values always have, and {@code dynamic: false}, so nothing in
   * them can be refused (only a request too large, which the writer answers by keeping less).
   */
  static ObjectNode quarantineIndex(int replicas) {
    ObjectNode body = JSON.objectNode();
    body.putObject("settings").put("number_of_shards", 1).put("number_of_replicas", replicas);
    ObjectNode m = quarantineMappings();
    m.putObject("_source").putArray("excludes").add(FOLDED);
    body.set("mappings", m);
    return body;
  }

  /**
   * The quarantine fields, also sent to an existing quarantine index: adding fields is allowed, and
   * those an earlier version declared ({@code @timestamp}, {@code event.id}, {@code error.message},
   * {@code document}) keep exactly their earlier definitions, which a mapping update cannot change.
   */
  static ObjectNode quarantineMappings() {
    ObjectNode m = JSON.objectNode();
    m.put("dynamic", false);
    ObjectNode props = m.putObject("properties");
    props.putObject("@timestamp").put("type", "date");
    put(props, "event.ingested", JSON.objectNode().put("type", "date"));
    for (String f : new String[] {"event.id", "error.type", "labels.kind", "organization.id"}) put(props, f, keyword());
    put(props, "log.offset", JSON.objectNode().put("type", "long"));
    put(props, "error.message", JSON.objectNode().put("type", "text"));
    props.putObject(FOLDED).putObject("properties").putObject("error").putObject("properties").set("message",
        JSON.objectNode().put("type", "text").put("analyzer", "standard"));
    for (String f : new String[] {"event.original", "event.original_base64", vn.soctinh.analyzer.store.Quarantine.DOCUMENT}) {
      put(props, f, JSON.objectNode().put("type", "text").put("index", false));
    }
    return m;
  }
}
