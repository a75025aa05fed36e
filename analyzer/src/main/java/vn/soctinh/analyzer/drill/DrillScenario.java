package vn.soctinh.analyzer.drill;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import vn.soctinh.collector.ByName;

/**
 * A drill scenario ({@code rules/drills/*.yml}): what the red team does, step by step, as the log
 * lines each step makes; which rules should see it; what the blue team should do; how it is
 * scored. Data, not code: a province writes its own scenarios.
 *
 * @param variables default values of the placeholders in the lines ({@code --var} overrides them)
 * @param target the attacked system as the reports name it
 */
@ByName
public record DrillScenario(String id, String file, String title, String titleEn, String description, String target,
    Map<String, String> variables, List<Step> steps, Scoring scoring) implements DrillScenarioBuilder.With {

  /**
   * One attacker action.
   *
   * @param at offset from the drill's start, at speed 1
   * @param every gap between repeats of the lines
   * @param host the sending device's host name (a template)
   * @param app the syslog app name (program), which chooses the parser
   * @param pri syslog priority (facility × 8 + severity)
   * @param expectRules rule ids that should fire; empty: the step is not expected to be detected
   * @param expectIncident whether an incident should open from it
   */
  @ByName
  public record Step(String id, String name, String technique, String tactic, Duration at, int repeat, Duration every,
      String host, String app, int pri, List<String> lines, List<String> expectRules, boolean expectIncident, int weight,
      Finding finding, int line) implements DrillScenarioStepBuilder.With {
    /** Lines this step sends. */
    public int messages() {
      return repeat * lines.size();
    }
  }

  /** What the red team's report says of the weakness the step used. */
  public record Finding(String name, String severity, String location, String evidence, String recommendation) {}

  /**
   * How much each part counts (they add up to 100) and the times within which it counts in full;
   * later it counts half, never: nothing.
   */
  public record Scoring(int detect, int acknowledge, int contain, int resolve, Duration detectWithin, Duration acknowledgeWithin,
      Duration containWithin, Duration resolveWithin) {
    public static Scoring defaults() {
      return new Scoring(50, 20, 20, 10, Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(4));
    }
  }

  /** The whole drill's length at speed 1: the last step's start plus its repeats. */
  public Duration length() {
    Duration d = Duration.ZERO;
    for (Step s : steps) {
      Duration end = s.at().plus(s.every().multipliedBy(Math.max(0, s.repeat() - 1)));
      if (end.compareTo(d) > 0) d = end;
    }
    return d;
  }

  public Step step(String id) {
    for (Step s : steps) if (s.id().equals(id)) return s;
    return null;
  }
}
