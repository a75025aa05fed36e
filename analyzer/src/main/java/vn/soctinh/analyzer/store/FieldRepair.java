package vn.soctinh.analyzer.store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.store.FieldGuard.Kind;
import vn.soctinh.analyzer.store.FieldGuard.Reason;

/**
 * The slow path of {@link FieldGuard}, for one event its scan found wrong: plans what each field
 * keeps and where the rest goes, applies the field limit to the plans (the last inserted first),
 * then changes the event once. Allocates freely; it runs only for the events a sender got wrong.
 * Every value it takes out of a field lands in one of the guard's three places (see FieldGuard).
 */
final class FieldRepair {
  private static final int REASONS = Reason.values().length;

  private final FieldGuard guard;
  private final FieldGuard.Limits limits;
  private final Event e;
  /** Keys already taken in the guard's objects: by the event's own (a sender's, an earlier pass's), then by planned moves. */
  private final Set<String> mistypedKeys = new HashSet<>();
  private final Set<String> longKeys = new HashSet<>();
  private final Map<String, Object> overflow = new LinkedHashMap<>();
  /** Per free-form object: the fields found under its name, by key. */
  private final Map<String, Map<String, Object>> absorbed = new java.util.HashMap<>();
  private final long[] counts = new long[REASONS];

  FieldRepair(FieldGuard guard, Event e) {
    this.guard = guard;
    this.limits = guard.limits;
    this.e = e;
  }

  /** A map deeper than max_depth, kept as its JSON text. */
  private record Rendered(String json) {}

  /** Several values that met under one key of the overflow object (rendered as a JSON array). */
  private static final class Joined extends ArrayList<Object> {}

  /** What one value sends elsewhere: moved texts, the overflow, counts; {@code key} is the name it came from. */
  private final class Moves {
    final String key;
    long[] counted; // most values move nothing
    List<String> mistypedTexts;
    List<String> longTexts;
    Map<String, Object> spill;
    Object mistyped;
    Object longTerm;
    boolean deep;

    Moves(String key) {
      this.key = key;
    }

    void count(Reason r, long n) {
      if (counted == null) counted = new long[REASONS];
      counted[r.ordinal()] += n;
    }

    /** A value that does not fit: its text goes to soctinh.mistyped, or to long_terms when too long to index. */
    void mistype(String text) {
      count(Reason.MISTYPED, 1);
      if (tooLong(text)) {
        if (longTexts == null) longTexts = new ArrayList<>(1);
        longTexts.add(text);
      } else {
        if (mistypedTexts == null) mistypedTexts = new ArrayList<>(1);
        mistypedTexts.add(text);
      }
    }

    void longTerm(String text) {
      count(Reason.LONG_TERM, 1);
      if (longTexts == null) longTexts = new ArrayList<>(1);
      longTexts.add(text);
    }

    void spill(String name, Object value) {
      if (spill == null) spill = new LinkedHashMap<>();
      join(spill, name, value);
    }

    /** Decides where the moved texts go: their object under this key, or the overflow when the key is taken or too long. */
    void settle() {
      if (mistypedTexts != null) {
        Object piece = one(mistypedTexts);
        if (guard.nameProblem(key, FieldGuard.MISTYPED.length() + 1, false) == null && mistypedKeys.add(key)) mistyped = piece;
        else spill(key, piece);
      }
      if (longTexts != null) {
        Object piece = one(longTexts);
        if (guard.nameProblem(key, FieldGuard.LONG_TERMS.length() + 1, false) == null && longKeys.add(key)) longTerm = piece;
        else spill(key, piece);
      }
    }

    /** Names this adds to the guard's objects. */
    int cost() {
      return (mistyped != null ? 1 : 0) + (longTerm != null ? 1 : 0);
    }

    void deliver(Map<String, Object> toMistyped, Map<String, Object> toLong) {
      if (mistyped != null) toMistyped.put(key, mistyped);
      if (longTerm != null) toLong.put(key, longTerm);
      if (spill != null) for (Map.Entry<String, Object> s : spill.entrySet()) join(overflow, s.getKey(), s.getValue());
      if (counted != null) for (int r = 0; r < REASONS; r++) counts[r] += counted[r];
    }
  }

  /** One key of a free-form object, after flattening. */
  private static final class Child {
    final String key;
    final Object value;
    final Moves moves;
    Object kept;
    boolean keep;
    boolean cut;

    Child(String key, Object value, Moves moves) {
      this.key = key;
      this.value = value;
      this.moves = moves;
    }

    int cost() {
      return (keep ? 1 : 0) + moves.cost();
    }
  }

  /** What one field keeps and sends elsewhere. */
  private static final class Plan {
    final int index;
    final String name;
    final Object original;
    final boolean pinned;
    final Moves moves;
    Object kept;
    List<Child> children;
    boolean cut;
    /** Its value went into the free-form object its name sits under. */
    boolean absorbed;

    Plan(int index, String name, Object original, boolean pinned, Moves moves) {
      this.index = index;
      this.name = name;
      this.original = original;
      this.pinned = pinned;
      this.moves = moves;
    }

    /** Indexed names it leaves in the event, its own and those it adds to the guard's objects. */
    int cost() {
      int c = moves.cost();
      if (children == null) return c + (kept != null ? 1 : 0);
      for (Child ch : children) if (!ch.cut) c += ch.cost();
      return c;
    }

    boolean spills() {
      if (moves.spill != null) return true;
      if (children != null) for (Child ch : children) if (ch.moves.spill != null) return true;
      return false;
    }
  }

  boolean run() {
    int n = e.size();
    Plan[] plans = new Plan[n];
    absorb(plans);
    // the guard's own objects first: the keys they hold are taken before anything moves there
    for (int i = 0; i < n; i++) {
      String name = e.name(i);
      if (plans[i] == null && (name.equals(FieldGuard.MISTYPED) || name.equals(FieldGuard.LONG_TERMS))) plans[i] = plan(i);
    }
    for (int i = 0; i < n; i++) if (plans[i] == null) plans[i] = plan(i);
    cut(plans);
    return apply(plans);
  }

  /** Fields under a free-form object the event holds go into it as keys (see FieldGuard#objectOf); their plans keep nothing. */
  private void absorb(Plan[] plans) {
    int objects = 0;
    for (int i = 0; i < e.size(); i++) {
      FieldGuard.Slot s = guard.tableSlot(e.name(i));
      if (s != null && s.kind() == Kind.FREE_FORM && e.value(i) instanceof Map) objects |= 1 << guard.rootIndex(e.name(i));
    }
    if (objects == 0) return;
    for (int i = 0; i < e.size(); i++) {
      String name = e.name(i);
      String root = guard.objectOf(name, objects);
      if (root == null) continue;
      absorbed.computeIfAbsent(root, r -> new LinkedHashMap<>()).put(name.substring(root.length() + 1), e.value(i));
      plans[i] = new Plan(i, name, e.value(i), false, new Moves(name));
      plans[i].absorbed = true;
    }
  }

  // ---- planning

  private Plan plan(int i) {
    String name = e.name(i);
    Object v = e.value(i);
    FieldGuard.Slot s = guard.tableSlot(name);
    Reason bad = null;
    if (s == null) {
      bad = guard.nameProblem(name, 0, true);
      s = guard.prefixed(name);
    } else if (s.kind() == Kind.OBJECT) {
      bad = Reason.BAD_NAME;
    }
    Plan p = new Plan(i, name, v, s.kind() == Kind.PINNED, new Moves(name));
    if (bad != null) {
      p.moves.spill(name, v);
      p.moves.count(bad, v instanceof Map<?, ?> m ? m.size() : 1);
      return p;
    }
    if (s.kind() == Kind.FREE_FORM) {
      if (v instanceof Map<?, ?> m) planObject(p, s.type(), m);
      else mistypeWhole(p.moves, v);
    } else {
      p.kept = planValue(p.moves, s.type(), v, false);
      if (p.kept != null && p.kept.equals(v)) p.kept = v;
    }
    p.moves.settle();
    return p;
  }

  /** A value that cannot stay at all (a scalar or list where an object belongs): each element's text moves. */
  private void mistypeWhole(Moves mv, Object v) {
    if (!(v instanceof List<?> list)) {
      mv.mistype(ValueText.text(v));
      return;
    }
    int head = Math.min(list.size(), limits.maxArrayValues());
    if (list.size() > head) {
      mv.spill(mv.key, new ArrayList<>(list.subList(head, list.size())));
      mv.count(Reason.ARRAY_TRUNCATED, list.size() - head);
    }
    for (int i = 0; i < head; i++) mv.mistype(ValueText.text(list.get(i)));
  }

  private void planObject(Plan p, FieldType keyType, Map<?, ?> m) {
    Map<String, Object> flat = new LinkedHashMap<>();
    flatten(p.moves, "", m, 1, flat);
    Map<String, Object> under = absorbed.get(p.name);
    if (under != null) {
      for (Map.Entry<String, Object> en : under.entrySet()) {
        // the Windows parser writes some keys both ways: the same value once
        if (!flat.containsKey(en.getKey()) || !java.util.Objects.equals(flat.get(en.getKey()), en.getValue())) join(flat, en.getKey(), en.getValue());
      }
    }
    p.children = new ArrayList<>(flat.size());
    for (Map.Entry<String, Object> en : flat.entrySet()) {
      String key = en.getKey();
      Object v = en.getValue();
      String full = p.name + "." + key;
      Reason bad = guard.nameProblem(key, p.name.length() + 1, false);
      if (bad != null) {
        p.moves.spill(full, unwrap(v));
        p.moves.count(bad, 1);
        continue;
      }
      Child c = new Child(key, unwrap(v), new Moves(full));
      if (v == null) {
        c.keep = true; // the stores skip nulls
      } else {
        c.kept = planValue(c.moves, guard.keyType(p.name, key, keyType), v, true);
        c.keep = c.kept != null;
      }
      c.moves.settle();
      p.children.add(c);
      if (c.keep && p.name.equals(FieldGuard.MISTYPED)) mistypedKeys.add(key);
      if (c.keep && p.name.equals(FieldGuard.LONG_TERMS)) longKeys.add(key);
    }
  }

  /** Nested maps as dotted keys down to max_depth (the object itself is level 1), deeper ones as JSON text. */
  private void flatten(Moves mv, String prefix, Map<?, ?> m, int depth, Map<String, Object> flat) {
    for (Map.Entry<?, ?> en : m.entrySet()) {
      String raw = String.valueOf(en.getKey());
      String key = ValueText.sanitize(raw);
      if (key != raw) mv.count(Reason.BAD_UNICODE, 1);
      String full = prefix.isEmpty() ? key : prefix + "." + key;
      Object v = en.getValue();
      if (v instanceof Map<?, ?> inner) {
        if (inner.isEmpty()) {
          v = "{}"; // nothing to flatten, but the key stays
        } else if (depth < limits.maxDepth()) {
          flatten(mv, full, inner, depth + 1, flat);
          continue;
        } else {
          v = new Rendered(ValueText.json(inner));
        }
      }
      join(flat, full, v);
    }
  }

  /** What stays of {@code v} under type {@code t} (null: nothing); the rest goes to {@code mv}. */
  private Object planValue(Moves mv, FieldType t, Object v, boolean inObject) {
    if (v instanceof Rendered r) {
      mv.deep = true;
      mv.count(Reason.TOO_DEEP, 1);
      return planScalar(mv, t, r.json());
    }
    if (v instanceof Map) {
      mv.mistype(ValueText.text(v));
      return null;
    }
    if (v instanceof List<?> list) return planList(mv, t, list, inObject);
    return planScalar(mv, t, v);
  }

  private Object planList(Moves mv, FieldType t, List<?> list, boolean inObject) {
    int n = list.size();
    int head = Math.min(n, limits.maxArrayValues());
    if (n > head) {
      mv.spill(mv.key, new ArrayList<>(list.subList(head, n)));
      mv.count(Reason.ARRAY_TRUNCATED, n - head);
    }
    List<Object> kept = new ArrayList<>(head);
    for (int i = 0; i < head; i++) {
      Object x = list.get(i);
      if (x == null) {
        kept.add(null);
        continue;
      }
      if (x instanceof Rendered r) {
        x = r.json();
        mv.deep = true;
        mv.count(Reason.TOO_DEEP, 1);
      } else if (x instanceof List || x instanceof Map) {
        if (!inObject) {
          mv.mistype(ValueText.text(x));
          continue;
        }
        // in a free-form object a nested value stays where it is, as text
        x = ValueText.json(x);
        mv.deep = true;
        mv.count(Reason.TOO_DEEP, 1);
      }
      Object y = planScalar(mv, t, x);
      if (y != null) kept.add(y);
    }
    if (kept.isEmpty() && n > 0) return null;
    return kept.equals(list) ? list : kept;
  }

  private Object planScalar(Moves mv, FieldType t, Object v) {
    Object x = Conversions.fit(t, Conversions.widen(v));
    if (x == null) {
      mv.mistype(ValueText.text(v));
      return null;
    }
    if (x instanceof String s) {
      String clean = ValueText.sanitize(s);
      if (clean != s) mv.count(Reason.BAD_UNICODE, 1);
      if (t == FieldType.KEYWORD && tooLong(clean)) {
        mv.longTerm(clean);
        return null;
      }
      return clean;
    }
    return x;
  }

  private boolean tooLong(String s) {
    return s.length() * 3L > limits.maxTermBytes() && ValueText.utf8Length(s, limits.maxTermBytes()) > limits.maxTermBytes();
  }

  // ---- the field limit

  /** Over max_fields: the last inserted fields (or keys of a free-form object) go to the overflow, pinned ones never. */
  private void cut(Plan[] plans) {
    long total = 0;
    boolean spills = false;
    for (Plan p : plans) {
      total += p.cost();
      spills |= p.spills();
    }
    int max = limits.maxFields();
    if (total + (spills ? 1 : 0) <= max) return;
    long used = 1; // the overflow field itself
    for (Plan p : plans) if (p.pinned) used += p.cost();
    boolean cutting = false;
    for (Plan p : plans) {
      if (p.pinned) continue;
      if (!cutting) {
        int c = p.cost();
        if (used + c <= max) {
          used += c;
          continue;
        }
        cutting = true;
        if (p.children != null) {
          used += p.moves.cost();
          boolean full = false;
          for (Child ch : p.children) {
            full |= used + ch.cost() > max; // from the first key that does not fit, all the later ones go
            if (full) ch.cut = true;
            else used += ch.cost();
          }
          continue;
        }
      }
      // a free-form object goes key by key: its keys are already flattened and joined
      if (p.children != null) for (Child ch : p.children) ch.cut = true;
      else p.cut = true;
    }
  }

  // ---- changing the event

  private boolean apply(Plan[] plans) {
    Map<String, Object> toMistyped = new LinkedHashMap<>();
    Map<String, Object> toLong = new LinkedHashMap<>();
    Set<String> gone = new HashSet<>();
    boolean changed = false;
    boolean deep = false;
    for (Plan p : plans) {
      if (p.absorbed) {
        gone.add(p.name);
        continue;
      }
      if (p.cut) {
        gone.add(p.name);
        join(overflow, p.name, p.original);
        counts[Reason.TOO_MANY_FIELDS.ordinal()]++;
        continue;
      }
      p.moves.deliver(toMistyped, toLong);
      deep |= p.moves.deep;
      Object value = p.kept;
      if (p.children != null) {
        Map<String, Object> kept = new LinkedHashMap<>();
        for (Child ch : p.children) {
          if (ch.cut) {
            join(overflow, p.name + "." + ch.key, ch.value);
            counts[Reason.TOO_MANY_FIELDS.ordinal()]++;
            continue;
          }
          ch.moves.deliver(toMistyped, toLong);
          deep |= ch.moves.deep;
          if (ch.keep) kept.put(ch.key, ch.kept);
        }
        Map<?, ?> original = (Map<?, ?>) p.original;
        value = kept.isEmpty() && !original.isEmpty() ? null : kept.equals(original) ? original : kept;
      }
      if (value == null) {
        gone.add(p.name);
      } else if (value != p.original) {
        e.set(p.index, value);
        changed = true;
      }
    }
    if (!gone.isEmpty()) {
      e.removeIf((name, v) -> gone.contains(name));
      changed = true;
    }
    if (!toMistyped.isEmpty()) {
      addTo(FieldGuard.MISTYPED, toMistyped);
      e.addTag(FieldGuard.TAG_MISTYPED);
      changed = true;
    }
    if (!toLong.isEmpty()) {
      addTo(FieldGuard.LONG_TERMS, toLong);
      e.addTag(FieldGuard.TAG_LONG_TERM);
      changed = true;
    }
    if (!overflow.isEmpty()) {
      Map<String, Object> all = overflow;
      Object earlier = e.get(FieldGuard.OVERFLOW);
      if (earlier != null) {
        all = new LinkedHashMap<>();
        all.put(FieldGuard.OVERFLOW, earlier);
        for (Map.Entry<String, Object> o : overflow.entrySet()) join(all, o.getKey(), o.getValue());
      }
      e.put(FieldGuard.OVERFLOW, ValueText.json(all));
      e.addTag(FieldGuard.TAG_TRUNCATED_FIELDS);
      changed = true;
    }
    if (deep) e.addTag(FieldGuard.TAG_TOO_DEEP);
    for (Reason r : Reason.values()) if (counts[r.ordinal()] > 0) guard.counters.add(r, counts[r.ordinal()]);
    return changed;
  }

  /** Adds moved texts to one of the guard's objects, after what it already holds (their keys were not taken). */
  private void addTo(String object, Map<String, Object> additions) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (e.get(object) instanceof Map<?, ?> held) for (Map.Entry<?, ?> en : held.entrySet()) m.put(String.valueOf(en.getKey()), en.getValue());
    m.putAll(additions);
    e.put(object, m);
  }

  // ---- small helpers

  /** The value as the overflow shows it: a too deep map as its text, also inside a list that joined it. */
  private static Object unwrap(Object v) {
    if (v instanceof Rendered r) return r.json();
    if (!(v instanceof Joined j)) return v;
    List<Object> out = new ArrayList<>(j.size());
    for (Object x : j) out.add(x instanceof Rendered r ? r.json() : x);
    return out;
  }

  private static Object one(List<String> texts) {
    return texts.size() == 1 ? texts.get(0) : List.copyOf(texts);
  }

  /** Puts a value; one that meets another under the same key joins it in a list. */
  private static void join(Map<String, Object> m, String key, Object v) {
    if (!m.containsKey(key)) {
      m.put(key, v);
      return;
    }
    Object old = m.get(key);
    Joined j;
    if (old instanceof Joined already) {
      j = already;
    } else {
      j = new Joined();
      addFlat(j, old);
    }
    addFlat(j, v);
    m.put(key, j);
  }

  private static void addFlat(List<Object> to, Object v) {
    if (v instanceof List<?> list) to.addAll(list);
    else to.add(v);
  }
}
