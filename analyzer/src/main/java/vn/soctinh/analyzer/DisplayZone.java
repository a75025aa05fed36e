package vn.soctinh.analyzer;

import java.time.ZoneId;

/**
 * The province's zone when the config names none ({@code timezone:}): the one place it is written.
 * Everything that shows or schedules in local time (reports, notifications, drills, retention, the
 * CLI, the console) is handed the configured zone; only defaults and tests read this constant.
 */
public final class DisplayZone {
  /** Vietnam: UTC+7, no daylight saving. */
  public static final ZoneId DEFAULT = ZoneId.of("Asia/Ho_Chi_Minh");

  private DisplayZone() {}
}
