package vn.soctinh.analyzer.detect.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.collector.testing.TestSeed;

/**
 * Property test: for generated rules and events, the compiled matcher (shared field slots, one
 * automaton per field for the {@code contains} values of all rules, lower-casing once per event)
 * agrees with a reference interpreter written here the plain way: each value turned into one regular
 * expression, every line and condition evaluated directly from the generated structure.
 *
 * <p>Seeded by the run's seed ({@link TestSeed}), so a failure is reproducible with {@code -Dsoctinh.seed=N};
 * {@code -Dsigma.property.rounds=N} runs longer.
 */
@ExtendWith(TestSeed.class)
class CompiledMatcherPropertyTest {
  private static final String[] FIELDS = {"url.original", "user.name", "process.command_line"};
  private static final String[] MODS = {"", "contains", "startswith", "endswith"};

  /** A generated field line. */
  record Line(String field, String mod, boolean all, boolean cased, List<String> values) {}

  /** A generated selection: field lines (AND), or keywords (any/all). */
  record Sel(String name, List<Line> lines, List<String> keywords, boolean allKeywords) {}

  /** A generated condition. */
  sealed interface Cond permits Ref, Not, And, Or, Of {}

  record Ref(String name) implements Cond {}

  record Not(Cond c) implements Cond {}

  record And(Cond a, Cond b) implements Cond {}

  record Or(Cond a, Cond b) implements Cond {}

  /** {@code 1 of prefix*} or {@code all of prefix*} ({@code them} when prefix is null). */
  record Of(boolean all, String prefix) implements Cond {}

  record Gen(List<Sel> sels, Cond cond) {}

  @Test
  void compiledMatcherAgreesWithTheReference() {
    long seed = TestSeed.seed();
    int rounds = Integer.getInteger("sigma.property.rounds", 40);
    Random rnd = TestSeed.random();
    SigmaRuleParser parser = new SigmaRuleParser(SigmaMapping.empty(), Map.of());
    long matches = 0;
    long checks = 0;
    for (int round = 0; round < rounds; round++) {
      List<Gen> gens = new ArrayList<>();
      List<SigmaRule> rules = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        Gen g = rule(rnd);
        String yaml = yaml(g);
        SigmaRuleParser.FileResult r = parser.parse(yaml, "gen.yml");
        assertTrue(r.errors().isEmpty(), () -> yaml + "\n" + r.errors());
        gens.add(g);
        rules.add(r.rules().get(0));
      }
      MatchIndex index = MatchIndex.link(rules);
      EventView view = new EventView(index);
      for (int k = 0; k < 100; k++) {
        Event e = event(rnd);
        view.reset(e);
        for (int i = 0; i < rules.size(); i++) {
          boolean expected = eval(gens.get(i), gens.get(i).cond(), e);
          boolean actual = rules.get(i).matches(view);
          int at = i;
          assertEquals(expected, actual, () -> "seed " + seed + "\n" + yaml(gens.get(at)) + "\nevent " + e);
          checks++;
          if (expected) matches++;
        }
      }
    }
    // the generator must exercise both outcomes, or the agreement means little
    assertTrue(matches > checks / 50 && matches < checks - checks / 50, matches + " matches of " + checks);
  }

  // ---- generation

  private static Gen rule(Random rnd) {
    List<Sel> sels = new ArrayList<>();
    String[] names = {"sel_a", "sel_b", "filter_c"};
    int n = 1 + rnd.nextInt(3);
    for (int i = 0; i < n; i++) {
      if (rnd.nextInt(6) == 0) {
        List<String> words = new ArrayList<>();
        for (int w = 0, m = 1 + rnd.nextInt(3); w < m; w++) words.add(value(rnd));
        sels.add(new Sel(names[i], List.of(), words, rnd.nextInt(3) == 0));
        continue;
      }
      List<Line> lines = new ArrayList<>();
      List<String> used = new ArrayList<>();
      for (int l = 0, m = 1 + rnd.nextInt(2); l < m; l++) {
        String f = FIELDS[rnd.nextInt(FIELDS.length)];
        if (used.contains(f)) continue;
        used.add(f);
        List<String> values = new ArrayList<>();
        for (int v = 0, c = 1 + rnd.nextInt(5); v < c; v++) values.add(rnd.nextInt(25) == 0 ? null : value(rnd));
        lines.add(new Line(f, MODS[rnd.nextInt(MODS.length)], rnd.nextInt(4) == 0, rnd.nextInt(6) == 0, values));
      }
      sels.add(new Sel(names[i], lines, null, false));
    }
    return new Gen(sels, cond(rnd, sels, 2));
  }

  private static Cond cond(Random rnd, List<Sel> sels, int depth) {
    int pick = rnd.nextInt(depth > 0 ? 8 : 4);
    return switch (pick) {
      case 0, 1, 2 -> new Ref(sels.get(rnd.nextInt(sels.size())).name());
      case 3 -> rnd.nextBoolean() ? new Of(rnd.nextBoolean(), null) : new Of(rnd.nextBoolean(), sels.get(0).name().substring(0, 4));
      case 4 -> new Not(cond(rnd, sels, depth - 1));
      case 5 -> new Or(cond(rnd, sels, depth - 1), cond(rnd, sels, depth - 1));
      default -> new And(cond(rnd, sels, depth - 1), cond(rnd, sels, depth - 1));
    };
  }

  /** Short strings over a small alphabet, so that rules and events meet often; wildcards and escapes now and then. */
  private static String value(Random rnd) {
    String alphabet = "abcAÀà";
    StringBuilder b = new StringBuilder();
    for (int i = 0, n = 1 + rnd.nextInt(3); i < n; i++) {
      int r = rnd.nextInt(20);
      if (r == 0) b.append('*');
      else if (r == 1) b.append('?');
      else if (r == 2) b.append("\\*");
      else b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  private static Event event(Random rnd) {
    Event e = new Event();
    for (String f : FIELDS) {
      int r = rnd.nextInt(10);
      if (r == 0) continue; // missing
      if (r == 1) e.put(f, List.of(text(rnd), text(rnd)));
      else e.put(f, text(rnd));
    }
    if (rnd.nextInt(4) > 0) e.put("message", text(rnd));
    return e;
  }

  private static String text(Random rnd) {
    String alphabet = "abcABÀà*";
    StringBuilder b = new StringBuilder();
    for (int i = 0, n = rnd.nextInt(7); i < n; i++) b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
    return b.toString();
  }

  private static String yaml(Gen g) {
    StringBuilder b = new StringBuilder("title: generated\nlogsource: {product: linux}\ndetection:\n");
    for (Sel s : g.sels()) {
      b.append("  ").append(s.name()).append(":\n");
      if (s.keywords() != null) {
        if (s.allKeywords()) {
          b.append("    '|all':\n");
          for (String w : s.keywords()) b.append("      - ").append(quote(w)).append('\n');
        } else {
          for (String w : s.keywords()) b.append("    - ").append(quote(w)).append('\n');
        }
        continue;
      }
      for (Line l : s.lines()) {
        String key = l.field() + (l.mod().isEmpty() ? "" : "|" + l.mod()) + (l.all() ? "|all" : "") + (l.cased() ? "|cased" : "");
        b.append("    '").append(key).append("':\n");
        for (String v : l.values()) b.append("      - ").append(v == null ? "null" : quote(v)).append('\n');
      }
    }
    b.append("  condition: ").append(render(g.cond())).append('\n');
    return b.toString();
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  private static String render(Cond c) {
    if (c instanceof Ref r) return r.name();
    if (c instanceof Not n) return "not (" + render(n.c()) + ")";
    if (c instanceof And a) return "(" + render(a.a()) + " and " + render(a.b()) + ")";
    if (c instanceof Or o) return "(" + render(o.a()) + " or " + render(o.b()) + ")";
    Of o = (Of) c;
    return (o.all() ? "all" : "1") + " of " + (o.prefix() == null ? "them" : o.prefix() + "*");
  }

  // ---- the reference interpreter

  private static boolean eval(Gen g, Cond c, Event e) {
    if (c instanceof Ref r) return sel(find(g, r.name()), e);
    if (c instanceof Not n) return !eval(g, n.c(), e);
    if (c instanceof And a) return eval(g, a.a(), e) && eval(g, a.b(), e);
    if (c instanceof Or o) return eval(g, o.a(), e) || eval(g, o.b(), e);
    Of o = (Of) c;
    int hits = 0;
    int total = 0;
    for (Sel s : g.sels()) {
      if (o.prefix() == null ? s.name().startsWith("_") : !s.name().startsWith(o.prefix())) continue;
      total++;
      if (sel(s, e)) hits++;
    }
    return o.all() ? hits == total : hits >= 1;
  }

  private static Sel find(Gen g, String name) {
    for (Sel s : g.sels()) if (s.name().equals(name)) return s;
    throw new IllegalStateException(name);
  }

  private static boolean sel(Sel s, Event e) {
    if (s.keywords() != null) {
      Object m = e.get("message");
      Object text = m != null ? m : e.get("event.original");
      if (text == null) return false;
      Map<String, Boolean> results = new LinkedHashMap<>();
      for (String w : s.keywords()) results.put(w, regex(w, "contains", false).matcher(String.valueOf(text)).matches());
      return s.allKeywords() ? !results.containsValue(false) : results.containsValue(true);
    }
    for (Line l : s.lines()) if (!line(l, e)) return false;
    return true;
  }

  private static boolean line(Line l, Event e) {
    Object v = e.get(l.field());
    if (v == null) return l.values().contains(null);
    List<String> elements = new ArrayList<>();
    if (v instanceof List<?> list) for (Object o : list) elements.add(String.valueOf(o));
    else elements.add(String.valueOf(v));
    boolean any = false;
    boolean every = true;
    int nonNull = 0;
    for (String value : l.values()) {
      if (value == null) continue;
      nonNull++;
      Pattern p = regex(value, l.mod(), l.cased());
      boolean hit = elements.stream().anyMatch(x -> p.matcher(x).matches());
      any |= hit;
      every &= hit;
    }
    if (nonNull == 0) return false;
    return l.all() ? every : any;
  }

  /** A Sigma string as one regular expression, from the specification's wording. */
  private static Pattern regex(String value, String mod, boolean cased) {
    StringBuilder b = new StringBuilder();
    if (mod.equals("contains") || mod.equals("endswith")) b.append(".*");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length() && "*?\\".indexOf(value.charAt(i + 1)) >= 0) {
        b.append(Pattern.quote(String.valueOf(value.charAt(++i))));
      } else if (c == '*') {
        b.append(".*");
      } else if (c == '?') {
        b.append('.');
      } else {
        b.append(Pattern.quote(String.valueOf(c)));
      }
    }
    if (mod.equals("contains") || mod.equals("startswith")) b.append(".*");
    return Pattern.compile(b.toString(), Pattern.DOTALL | (cased ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
  }
}
