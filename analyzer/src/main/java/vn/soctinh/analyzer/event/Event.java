package vn.soctinh.analyzer.event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;

/**
 * One ECS event: an ordered set of dotted field names ({@code source.ip}, {@code log.syslog.appname})
 * with their values. Flat on purpose: decoders and rules address fields by their full ECS name, and
 * a couple of parallel arrays cost less per event than a tree of maps. It knows nothing of JSON,
 * Lucene or Elasticsearch; {@link EcsJson} and the stores' mappers translate.
 *
 * <p>Values are {@link String}, {@link Long}, {@link Double}, {@link Boolean}, {@link Instant}, a
 * {@link List} of those, or a {@link Map} (free-form objects such as {@code winlog.event_data} and
 * {@code log.syslog.structured_data}). Integers are widened to {@code Long} on the way in so that a
 * field has one type whatever parser set it. {@code tags} is kept apart as a list of strings.
 *
 * <p>Not thread-safe: an event belongs to one pipeline stage at a time.
 */
public final class Event {
  private String[] names;
  private int[] hashes;
  private Object[] values;
  private int size;
  /**
   * An open-addressing index of the fields by hash (each slot the field's index + 1, 0 for empty),
   * built once an event has more than {@link #LINEAR} fields: every stage looks fields up by name,
   * many of them absent (rules, indicators, drill marks), and a miss in a scan of thirty hashes was
   * a tenth of the analyzer's own CPU.
   */
  private int[] slots;
  private static final int LINEAR = 8;
  private List<String> tags;

  public Event() {
    this(24);
  }

  public Event(int expectedFields) {
    names = new String[Math.max(4, expectedFields)];
    hashes = new int[names.length];
    values = new Object[names.length];
  }

  /** Sets a field, replacing an earlier value; a null value removes it. Returns this. */
  public Event put(String name, Object value) {
    Objects.requireNonNull(name, "name");
    if (value == null) {
      remove(name);
      return this;
    }
    Object v = normalise(name, value);
    int h = name.hashCode();
    int i = indexOf(name, h);
    if (i >= 0) {
      values[i] = v;
      return this;
    }
    if (size == names.length) {
      names = Arrays.copyOf(names, size * 2);
      hashes = Arrays.copyOf(hashes, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    names[size] = name;
    hashes[size] = h;
    values[size] = v;
    size++;
    indexLast();
    return this;
  }

  /** Sets a field only when it has no value yet (and value is not null or empty). */
  public Event putIfAbsent(String name, Object value) {
    if (value != null && !(value instanceof String s && s.isEmpty()) && indexOf(name) < 0) put(name, value);
    return this;
  }

  /** Sets a string field unless the value is null or empty. */
  public Event putNonEmpty(String name, String value) {
    if (value != null && !value.isEmpty()) put(name, value);
    return this;
  }

  public Object get(String name) {
    int i = indexOf(name);
    return i < 0 ? null : values[i];
  }

  /** The value as text (numbers and times formatted), or null. */
  public String getString(String name) {
    Object v = get(name);
    return v == null ? null : v instanceof String s ? s : String.valueOf(v);
  }

  /** The value as a long when it is a number or numeric text, else null. */
  public Long getLong(String name) {
    Object v = get(name);
    if (v instanceof Long l) return l;
    if (v instanceof Number n) return n.longValue();
    if (v instanceof String s) {
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  public Instant getInstant(String name) {
    return get(name) instanceof Instant t ? t : null;
  }

  public boolean has(String name) {
    return indexOf(name) >= 0;
  }

  public Object remove(String name) {
    int i = indexOf(name);
    if (i < 0) return null;
    Object old = values[i];
    System.arraycopy(names, i + 1, names, i, size - i - 1);
    System.arraycopy(hashes, i + 1, hashes, i, size - i - 1);
    System.arraycopy(values, i + 1, values, i, size - i - 1);
    size--;
    names[size] = null;
    values[size] = null;
    reindex();
    return old;
  }

  /** Adds a tag once ({@code _unparsed}, {@code _drill}, ...). */
  public Event addTag(String tag) {
    if (tags == null) tags = new ArrayList<>(2);
    if (!tags.contains(tag)) tags.add(tag);
    return this;
  }

  public boolean hasTag(String tag) {
    return tags != null && tags.contains(tag);
  }

  public List<String> tags() {
    return tags == null ? List.of() : Collections.unmodifiableList(tags);
  }

  /** Number of fields, tags not counted. */
  public int size() {
    return size;
  }

  /** The name of the field at {@code index} (0 ≤ index < {@link #size()}), in insertion order: a scan without a lambda. */
  public String name(int index) {
    return names[Objects.checkIndex(index, size)];
  }

  /** The value of the field at {@code index}. */
  public Object value(int index) {
    return values[Objects.checkIndex(index, size)];
  }

  /** Replaces the value of the field at {@code index}, keeping its place; the value is widened as by {@link #put}. */
  public Event set(int index, Object value) {
    Objects.checkIndex(index, size);
    values[index] = normalise(names[index], Objects.requireNonNull(value, "value"));
    return this;
  }

  /** Removes every field {@code test} accepts in one pass, the others keeping their order; returns how many went. */
  public int removeIf(BiPredicate<String, Object> test) {
    int kept = 0;
    for (int i = 0; i < size; i++) {
      if (test.test(names[i], values[i])) continue;
      names[kept] = names[i];
      hashes[kept] = hashes[i];
      values[kept] = values[i];
      kept++;
    }
    int removed = size - kept;
    Arrays.fill(names, kept, size, null);
    Arrays.fill(values, kept, size, null);
    size = kept;
    if (removed > 0) reindex();
    return removed;
  }

  /** Visits the fields in insertion order. */
  public void forEach(BiConsumer<String, Object> visitor) {
    for (int i = 0; i < size; i++) visitor.accept(names[i], values[i]);
  }

  /** A copy of the fields (plus {@code tags} when there are any), in insertion order. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    forEach(m::put);
    if (tags != null && !tags.isEmpty()) m.put("tags", List.copyOf(tags));
    return m;
  }

  /** A deep-enough copy: the field arrays and tags are copied, values are shared (they are immutable or treated so). */
  public Event copy() {
    Event e = new Event(names.length);
    System.arraycopy(names, 0, e.names, 0, size);
    System.arraycopy(hashes, 0, e.hashes, 0, size);
    System.arraycopy(values, 0, e.values, 0, size);
    e.size = size;
    if (slots != null) e.slots = slots.clone();
    if (tags != null) e.tags = new ArrayList<>(tags);
    return e;
  }

  private int indexOf(String name) {
    return indexOf(name, name.hashCode());
  }

  // Field names are mostly literals (their hash cached): a small event is scanned (one int compare
  // per field), a larger one probed in its index.
  private int indexOf(String name, int h) {
    int[] t = slots;
    if (t == null) {
      for (int i = 0; i < size; i++) if (hashes[i] == h && (names[i] == name || names[i].equals(name))) return i;
      return -1;
    }
    int mask = t.length - 1;
    for (int s = spread(h) & mask; ; s = (s + 1) & mask) {
      int k = t[s];
      if (k == 0) return -1;
      int i = k - 1;
      if (hashes[i] == h && (names[i] == name || names[i].equals(name))) return i;
    }
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }

  /** Indexes the field just added (at size - 1), building or growing the index when due. */
  private void indexLast() {
    if (slots == null) {
      if (size > LINEAR) reindex();
    } else if (size * 2 > slots.length) {
      reindex();
    } else {
      insert(slots, size - 1);
    }
  }

  /** Builds the index again from the arrays (after a removal moved fields), at most half full. */
  private void reindex() {
    if (size <= LINEAR) {
      slots = null;
      return;
    }
    int[] t = new int[Integer.highestOneBit(size * 4 - 1)];
    for (int i = 0; i < size; i++) insert(t, i);
    slots = t;
  }

  private void insert(int[] t, int i) {
    int mask = t.length - 1;
    int s = spread(hashes[i]) & mask;
    while (t[s] != 0) s = (s + 1) & mask;
    t[s] = i + 1;
  }

  private static Object normalise(String name, Object value) {
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) return ((Number) value).longValue();
    if (value instanceof Float f) return f.doubleValue();
    if (value instanceof String || value instanceof Long || value instanceof Double || value instanceof Boolean
        || value instanceof Instant || value instanceof List || value instanceof Map) {
      return value;
    }
    throw new IllegalArgumentException("field " + name + ": unsupported value type " + value.getClass().getName());
  }

  @Override
  public String toString() {
    return EcsJson.write(this);
  }
}
