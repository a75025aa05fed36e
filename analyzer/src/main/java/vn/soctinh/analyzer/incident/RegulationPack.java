package vn.soctinh.analyzer.incident;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import vn.soctinh.analyzer.YamlNodes;
import vn.soctinh.collector.ByName;

/**
 * A regulation pack ({@code rules/regulation/*.yml}): the incident states and the moves between
 * them, the times that entering a state stamps, the deadlines, what makes an incident serious,
 * the report fields, incident types and retention. Data, not code: the figures of a decree live here.
 */
@ByName
public record RegulationPack(String id, Map<String, String> name, List<State> states, Map<String, List<String>> transitions,
    Map<String, String> timestamps, List<Deadline> deadlines, Serious serious, Map<String, List<String>> reports, List<Named> incidentTypes,
    Map<Integer, Integer> retentionDays) implements RegulationPackBuilder.With {

  /** A state of the response, with its names in Vietnamese and English. */
  public record State(String id, String vi, String en, boolean initial, boolean terminal) {}

  /** An entry of a list with names (incident types). */
  public record Named(String id, String vi, String en) {}

  /**
   * A deadline: {@code within} after the incident time {@code from}, met once {@code metBy} is set.
   *
   * @param applies {@code all}, {@code serious} or {@code national_security}
   */
  public record Deadline(String id, String vi, String en, String applies, String from, Duration within, String metBy) {}

  /** What makes an incident serious: any one of these. */
  public record Serious(int minSecurityLevel, int minAgencies, List<String> types, boolean essentialServiceDown) {}

  /** The incident times a pack may refer to. */
  public static final List<String> TIMES = List.of("detected", "acknowledged", "contained", "resolved", "closed", "initial_report_sent",
      "closing_report_sent");

  public State initialState() {
    for (State s : states) if (s.initial()) return s;
    throw new IllegalStateException("pack " + id + " has no initial state");
  }

  public State state(String id) {
    for (State s : states) if (s.id().equals(id)) return s;
    return null;
  }

  /** The states one may move to from {@code from} (none from a terminal or unknown state). */
  public List<String> allowedFrom(String from) {
    return transitions.getOrDefault(from, List.of());
  }

  public boolean typeKnown(String type) {
    for (Named n : incidentTypes) if (n.id().equals(type)) return true;
    return false;
  }

  // ---- loading

  /** Parses a pack; every problem is reported with file:line:column, and nothing loads when there is one. */
  public static RegulationPack parse(String text, String file) throws PackException {
    Node root;
    try {
      root = YamlNodes.compose(text, file);
    } catch (vn.soctinh.analyzer.FileProblem e) {
      throw new PackException(List.of(e.toString()));
    }
    YamlNodes r = new YamlNodes(file);
    if (!(root instanceof MappingNode top)) throw new PackException(List.of(file + ":1:1: expected a regulation pack (a map with id, states, ...)"));
    Map<String, Node> f = r.map(top, Set.of("id", "name", "states", "transitions", "timestamps", "deadlines", "serious", "reports",
        "incident_types", "retention_days"), "pack");
    String id = r.text(f.get("id"), top, "id");
    Map<String, String> name = new LinkedHashMap<>();
    if (f.get("name") instanceof MappingNode nm) for (Map.Entry<String, Node> e : r.map(nm, Set.of("vi", "en"), "name").entrySet()) name.put(e.getKey(), r.text(e.getValue(), nm, e.getKey()));
    List<State> states = new ArrayList<>();
    Set<String> stateIds = new LinkedHashSet<>();
    for (Node n : r.list(f.get("states"), top, "states")) {
      Map<String, Node> s = r.map(n, Set.of("id", "vi", "en", "initial", "terminal"), "state");
      String sid = r.text(s.get("id"), n, "state id");
      if (sid != null && !stateIds.add(sid)) r.problem(n, "state " + sid + " appears twice");
      states.add(new State(sid, r.text(s.get("vi"), n, "vi"), r.text(s.get("en"), n, "en"), "true".equals(scalar(s.get("initial"))),
          "true".equals(scalar(s.get("terminal")))));
    }
    if (states.stream().filter(State::initial).count() != 1) r.problem(f.get("states") == null ? top : f.get("states"), "exactly one state must be initial: true");
    Map<String, List<String>> transitions = new LinkedHashMap<>();
    if (f.get("transitions") instanceof MappingNode tm) {
      for (NodeTuple t : tm.getValue()) {
        String from = scalar(t.getKeyNode());
        if (!stateIds.contains(from)) r.problem(t.getKeyNode(), "transition from unknown state " + from);
        List<String> to = new ArrayList<>();
        for (Node x : r.list(t.getValueNode(), t.getKeyNode(), "transitions." + from)) {
          String s = scalar(x);
          if (!stateIds.contains(s)) r.problem(x, "transition to unknown state " + s);
          to.add(s);
        }
        transitions.put(from, List.copyOf(to));
      }
    } else {
      r.problem(top, "transitions: a map from each state to the states it may move to");
    }
    for (State s : states) {
      if (s.terminal() && !transitions.getOrDefault(s.id(), List.of()).isEmpty()) r.problem(top, "terminal state " + s.id() + " has transitions");
      if (!s.terminal() && transitions.getOrDefault(s.id(), List.of()).isEmpty()) r.problem(top, "state " + s.id() + " is not terminal but has no way out");
    }
    Map<String, String> timestamps = new LinkedHashMap<>();
    if (f.get("timestamps") instanceof MappingNode tsm) {
      for (NodeTuple t : tsm.getValue()) {
        String st = scalar(t.getKeyNode());
        String time = scalar(t.getValueNode());
        if (!stateIds.contains(st)) r.problem(t.getKeyNode(), "timestamps: unknown state " + st);
        if (!TIMES.contains(time)) r.problem(t.getValueNode(), "timestamps: " + time + " is not one of " + TIMES);
        timestamps.put(st, time);
      }
    }
    List<Deadline> deadlines = new ArrayList<>();
    for (Node n : r.list(f.get("deadlines"), top, "deadlines")) {
      Map<String, Node> d = r.map(n, Set.of("id", "vi", "en", "applies", "from", "within", "met_by"), "deadline");
      String applies = r.text(d.get("applies"), n, "applies");
      if (applies != null && !List.of("all", "serious", "national_security").contains(applies)) r.problem(d.get("applies"), "applies is all, serious or national_security");
      String from = r.text(d.get("from"), n, "from");
      String metBy = r.text(d.get("met_by"), n, "met_by");
      for (Map.Entry<String, String> e : Map.of("from", from == null ? "" : from, "met_by", metBy == null ? "" : metBy).entrySet()) {
        if (!e.getValue().isEmpty() && !TIMES.contains(e.getValue())) r.problem(d.get(e.getKey()), e.getKey() + ": " + e.getValue() + " is not one of " + TIMES);
      }
      String within = r.text(d.get("within"), n, "within");
      Duration dur = within == null ? null : duration(within);
      if (within != null && dur == null) r.problem(d.get("within"), "within: a duration such as 24h, 5d or 30m, not " + within);
      deadlines.add(new Deadline(r.text(d.get("id"), n, "deadline id"), r.text(d.get("vi"), n, "vi"), r.text(d.get("en"), n, "en"), applies, from, dur, metBy));
    }
    Serious serious = new Serious(3, 2, List.of(), true);
    if (f.get("serious") instanceof MappingNode sm) {
      Map<String, Node> s = r.map(sm, Set.of("min_security_level", "min_agencies", "types", "essential_service_down"), "serious");
      List<String> types = new ArrayList<>();
      for (Node x : r.list(s.get("types"), sm, "serious.types")) types.add(scalar(x));
      serious = new Serious(r.integer(s.get("min_security_level"), 1, 6, 3), r.integer(s.get("min_agencies"), 1, 1000, 2), List.copyOf(types),
          !"false".equals(scalar(s.get("essential_service_down"))));
    }
    Map<String, List<String>> reports = new LinkedHashMap<>();
    if (f.get("reports") instanceof MappingNode rm) {
      for (NodeTuple t : rm.getValue()) {
        List<String> fields = new ArrayList<>();
        for (Node x : r.list(t.getValueNode(), t.getKeyNode(), "reports")) fields.add(scalar(x));
        reports.put(scalar(t.getKeyNode()), List.copyOf(fields));
      }
    }
    List<Named> types = new ArrayList<>();
    for (Node n : r.list(f.get("incident_types"), top, "incident_types")) {
      Map<String, Node> t = r.map(n, Set.of("id", "vi", "en"), "incident type");
      types.add(new Named(r.text(t.get("id"), n, "id"), r.text(t.get("vi"), n, "vi"), r.text(t.get("en"), n, "en")));
    }
    for (String t : serious.types()) if (types.stream().noneMatch(x -> t.equals(x.id()))) r.problem(f.get("serious"), "serious.types: " + t + " is not an incident type of this pack");
    Map<Integer, Integer> retention = new LinkedHashMap<>();
    if (f.get("retention_days") instanceof MappingNode rd) {
      for (NodeTuple t : rd.getValue()) retention.put(r.integer(t.getKeyNode(), 1, 5, 1), r.integer(t.getValueNode(), 1, 36_500, 30));
    }
    if (!r.problems.isEmpty()) throw new PackException(r.problems);
    return RegulationPackBuilder.builder().id(id).name(Map.copyOf(name)).states(List.copyOf(states))
        .transitions(Map.copyOf(transitions)).timestamps(Map.copyOf(timestamps)).deadlines(List.copyOf(deadlines))
        .serious(serious).reports(Map.copyOf(reports)).incidentTypes(List.copyOf(types))
        .retentionDays(Map.copyOf(retention)).build();
  }

  /** 30m, 24h, 5d, 2w. */
  static Duration duration(String s) {
    if (!s.matches("\\d+[mhdw]")) return null;
    long n = Long.parseLong(s.substring(0, s.length() - 1));
    return switch (s.charAt(s.length() - 1)) {
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      case 'd' -> Duration.ofDays(n);
      default -> Duration.ofDays(7 * n);
    };
  }

  private static String scalar(Node n) {
    return YamlNodes.scalar(n);
  }

  /** Problems of a pack, each {@code file:line:column: reason}. */
  public static final class PackException extends Exception {
    private final List<String> problems;

    PackException(List<String> problems) {
      super(String.join("\n", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }
}
