package vn.soctinh.analyzer.drill;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import vn.soctinh.analyzer.FileProblem;
import vn.soctinh.analyzer.YamlNodes;

/**
 * Reads and checks a drill scenario. Every problem is reported as {@code file:line:column: reason}
 * and nothing loads when there is one: a drill that silently skips a step would score the blue
 * team on an attack that never happened.
 */
public final class DrillScenarioParser {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final Pattern TECHNIQUE = Pattern.compile("T\\d{4}(\\.\\d{3})?");
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
  private static final Map<String, Integer> FACILITIES = Map.ofEntries(Map.entry("kern", 0), Map.entry("user", 1), Map.entry("daemon", 3),
      Map.entry("auth", 4), Map.entry("syslog", 5), Map.entry("authpriv", 10), Map.entry("local0", 16), Map.entry("local1", 17),
      Map.entry("local2", 18), Map.entry("local3", 19), Map.entry("local4", 20), Map.entry("local5", 21), Map.entry("local6", 22),
      Map.entry("local7", 23));
  private static final Map<String, Integer> SEVERITIES = Map.of("emerg", 0, "alert", 1, "crit", 2, "err", 3, "warning", 4, "notice", 5,
      "info", 6, "debug", 7);
  public static final Set<String> FINDING_SEVERITIES = Set.of("low", "medium", "high", "critical");
  private static final int MAX_REPEAT = 10_000;

  private DrillScenarioParser() {}

  /** The problems of a scenario, each {@code file:line:column: reason}. */
  public static final class ScenarioException extends Exception {
    private final List<String> problems;

    public ScenarioException(List<String> problems) {
      super(String.join("\n", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }

  public static DrillScenario read(Path file) throws IOException, ScenarioException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /** The scenarios of a directory that loaded, by id, and the problems of those that did not. */
  public record Loaded(Map<String, DrillScenario> scenarios, List<String> problems) {}

  /**
   * Every {@code *.yml} scenario of a directory (none when it does not exist); a broken file, or a
   * second file with the same id, is left out and its problems are listed.
   */
  public static Loaded readAll(Path dir) throws IOException {
    Map<String, DrillScenario> out = new java.util.TreeMap<>();
    List<String> problems = new ArrayList<>();
    if (!Files.isDirectory(dir)) return new Loaded(out, problems);
    try (var files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".yml")).sorted().toList()) {
        try {
          DrillScenario s = read(f);
          if (out.putIfAbsent(s.id(), s) != null) problems.add(f + ":1:1: scenario id " + s.id() + " is also used by " + out.get(s.id()).file());
        } catch (ScenarioException e) {
          problems.addAll(e.problems());
        }
      }
    }
    return new Loaded(out, List.copyOf(problems));
  }

  /** As {@link #readAll}, but a single broken file stops the load with every problem. */
  public static Map<String, DrillScenario> readDir(Path dir) throws IOException, ScenarioException {
    Loaded l = readAll(dir);
    if (!l.problems().isEmpty()) throw new ScenarioException(l.problems());
    return l.scenarios();
  }

  public static DrillScenario parse(String text, String file) throws ScenarioException {
    Node root;
    try {
      root = YamlNodes.compose(java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFC), file);
    } catch (FileProblem e) {
      throw new ScenarioException(List.of(e.toString()));
    }
    YamlNodes r = new YamlNodes(file);
    if (!(root instanceof MappingNode top)) throw new ScenarioException(List.of(file + ":1:1: expected a drill scenario (a map with id, title, steps)"));
    Map<String, Node> f = r.map(top, Set.of("id", "title", "title_en", "description", "target", "variables", "scoring", "steps"), "scenario");
    String id = r.text(f.get("id"), top, "id");
    if (id != null && !ID.matcher(id).matches()) r.problem(f.get("id"), "id: lower-case letters, digits, - and _ only, not " + id);
    String title = r.text(f.get("title"), top, "title");
    String target = r.text(f.get("target"), top, "target");
    Map<String, String> vars = new LinkedHashMap<>();
    if (f.get("variables") instanceof MappingNode vm) {
      for (NodeTuple t : vm.getValue()) {
        String k = YamlNodes.scalar(t.getKeyNode());
        String v = YamlNodes.scalar(t.getValueNode());
        if (k == null || !k.matches("[a-z][a-z0-9_]*")) r.problem(t.getKeyNode(), "variables: a name is lower-case letters, digits and _");
        else if (DrillLines.BUILTINS.contains(k)) r.problem(t.getKeyNode(), "variables: " + k + " is built in");
        else if (v == null) r.problem(t.getValueNode(), "variables." + k + ": expected a text");
        else vars.put(k, v);
      }
    } else if (f.get("variables") != null) {
      r.problem(f.get("variables"), "variables: expected a map");
    }
    DrillScenario.Scoring scoring = scoring(r, f.get("scoring"));
    List<DrillScenario.Step> steps = new ArrayList<>();
    Set<String> stepIds = new HashSet<>();
    List<Node> stepNodes = r.list(f.get("steps"), top, "steps");
    if (stepNodes.isEmpty()) r.problem(f.get("steps") == null ? top : f.get("steps"), "steps: at least one step");
    for (Node n : stepNodes) {
      DrillScenario.Step s = step(r, n, vars);
      if (s == null) continue;
      if (!stepIds.add(s.id())) r.problem(n, "step id " + s.id() + " is used twice");
      steps.add(s);
    }
    if (!r.problems.isEmpty()) throw new ScenarioException(r.problems);
    return DrillScenarioBuilder.builder().id(id).file(file).title(title).titleEn(opt(f.get("title_en")))
        .description(opt(f.get("description"))).target(target).variables(Map.copyOf(vars)).steps(List.copyOf(steps))
        .scoring(scoring).build();
  }

  private static DrillScenario.Step step(YamlNodes r, Node n, Map<String, String> vars) {
    Map<String, Node> s = r.map(n, Set.of("id", "name", "technique", "tactic", "at", "repeat", "every", "host", "app", "facility", "severity",
        "lines", "expect", "weight", "finding"), "step");
    if (s.isEmpty()) return null;
    String id = r.text(s.get("id"), n, "step id");
    if (id != null && !ID.matcher(id).matches()) r.problem(s.get("id"), "step id: lower-case letters, digits, - and _ only, not " + id);
    String name = r.text(s.get("name"), n, "step " + id + ": name");
    String technique = r.text(s.get("technique"), n, "step " + id + ": technique");
    if (technique != null && !TECHNIQUE.matcher(technique).matches()) {
      r.problem(s.get("technique"), "step " + id + ": technique is an ATT&CK id such as T1110 or T1110.001, not " + technique);
    }
    Duration at = duration(r, s.get("at"), Duration.ZERO, "at");
    Duration every = duration(r, s.get("every"), Duration.ofSeconds(1), "every");
    int repeat = r.integer(s.get("repeat"), 1, MAX_REPEAT, 1);
    String host = r.text(s.get("host"), n, "step " + id + ": host");
    String app = r.text(s.get("app"), n, "step " + id + ": app");
    int facility = named(r, s.get("facility"), FACILITIES, 1, "facility");
    int severity = named(r, s.get("severity"), SEVERITIES, 6, "severity");
    List<String> lines = new ArrayList<>();
    for (Node l : r.list(s.get("lines"), n, "step " + id + ": lines")) {
      String line = YamlNodes.scalar(l);
      if (line == null || line.isBlank()) {
        r.problem(l, "step " + id + ": a line is a text");
        continue;
      }
      if (line.indexOf('\n') >= 0) r.problem(l, "step " + id + ": a line must be one line (one syslog message)");
      checkNames(r, l, line, vars, id);
      lines.add(line);
    }
    if (host != null) checkNames(r, s.get("host"), host, vars, id);
    if (lines.isEmpty()) r.problem(s.get("lines") == null ? n : s.get("lines"), "step " + id + ": lines: at least one line");
    List<String> rules = new ArrayList<>();
    boolean incident = false;
    if (s.get("expect") != null) {
      Map<String, Node> e = r.map(s.get("expect"), Set.of("rules", "incident"), "step " + id + ": expect");
      for (Node x : r.list(e.get("rules"), s.get("expect"), "expect.rules")) {
        String rule = YamlNodes.scalar(x);
        if (rule == null || rule.isBlank()) r.problem(x, "expect.rules: a rule id");
        else rules.add(rule);
      }
      if (e.get("incident") != null) incident = bool(r, e.get("incident"));
    }
    if (incident && rules.isEmpty()) r.problem(s.get("expect"), "step " + id + ": expect.incident needs expect.rules (the alert that opens it)");
    int weight = r.integer(s.get("weight"), 0, 100, 1);
    DrillScenario.Finding finding = null;
    if (s.get("finding") != null) {
      Map<String, Node> fm = r.map(s.get("finding"), Set.of("name", "severity", "location", "evidence", "recommendation"), "step " + id + ": finding");
      String sev = r.text(fm.get("severity"), s.get("finding"), "finding.severity");
      if (sev != null && !FINDING_SEVERITIES.contains(sev)) r.problem(fm.get("severity"), "finding.severity: one of " + new java.util.TreeSet<>(FINDING_SEVERITIES));
      finding = new DrillScenario.Finding(r.text(fm.get("name"), s.get("finding"), "finding.name"), sev,
          r.text(fm.get("location"), s.get("finding"), "finding.location"), opt(fm.get("evidence")),
          r.text(fm.get("recommendation"), s.get("finding"), "finding.recommendation"));
    }
    int line = n.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    return DrillScenarioStepBuilder.builder().id(id).name(name).technique(technique).tactic(opt(s.get("tactic"))).at(at).repeat(repeat).every(every)
        .host(host).app(app).pri(facility * 8 + severity).lines(List.copyOf(lines)).expectRules(List.copyOf(rules)).expectIncident(incident)
        .weight(weight).finding(finding).line(line).build();
  }

  private static void checkNames(YamlNodes r, Node at, String template, Map<String, String> vars, String step) {
    for (String name : DrillLines.names(template)) {
      if (!vars.containsKey(name) && !DrillLines.BUILTINS.contains(name)) {
        r.problem(at, "step " + step + ": ${" + name + "} is neither a variable of the scenario nor one of " + new java.util.TreeSet<>(DrillLines.BUILTINS));
      }
    }
  }

  private static DrillScenario.Scoring scoring(YamlNodes r, Node n) {
    DrillScenario.Scoring d = DrillScenario.Scoring.defaults();
    if (n == null) return d;
    Map<String, Node> m = r.map(n, Set.of("detect", "acknowledge", "contain", "resolve", "detect_within", "acknowledge_within",
        "contain_within", "resolve_within"), "scoring");
    DrillScenario.Scoring s = new DrillScenario.Scoring(r.integer(m.get("detect"), 0, 100, d.detect()), r.integer(m.get("acknowledge"), 0, 100, d.acknowledge()),
        r.integer(m.get("contain"), 0, 100, d.contain()), r.integer(m.get("resolve"), 0, 100, d.resolve()),
        duration(r, m.get("detect_within"), d.detectWithin(), "detect_within"), duration(r, m.get("acknowledge_within"), d.acknowledgeWithin(), "acknowledge_within"),
        duration(r, m.get("contain_within"), d.containWithin(), "contain_within"), duration(r, m.get("resolve_within"), d.resolveWithin(), "resolve_within"));
    int sum = s.detect() + s.acknowledge() + s.contain() + s.resolve();
    if (sum != 100) r.problem(n, "scoring: detect + acknowledge + contain + resolve must be 100, not " + sum);
    return s;
  }

  /** 500ms, 30s, 5m, 2h. */
  public static Duration parseDuration(String s) {
    var m = s == null ? null : DURATION.matcher(s.strip());
    if (m == null || !m.matches()) return null;
    long v = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(v);
      case "s" -> Duration.ofSeconds(v);
      case "m" -> Duration.ofMinutes(v);
      default -> Duration.ofHours(v);
    };
  }

  private static Duration duration(YamlNodes r, Node n, Duration def, String what) {
    if (n == null) return def;
    Duration d = parseDuration(YamlNodes.scalar(n));
    if (d == null) r.problem(n, what + ": a duration such as 500ms, 30s, 5m or 2h, not " + YamlNodes.scalar(n));
    return d == null ? def : d;
  }

  private static int named(YamlNodes r, Node n, Map<String, Integer> names, int def, String what) {
    if (n == null) return def;
    Integer v = names.get(YamlNodes.scalar(n));
    if (v == null) r.problem(n, what + ": one of " + new java.util.TreeSet<>(names.keySet()) + ", not " + YamlNodes.scalar(n));
    return v == null ? def : v;
  }

  private static boolean bool(YamlNodes r, Node n) {
    String v = YamlNodes.scalar(n);
    if ("true".equals(v)) return true;
    if (!"false".equals(v)) r.problem(n, "expected true or false, not " + v);
    return false;
  }

  private static String opt(Node n) {
    String v = YamlNodes.scalar(n);
    return v == null || v.isBlank() ? null : v.strip();
  }
}
