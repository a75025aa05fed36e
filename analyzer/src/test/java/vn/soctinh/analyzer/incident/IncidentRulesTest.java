package vn.soctinh.analyzer.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped regulation packs: every legal and illegal move, the times they stamp, deadlines on a fake clock, seriousness. */
class IncidentRulesTest {
  static final Map<String, RegulationPack> PACKS;

  static {
    try {
      PACKS = IncidentRules.load(Path.of("../rules/regulation"));
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z");

  private static Incident open(IncidentRules r, int level, List<String> orgs) {
    return r.open("INC-2026-000001", "test", "web_attack", 2, orgs, List.of("cong-dvc"), level, List.of("a1"), List.of("k"), false, T0, "system", T0);
  }

  @Test
  void bothPacksLoad() {
    assertEquals(List.of("current-2026", "legacy-2017"), PACKS.keySet().stream().sorted().toList());
    assertEquals("received", PACKS.get("legacy-2017").initialState().id());
    assertEquals(14, PACKS.get("current-2026").incidentTypes().size());
  }

  /** Every pair of states: legal exactly when the pack lists it, and an illegal move names the legal ones. */
  @ParameterizedTest
  @ValueSource(strings = {"legacy-2017", "current-2026"})
  void everyLegalAndIllegalTransition(String packId) throws Exception {
    IncidentRules r = new IncidentRules(PACKS, packId);
    RegulationPack p = PACKS.get(packId);
    int legal = 0;
    int illegal = 0;
    for (RegulationPack.State from : p.states()) {
      Incident at = open(r, 1, List.of("o")).withState(from.id(), Map.of("detected", T0));
      for (RegulationPack.State to : p.states()) {
        if (p.allowedFrom(from.id()).contains(to.id())) {
          Incident moved = r.transition(at, to.id(), "analyst", T0.plusSeconds(60));
          assertEquals(to.id(), moved.state());
          assertEquals(from.id() + " -> " + to.id(), moved.timeline().get(moved.timeline().size() - 1).detail());
          legal++;
        } else {
          IncidentRules.IllegalTransition e = assertThrows(IncidentRules.IllegalTransition.class, () -> r.transition(at, to.id(), "analyst", T0));
          assertEquals(p.allowedFrom(from.id()), e.allowed());
          assertTrue(e.getMessage().contains("allowed: "), e.getMessage());
          illegal++;
        }
      }
    }
    assertTrue(legal > 10 && illegal > 50, legal + " legal, " + illegal + " illegal");
    IncidentRules.IllegalTransition unknown = assertThrows(IncidentRules.IllegalTransition.class,
        () -> r.transition(open(r, 1, List.of("o")), "nowhere", "a", T0));
    assertTrue(unknown.getMessage().contains("no state nowhere"), unknown.getMessage());
  }

  @Test
  void theLegacyStepsStampTheirTimesOnce() throws Exception {
    IncidentRules r = new IncidentRules(PACKS, "legacy-2017");
    Incident i = open(r, 3, List.of("so-khcn"));
    String[] path = {"verifying", "containing", "coordinating", "containing", "eradicating", "recovering", "verifying_recovery", "closed",
        "closing_report", "lessons"};
    for (int k = 0; k < path.length; k++) i = r.transition(i, path[k], "analyst", T0.plusSeconds(3600L * (k + 1)));
    assertEquals("lessons", i.state());
    assertEquals(T0.plusSeconds(3600), i.time("acknowledged"));
    assertEquals(T0.plusSeconds(7200), i.time("contained"), "re-entering containment keeps the first time");
    assertEquals(T0.plusSeconds(3600L * 7), i.time("resolved"));
    assertEquals(T0.plusSeconds(3600L * 8), i.time("closed"));
    assertEquals(11, i.timeline().size(), "opened + 10 moves");
  }

  @Test
  void legacyDeadlinesOnAFakeClock() throws Exception {
    IncidentRules r = new IncidentRules(PACKS, "legacy-2017");
    Incident i = open(r, 1, List.of("o"));
    Duration lead = Duration.ofDays(1);
    Map<String, IncidentRules.DeadlineStatus> d = byId(r.deadlines(i, T0.plus(Duration.ofDays(3)), lead));
    assertEquals("pending", d.get("initial_report").status());
    assertEquals(T0.plus(Duration.ofDays(5)), d.get("initial_report").due());
    assertEquals("not_started", d.get("closing_report").status(), "counts from the end of handling");
    assertNull(d.get("closing_report").due());
    assertEquals("warning", byId(r.deadlines(i, T0.plus(Duration.ofDays(4)).plusSeconds(1), lead)).get("initial_report").status());
    assertEquals("overdue", byId(r.deadlines(i, T0.plus(Duration.ofDays(5)).plusSeconds(1), lead)).get("initial_report").status());
    Incident sent = r.reportSent(i, "initial", "analyst", T0.plus(Duration.ofDays(2)));
    assertEquals("met", byId(r.deadlines(sent, T0.plus(Duration.ofDays(9)), lead)).get("initial_report").status());
    Incident late = r.reportSent(i, "initial", "analyst", T0.plus(Duration.ofDays(6)));
    assertEquals("met_late", byId(r.deadlines(late, T0.plus(Duration.ofDays(9)), lead)).get("initial_report").status());
  }

  @Test
  void currentPackDeadlinesApplyToSeriousIncidentsAndNationalSecurityAtOnce() throws Exception {
    IncidentRules r = new IncidentRules(PACKS, "current-2026");
    Incident minor = open(r, 1, List.of("o"));
    assertFalse(r.serious(minor));
    assertEquals(List.of(), r.deadlines(minor, T0, Duration.ofHours(2)));
    Incident serious = open(r, 3, List.of("o"));
    assertTrue(r.serious(serious), "a level 3 system");
    Map<String, IncidentRules.DeadlineStatus> d = byId(r.deadlines(serious, T0.plus(Duration.ofHours(23)), Duration.ofHours(2)));
    assertEquals("warning", d.get("initial_notice").status());
    assertEquals(T0.plus(Duration.ofHours(24)), d.get("initial_notice").due());
    assertEquals(T0.plus(Duration.ofHours(72)), d.get("full_report").due());
    assertFalse(d.containsKey("immediate_notice"));
    Incident ns = serious.withClassification("apt", null, null, true, false);
    assertEquals("overdue", byId(r.deadlines(ns, T0.plusSeconds(1), Duration.ofHours(2))).get("immediate_notice").status(),
        "signs of a threat to national security: at once");
  }

  @Test
  void seriousCriteriaAndTheOverrideWithAReason() {
    IncidentRules r = new IncidentRules(PACKS, "legacy-2017");
    assertFalse(r.serious(open(r, 2, List.of("a"))));
    assertTrue(r.serious(open(r, 2, List.of("a", "b"))), "two agencies");
    assertTrue(r.serious(open(r, 2, List.of("a")).withClassification("ransomware", null, null, false, false)));
    assertTrue(r.serious(open(r, 2, List.of("a")).withClassification("web_attack", null, null, false, true)), "an essential service down");
    Incident i = open(r, 3, List.of("a"));
    assertThrows(IllegalArgumentException.class, () -> r.overrideSerious(i, false, " ", "lead", T0));
    Incident o = r.overrideSerious(i, false, "test system mislabelled level 3", "lead", T0);
    assertFalse(r.serious(o));
    assertTrue(r.computedSerious(o));
    assertTrue(o.timeline().get(o.timeline().size() - 1).detail().contains("test system mislabelled"));
  }

  @Test
  void switchingPacksKeepsOldIncidentsUnderTheirOwnPack() throws Exception {
    Incident legacy = open(new IncidentRules(PACKS, "legacy-2017"), 1, List.of("o"));
    IncidentRules now = new IncidentRules(PACKS, "current-2026");
    assertEquals("legacy-2017", now.packOf(legacy).id());
    assertEquals("verifying", now.transition(legacy, "verifying", "a", T0).state(), "a legacy step, still legal for a legacy incident");
    assertEquals(2, now.deadlines(legacy, T0, Duration.ofDays(1)).size(), "the legacy deadlines, not the current ones");
    assertEquals("current-2026", open(now, 1, List.of("o")).pack());
  }

  @Test
  void aBrokenPackSaysWhere() {
    String yaml = String.join("\n",
        "id: broken",
        "states:",
        "  - {id: a, vi: A, en: A, initial: true}",
        "  - {id: b, vi: B, en: B, terminal: true}",
        "transitions:",
        "  a: [b, c]",
        "deadlines:",
        "  - {id: d, vi: D, en: D, applies: sometimes, from: detected, within: soon, met_by: closed}",
        "");
    RegulationPack.PackException e = assertThrows(RegulationPack.PackException.class, () -> RegulationPack.parse(yaml, "broken.yml"));
    String all = String.join("\n", e.problems());
    assertTrue(all.contains("broken.yml:6:") && all.contains("unknown state c"), all);
    assertTrue(all.contains("broken.yml:8:") && all.contains("applies is all, serious or national_security"), all);
    assertTrue(all.contains("within: a duration"), all);
  }

  private static Map<String, IncidentRules.DeadlineStatus> byId(List<IncidentRules.DeadlineStatus> list) {
    Map<String, IncidentRules.DeadlineStatus> m = new java.util.LinkedHashMap<>();
    for (IncidentRules.DeadlineStatus s : list) m.put(s.deadline().id(), s);
    return m;
  }
}
