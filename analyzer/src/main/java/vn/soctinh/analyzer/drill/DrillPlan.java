package vn.soctinh.analyzer.drill;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A planned drill: which scenario, when, who takes part in which role, and what the referees
 * and the organising committee wrote. The scores themselves are never stored here: they are
 * computed from the pipeline's records each time.
 *
 * @param roles committee, referees, red_team, blue_team, observers: names (people or units)
 * @param agencies the participating agencies (organisation ids)
 * @param notes the reports' human parts: organisation (how the response was organised), verdict, lessons
 * @param status planned, running, injected, failed, cancelled
 */
public record DrillPlan(String id, String scenarioId, String title, Instant windowStart, Instant windowEnd, boolean autoStart,
    List<String> agencies, Map<String, List<String>> roles, Map<String, String> variables, double speed, String status, String createdBy,
    Instant createdAt, Instant startedAt, Instant injectedAt, String error, List<DrillScore.RefereeEntry> referee, Map<String, String> notes) {

  public static final List<String> ROLES = List.of("committee", "referees", "red_team", "blue_team", "observers");
  public static final List<String> NOTES = List.of("organisation", "verdict", "lessons");

  /** A new drill id: {@code DR-yyyyMMdd-HHmmss-xxxx} (local time in {@code zone}, 4 random hex digits). */
  public static String newId(java.time.Clock clock, java.time.ZoneId zone) {
    String t = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(zone).format(clock.instant());
    return "DR-" + t + "-" + String.format("%04x", java.util.concurrent.ThreadLocalRandom.current().nextInt(0x10000));
  }

  public DrillPlan withStatus(String s, Instant started, Instant injected, String err) {
    return new DrillPlan(id, scenarioId, title, windowStart, windowEnd, autoStart, agencies, roles, variables, speed, s, createdBy, createdAt,
        started, injected, err, referee, notes);
  }

  public DrillPlan withReferee(DrillScore.RefereeEntry e) {
    List<DrillScore.RefereeEntry> r = new ArrayList<>(referee);
    r.add(e);
    return new DrillPlan(id, scenarioId, title, windowStart, windowEnd, autoStart, agencies, roles, variables, speed, status, createdBy,
        createdAt, startedAt, injectedAt, error, List.copyOf(r), notes);
  }

  public DrillPlan withNotes(Map<String, String> more) {
    Map<String, String> n = new LinkedHashMap<>(notes);
    more.forEach((k, v) -> {
      if (v == null || v.isBlank()) n.remove(k);
      else n.put(k, v);
    });
    return new DrillPlan(id, scenarioId, title, windowStart, windowEnd, autoStart, agencies, roles, variables, speed, status, createdBy,
        createdAt, startedAt, injectedAt, error, referee, Map.copyOf(n));
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("scenario", scenarioId);
    m.put("title", title);
    m.put("window_start", str(windowStart));
    m.put("window_end", str(windowEnd));
    m.put("auto_start", autoStart);
    m.put("agencies", agencies);
    m.put("roles", roles);
    m.put("variables", variables);
    m.put("speed", speed);
    m.put("status", status);
    m.put("created_by", createdBy);
    m.put("created_at", str(createdAt));
    m.put("started_at", str(startedAt));
    m.put("injected_at", str(injectedAt));
    m.put("error", error);
    List<Object> ref = new ArrayList<>();
    for (DrillScore.RefereeEntry e : referee) ref.add(e.toMap());
    m.put("referee", ref);
    m.put("notes", notes);
    return m;
  }

  @SuppressWarnings("unchecked")
  public static DrillPlan fromMap(Map<String, Object> m) {
    List<DrillScore.RefereeEntry> ref = new ArrayList<>();
    for (Object o : (List<Object>) m.getOrDefault("referee", List.of())) ref.add(DrillScore.RefereeEntry.fromMap((Map<?, ?>) o));
    return new DrillPlan((String) m.get("id"), (String) m.get("scenario"), (String) m.get("title"), time(m.get("window_start")),
        time(m.get("window_end")), Boolean.TRUE.equals(m.get("auto_start")), (List<String>) m.getOrDefault("agencies", List.of()),
        (Map<String, List<String>>) m.getOrDefault("roles", Map.of()), (Map<String, String>) m.getOrDefault("variables", Map.of()),
        m.get("speed") instanceof Number n ? n.doubleValue() : 1.0, (String) m.getOrDefault("status", "planned"), (String) m.get("created_by"),
        time(m.get("created_at")), time(m.get("started_at")), time(m.get("injected_at")), (String) m.get("error"), List.copyOf(ref),
        (Map<String, String>) m.getOrDefault("notes", Map.of()));
  }

  private static Instant time(Object o) {
    return o == null ? null : Instant.parse(String.valueOf(o));
  }

  private static String str(Instant t) {
    return t == null ? null : t.toString();
  }
}
