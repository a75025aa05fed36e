package vn.soctinh.analyzer.drill;

import io.soabase.recordbuilder.core.RecordBuilder.Initializer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.soctinh.collector.ByName;

/**
 * A drill's result as the live pipeline saw it: one row per step (injected, detected by which
 * rule, how fast, what the blue team did about it) and the teams' totals.
 *
 * @param blue the blue team's points from the pipeline plus the referees'
 * @param red the red team's points: steps that went unseen (in full) or were seen late (half)
 */
@ByName
public record DrillScore(String drillId, String scenarioId, String title, Instant startedAt, List<Row> rows, Totals blue, Totals red,
    List<RefereeEntry> referee, List<String> incidents, Instant computedAt) implements DrillScoreBuilder.With {

  /** Step status: not yet sent, sent and awaiting detection, detected, missed (past the detection time), or not meant to be detected. */
  public enum Status { NOT_INJECTED, WAITING, DETECTED, LATE, MISSED, NOT_EXPECTED }

  /**
   * @param rules the expected rules that fired for this step
   * @param toDetect injection → first expected alert raised
   * @param toAcknowledge alert → incident acknowledged; likewise contain and resolve
   */
  @ByName
  public record Row(DrillScenario.Step step, Status status, Instant injectedAt, long injected, @Initializer("NONE") List<String> rules,
      @Initializer("NONE") List<String> ruleNames, Instant detectedAt,
      Duration toDetect, String incidentId, String incidentState, Duration toAcknowledge, Duration toContain, Duration toResolve,
      double points, double maxPoints) implements DrillScoreRowBuilder.With {
    public static final List<String> NONE = List.of(); // a step not detected names no rule
  }

  public record Totals(double points, double max, double manual) {
    public double percent() {
      return max <= 0 ? 0 : Math.round(1000 * (points + manual) / max) / 10.0;
    }
  }

  /** A referee's manual score and note for a team (blue or red), from the console. */
  public record RefereeEntry(String team, double points, String note, String by, Instant at) {
    public Map<String, Object> toMap() {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("team", team);
      r.put("points", points);
      r.put("note", note == null ? "" : note);
      r.put("by", by);
      r.put("at", at.toString());
      return r;
    }

    public static RefereeEntry fromMap(Map<?, ?> r) {
      return new RefereeEntry((String) r.get("team"), ((Number) r.get("points")).doubleValue(), (String) r.get("note"), (String) r.get("by"),
          Instant.parse((String) r.get("at")));
    }
  }

  /** Every step with an expected rule that was injected has been detected. */
  public boolean allDetected() {
    for (Row r : rows) if (r.status() != Status.DETECTED && r.status() != Status.LATE && r.status() != Status.NOT_EXPECTED) return false;
    return true;
  }

  /** As JSON-ready maps (the console's board, {@code drill run --json}). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("drill_id", drillId);
    m.put("scenario", scenarioId);
    m.put("title", title);
    m.put("started_at", str(startedAt));
    m.put("computed_at", str(computedAt));
    List<Object> steps = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("id", r.step().id());
      s.put("name", r.step().name());
      s.put("technique", r.step().technique());
      s.put("expected_rules", r.step().expectRules());
      s.put("status", r.status().name().toLowerCase(java.util.Locale.ROOT));
      s.put("injected_at", str(r.injectedAt()));
      s.put("injected", r.injected());
      s.put("rules", r.rules());
      s.put("rule_names", r.ruleNames());
      s.put("detected_at", str(r.detectedAt()));
      s.put("time_to_detect_ms", ms(r.toDetect()));
      s.put("incident", r.incidentId());
      s.put("incident_state", r.incidentState());
      s.put("time_to_acknowledge_ms", ms(r.toAcknowledge()));
      s.put("time_to_contain_ms", ms(r.toContain()));
      s.put("time_to_resolve_ms", ms(r.toResolve()));
      s.put("points", r.points());
      s.put("max_points", r.maxPoints());
      steps.add(s);
    }
    m.put("steps", steps);
    m.put("blue", totals(blue));
    m.put("red", totals(red));
    List<Object> ref = new ArrayList<>();
    for (RefereeEntry e : referee) ref.add(e.toMap());
    m.put("referee", ref);
    m.put("incidents", incidents);
    m.put("all_detected", allDetected());
    return m;
  }

  private static Map<String, Object> totals(Totals t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("points", t.points());
    m.put("manual", t.manual());
    m.put("max", t.max());
    m.put("percent", t.percent());
    return m;
  }

  private static String str(Instant t) {
    return t == null ? null : t.toString();
  }

  private static Long ms(Duration d) {
    return d == null ? null : d.toMillis();
  }
}
