package vn.soctinh.analyzer.detect.sigma;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import vn.soctinh.analyzer.event.Event;

/**
 * One {@code field|modifier|modifier: values} line of a selection, compiled. The modifiers of the
 * Sigma specification, each a class registered in {@link Modifiers}:
 *
 * <ul>
 *   <li>transformations, applied left to right to each value: {@code wide}/{@code utf16le},
 *       {@code utf16be}, {@code utf16} (with BOM), {@code base64}, {@code base64offset} (three
 *       variants), {@code windash} ({@code -} at an option's start also as {@code /}, en dash, em dash,
 *       horizontal bar), {@code expand} ({@code %name%} placeholders from configuration);
 *   <li>how a value matches: {@code contains}, {@code startswith}, {@code endswith} (else the whole
 *       value, with wildcards), {@code re} (with {@code i}, {@code m}, {@code s}), {@code cidr},
 *       {@code gt}/{@code gte}/{@code lt}/{@code lte}, {@code exists}, {@code fieldref};
 *   <li>{@code all} (every value instead of any), {@code cased} (case-sensitive).
 * </ul>
 *
 * A missing field matches only {@code null} (and {@code exists: false}). A list-valued field
 * matches when any of its elements does.
 */
final class FieldMatcher {
  /** What one value of the line tests against one value of the event. */
  interface ValueTest {
    boolean test(Event e, Object value);
  }

  /** The pseudo-field of keyword selections: {@code message}, else {@code event.original}. */
  static final String KEYWORDS = "\u0000keywords";

  // how a test compares: literal kinds work on the value lower-cased once per event
  static final int EXACT = 0, PREFIX = 1, SUFFIX = 2, CONTAINS = 3, ANY = 4, OTHER = 5;

  /**
   * One variant of one value as written ({@code group}): windash, base64offset and expand make
   * several variants of a value, and any of them will do, also under {@code all}.
   */
  static final class Test {
    final int group;
    final int kind;
    final String literal; // lower-cased, for the literal kinds
    final ValueTest other;
    boolean inSet; // an EXACT test answered by the line's hash set
    int pattern = -1; // a CONTAINS test's id in the linked index's automaton, or -1

    Test(int group, int kind, String literal, ValueTest other) {
      this.group = group;
      this.kind = kind;
      this.literal = literal;
      this.other = other;
    }

    static Test of(int group, SigmaString s) {
      int k = s.literalKind();
      if (k >= 0) return new Test(group, k, s.literal(), null);
      return new Test(group, OTHER, null, (e, x) -> x != null && s.matches(text(x)));
    }
  }

  final String field;
  final Test[] tests;
  private final int[] groupStart; // tests of group g are tests[groupStart[g] .. groupStart[g + 1])
  private final java.util.Set<String> exactSet; // case-insensitive whole values, when there are many
  private final boolean all;
  private final boolean matchNull;
  private final Boolean exists;
  private final boolean needsLower; // some test compares the lower-cased text
  // set by MatchIndex.link: where this line's field sits in an EventView of that index
  MatchIndex index;
  int slot = -1;

  private FieldMatcher(String field, List<Test> tests, boolean all, boolean matchNull, Boolean exists) {
    // interned: the event's names are the parsers' literals, so a look-up of a present field is an
    // identity compare instead of comparing the characters
    this.field = field.intern();
    this.tests = tests.toArray(new Test[0]);
    int groups = tests.isEmpty() ? 0 : tests.get(tests.size() - 1).group + 1;
    this.groupStart = new int[groups + 1];
    for (int g = 0, t = 0; g <= groups; g++) {
      while (t < this.tests.length && this.tests[t].group < g) t++;
      groupStart[g] = t;
    }
    java.util.Set<String> set = null;
    if (!all) {
      long exact = tests.stream().filter(t -> t.kind == EXACT).count();
      if (exact >= 4) {
        set = new java.util.HashSet<>();
        for (Test t : this.tests) {
          if (t.kind == EXACT) {
            set.add(t.literal);
            t.inSet = true;
          }
        }
      }
    }
    this.exactSet = set;
    this.needsLower = tests.stream().anyMatch(t -> t.kind < ANY);
    this.all = all;
    this.matchNull = matchNull;
    this.exists = exists;
  }

  /** A keyword selection: each word a substring (with wildcards) of the event's text; any word, or all. */
  static FieldMatcher keywords(List<SigmaString> words, boolean all) {
    List<Test> tests = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) tests.add(Test.of(i, words.get(i)));
    return new FieldMatcher(KEYWORDS, tests, all, false, null);
  }

  /**
   * @param field the event field (already mapped from the Sigma name)
   * @param modifiers as written after the field name, each looked up in {@link Modifiers}
   * @param values the YAML values: strings, numbers, booleans, or null
   * @param placeholders {@code expand}'s values by placeholder name
   * @throws IllegalArgumentException with the reason, for an unknown modifier or a bad value
   */
  static FieldMatcher compile(String field, List<String> modifiers, List<Object> values, Map<String, List<String>> placeholders) {
    ModifiedLine line = new ModifiedLine(field, placeholders);
    for (String m : modifiers) Modifiers.named(m, field).apply(line, m);
    line.check();
    if (line.exists != null) {
      if (values.size() != 1 || !(values.get(0) instanceof Boolean b)) {
        throw new IllegalArgumentException(field + "|exists needs true or false");
      }
      return new FieldMatcher(field, List.of(), false, false, b);
    }
    boolean matchNull = false;
    List<Test> tests = new ArrayList<>();
    int group = -1;
    for (Object v : values) {
      if (v == null) {
        matchNull = true;
        continue;
      }
      int g = ++group;
      if (line.kind != null) {
        tests.add(new Test(g, OTHER, null, line.kind.test(v, line)));
      } else if (v instanceof Number || v instanceof Boolean) {
        // numbers and booleans: equal as numbers, or as text ("4625" in a string field)
        String t = String.valueOf(v);
        BigDecimal n = v instanceof Number ? number(v) : null;
        if (line.position == ModifiedLine.Position.WHOLE && line.transforms.isEmpty()) {
          tests.add(new Test(g, OTHER, null, (e, x) -> {
            if (x == null) return false;
            if (n != null) {
              BigDecimal xn = number(x);
              if (xn != null) return xn.compareTo(n) == 0;
            }
            return text(x).equalsIgnoreCase(t);
          }));
        } else {
          for (SigmaString s : strings(List.of(t), line)) tests.add(Test.of(g, s));
        }
      } else {
        List<String> raw = line.expand ? expand(String.valueOf(v), placeholders, field) : List.of(String.valueOf(v));
        for (SigmaString s : strings(raw, line)) tests.add(Test.of(g, s));
      }
    }
    return new FieldMatcher(field, tests, line.all, matchNull, null);
  }

  /** The string matchers of some values after the line's transformations; base64 and UTF-16 output is literal. */
  private static List<SigmaString> strings(List<String> values, ModifiedLine line) {
    boolean contains = line.contains();
    boolean starts = line.starts();
    boolean ends = line.ends();
    List<SigmaString> out = new ArrayList<>();
    for (String value : values) {
      ModifiedLine.Encoded v = new ModifiedLine.Encoded(value);
      for (Modifier.Transform t : line.transforms) t.apply(v, line.field);
      if (v.bytes != null) {
        // UTF-16 without base64: the code units as characters (what a decoder that ignored the encoding shows)
        List<String> texts = new ArrayList<>();
        for (byte[] b : v.bytes) texts.add(new String(b, StandardCharsets.ISO_8859_1));
        v.texts = texts;
        v.encoded = true;
      }
      for (String s : v.texts) {
        // base64offset variants are fragments: they can only be found inside a value
        out.add(v.encoded ? SigmaString.literal(s, !(contains || ends || v.fragment), !(contains || starts || v.fragment), line.cased)
            : SigmaString.wildcard(s, contains || ends, contains || starts, line.cased));
      }
    }
    return out;
  }

  private static List<String> expand(String value, Map<String, List<String>> placeholders, String field) {
    List<String> out = new ArrayList<>(List.of(value));
    java.util.regex.Matcher m = Pattern.compile("%([A-Za-z0-9_.-]+)%").matcher(value);
    while (m.find()) {
      List<String> repl = placeholders.get(m.group(1));
      if (repl == null || repl.isEmpty()) {
        throw new IllegalArgumentException(field + "|expand: no values configured for placeholder %" + m.group(1) + "%");
      }
      List<String> next = new ArrayList<>();
      for (String o : out) for (String r : repl) next.add(o.replace(m.group(0), r));
      out = next;
    }
    return out;
  }

  /** A field's value; names inside free-form objects ({@code winlog.event_data.TargetUserName}) are looked up in them. */
  static Object value(Event e, String field) {
    if (field == KEYWORDS) {
      Object m = e.get("message");
      return m != null ? m : e.get("event.original");
    }
    Object v = e.get(field);
    if (v != null) return v;
    for (String root : vn.soctinh.analyzer.store.EventStore.FREE_FORM) {
      if (field.length() > root.length() + 1 && field.startsWith(root) && field.charAt(root.length()) == '.') {
        Object m = e.get(root);
        if (m instanceof Map<?, ?> map) return map.get(field.substring(root.length() + 1));
      }
    }
    return null;
  }

  boolean matches(Event e) {
    return matches(new EventView(null).reset(e));
  }

  boolean matches(EventView view) {
    Object v = view.raw(this);
    if (exists != null) return exists == (v != null && !"".equals(v));
    if (v == null) return matchNull;
    if (tests.length == 0) return false;
    Event e = view.event();
    if (v instanceof List<?> list) return matchesList(e, list);
    String lower = needsLower ? view.lower(this) : null;
    if (!all) {
      if (exactSet != null && exactSet.contains(lower)) return true;
      for (Test t : tests) if (!t.inSet && test(t, view, e, v, lower)) return true;
      return false;
    }
    for (int g = 0; g + 1 < groupStart.length; g++) {
      boolean any = false;
      for (int i = groupStart[g]; i < groupStart[g + 1] && !any; i++) any = test(tests[i], view, e, v, lower);
      if (!any) return false;
    }
    return true;
  }

  /** A list-valued field (rare): a value matches when any element does; no sharing across rules. */
  private boolean matchesList(Event e, List<?> list) {
    String[] lowers = new String[list.size()];
    for (int k = 0; k < lowers.length; k++) lowers[k] = list.get(k) == null ? null : text(list.get(k)).toLowerCase(java.util.Locale.ROOT);
    for (int g = 0; g + 1 < groupStart.length; g++) {
      boolean any = false;
      for (int i = groupStart[g]; i < groupStart[g + 1] && !any; i++) {
        for (int k = 0; k < lowers.length && !any; k++) any = list.get(k) != null && test(tests[i], null, e, list.get(k), lowers[k]);
      }
      if (all && !any) return false;
      if (!all && any) return true;
    }
    return all;
  }

  private boolean test(Test t, EventView view, Event e, Object x, String lower) {
    return switch (t.kind) {
      case EXACT -> lower.equals(t.literal);
      case PREFIX -> lower.startsWith(t.literal);
      case SUFFIX -> lower.endsWith(t.literal);
      case CONTAINS -> t.pattern >= 0 && view != null && view.owns(this) ? view.found(this, t.pattern) : lower.contains(t.literal);
      case ANY -> true;
      default -> t.other.test(e, x);
    };
  }

  static String text(Object v) {
    if (v instanceof String s) return s;
    if (v instanceof Instant i) return i.toString();
    if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) return Long.toString(d.longValue());
    return String.valueOf(v);
  }

  static BigDecimal number(Object v) {
    if (v instanceof Long l) return BigDecimal.valueOf(l);
    if (v instanceof Integer i) return BigDecimal.valueOf(i);
    if (v instanceof Double d) return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
    if (v instanceof Number n) return new BigDecimal(n.toString());
    if (v instanceof String s && !s.isEmpty() && s.length() < 40) {
      char c = s.charAt(0);
      if (!(Character.isDigit(c) || c == '-' || c == '+' || c == '.')) return null;
      try {
        return new BigDecimal(s);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return field + " " + tests.length + " value(s)" + (all ? " all" : "") + (matchNull ? " or null" : "");
  }
}
