package vn.soctinh.analyzer.notify;

import java.util.Map;

/**
 * Something people must hear about: a new P1/P2 incident, a deadline due soon or passed, a silent
 * source, a disk filling up. {@code kind} picks the template; {@code fields} fill it. Drill notifications are not sent.
 */
public record Notification(String kind, Map<String, String> fields, boolean drill) {
  public static final java.util.List<String> KINDS = java.util.List.of("incident_opened", "deadline_warning", "deadline_overdue", "source_silent",
      "disk_watermark");
}
