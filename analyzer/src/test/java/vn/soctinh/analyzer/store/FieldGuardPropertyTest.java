package vn.soctinh.analyzer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.soctinh.analyzer.event.EcsJson;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.Values;
import vn.soctinh.analyzer.store.FieldGuard.Reason;
import vn.soctinh.collector.testing.TestSeed;

/**
 * Property test: for generated hostile events ({@link RandomEvents}), after the guard every field
 * fits its declared type by a checker written here from the rules (not from the guard's code), the
 * field count, list sizes, term and name lengths are within the limits, no lone surrogate is left,
 * and nothing was lost: the text of every scalar that was in the event, at any depth, is still
 * somewhere in it (in its field, or in soctinh.mistyped, soctinh.long_terms, or soctinh.overflow's
 * JSON), allowing for the conversions the guard documents. Also: {@code check} reports a change
 * exactly when the event changed, and a guarded event is clean the second time.
 *
 * <p>Seeded by the run's seed ({@link TestSeed}), so a failure is reproducible with {@code -Dsoctinh.seed=N};
 * {@code -Dguard.property.rounds=N} runs longer.
 */
@ExtendWith(TestSeed.class)
class FieldGuardPropertyTest {
  private static final FieldType.Mapping MAPPING = FieldGuardTest.MAPPING;
  private static final FieldGuard.Limits LIMITS = RandomEvents.LIMITS;

  @Test
  void guardedEventsFitTheirTypesAndLimitsAndLoseNothing() {
    long seed = TestSeed.seed();
    int rounds = Integer.getInteger("guard.property.rounds", 3000);
    Map<Reason, Long> counted = new EnumMap<>(Reason.class);
    FieldGuard guard = new FieldGuard(MAPPING, LIMITS, (r, n) -> counted.merge(r, n, Long::sum));
    RandomEvents gen = new RandomEvents(seed);
    int changed = 0;
    for (int round = 0; round < rounds; round++) {
      Event e = gen.next();
      Event before = e.copy();
      int r = round;
      java.util.function.Supplier<String> shown = () -> "seed " + seed + ", round " + r + "\nbefore: " + describe(before) + "\nafter:  " + describe(e);
      boolean didChange;
      try {
        didChange = guard.check(e);
      } catch (RuntimeException ex) {
        throw new AssertionError(shown.get() + "\nthrew " + ex, ex);
      }
      assertEquals(!before.toMap().equals(e.toMap()), didChange, () -> shown.get() + "\ncheck's answer does not match what happened");
      List<String> problems = new ArrayList<>();
      checkFits(e, problems);
      checkNothingLost(before, e, problems);
      if (!problems.isEmpty()) fail(shown.get() + "\n" + String.join("\n", problems));
      Map<String, Object> once = e.toMap();
      assertTrue(!guard.check(e) && once.equals(e.toMap()), () -> shown.get() + "\nnot clean the second time");
      if (didChange) changed++;
    }
    // the generator must reach every reason and leave some events alone, or the properties mean little
    for (Reason r : Reason.values()) assertTrue(counted.getOrDefault(r, 0L) > 0, "seed " + seed + ": never " + r + " in " + counted);
    assertTrue(changed > rounds / 10 && changed < rounds - rounds / 20, changed + " of " + rounds + " changed");
  }

  // ---- the checker: the class comment's rules, written again

  private static void checkFits(Event e, List<String> problems) {
    int names = 0;
    for (Map.Entry<String, Object> f : fields(e)) {
      String name = f.getKey();
      Object v = f.getValue();
      nameFits(name, 0, true, problems);
      for (String root : EventStore.FREE_FORM) {
        boolean under = name.startsWith(root + ".");
        if (under && e.get(root) instanceof Map) problems.add(name + ": beside the object " + root + ", its key twice in JSON");
        if (under && (root.equals(FieldGuard.MISTYPED) || root.equals(FieldGuard.LONG_TERMS))) problems.add(name + ": under the guard's own object");
      }
      if (isObjectOfTheTable(name)) problems.add(name + ": an object of the table holds a value");
      if (isFreeForm(name)) {
        if (!(v instanceof Map<?, ?> m)) {
          problems.add(name + ": free-form but " + v);
          continue;
        }
        names += m.size();
        for (Map.Entry<?, ?> en : m.entrySet()) {
          if (!(en.getKey() instanceof String key)) {
            problems.add(name + ": key " + en.getKey() + " is not text");
            continue;
          }
          nameFits(key, name.length() + 1, false, problems);
          valueFits(name + "." + key, MAPPING.of(name + "." + key, null), en.getValue(), true, problems);
        }
      } else {
        names++;
        if (v instanceof Map) problems.add(name + ": a map outside the free-form fields");
        else valueFits(name, MAPPING.of(name, v), v, false, problems);
      }
    }
    if (names > LIMITS.maxFields()) problems.add(names + " indexed names, over " + LIMITS.maxFields());
  }

  private static void nameFits(String name, int before, boolean topLevel, List<String> problems) {
    if (name.isEmpty() || name.startsWith(".") || name.endsWith(".") || name.contains("..")) problems.add("\"" + name + "\": empty segment");
    if (topLevel && name.startsWith("_")) problems.add(name + ": a metadata name");
    if (lone(name)) problems.add(name + ": lone surrogate in a name");
    else if (before + name.getBytes(StandardCharsets.UTF_8).length > LIMITS.maxFieldNameBytes()) problems.add(name + ": name too long");
  }

  private static void valueFits(String name, FieldType t, Object v, boolean inObject, List<String> problems) {
    if (v == null && inObject) return;
    if (v instanceof List<?> list) {
      if (list.size() > LIMITS.maxArrayValues()) problems.add(name + ": " + list.size() + " values");
      for (Object x : list) {
        if (x == null) continue;
        if (x instanceof List || x instanceof Map) problems.add(name + ": nested " + x);
        else scalarFits(name, t, x, problems);
      }
    } else {
      scalarFits(name, t, v, problems);
    }
  }

  private static void scalarFits(String name, FieldType t, Object v, List<String> problems) {
    boolean fits = switch (t) {
      case LONG -> v instanceof Long;
      case DOUBLE -> v instanceof Long || v instanceof Double d && !d.isNaN() && !d.isInfinite();
      case DATE -> v instanceof Instant i && i.atOffset(ZoneOffset.UTC).getYear() >= 0 && i.atOffset(ZoneOffset.UTC).getYear() <= 9999;
      case IP -> v instanceof String s && Values.isIp(s);
      case BOOLEAN -> v instanceof Boolean || "true".equals(v) || "false".equals(v);
      case KEYWORD, TEXT, STORED -> v instanceof String || v instanceof Long || v instanceof Double || v instanceof Boolean || v instanceof Instant;
    };
    if (!fits) problems.add(name + " (" + t + "): " + v + " (" + v.getClass().getSimpleName() + ")");
    if (v instanceof String s) {
      if (lone(s)) problems.add(name + ": lone surrogate in " + s);
      else if (t == FieldType.KEYWORD && s.getBytes(StandardCharsets.UTF_8).length > LIMITS.maxTermBytes()) problems.add(name + ": term too long");
    }
  }

  private static boolean isFreeForm(String name) {
    for (String f : EventStore.FREE_FORM) if (f.equals(name)) return true;
    return false;
  }

  /** Whether a name is on the way to a name of the table (source for source.ip): an object in Elasticsearch. */
  private static boolean isObjectOfTheTable(String name) {
    if (MAPPING.declared().containsKey(name) || isFreeForm(name)) return false;
    List<String> all = new ArrayList<>(MAPPING.declared().keySet());
    all.addAll(List.of(EventStore.FREE_FORM));
    all.addAll(List.of(FieldGuard.OVERFLOW, "organization.id", "organization.name", "event.kind", "event.id"));
    for (String d : all) if (d.startsWith(name + ".")) return true;
    return false;
  }

  private static boolean lone(String s) {
    return s.codePoints().anyMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF);
  }

  // ---- nothing lost

  /** Every scalar of the original, as text, is in the guarded event: as a value, a key, or inside a moved JSON text. */
  private static void checkNothingLost(Event before, Event after, List<String> problems) {
    java.util.Set<String> exact = new java.util.HashSet<>();
    StringBuilder hay = new StringBuilder();
    for (Map.Entry<String, Object> f : fields(after)) {
      exact.add(f.getKey());
      hay.append(f.getKey()).append('\n');
      List<Object> all = new ArrayList<>();
      scalars(f.getValue(), all);
      for (Object x : all) {
        String t = x instanceof Instant i ? EcsJson.formatInstant(i) : String.valueOf(x);
        exact.add(t);
        hay.append(t).append('\n');
      }
    }
    String haystack = hay.toString();
    for (Map.Entry<String, Object> f : fields(before)) {
      List<Object> scalars = new ArrayList<>();
      scalars(f.getValue(), scalars);
      for (Object s : scalars) if (!found(s, exact, haystack)) problems.add("lost from " + f.getKey() + ": " + s);
    }
  }

  private static boolean found(Object v, java.util.Set<String> exact, String haystack) {
    if (exact.contains(replaceLone(v instanceof Instant i ? EcsJson.formatInstant(i) : String.valueOf(v)))) return true;
    List<String> forms = forms(v);
    for (String c : forms) if (exact.contains(replaceLone(c))) return true;
    // inside a text made of several (a key flattened with its parents, a JSON rendering)
    for (String c : forms) {
      String t = replaceLone(c);
      if (haystack.contains(t) || haystack.contains(new String(JsonStringEncoder.getInstance().quoteAsString(t)))) return true;
    }
    return false;
  }

  /** The texts a value may be found as: its own, and those of the conversions the guard documents. */
  private static List<String> forms(Object v) {
    List<String> out = new ArrayList<>();
    out.add(v instanceof Instant i ? EcsJson.formatInstant(i) : String.valueOf(v));
    if (v instanceof Float f) out.add(String.valueOf(f.doubleValue()));
    if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e18) out.add(Long.toString(d.longValue()));
    // exceptions are slow under JUnit's deep stacks: try only what looks like a number or a time
    if (v instanceof String s && !s.isEmpty() && (s.charAt(0) == '-' || Character.isDigit(s.charAt(0)))) {
      try {
        BigDecimal b = new BigDecimal(s);
        out.add(String.valueOf(b.doubleValue()));
        out.add(b.toBigIntegerExact().toString());
      } catch (NumberFormatException | ArithmeticException notANumber) {
        // not numeric text
      }
      try {
        out.add(EcsJson.formatInstant(Instant.parse(s)));
      } catch (java.time.format.DateTimeParseException notATime) {
        // not a time
      }
    }
    return out;
  }

  private static void scalars(Object v, List<Object> out) {
    if (v instanceof List<?> l) for (Object x : l) scalars(x, out);
    else if (v instanceof Map<?, ?> m) for (Map.Entry<?, ?> en : m.entrySet()) {
      out.add(String.valueOf(en.getKey()));
      scalars(en.getValue(), out);
    }
    else if (v != null) out.add(v);
  }

  private static String replaceLone(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        b.append(c).append(s.charAt(++i));
      } else {
        b.append(Character.isSurrogate(c) ? '\uFFFD' : c);
      }
    }
    return b.toString();
  }

  private static List<Map.Entry<String, Object>> fields(Event e) {
    List<Map.Entry<String, Object>> out = new ArrayList<>();
    e.forEach((k, v) -> out.add(Map.entry(k, v)));
    return out;
  }

  private static String describe(Event e) {
    String s = replaceLone(e.toMap().toString());
    return s.length() > 3000 ? s.substring(0, 3000) + "…" : s;
  }
}
