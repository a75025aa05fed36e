package vn.soctinh.app.config;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import vn.soctinh.analyzer.retention.RetentionSettings;

/**
 * The {@code retention:} section. Figures here may only keep data longer than the active regulation
 * pack asks: whether a per-level figure is below the pack's minimum is checked against the pack
 * itself, once it is loaded ({@code RetentionPolicy}), with the key's line ({@link ConfigLoader#problemAt}).
 */
final class RetentionSection {
  static final int MAX_DAYS = 36_500;
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  private RetentionSection() {}

  static RetentionSettings read(ConfigNode root) {
    ConfigNode n = root.section("retention");
    boolean enabled = n.bool("enabled", true);
    LocalTime runAt = n.value("run_at", LocalTime.of(2, 0), "expected a time of day like \"02:30\" (in the zone of timezone:)", RetentionSection::time);
    long check = n.duration("check_secs", 60, 1, 3600);
    int defaultDays = n.intValue("default_days", 90, 1, MAX_DAYS);
    ConfigNode ln = n.section("level_days");
    List<Integer> levels = new ArrayList<>();
    for (int level = 1; level <= 5; level++) levels.add(ln.intValue(Integer.toString(level), 0, 0, MAX_DAYS));
    ln.finish();
    int alerts = n.intValue("alerts_days", 365, 1, MAX_DAYS);
    int quarantine = n.intValue("quarantine_days", 90, 1, MAX_DAYS);
    int hold = n.intValue("incident_hold_days", 0, 0, MAX_DAYS);
    int warn = n.intValue("disk_warn_percent", 85, 1, 99);
    int critical = n.intValue("disk_critical_percent", 95, 2, 100);
    if (critical <= warn) n.error("disk_critical_percent", "must be more than disk_warn_percent (" + warn + ") but was " + critical);
    long diskCheck = n.duration("disk_check_secs", 60, 1, 86_400);
    n.finish();
    return new RetentionSettings(enabled, runAt, check, new RetentionSettings.Days(defaultDays, List.copyOf(levels), alerts, quarantine, hold),
        new RetentionSettings.Disk(warn, critical, diskCheck));
  }

  private static Parsed<LocalTime> time(String text) {
    try {
      return Parsed.ok(LocalTime.parse(text, HH_MM));
    } catch (DateTimeParseException e) {
      return Parsed.expected("expected a time of day like \"02:30\" (in the zone of timezone:)", text);
    }
  }
}
