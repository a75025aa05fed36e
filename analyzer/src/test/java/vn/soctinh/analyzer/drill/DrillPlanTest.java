package vn.soctinh.analyzer.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DrillPlanTest {
  static final Instant T = Instant.parse("2026-12-03T03:04:05Z");

  static DrillPlan plan() {
    return DrillPlanBuilder.builder().id("DR-1").scenarioId("ssh-brute-force-privesc").title("Diễn tập SSH").windowStart(T).windowEnd(T.plusSeconds(3600)).autoStart(true)
        .agencies(List.of("so-tai-chinh")).roles(Map.of("referees", List.of("Trần Văn B"))).variables(Map.of("target", "10.0.0.5"))
        .speed(50).createdBy("admin").createdAt(T).notes(Map.of("lessons", "ghi nhận")).build();
  }

  @Test
  void aNewPlanHasTheDocumentedDefaults() {
    DrillPlan p = DrillPlanBuilder.builder().id("DR-2").scenarioId("phishing-malicious-domain").build();
    assertEquals("planned", p.status());
    assertEquals(1.0, p.speed());
    assertEquals(List.of(), p.agencies());
    assertEquals(List.of(), p.referee());
    assertEquals(Map.of(), p.notes());
    assertNull(p.windowStart());
  }

  @Test
  void aPlanSurvivesItsFileFormAndItsBuilder() {
    DrillPlan p = plan();
    assertEquals(p, DrillPlan.fromMap(p.toMap()));
    assertEquals(p, p.with().build());
  }

  @Test
  void withStatusChangesOnlyTheProgress() {
    DrillPlan p = plan();
    DrillPlan running = p.withStatus("failed", T.plusSeconds(10), null, "connection refused");
    assertEquals("failed", running.status());
    assertEquals(T.plusSeconds(10), running.startedAt());
    assertEquals("connection refused", running.error());
    assertEquals(p, running.with().status(p.status()).startedAt(null).error(null).build());
  }
}
