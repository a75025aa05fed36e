package vn.soctinh.analyzer.parse;

import java.util.List;
import vn.soctinh.analyzer.event.Event;

/** Sets the ECS categorisation fields every content parser fills for a message it recognised. */
public final class EventClass {
  private EventClass() {}

  /** {@code event.category}, {@code event.type}, {@code event.action}, and {@code event.outcome} unless null. */
  public static void set(Event e, List<String> category, List<String> type, String action, String outcome) {
    e.put("event.category", category);
    e.put("event.type", type);
    e.put("event.action", action);
    if (outcome != null) e.put("event.outcome", outcome);
  }

  /** The same with {@code event.kind} ({@code alert} for a device's own detections, {@code metric}, ...). */
  public static void set(Event e, String kind, List<String> category, List<String> type, String action, String outcome) {
    e.put("event.kind", kind);
    set(e, category, type, action, outcome);
  }
}
