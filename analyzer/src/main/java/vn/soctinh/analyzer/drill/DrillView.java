package vn.soctinh.analyzer.drill;

import java.time.Instant;
import java.util.Map;

/**
 * Everything the board and the drill reports show of one drill: its plan (null for a drill run
 * from the command line without one), its scenario, the variables it ran with, and its score.
 */
public record DrillView(DrillPlan plan, DrillScenario scenario, Map<String, String> variables, DrillScore score) {
  /** A scenario text (target, finding) with the drill's variables filled in, local times in {@code zone}. */
  public String text(String template, java.time.ZoneId zone) {
    return template == null ? null : DrillLines.render(template, variables, 0, score.startedAt() == null ? Instant.EPOCH : score.startedAt(),
        score.drillId(), zone);
  }
}
