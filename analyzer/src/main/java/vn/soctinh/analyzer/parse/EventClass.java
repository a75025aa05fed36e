package vn.soctinh.analyzer.parse;

import java.util.List;
import vn.soctinh.analyzer.event.Event;

/** Sets the ECS categorisation fields every content parser fills for a message it recognised. */
public final class EventClass {
  // ECS's categorisation values as the parsers use them, declared once (event.category, then event.type)
  public static final List<String> NETWORK = List.of("network");
  public static final List<String> AUTHENTICATION = List.of("authentication");
  public static final List<String> AUTH_NETWORK = List.of("authentication", "network");
  public static final List<String> SESSION = List.of("session");
  public static final List<String> IAM = List.of("iam");
  public static final List<String> PROCESS = List.of("process");
  public static final List<String> HOST = List.of("host");
  public static final List<String> START = List.of("start");
  public static final List<String> END = List.of("end");
  public static final List<String> INFO = List.of("info");
  public static final List<String> PROTOCOL = List.of("protocol");
  public static final List<String> DENIED = List.of("denied");
  public static final List<String> ERROR = List.of("error");
  public static final List<String> CONNECTION_START = List.of("connection", "start");
  public static final List<String> CONNECTION_END = List.of("connection", "end");

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
