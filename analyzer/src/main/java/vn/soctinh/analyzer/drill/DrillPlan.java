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
    return toBuilder().status(s).startedAt(started).injectedAt(injected).error(err).build();
  }

  public DrillPlan withReferee(DrillScore.RefereeEntry e) {
    List<DrillScore.RefereeEntry> r = new ArrayList<>(referee);
    r.add(e);
    return toBuilder().referee(List.copyOf(r)).build();
  }

  public DrillPlan withNotes(Map<String, String> more) {
    Map<String, String> n = new LinkedHashMap<>(notes);
    more.forEach((k, v) -> {
      if (v == null || v.isBlank()) n.remove(k);
      else n.put(k, v);
    });
    return toBuilder().notes(Map.copyOf(n)).build();
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
    return new Builder((String) m.get("id"), (String) m.get("scenario"))
        .title((String) m.get("title"))
        .window(time(m.get("window_start")), time(m.get("window_end")))
        .autoStart(Boolean.TRUE.equals(m.get("auto_start")))
        .agencies((List<String>) m.getOrDefault("agencies", List.of()))
        .roles((Map<String, List<String>>) m.getOrDefault("roles", Map.of()))
        .variables((Map<String, String>) m.getOrDefault("variables", Map.of()))
        .speed(m.get("speed") instanceof Number n ? n.doubleValue() : 1.0)
        .status((String) m.getOrDefault("status", "planned"))
        .created((String) m.get("created_by"), time(m.get("created_at")))
        .startedAt(time(m.get("started_at")))
        .injectedAt(time(m.get("injected_at")))
        .error((String) m.get("error"))
        .referee(List.copyOf(ref))
        .notes((Map<String, String>) m.getOrDefault("notes", Map.of()))
        .build();
  }

  /** This plan's values in a builder, to change a few of them. */
  public Builder toBuilder() {
    return new Builder(id, scenarioId).title(title).window(windowStart, windowEnd).autoStart(autoStart).agencies(agencies).roles(roles)
        .variables(variables).speed(speed).status(status).created(createdBy, createdAt).startedAt(startedAt).injectedAt(injectedAt)
        .error(error).referee(referee).notes(notes);
  }

  /**
   * A plan by name: eighteen positions are easy to swap. A new plan starts {@code planned}, at speed 1,
   * with no agencies, roles, variables, referee entries or notes.
   */
  public static final class Builder {
    private final String id;
    private final String scenarioId;
    private String title;
    private Instant windowStart;
    private Instant windowEnd;
    private boolean autoStart;
    private List<String> agencies = List.of();
    private Map<String, List<String>> roles = Map.of();
    private Map<String, String> variables = Map.of();
    private double speed = 1.0;
    private String status = "planned";
    private String createdBy;
    private Instant createdAt;
    private Instant startedAt;
    private Instant injectedAt;
    private String error;
    private List<DrillScore.RefereeEntry> referee = List.of();
    private Map<String, String> notes = Map.of();

    public Builder(String id, String scenarioId) {
      this.id = id;
      this.scenarioId = scenarioId;
    }

    public Builder title(String t) {
      title = t;
      return this;
    }

    /** When the drill may run; either end may be null (no window). */
    public Builder window(Instant start, Instant end) {
      windowStart = start;
      windowEnd = end;
      return this;
    }

    public Builder autoStart(boolean a) {
      autoStart = a;
      return this;
    }

    public Builder agencies(List<String> a) {
      agencies = a;
      return this;
    }

    public Builder roles(Map<String, List<String>> r) {
      roles = r;
      return this;
    }

    public Builder variables(Map<String, String> v) {
      variables = v;
      return this;
    }

    public Builder speed(double s) {
      speed = s;
      return this;
    }

    public Builder status(String s) {
      status = s;
      return this;
    }

    public Builder created(String by, Instant at) {
      createdBy = by;
      createdAt = at;
      return this;
    }

    public Builder startedAt(Instant t) {
      startedAt = t;
      return this;
    }

    public Builder injectedAt(Instant t) {
      injectedAt = t;
      return this;
    }

    public Builder error(String e) {
      error = e;
      return this;
    }

    public Builder referee(List<DrillScore.RefereeEntry> r) {
      referee = r;
      return this;
    }

    public Builder notes(Map<String, String> n) {
      notes = n;
      return this;
    }

    public DrillPlan build() {
      return new DrillPlan(id, scenarioId, title, windowStart, windowEnd, autoStart, agencies, roles, variables, speed, status, createdBy,
          createdAt, startedAt, injectedAt, error, referee, notes);
    }
  }

  private static Instant time(Object o) {
    return o == null ? null : Instant.parse(String.valueOf(o));
  }

  private static String str(Instant t) {
    return t == null ? null : t.toString();
  }
}
