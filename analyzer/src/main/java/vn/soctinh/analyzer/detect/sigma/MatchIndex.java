package vn.soctinh.analyzer.detect.sigma;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the rules of one loaded set share: a slot per distinct field, so that an {@link EventView}
 * looks each field up once per event, and per field one {@link MultiPattern} automaton holding the
 * case-insensitive {@code contains} values of every rule on that field (the same value in several
 * rules is one pattern).
 *
 * <p>Linking writes the slot and pattern ids into the rules' field lines: a rule belongs to the last
 * index it was linked into, and a reload links on the engine's thread, between events.
 */
final class MatchIndex {
  /** A field with fewer distinct {@code contains} values than this is searched value by value. */
  static final int MIN_AUTOMATON_PATTERNS = 3;

  private final String[] fields;
  private final MultiPattern[] automata;
  private final int patterns;

  private MatchIndex(String[] fields, MultiPattern[] automata, int patterns) {
    this.fields = fields;
    this.automata = automata;
    this.patterns = patterns;
  }

  static MatchIndex link(List<SigmaRule> rules) {
    return link(rules, MIN_AUTOMATON_PATTERNS);
  }

  /** @param minPatterns fields with fewer distinct {@code contains} values get no automaton (tests use 1) */
  static MatchIndex link(List<SigmaRule> rules, int minPatterns) {
    List<FieldMatcher> lines = new ArrayList<>();
    for (SigmaRule r : rules) r.condition().collect(lines);
    Map<String, Integer> slots = new LinkedHashMap<>();
    for (FieldMatcher m : lines) slots.putIfAbsent(m.field, slots.size());
    // per slot: literal -> pattern id
    List<Map<String, Integer>> bySlot = new ArrayList<>();
    for (int i = 0; i < slots.size(); i++) bySlot.add(new LinkedHashMap<>());
    for (FieldMatcher m : lines) {
      Map<String, Integer> ids = bySlot.get(slots.get(m.field));
      for (FieldMatcher.Test t : m.tests) if (t.kind == FieldMatcher.CONTAINS && !t.literal.isEmpty()) ids.putIfAbsent(t.literal, -1);
    }
    int next = 0;
    MultiPattern[] automata = new MultiPattern[slots.size()];
    for (int s = 0; s < automata.length; s++) {
      Map<String, Integer> ids = bySlot.get(s);
      if (ids.size() < minPatterns || ids.isEmpty()) {
        ids.clear();
        continue;
      }
      List<String> pats = new ArrayList<>(ids.keySet());
      int[] idArr = new int[pats.size()];
      for (int i = 0; i < idArr.length; i++) {
        idArr[i] = next++;
        ids.put(pats.get(i), idArr[i]);
      }
      automata[s] = MultiPattern.build(pats, idArr);
    }
    MatchIndex index = new MatchIndex(slots.keySet().toArray(new String[0]), automata, next);
    for (FieldMatcher m : lines) {
      int s = slots.get(m.field);
      m.index = index;
      m.slot = s;
      Map<String, Integer> ids = bySlot.get(s);
      for (FieldMatcher.Test t : m.tests) {
        t.pattern = t.kind == FieldMatcher.CONTAINS ? ids.getOrDefault(t.literal, -1) : -1;
      }
    }
    return index;
  }

  int slots() {
    return fields.length;
  }

  int patterns() {
    return patterns;
  }

  MultiPattern automaton(int slot) {
    return automata[slot];
  }

  /** Fields, automata and their sizes, for the engine's stats. */
  Map<String, Integer> automatonStates() {
    Map<String, Integer> out = new HashMap<>();
    for (int i = 0; i < fields.length; i++) if (automata[i] != null) out.put(fields[i], automata[i].states());
    return out;
  }
}
