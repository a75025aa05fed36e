package vn.soctinh.analyzer.detect.sigma;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads Sigma rule files: one or more YAML documents, each a rule. A document that cannot be a
 * working rule (bad YAML, unknown modifier, condition naming a missing selection, a feature not
 * supported) is reported with its file, line and column and skipped; the others load.
 */
public final class SigmaRuleParser {
  private final SigmaMapping mapping;
  private final Map<String, List<String>> placeholders;

  public SigmaRuleParser(SigmaMapping mapping, Map<String, List<String>> placeholders) {
    this.mapping = mapping;
    this.placeholders = Map.copyOf(placeholders);
  }

  /** What one file gave: the rules that loaded and the errors of the others. */
  public record FileResult(List<SigmaRule> rules, List<SigmaCorrelation> correlations, List<SigmaException> errors, int documents) {}

  public FileResult parse(String yaml, String file) {
    List<SigmaRule> rules = new ArrayList<>();
    List<SigmaCorrelation> correlations = new ArrayList<>();
    List<SigmaException> errors = new ArrayList<>();
    int[] documents = {0};
    try {
      vn.soctinh.analyzer.YamlNodes.composeEach(yaml, file, doc -> {
        if (doc == null) return;
        documents[0]++;
        try {
          if (doc instanceof MappingNode mn && map(mn, file, "a rule").containsKey("correlation")) correlations.add(correlation(doc, file));
          else rules.add(rule(doc, file));
        } catch (SigmaException e) {
          errors.add(e);
        }
      });
    } catch (vn.soctinh.analyzer.FileProblem e) {
      // the rest of the stream cannot be trusted after a syntax error
      errors.add(new SigmaException(file, e.line(), e.column(), e.getMessage()));
      documents[0]++;
    }
    return new FileResult(rules, correlations, errors, documents[0]);
  }

  private static SigmaException error(String file, Node at, String message) {
    Mark m = at == null ? null : at.getStartMark().orElse(null);
    return new SigmaException(file, m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1, message);
  }

  private static Map<String, Node> map(Node n, String file, String what) throws SigmaException {
    if (!(n instanceof MappingNode m)) throw error(file, n, what + " must be a mapping");
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k)) throw error(file, t.getKeyNode(), "keys of " + what + " must be strings");
      out.put(k.getValue(), t.getValueNode());
    }
    return out;
  }

  private static String string(Map<String, Node> m, String key, String file) throws SigmaException {
    Node n = m.get(key);
    if (n == null || isNull(n)) return null;
    if (!(n instanceof ScalarNode s)) throw error(file, n, key + " must be a string");
    return s.getValue();
  }

  private static boolean isNull(Node n) {
    return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
  }

  /** A scalar as Sigma means it: null, a boolean, a whole number, a decimal, else the string. */
  private static Object scalar(ScalarNode s) {
    Tag t = s.getTag();
    String v = s.getValue();
    if (t.equals(Tag.NULL)) return null;
    if (t.equals(Tag.BOOL)) return Boolean.parseBoolean(v);
    if (t.equals(Tag.INT)) {
      try {
        return Long.parseLong(v);
      } catch (NumberFormatException e) {
        return v;
      }
    }
    if (t.equals(Tag.FLOAT)) {
      try {
        return Double.parseDouble(v);
      } catch (NumberFormatException e) {
        return v;
      }
    }
    return v;
  }

  private SigmaRule rule(Node doc, String file) throws SigmaException {
    Map<String, Node> m = map(doc, file, "a rule");
    if (m.containsKey("action") && !m.containsKey("detection")) {
      throw error(file, doc, "rule collections (action: global/reset/repeat) are not supported; write each rule whole");
    }
    String title = string(m, "title", file);
    if (title == null) throw error(file, doc, "a rule needs a title");
    Node det = m.get("detection");
    if (det == null) throw error(file, doc, "a rule needs a detection");
    Map<String, Node> ls = m.get("logsource") == null ? Map.of() : map(m.get("logsource"), file, "logsource");
    SigmaRule.Logsource logsource = new SigmaRule.Logsource(string(ls, "product", file), string(ls, "category", file),
        string(ls, "service", file));
    List<String> tags = new ArrayList<>();
    Node tn = m.get("tags");
    if (tn instanceof SequenceNode seq) for (Node t : seq.getValue()) if (t instanceof ScalarNode s) tags.add(s.getValue());

    Map<String, Node> d = map(det, file, "detection");
    Node condNode = d.remove("condition");
    if (condNode == null) throw error(file, det, "the detection needs a condition");
    d.remove("timeframe");
    Map<String, Selection> selections = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : d.entrySet()) selections.put(e.getKey(), selection(e.getValue(), logsource, file, e.getKey()));

    List<String> conditions = new ArrayList<>();
    List<Node> condNodes = new ArrayList<>();
    if (condNode instanceof ScalarNode s) {
      conditions.add(s.getValue());
      condNodes.add(s);
    } else if (condNode instanceof SequenceNode seq) {
      for (Node c : seq.getValue()) {
        if (!(c instanceof ScalarNode s)) throw error(file, c, "each condition must be a string");
        conditions.add(s.getValue());
        condNodes.add(s);
      }
    } else {
      throw error(file, condNode, "the condition must be a string");
    }
    List<Condition> parsed = new ArrayList<>();
    for (int i = 0; i < conditions.size(); i++) {
      try {
        parsed.add(Condition.parse(conditions.get(i), selections));
      } catch (Condition.ConditionException e) {
        Node at = condNodes.get(i);
        Mark mk = at.getStartMark().orElse(null);
        // a plain scalar starts at its first character; a quoted one one further
        int col = mk == null ? 0 : mk.getColumn() + 1 + e.offset + (((ScalarNode) at).getScalarStyle().toString().contains("QUOTED") ? 1 : 0);
        throw new SigmaException(file, mk == null ? 0 : mk.getLine() + 1, col, "condition: " + e.getMessage());
      }
    }
    Condition cond = parsed.size() == 1 ? parsed.get(0) : new Condition.Or(parsed);
    Mark start = doc.getStartMark().orElse(null);
    return SigmaRuleBuilder.builder().id(string(m, "id", file)).name(string(m, "name", file)).title(title).status(string(m, "status", file))
        .level(string(m, "level", file)).description(string(m, "description", file)).tags(List.copyOf(tags)).logsource(logsource).file(file)
        .line(start == null ? 0 : start.getLine() + 1).condition(cond).examples(examples(m.get("tests"), file)).build();
  }

  private static final java.util.Set<String> CORRELATION_TYPES = java.util.Set.of("event_count", "value_count", "temporal", "temporal_ordered");

  /** A correlation rule (Sigma 2): type, rules, group-by, timespan, condition, aliases, generate. */
  private SigmaCorrelation correlation(Node doc, String file) throws SigmaException {
    Map<String, Node> m = map(doc, file, "a rule");
    String title = string(m, "title", file);
    if (title == null) throw error(file, doc, "a rule needs a title");
    Node cn = m.get("correlation");
    Map<String, Node> c = map(cn, file, "correlation");
    String type = string(c, "type", file);
    if (type == null || !CORRELATION_TYPES.contains(type)) {
      throw error(file, c.getOrDefault("type", cn), "correlation type must be one of event_count, value_count, temporal, temporal_ordered");
    }
    Node rn = c.get("rules");
    List<String> refs = new ArrayList<>();
    if (rn instanceof ScalarNode s) refs.add(s.getValue());
    else if (rn instanceof SequenceNode seq) for (Node x : seq.getValue()) if (x instanceof ScalarNode s) refs.add(s.getValue());
    if (refs.isEmpty()) throw error(file, rn == null ? cn : rn, "correlation: rules must name at least one rule (by id or name)");
    List<String> groupBy = new ArrayList<>();
    Node gn = c.get("group-by");
    if (gn instanceof ScalarNode s) groupBy.add(s.getValue());
    else if (gn instanceof SequenceNode seq) for (Node x : seq.getValue()) if (x instanceof ScalarNode s) groupBy.add(s.getValue());
    String span = string(c, "timespan", file);
    if (span == null) throw error(file, cn, "correlation: a timespan is needed (e.g. 5m)");
    java.time.Duration timespan = SigmaCorrelation.duration(span);
    if (timespan == null) throw error(file, c.get("timespan"), "correlation: timespan must be a number and s, m, h, d, w or M, e.g. 5m; not " + span);
    String op = "gte";
    long threshold = type.startsWith("temporal") ? refs.size() : 1;
    String valueField = null;
    Node condNode = c.get("condition");
    if (condNode != null) {
      Map<String, Node> cond = map(condNode, file, "correlation condition");
      int ops = 0;
      for (Map.Entry<String, Node> e : cond.entrySet()) {
        switch (e.getKey()) {
          case "gt", "gte", "lt", "lte", "eq" -> {
            ops++;
            op = e.getKey();
            Object v = e.getValue() instanceof ScalarNode s ? scalar(s) : null;
            if (!(v instanceof Long l)) throw error(file, e.getValue(), "correlation condition " + e.getKey() + " needs a whole number");
            threshold = l;
          }
          case "field" -> valueField = e.getValue() instanceof ScalarNode s ? s.getValue() : null;
          default -> throw error(file, condNode, "correlation condition: unknown key " + e.getKey() + " (gt, gte, lt, lte, eq, field)");
        }
      }
      if (ops != 1) throw error(file, condNode, "correlation condition needs exactly one of gt, gte, lt, lte, eq");
    } else if (!type.startsWith("temporal")) {
      throw error(file, cn, "correlation: " + type + " needs a condition, e.g. {gte: 10}");
    }
    if (type.equals("value_count") && valueField == null) throw error(file, condNode == null ? cn : condNode, "value_count needs condition.field");
    Map<String, Map<String, String>> aliases = new LinkedHashMap<>();
    Node an = c.get("aliases");
    if (an != null) {
      for (Map.Entry<String, Node> a : map(an, file, "aliases").entrySet()) {
        Map<String, String> perRule = new LinkedHashMap<>();
        for (Map.Entry<String, Node> r : map(a.getValue(), file, "alias " + a.getKey()).entrySet()) {
          perRule.put(r.getKey(), r.getValue() instanceof ScalarNode s ? s.getValue() : null);
        }
        aliases.put(a.getKey(), perRule);
      }
    }
    boolean generate = false;
    Node gen = c.containsKey("generate") ? c.get("generate") : m.get("generate");
    if (gen instanceof ScalarNode s && scalar(s) instanceof Boolean b) generate = b;
    List<String> tags = new ArrayList<>();
    if (m.get("tags") instanceof SequenceNode seq) for (Node t : seq.getValue()) if (t instanceof ScalarNode s) tags.add(s.getValue());
    Mark start = doc.getStartMark().orElse(null);
    Mark refAt = (rn == null ? cn : rn).getStartMark().orElse(null);
    return SigmaCorrelationBuilder.builder().id(string(m, "id", file)).name(string(m, "name", file)).title(title).level(string(m, "level", file))
        .tags(List.copyOf(tags)).type(type).rules(List.copyOf(refs)).groupBy(List.copyOf(groupBy)).timespan(timespan).op(op).threshold(threshold)
        .valueField(valueField).generate(generate).aliases(aliases).file(file).line(start == null ? 0 : start.getLine() + 1)
        .refsLine(refAt == null ? 0 : refAt.getLine() + 1).refsColumn(refAt == null ? 0 : refAt.getColumn() + 1)
        .examples(examples(m.get("tests"), file)).build();
  }

  /** {@code tests: {match: [...], no_match: [...]}}: raw lines (strings) or ECS field maps. */
  private static SigmaRule.Examples examples(Node n, String file) throws SigmaException {
    if (n == null) return SigmaRule.Examples.NONE;
    Map<String, Node> m = map(n, file, "tests");
    for (String k : m.keySet()) {
      if (!k.equals("match") && !k.equals("no_match")) throw error(file, n, "tests: unknown key " + k + " (match, no_match)");
    }
    Mark mk = n.getStartMark().orElse(null);
    return new SigmaRule.Examples(exampleList(m.get("match"), file), exampleList(m.get("no_match"), file), mk == null ? 0 : mk.getLine() + 1);
  }

  private static List<Object> exampleList(Node n, String file) throws SigmaException {
    if (n == null) return List.of();
    if (!(n instanceof SequenceNode seq)) throw error(file, n, "tests: expected a list of log lines or field maps");
    List<Object> out = new ArrayList<>();
    for (Node x : seq.getValue()) {
      if (x instanceof ScalarNode s) {
        out.add(s.getValue());
      } else if (x instanceof MappingNode) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (NodeTuple t : ((MappingNode) x).getValue()) {
          if (!(t.getKeyNode() instanceof ScalarNode k) || !(t.getValueNode() instanceof ScalarNode v)) {
            throw error(file, x, "tests: an example map holds field: value pairs");
          }
          fields.put(k.getValue(), scalar(v));
        }
        out.add(fields);
      } else {
        throw error(file, x, "tests: expected a log line or a field map");
      }
    }
    return List.copyOf(out);
  }

  private Selection selection(Node n, SigmaRule.Logsource ls, String file, String name) throws SigmaException {
    if (n instanceof MappingNode) return fields(n, ls, file);
    if (n instanceof SequenceNode seq) {
      boolean maps = !seq.getValue().isEmpty() && seq.getValue().stream().allMatch(x -> x instanceof MappingNode);
      if (maps) {
        List<Selection> any = new ArrayList<>();
        for (Node x : seq.getValue()) any.add(fields(x, ls, file));
        return new Selection.AnyOf(any);
      }
      List<SigmaString> words = new ArrayList<>();
      for (Node x : seq.getValue()) {
        if (!(x instanceof ScalarNode s)) throw error(file, x, name + ": a keyword list holds strings only");
        words.add(SigmaString.wildcard(s.getValue(), true, true, false));
      }
      return new Selection.AllOf(List.of(FieldMatcher.keywords(words, false)));
    }
    if (n instanceof ScalarNode s && !isNull(s)) return new Selection.AllOf(List.of(FieldMatcher.keywords(List.of(SigmaString.wildcard(s.getValue(), true, true, false)), false)));
    throw error(file, n, name + " must be a map, a list of maps or a list of keywords");
  }

  private Selection fields(Node n, SigmaRule.Logsource ls, String file) throws SigmaException {
    List<FieldMatcher> lines = new ArrayList<>();
    for (NodeTuple t : ((MappingNode) n).getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k)) throw error(file, t.getKeyNode(), "a field name must be a string");
      String[] parts = k.getValue().split("\\|", -1);
      List<String> modifiers = List.of(parts).subList(1, parts.length);
      List<Object> values = new ArrayList<>();
      Node v = t.getValueNode();
      if (v instanceof SequenceNode seq) {
        for (Node x : seq.getValue()) {
          if (!(x instanceof ScalarNode s)) throw error(file, x, parts[0] + ": values must be scalars");
          values.add(scalar(s));
        }
      } else if (v instanceof ScalarNode s) {
        values.add(scalar(s));
      } else {
        throw error(file, v, parts[0] + ": values must be a scalar or a list");
      }
      if (modifiers.contains("fieldref")) {
        List<Object> mapped = new ArrayList<>();
        for (Object o : values) mapped.add(o == null ? null : mapping.field(ls, String.valueOf(o)));
        values = mapped;
      }
      if (parts[0].isEmpty()) {
        // "|contains: [...]" without a field: keywords with modifiers
        List<SigmaString> words = new ArrayList<>();
        for (Object o : values) words.add(SigmaString.wildcard(String.valueOf(o), true, true, modifiers.contains("cased")));
        return new Selection.AllOf(List.of(FieldMatcher.keywords(words, modifiers.contains("all"))));
      }
      try {
        lines.add(FieldMatcher.compile(mapping.field(ls, parts[0]), modifiers, values, placeholders));
      } catch (IllegalArgumentException e) {
        throw error(file, k, e.getMessage());
      }
    }
    return new Selection.AllOf(lines);
  }
}
