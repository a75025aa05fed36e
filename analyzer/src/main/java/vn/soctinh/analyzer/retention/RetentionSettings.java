package vn.soctinh.analyzer.retention;

import java.time.LocalTime;
import java.util.List;

/**
 * Section {@code retention:} of the configuration: the daily deletion by age, at {@code runAt} in the
 * configured zone (checked every {@code checkSecs}), and the disk watermark. Off
 * ({@code enabled: false}), nothing is deleted by age.
 */
public record RetentionSettings(boolean enabled, LocalTime runAt, long checkSecs, Days days, Disk disk) {

  /**
   * How long data is kept, in days. An agency keeps its events for the regulation pack's minimum at
   * the highest security level of its systems, or {@code levels[level-1]} when that is more (0: the
   * pack's figure), or {@code defaultDays} when it has no system with a level. Alerts and quarantined
   * documents keep at least as long as the agency's events, and at least {@code alertsDays} /
   * {@code quarantineDays}. An incident holds its alerts and events while open and for
   * {@code incidentHoldDays} after it closed (0: the pack's longest minimum).
   */
  public record Days(int defaultDays, List<Integer> levels, int alertsDays, int quarantineDays, int incidentHoldDays) {
    /** The configured figure of one level (1..5), 0 when the pack's applies. */
    public int level(int level) {
      return levels.get(level - 1);
    }
  }

  /** The data directory's file system: a warning above {@code warnPercent} used, critical above {@code criticalPercent}, checked every {@code checkSecs}. */
  public record Disk(int warnPercent, int criticalPercent, long checkSecs) {}
}
