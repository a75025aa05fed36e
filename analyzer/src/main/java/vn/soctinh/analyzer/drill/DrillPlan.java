package vn.soctinh.analyzer.drill;

import io.soabase.recordbuilder.core.RecordBuilder.Initializer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.soctinh.collector.ByName;

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
@ByName
public record DrillPlan(String id, String scenarioId, String title, Instant windowStart, Instant windowEnd, boolean autoStart,
    @Initializer("NO_AGENCIES") List<String> agencies, @Initializer("NO_ROLES") Map<String, List<String>> roles,
    @Initializer("NO_VARIABLES") Map<String, String> variables, @Initializer("DEFAULT_SPEED") double speed,
    @Initializer("PLANNED") String status, String createdBy, Instant createdAt, Instant startedAt, Instant injectedAt, String error,
    @Initializer("NO_REFEREE") List<DrillScore.RefereeEntry> referee, @Initializer("NO_NOTES") Map<String, String> notes) implements DrillPlanBuilder.With {

  public static final List<String> ROLES = List.of("committee", "referees", "red_team", "blue_team", "observers");
  public static final List<String> NOTES = List.of("organisation", "verdict", "lessons");
  public static final String PLANNED = "planned";
  public static final double DEFAULT_SPEED = 1.0;
  // what a builder starts from (the window and the people are the planner's to set)
  public static final List<String> NO_AGENCIES = List.of();
  public static final Map<String, List<String>> NO_ROLES = Map.of();
  public static final Map<String, String> NO_VARIABLES = Map.of();
  public static final List<DrillScore.RefereeEntry> NO_REFEREE = List.of();
  public static final Map<String, String> NO_NOTES = Map.of();

  /** A new drill id: {@code DR-yyyyMMdd-HHmmss-xxxx} (local time in {@code zone}, 4 random hex digits). */
  public static String newId(java.time.Clock clock, java.time.ZoneId zone) {
    String t = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(zone).format(clock.instant());
    return "DR-" + t + "-" + String.format("%04x", java.util.concurrent.ThreadLocalRandom.current().nextInt(0x10000));
  }

  public DrillPlan withStatus(String s, Instant started, Instant injected, String err) {
    return with().status(s).startedAt(started).injectedAt(injected).error(err).build();
  }

  public DrillPlan withReferee(DrillScore.RefereeEntry e) {
    List<DrillScore.RefereeEntry> r = new ArrayList<>(referee);
    r.add(e);
    return with().referee(List.copyOf(r)).build();
  }

  public DrillPlan withNotes(Map<String, String> more) {
    Map<String, String> n = new LinkedHashMap<>(notes);
    more.forEach((k, v) -> {
      if (v == null || v.isBlank()) n.remove(k);
      else n.put(k, v);
    });
    return with().notes(Map.copyOf(n)).build();
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
    return DrillPlanBuilder.builder().id((String) m.get("id")).scenarioId((String) m.get("scenario"))
        .title((String) m.get("title"))
        .windowStart(time(m.get("window_start"))).windowEnd(time(m.get("window_end")))
        .autoStart(Boolean.TRUE.equals(m.get("auto_start")))
        .agencies((List<String>) m.getOrDefault("agencies", List.of()))
        .roles((Map<String, List<String>>) m.getOrDefault("roles", Map.of()))
        .variables((Map<String, String>) m.getOrDefault("variables", Map.of()))
        .speed(m.get("speed") instanceof Number n ? n.doubleValue() : DEFAULT_SPEED)
        .status((String) m.getOrDefault("status", PLANNED))
        .createdBy((String) m.get("created_by")).createdAt(time(m.get("created_at")))
        .startedAt(time(m.get("started_at")))
        .injectedAt(time(m.get("injected_at")))
        .error((String) m.get("error"))
        .referee(List.copyOf(ref))
        .notes((Map<String, String>) m.getOrDefault("notes", Map.of()))
        .build();
  }

  private static Instant time(Object o) {
    return o == null ? null : Instant.parse(String.valueOf(o));
  }

  private static String str(Instant t) {
    return t == null ? null : t.toString();
  }
}
