package vn.soctinh.analyzer.store;

import vn.soctinh.collector.metrics.Metrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.Values;

/**
 * The last check before a store: makes one event fit the field table ({@link FieldType.Mapping})
 * and the size limits, in place, so that a value chosen by a sender can never make a store refuse
 * the document (Lucene takes a field's first shape for the whole index: {@code source.port} as a
 * long point in one event and as a term in the next is refused, and the pipeline stalls on it).
 * It lives beside the field table it enforces; the event model knows nothing of stores.
 *
 * <p>What fits a field's type. LONG: a Long; an integral Double in range or a plain decimal string
 * ({@code -?[0-9]+}, in range) is converted. DOUBLE: a Long or a finite Double; a decimal string is
 * converted; NaN and ±Infinity do not fit (Elasticsearch takes finite values only, no range finds them).
 * DATE: an Instant from year 0 to 9999 (epoch milliseconds on both stores); an ISO-8601 instant
 * string ({@link Instant#parse}) is converted, epoch numbers are not (seconds or milliseconds?). IP:
 * a string that {@link Values#isIp} accepts. BOOLEAN: a Boolean or the strings "true"/"false".
 * KEYWORD (also every undeclared name), TEXT, STORED: any scalar (the stores index its text). A list
 * fits when each element does (nulls are skipped by the stores); a map fits only under a free-form
 * name ({@link EventStore#FREE_FORM}), one level of scalars or lists of scalars with usable keys.
 * A name fits when it is not empty, has no empty segment ({@code a..b}, a leading or trailing dot),
 * does not start with '_' (Elasticsearch's metadata fields), is not an object of the table
 * ({@code source}, {@code log.syslog}: Elasticsearch maps them as objects), is not under the guard's
 * own objects, and has no lone surrogate. A field under a free-form object the event holds
 * ({@code winlog.event_data.Status} beside the map {@code winlog.event_data}, as the Windows parser
 * writes it) joins the object as a key, an equal value once: as JSON the key would come twice, and
 * Elasticsearch refuses that. Other leaf-or-object clashes between names ({@code a} and {@code a.b},
 * within an event or across events) matter to Elasticsearch only and are its mapping's business.
 *
 * <p>What does not fit is moved, never dropped, and the event is tagged where to look:
 * <ul>
 *   <li>a value of the wrong type: its text ({@link ValueText#text}; maps and nested lists as JSON)
 *       under {@value #MISTYPED}{@code .<field>}, a keyword (a list of texts when several elements
 *       of a list moved); a list keeps its good elements, as a list ({@code source.port: [1, "x"]}
 *       becomes {@code source.port: [1]} and {@code soctinh.mistyped.source.port: "x"}). Tag
 *       {@value #TAG_MISTYPED}.</li>
 *   <li>a keyword over {@code max_term_bytes}: the whole text under {@value #LONG_TERMS}{@code .<field>}
 *       (declared {@code stored}: kept, not indexed), also a mistyped text that long; for a key of a
 *       free-form object the field is {@code <object>.<key>}. Tag {@value #TAG_LONG_TERM}.</li>
 *   <li>what an event cannot hold under its name: list elements past {@code max_array_values},
 *       fields past {@code max_fields} (the last inserted first; the pipeline's own fields, such as
 *       {@code event.id} and {@code @timestamp}, are never moved for this), fields with a bad or
 *       too long name, and a moved value whose place above is taken or whose name would be too long:
 *       one JSON object, name → value, in the stored text field {@value #OVERFLOW}. Tag
 *       {@value #TAG_TRUNCATED_FIELDS}.</li>
 * </ul>
 * Changed in place instead: a lone surrogate in a value or a map key becomes U+FFFD; nested maps in a
 * free-form object are flattened to dotted keys ({@code {"a":{"b":1}}} → {@code "a.b": 1}) down to
 * {@code max_depth} levels counting the object itself, and a map deeper than that, or a map or list
 * in a list there, is kept as its JSON text (tag {@value #TAG_TOO_DEEP}). Keys that meet after that
 * have their values joined in one list. The field count is the number of indexed names: a free-form
 * object counts its keys, anything else one.
 *
 * The guard's two objects are free-form ({@link EventStore#FREE_FORM}: read back as objects); a key
 * they already hold (a sender may write {@code soctinh.mistyped} too) is not overwritten, the new
 * value goes to the overflow. A guarded event is clean the next time.
 *
 * <p>Never throws for any event and keeps no state between events; one guard serves any number of
 * threads. A clean event costs one scan and allocates nothing (no regex, no formatting, no map);
 * only a dirty one pays for the repair. {@code FieldGuardBenchmark} (JMH, {@code -prof gc}, 3 forks,
 * on a shared 2-vCPU build machine): 380-450 ns for a parsed sshd event of 31 fields, 460-550 ns for
 * a Suricata alert of 35, 570-670 ns for a Windows logon with 21 {@code winlog.event_data} keys, 0
 * bytes, except that an event with a free-form object may allocate its map's 32-byte iterator when
 * the JIT does not inline it (one fork in three); the poison line's repair 1.7-1.9 µs and 3.3 KB.
 */
public final class FieldGuard {
  /** Free-form object of what did not fit its field's type: key = the field, value = its text. */
  public static final String MISTYPED = "soctinh.mistyped";
  /** Free-form object of keywords too long to index, stored only ({@code soctinh.long_terms.*  stored}). */
  public static final String LONG_TERMS = "soctinh.long_terms";
  /** Stored text: a JSON object of the fields and values the event could not hold under their names. */
  public static final String OVERFLOW = "soctinh.overflow";
  public static final String TAG_MISTYPED = "_mistyped";
  public static final String TAG_LONG_TERM = "_long_term";
  public static final String TAG_TRUNCATED_FIELDS = "_truncated_fields";
  public static final String TAG_TOO_DEEP = "_too_deep";

  /** Why values were moved or changed; a fixed set, so a metric tag never carries a sender's field name. */
  public enum Reason {
    MISTYPED("mistyped"),
    TOO_MANY_FIELDS("too_many_fields"),
    ARRAY_TRUNCATED("array_truncated"),
    TOO_DEEP("too_deep"),
    LONG_TERM("long_term"),
    LONG_NAME("long_name"),
    /** An empty segment, a leading '_', an object of the table, a lone surrogate in a field name. */
    BAD_NAME("bad_name"),
    /** Lone surrogates replaced in a value or a key. */
    BAD_UNICODE("bad_unicode");

    private final String tag;

    Reason(String tag) {
      this.tag = tag;
    }

    public String tag() {
      return tag;
    }
  }

  /**
   * The bounds, each a config key later: {@code max_fields}, {@code max_array_values},
   * {@code max_depth}, {@code max_term_bytes}, {@code max_field_name_bytes}.
   *
   * @param maxFields indexed names per event (free-form keys count one each)
   * @param maxArrayValues elements per list
   * @param maxDepth levels of a free-form object kept as dotted keys, the object itself being 1
   * @param maxTermBytes UTF-8 bytes of an indexed keyword (Lucene refuses terms over 32766)
   * @param maxFieldNameBytes UTF-8 bytes of a field name, {@code object.key} for a free-form key
   */
  public record Limits(int maxFields, int maxArrayValues, int maxDepth, int maxTermBytes, int maxFieldNameBytes) {
    public static final Limits DEFAULTS = new Limits(1000, 1024, 4, 8191, 256);
    /** Lucene's hard limit on one term (IndexWriter.MAX_TERM_LENGTH). */
    public static final int LUCENE_MAX_TERM_BYTES = 32766;

    public Limits {
      // room for the pipeline's own fields and the overflow field, which the field limit never moves
      if (maxFields < 32) throw new IllegalArgumentException("max_fields must be at least 32 but was " + maxFields);
      if (maxArrayValues < 1) throw new IllegalArgumentException("max_array_values must be at least 1 but was " + maxArrayValues);
      if (maxDepth < 1) throw new IllegalArgumentException("max_depth must be at least 1 but was " + maxDepth);
      if (maxTermBytes < 16 || maxTermBytes > LUCENE_MAX_TERM_BYTES) {
        throw new IllegalArgumentException("max_term_bytes must be within 16.." + LUCENE_MAX_TERM_BYTES + " but was " + maxTermBytes);
      }
      if (maxFieldNameBytes < 64) throw new IllegalArgumentException("max_field_name_bytes must be at least 64 but was " + maxFieldNameBytes);
    }
  }

  /** Where the guard reports how many values it moved or changed, per reason: once per reason per event. */
  @FunctionalInterface
  public interface Counters {
    Counters NONE = (reason, values) -> { };

    void add(Reason reason, long values);

    /** One Micrometer counter per reason, {@link Metrics#ANALYZER_GUARD_VALUES}{reason=...}, registered now. */
    static Counters meters(MeterRegistry registry) {
      Counter[] c = new Counter[Reason.values().length];
      for (Reason r : Reason.values()) {
        c[r.ordinal()] = Metrics.ANALYZER_GUARD_VALUES.counter(registry, "reason", r.tag());
      }
      return (reason, values) -> c[reason.ordinal()].increment(values);
    }
  }

  /** What a name is in the table. */
  enum Kind { LEAF, PINNED, FREE_FORM, OBJECT }

  /** A name's type (for a free-form object: the type of its keys) and kind. */
  record Slot(FieldType type, Kind kind) {}

  /**
   * The pipeline's own fields: never moved for the field limit (the store needs event.id, the
   * partition @timestamp, the agency scoping organization.id). Their values are checked as any other.
   */
  static final Set<String> PINNED = Set.of("@timestamp", "event.id", "event.kind", "event.created", "event.ingested",
      "event.original", "event.original_base64", "log.offset", "organization.id", "organization.name");
  private static final Slot UNDECLARED = new Slot(FieldType.KEYWORD, Kind.LEAF);

  final FieldType.Mapping mapping;
  final Limits limits;
  final Counters counters;
  private final Map<String, Slot> slots;
  private final String[] prefixes;
  private final Slot[] prefixSlots;
  /** The free-form objects' names; a bit per name says which an event holds. */
  private final String[] roots = EventStore.FREE_FORM.clone();
  /** Whether the table types a key of a free-form object by its full name (none in the shipped table). */
  private final boolean typedKeys;

  public FieldGuard(FieldType.Mapping mapping, Limits limits, Counters counters) {
    this.mapping = Objects.requireNonNull(mapping, "mapping");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.counters = Objects.requireNonNull(counters, "counters");
    Map<String, Slot> m = new HashMap<>();
    for (Map.Entry<String, FieldType> d : mapping.declared().entrySet()) {
      m.put(d.getKey(), new Slot(d.getValue(), PINNED.contains(d.getKey()) ? Kind.PINNED : Kind.LEAF));
    }
    for (String p : PINNED) m.putIfAbsent(p, new Slot(FieldType.KEYWORD, Kind.PINNED));
    m.putIfAbsent(OVERFLOW, new Slot(FieldType.STORED, Kind.LEAF));
    boolean typed = false;
    for (String root : EventStore.FREE_FORM) {
      FieldType keys = mapping.declared(root + ".");
      m.put(root, new Slot(keys == null ? FieldType.KEYWORD : keys, Kind.FREE_FORM));
      for (String d : mapping.declared().keySet()) typed |= d.startsWith(root + ".");
    }
    this.typedKeys = typed;
    Map<String, FieldType> prefixed = mapping.declaredPrefixes();
    prefixes = prefixed.keySet().toArray(new String[0]);
    prefixSlots = new Slot[prefixes.length];
    for (int i = 0; i < prefixes.length; i++) prefixSlots[i] = new Slot(prefixed.get(prefixes[i]), Kind.LEAF);
    // every object on the way to a name: a value there would be a leaf where Elasticsearch has an object
    for (String name : List.copyOf(m.keySet())) addObjects(m, name);
    for (String p : prefixes) addObjects(m, p.substring(0, p.length() - 1) + ".x");
    // interned: the parsers' names are literals, so a lookup ends on == instead of comparing text
    Map<String, Slot> interned = new HashMap<>();
    for (Map.Entry<String, Slot> en : m.entrySet()) interned.put(en.getKey().intern(), en.getValue());
    this.slots = interned;
  }

  private static void addObjects(Map<String, Slot> m, String name) {
    for (int dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
      m.putIfAbsent(name.substring(0, dot), new Slot(null, Kind.OBJECT));
    }
  }

  /**
   * Makes {@code e} fit, in place; returns whether anything changed (then the event carries a tag
   * saying where the moved values are, and the counters were told).
   */
  public boolean check(Event e) {
    if (clean(e)) return false;
    return new FieldRepair(this, e).run();
  }

  // ---- the scan: allocates nothing; any doubt sends the event to the repair, which decides exactly

  boolean clean(Event e) {
    int n = e.size();
    if (n > limits.maxFields()) return false;
    int names = 0;
    int objects = 0;
    for (int i = 0; i < n; i++) {
      String name = e.name(i);
      Object v = e.value(i);
      Slot s = slots.get(name);
      if (s == null) {
        if (nameProblem(name, 0, true) != null) return false;
        s = prefixed(name);
      }
      switch (s.kind()) {
        case OBJECT:
          return false;
        case FREE_FORM:
          if (!(v instanceof Map<?, ?> m) || !cleanObject(name, s.type(), m)) return false;
          names += m.size();
          objects |= 1 << rootIndex(name);
          break;
        default:
          if (!cleanValue(s.type(), v)) return false;
          names++;
      }
    }
    if (names > limits.maxFields()) return false;
    if (objects != 0) for (int i = 0; i < n; i++) if (objectOf(e.name(i), objects) != null) return false;
    return true;
  }

  /** The position of a free-form object's name in {@link EventStore#FREE_FORM}, or -1. */
  int rootIndex(String name) {
    for (int k = 0; k < roots.length; k++) if (roots[k].equals(name)) return k;
    return -1;
  }

  /**
   * The free-form object a name sits under, among those the event holds as maps ({@code objects}, a
   * bit per position in {@link EventStore#FREE_FORM}), or null. As JSON such a name would write the
   * object's key twice ({@code winlog.event_data.Status} beside {@code winlog.event_data}), which
   * Elasticsearch refuses.
   */
  String objectOf(String name, int objects) {
    for (int bits = objects; bits != 0; bits &= bits - 1) {
      String r = roots[Integer.numberOfTrailingZeros(bits)];
      if (name.length() > r.length() && name.charAt(r.length()) == '.' && name.startsWith(r)) return r;
    }
    return null;
  }

  private boolean cleanObject(String root, FieldType keyType, Map<?, ?> m) {
    if (m.size() > limits.maxFields()) return false;
    int rootBytes = root.length() + 1; // the free-form names are ASCII
    for (Map.Entry<?, ?> en : m.entrySet()) {
      if (!(en.getKey() instanceof String key) || nameProblem(key, rootBytes, false) != null) return false;
      Object v = en.getValue();
      if (v == null) continue;
      if (!cleanValue(typedKeys ? keyType(root, key, keyType) : keyType, v)) return false;
    }
    return true;
  }

  private boolean cleanList(FieldType t, List<?> list) {
    int n = list.size();
    if (n > limits.maxArrayValues()) return false;
    for (int i = 0; i < n; i++) {
      Object x = list.get(i);
      if (x != null && !cleanScalar(t, x)) return false;
    }
    return true;
  }

  /**
   * Whether a scalar or a list fits {@code t} as it is. The final classes are tested first: on JDK 17
   * an {@code instanceof List} that fails walks the class's interfaces, which made the scan 5x slower.
   */
  private boolean cleanValue(FieldType t, Object v) {
    if (cleanScalar(t, v)) return true;
    return !(v instanceof String || v instanceof Long || v instanceof Double || v instanceof Boolean || v instanceof Instant)
        && v instanceof List<?> list && cleanList(t, list);
  }

  /** Whether a scalar fits {@code t} as it is (lists and maps do not). */
  private boolean cleanScalar(FieldType t, Object v) {
    if (v instanceof String s) {
      return switch (t) {
        case KEYWORD -> fitsTerm(s);
        case TEXT, STORED -> !ValueText.hasLoneSurrogate(s);
        case IP -> Values.isIp(s) && !ValueText.hasLoneSurrogate(s);
        case BOOLEAN -> s.equals("true") || s.equals("false");
        case LONG, DOUBLE, DATE -> false;
      };
    }
    if (v instanceof Long) return t != FieldType.DATE && t != FieldType.IP && t != FieldType.BOOLEAN;
    if (v instanceof Double d) return t == FieldType.DOUBLE ? Double.isFinite(d) : anyScalar(t);
    if (v instanceof Boolean) return t == FieldType.BOOLEAN || anyScalar(t);
    if (v instanceof Instant time) return t == FieldType.DATE ? Conversions.inRange(time) : anyScalar(t);
    return false;
  }

  /** Whether a keyword can be indexed as it is: no lone surrogate, at most max_term_bytes. */
  private boolean fitsTerm(String s) {
    int max = limits.maxTermBytes();
    if (s.length() * 3L <= max) return !ValueText.hasLoneSurrogate(s); // short enough whatever its characters
    int bytes = ValueText.utf8Length(s, max);
    return bytes >= 0 && bytes <= max;
  }

  private static boolean anyScalar(FieldType t) {
    return t == FieldType.KEYWORD || t == FieldType.TEXT || t == FieldType.STORED;
  }

  // ---- shared with the repair

  /** The slot of a name that has none of its own: a declared prefix, else an undeclared keyword. */
  Slot prefixed(String name) {
    for (int i = 0; i < prefixes.length; i++) if (name.startsWith(prefixes[i])) return prefixSlots[i];
    return UNDECLARED;
  }

  /** The slot the table gives a name by itself (declared, free-form, pinned, an object), or null. */
  Slot tableSlot(String name) {
    return slots.get(name);
  }

  /** The type of a key of a free-form object: as declared by its full name, else the object's key type. */
  FieldType keyType(String root, String key, FieldType rootKeyType) {
    if (!typedKeys) return rootKeyType;
    FieldType t = mapping.declared(root + "." + key);
    return t != null ? t : rootKeyType;
  }

  /**
   * Why a name cannot be indexed, or null. {@code extraBytes} counts what comes before it (an
   * object's name and its dot); {@code topLevel} names may not start with '_'.
   */
  Reason nameProblem(String s, int extraBytes, boolean topLevel) {
    int n = s.length();
    if (n == 0 || s.charAt(0) == '.' || s.charAt(n - 1) == '.' || (topLevel && s.charAt(0) == '_')) return Reason.BAD_NAME;
    // the guard writes these objects: a sender's name under them would be written twice as JSON
    if (topLevel && s.startsWith("soctinh.") && (s.startsWith(MISTYPED + ".") || s.startsWith(LONG_TERMS + "."))) return Reason.BAD_NAME;
    if (extraBytes + n * 3L <= limits.maxFieldNameBytes()) {
      // short enough whatever its characters: the usual case, without a branch per character
      return s.indexOf("..") >= 0 || ValueText.hasLoneSurrogate(s) ? Reason.BAD_NAME : null;
    }
    int bytes = extraBytes;
    char prev = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c == '.' && prev == '.') return Reason.BAD_NAME;
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if ((c & 0xF800) != 0xD800) {
        bytes += 3;
      } else if (c < 0xDC00 && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        return Reason.BAD_NAME;
      }
      prev = c;
    }
    return bytes > limits.maxFieldNameBytes() ? Reason.LONG_NAME : null;
  }
}
