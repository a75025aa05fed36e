package vn.soctinh.analyzer.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.incident.Incident;
import vn.soctinh.analyzer.incident.IncidentRules;

/** Scoring on hand-made pipeline facts: each branch (in time, late, missed, waiting, not sent, response times) changes the points. */
class DrillScorerTest {
  private static final Instant T0 = Instant.parse("2026-12-10T01:00:00Z");
  private static IncidentRules rules;
  private static DrillScenario sc;

  @BeforeAll
  static void load() throws Exception {
    rules = new IncidentRules(IncidentRules.load(Path.of("../rules/regulation")), "current-2026");
    sc = DrillScenarioParser.parse(String.join("\n",
        "id: s", "title: t", "target: t",
        "scoring: {detect: 50, acknowledge: 20, contain: 20, resolve: 10, detect_within: 1m, acknowledge_within: 10m, contain_within: 30m, resolve_within: 1h}",
        "steps:",
        "  - {id: a, name: A, technique: T1110, host: h, app: sshd, lines: [x], expect: {rules: [r-a], incident: true}, weight: 2}",
        "  - {id: b, name: B, technique: T1078, at: 1m, host: h, app: sshd, lines: [x], expect: {rules: [r-b]}, weight: 1}",
        "  - {id: c, name: C, technique: T1059, at: 2m, host: h, app: sshd, lines: [x], expect: {rules: [r-c]}, weight: 1}",
        "  - {id: d, name: D, technique: T1070, at: 3m, host: h, app: sshd, lines: [x]}",
        ""), "s.yml");
  }

  private static Event alert(String id, String rule, String step, Instant raised) {
    return new Event().put("event.id", id).put("rule.id", rule).put("rule.name", "Rule " + rule).put("labels.drill_step", step)
        .put("event.created", raised).put("labels.drill_id", "DR-1");
  }

  private static Map<String, DrillScorer.Injected> injected(String... steps) {
    Map<String, DrillScorer.Injected> m = new java.util.LinkedHashMap<>();
    for (String s : steps) m.put(s, new DrillScorer.Injected(T0.plus(sc.step(s).at()), 1));
    return m;
  }

  @Test
  void detectionInTimeLateMissedAndWaiting() {
    List<Event> alerts = List.of(alert("1", "r-a", "a", T0.plusSeconds(3)), alert("2", "r-b", "b", T0.plusSeconds(60 + 90)));
    // at T0+4m: a in time, b late (90 s > 1 min), c sent at 2m and unseen past 1 min: missed, d not expected
    DrillScore s = DrillScorer.score(sc, "DR-1", injected("a", "b", "c", "d"), alerts, List.of(), List.of(), T0.plus(Duration.ofMinutes(4)));
    assertEquals(DrillScore.Status.DETECTED, s.rows().get(0).status());
    assertEquals(Duration.ofSeconds(3), s.rows().get(0).toDetect());
    assertEquals(List.of("Rule r-a"), s.rows().get(0).ruleNames());
    assertEquals(DrillScore.Status.LATE, s.rows().get(1).status());
    assertEquals(DrillScore.Status.MISSED, s.rows().get(2).status());
    assertEquals(DrillScore.Status.NOT_EXPECTED, s.rows().get(3).status());
    assertEquals(2 * 50 + 1 * 25.0, s.blue().points(), "a in full, b half, c nothing; no incident yet");
    assertEquals(2 * 100 + 1 * 50 + 1 * 50.0, s.blue().max(), "a has the response parts, b and c detection only");
    assertEquals(1 * 25 + 1 * 50.0, s.red().points(), "the red team: half of b, all of c");
    assertFalse(s.allDetected());
    // the same facts earlier: c is still waiting, not missed
    DrillScore early = DrillScorer.score(sc, "DR-1", injected("a", "b", "c"), alerts, List.of(), List.of(), T0.plus(Duration.ofSeconds(150)));
    assertEquals(DrillScore.Status.WAITING, early.rows().get(2).status());
    assertEquals(DrillScore.Status.NOT_EXPECTED, early.rows().get(3).status(), "d is not scored, sent or not");
    assertNull(early.rows().get(3).injectedAt());
  }

  @Test
  void anAlertRaisedBeforeTheStepWasSentDoesNotCount() {
    List<Event> alerts = List.of(alert("1", "r-c", "a", T0.plusSeconds(10)));
    DrillScore s = DrillScorer.score(sc, "DR-1", injected("a", "b", "c"), alerts, List.of(), List.of(), T0.plus(Duration.ofMinutes(2)).plusSeconds(5));
    assertEquals(DrillScore.Status.WAITING, s.rows().get(2).status(), "the r-c alert came before c was sent");
  }

  @Test
  void theBlueTeamsResponseCountsFromTheIncidentsStampedTimes() throws Exception {
    Incident i = rules.open("INC-2026-000001", "t", null, 2, List.of(), List.of(), 3, List.of("1"), List.of("k"), true, T0.plusSeconds(3), "system",
        T0.plusSeconds(3));
    i = rules.transition(i, "triage", "an", T0.plusSeconds(3 + 300)); // acknowledged after 5 min: in time
    i = rules.transition(i, "containing", "an", T0.plusSeconds(3 + 3600)); // contained after 1 h: late (30 min), half
    List<Event> alerts = List.of(alert("1", "r-a", "a", T0.plusSeconds(3)));
    DrillScore s = DrillScorer.score(sc, "DR-1", injected("a"), alerts, List.of(i), List.of(), T0.plus(Duration.ofHours(2)));
    DrillScore.Row a = s.rows().get(0);
    assertEquals("INC-2026-000001", a.incidentId());
    assertEquals(Duration.ofMinutes(5), a.toAcknowledge());
    assertEquals(Duration.ofHours(1), a.toContain());
    assertNull(a.toResolve());
    assertEquals(2 * (50 + 20 + 10.0), a.points(), "detect 50 + acknowledge 20 + contain half of 20");
  }

  @Test
  void refereesAddManualPointsPerTeam() {
    var ref = List.of(new DrillScore.RefereeEntry("blue", 30, "good", "tt", T0), new DrillScore.RefereeEntry("red", -10, "noisy", "tt", T0));
    DrillScore s = DrillScorer.score(sc, "DR-1", injected("a"), List.of(alert("1", "r-a", "a", T0.plusSeconds(1))), List.of(), ref, T0.plusSeconds(5));
    assertEquals(30, s.blue().manual());
    assertEquals(-10, s.red().manual());
    assertEquals(Math.round(1000 * (100 + 30) / 300.0) / 10.0, s.blue().percent());
    assertTrue(s.toMap().toString().contains("good"));
  }
}
