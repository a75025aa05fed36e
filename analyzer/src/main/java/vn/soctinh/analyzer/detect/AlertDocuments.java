package vn.soctinh.analyzer.detect;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import vn.soctinh.analyzer.detect.ioc.IocMatcher;
import vn.soctinh.analyzer.detect.sigma.SigmaAlert;
import vn.soctinh.analyzer.detect.sigma.SigmaAlertBuilder;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.incident.Priority;

/**
 * An alert as a stored document (ECS where ECS has a name for it), and what it is about: the system
 * and its security level, a drill, and the priority that follows. Its {@code event.id} comes from the
 * rule, the group-by values and the first event, so a replay rewrites the same alert.
 */
public final class AlertDocuments {
  /** The rule id of alerts raised by an indicator hit. */
  public static final String IOC_RULE = "soctinh-ioc";

  /** Fields copied from the event that raised the alert (the last one, for a correlation). */
  private static final List<String> CONCERNING = List.of("labels.system_id", "labels.system_name", "labels.security_level",
      "organization.name", "labels.drill_id", "labels.drill_scenario", "labels.drill_step");

  private AlertDocuments() {}

  /** The alert an indicator hit raises. */
  public static SigmaAlert ofIndicator(IocMatcher.Hit h, Event e) {
    Instant t = e.getInstant("@timestamp") != null ? e.getInstant("@timestamp") : Instant.now();
    String id = e.getString("event.id");
    return SigmaAlertBuilder.builder().ruleId(IOC_RULE)
        .title("Threat-intelligence indicator: " + h.value() + (h.indicator().feed() == null ? "" : " (" + h.indicator().feed() + ")"))
        .level(h.indicator().level()).techniques(List.of()).correlation(false).groupBy(Map.of(h.field(), h.value())).firstSeen(t).lastSeen(t).count(1)
        .eventIds(id == null ? List.of() : List.of(id)).agency(e.getString("organization.id")).build();
  }

  /** The document of {@code a}, raised by {@code e}, with its priority; {@code event.created} is when it was raised. */
  public static Event of(SigmaAlert a, Event e, Priority priority, Instant raisedAt) {
    return concerning(document(a), a, e, priority).put("event.created", raisedAt);
  }

  static Event document(SigmaAlert a) {
    String firstEvent = a.eventIds().isEmpty() ? a.firstSeen().toString() : a.eventIds().get(0);
    String key = a.groupBy().isEmpty() ? "" : ":" + String.join(",", new TreeMap<>(a.groupBy()).values());
    Event d = new Event()
        .put("@timestamp", a.lastSeen())
        .put("event.id", "alert:" + a.ruleId() + key + ":" + firstEvent)
        .put("event.kind", "alert")
        .put("event.start", a.firstSeen())
        .put("event.end", a.lastSeen())
        .put("event.sequence", a.count())
        .put("rule.id", a.ruleId())
        .put("rule.name", a.title())
        .put("event.severity", severity(a.level()))
        .put("labels.level", a.level() == null ? "unknown" : a.level())
        .put("labels.correlation", Boolean.toString(a.correlation()))
        .put("soctinh.event_ids", List.copyOf(a.eventIds()));
    if (!a.techniques().isEmpty()) d.put("threat.technique.id", List.copyOf(a.techniques()));
    if (a.status() != null) d.put("labels.rule_status", a.status());
    for (String t : a.tags()) d.addTag(t);
    if (a.agency() != null) d.put("organization.id", a.agency());
    a.groupBy().forEach((k, v) -> d.put("labels.group_" + k.replace('.', '_'), v));
    return d;
  }

  private static Event concerning(Event doc, SigmaAlert a, Event e, Priority priority) {
    for (String f : CONCERNING) {
      Object v = e.get(f);
      if (v != null) doc.put(f, v);
    }
    Integer level = null;
    try {
      String l = e.getString("labels.security_level");
      if (l != null) level = Integer.valueOf(l);
    } catch (NumberFormatException ex) {
      // not a level: as if no system were known
    }
    boolean ioc = IOC_RULE.equals(a.ruleId()) || e.get("threat.indicator.type") != null;
    doc.put("labels.priority", Priority.label(priority.of(a.level(), level, ioc)));
    if (e.get("labels.drill_id") != null) doc.put("labels.drill", "true");
    return doc;
  }

  /** Sigma levels as numbers for sorting: informational 1 … critical 5. */
  static long severity(String level) {
    if (level == null) return 0;
    return switch (level) {
      case "informational" -> 1;
      case "low" -> 2;
      case "medium" -> 3;
      case "high" -> 4;
      case "critical" -> 5;
      default -> 0;
    };
  }
}
