package vn.soctinh.console.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import vn.soctinh.analyzer.drill.DrillPlan;
import vn.soctinh.analyzer.drill.DrillPlanBuilder;
import vn.soctinh.analyzer.drill.DrillScenario;
import vn.soctinh.analyzer.drill.DrillScore;
import vn.soctinh.analyzer.drill.DrillView;
import vn.soctinh.analyzer.org.OrgDirectory;
import vn.soctinh.console.ConsoleBackend;
import vn.soctinh.console.auth.Principal;
import vn.soctinh.console.report.DrillReports;
import vn.soctinh.console.report.ReportRenderer;

/**
 * Drills: scenarios, plans (scenario, window, agencies, roles), start, the live board (score from
 * the pipeline), referees' scores and notes, and the three reports. A SOC matter: agency viewers
 * do not see drills (their agency may be the target, and must not be warned).
 */
final class DrillsApi {
  static final double MAX_REFEREE_POINTS = 1000;
  private final ConsoleBackend.Drills drills;
  private final Supplier<OrgDirectory> orgs;
  private final ApiRouter api;
  private final Clock clock;
  private final ReportRenderer renderer;

  DrillsApi(ConsoleBackend.Drills drills, Supplier<OrgDirectory> orgs, ApiRouter api, Clock clock, ReportRenderer renderer) {
    this.renderer = renderer;
    this.drills = drills;
    this.orgs = orgs;
    this.api = api;
    this.clock = clock;
  }

  void mount() {
    api.add(HttpMethod.GET, "/drills", Access.READ_ALL, this::listDrills);
    api.add(HttpMethod.POST, "/drills", Access.WORK, this::planDrill);
    api.add(HttpMethod.GET, "/drills/{id}", Access.READ_ALL, this::showDrill);
    api.add(HttpMethod.POST, "/drills/{id}/start", Access.WORK, this::startDrill);
    api.add(HttpMethod.POST, "/drills/{id}/referee", Access.WORK, this::addRefereeEntry);
    api.add(HttpMethod.POST, "/drills/{id}/notes", Access.WORK, this::saveNotes);
    api.add(HttpMethod.GET, "/drills/{id}/report", Access.READ_ALL, this::drillReport);
  }

  private Object listDrills(RoutingContext rc, Principal p) throws Exception {
    JsonArray scenarios = new JsonArray();
    JsonArray list = new JsonArray();
    if (drills == null) return new JsonObject().put("enabled", false).put("scenarios", scenarios).put("errors", new JsonArray()).put("drills", list);
    for (DrillScenario s : drills.scenarios()) scenarios.add(scenario(s, renderer.zone()));
    Set<String> planned = new LinkedHashSet<>();
    for (DrillPlan d : drills.plans()) {
      planned.add(d.id());
      list.add(new JsonObject(d.toMap()));
    }
    for (String id : drills.seen()) {
      if (!planned.contains(id)) list.add(new JsonObject().put("id", id).put("status", "injected").put("planned", false));
    }
    return new JsonObject().put("enabled", true).put("scenarios", scenarios).put("errors", new JsonArray(drills.scenarioErrors())).put("drills", list);
  }

  private Object planDrill(RoutingContext rc, Principal p) throws Exception {
    JsonObject b = ApiRouter.body(rc);
    DrillScenario sc = scenarioOf(b.getString("scenario"));
    Instant start = time(b, "window_start");
    Instant end = time(b, "window_end");
    if (start != null && end != null && !end.isAfter(start)) throw ApiError.badRequest("window_end must be after window_start");
    double speed = b.getDouble("speed", 1.0);
    if (!(speed >= 0.1 && speed <= 1000)) throw ApiError.badRequest("speed: 0.1..1000");
    List<String> agencies = strings(b.getJsonArray("agencies"), "agencies");
    OrgDirectory d = orgs.get();
    for (String a : agencies) if (d.organization(a) == null) throw ApiError.badRequest("agencies: no organisation " + a);
    Map<String, List<String>> roles = new LinkedHashMap<>();
    JsonObject r = b.getJsonObject("roles", new JsonObject());
    for (String k : r.fieldNames()) {
      if (!DrillPlan.ROLES.contains(k)) throw ApiError.badRequest("roles: " + k + " is not one of " + DrillPlan.ROLES);
      roles.put(k, strings(r.getJsonArray(k), "roles." + k));
    }
    Map<String, String> vars = new LinkedHashMap<>();
    JsonObject v = b.getJsonObject("variables", new JsonObject());
    for (String k : v.fieldNames()) {
      if (!sc.variables().containsKey(k)) throw ApiError.badRequest("variables: the scenario has no variable " + k);
      vars.put(k, String.valueOf(v.getValue(k)));
    }
    String title = b.getString("title", sc.title());
    if (title.isBlank() || title.length() > 300) throw ApiError.badRequest("title: 1..300 characters");
    DrillPlan plan = DrillPlanBuilder.builder().id(DrillPlan.newId(clock, renderer.zone())).scenarioId(sc.id()).title(title).windowStart(start).windowEnd(end)
        .autoStart(b.getBoolean("auto_start", false) && start != null).agencies(List.copyOf(agencies)).roles(Map.copyOf(roles))
        .variables(Map.copyOf(vars)).speed(speed).createdBy(p.name()).createdAt(clock.instant()).build();
    drills.add(plan);
    api.audit(p, "drill_plan", "drill:" + plan.id(), sc.id() + (start == null ? "" : " at " + start));
    return new JsonObject(plan.toMap());
  }

  private Object showDrill(RoutingContext rc, Principal p) throws Exception {
    DrillView v = view(rc.pathParam("id"));
    return new JsonObject().put("plan", v.plan() == null ? null : new JsonObject(v.plan().toMap()))
        .put("scenario", scenario(v.scenario(), renderer.zone()).put("target", v.text(v.scenario().target(), renderer.zone())))
        .put("score", new JsonObject(v.score().toMap()));
  }

  private Object startDrill(RoutingContext rc, Principal p) throws Exception {
    view(rc.pathParam("id"));
    DrillPlan plan;
    try {
      plan = drills.start(rc.pathParam("id"), p.name());
    } catch (IllegalStateException e) {
      throw new ApiError(409, "conflict", e.getMessage());
    }
    api.audit(p, "drill_start", "drill:" + plan.id(), plan.scenarioId());
    return new JsonObject(plan.toMap());
  }

  private Object addRefereeEntry(RoutingContext rc, Principal p) throws Exception {
    String id = rc.pathParam("id");
    requirePlan(id);
    JsonObject b = ApiRouter.body(rc);
    String team = b.getString("team", "");
    if (!team.equals("blue") && !team.equals("red")) throw ApiError.badRequest("team: blue or red");
    Double points = b.getDouble("points");
    if (points == null || Math.abs(points) > MAX_REFEREE_POINTS) throw ApiError.badRequest("points: a number, -1000..1000");
    String note = b.getString("note", "");
    if (note.length() > 2000) throw ApiError.badRequest("note: at most 2000 characters");
    DrillPlan plan = drills.referee(id, new DrillScore.RefereeEntry(team, points, note, p.name(), clock.instant()));
    api.audit(p, "drill_referee", "drill:" + id, team + " " + points + " " + note);
    return new JsonObject(plan.toMap());
  }

  private Object saveNotes(RoutingContext rc, Principal p) throws Exception {
    String id = rc.pathParam("id");
    requirePlan(id);
    JsonObject b = ApiRouter.body(rc);
    Map<String, String> notes = new LinkedHashMap<>();
    for (String k : b.fieldNames()) {
      if (!DrillPlan.NOTES.contains(k)) throw ApiError.badRequest(k + " is not one of " + DrillPlan.NOTES);
      String t = String.valueOf(b.getValue(k));
      if (t.length() > 20_000) throw ApiError.badRequest(k + ": at most 20000 characters");
      notes.put(k, t);
    }
    DrillPlan plan = drills.notes(id, notes);
    api.audit(p, "drill_notes", "drill:" + id, String.join(",", notes.keySet()));
    return new JsonObject(plan.toMap());
  }

  private Object drillReport(RoutingContext rc, Principal p) throws Exception {
    DrillView v = view(rc.pathParam("id"));
    String kind = rc.request().getParam("kind", "committee");
    String format = rc.request().getParam("format", "pdf");
    if (!DrillReports.KINDS.contains(kind)) throw ApiError.badRequest("kind: one of " + DrillReports.KINDS);
    if (!List.of("pdf", "html", "json").contains(format)) throw ApiError.badRequest("format: pdf, html or json");
    OrgDirectory d = orgs.get();
    String province = ReportRenderer.province(d);
    byte[] bytes = new DrillReports(renderer).render(v, kind, format, province, LocalDate.now(clock.withZone(renderer.zone())));
    api.auditRead(p, "drill_report", "drill:" + rc.pathParam("id"), kind + " " + format);
    String type = switch (format) {
      case "pdf" -> "application/pdf";
      case "html" -> "text/html; charset=utf-8";
      default -> "application/json";
    };
    rc.response().putHeader("Content-Type", type).putHeader("Content-Disposition", (format.equals("pdf") ? "attachment" : "inline")
        + "; filename=\"dien-tap-" + rc.pathParam("id").replaceAll("[^A-Za-z0-9-]", "") + "-" + kind + "." + format + "\"")
        .end(io.vertx.core.buffer.Buffer.buffer(bytes));
    return null;
  }


  private DrillView view(String id) throws Exception {
    if (drills == null) throw ApiError.notFound("drill");
    DrillView v = drills.view(id);
    if (v == null) throw ApiError.notFound("drill");
    return v;
  }

  private void requirePlan(String id) {
    if (drills == null || drills.plans().stream().noneMatch(d -> d.id().equals(id))) throw ApiError.notFound("drill plan");
  }

  private DrillScenario scenarioOf(String id) {
    if (drills == null) throw ApiError.badRequest("drills are not available (no analyzer)");
    if (id == null) throw ApiError.badRequest("scenario: a scenario id");
    return drills.scenarios().stream().filter(s -> s.id().equals(id)).findFirst()
        .orElseThrow(() -> ApiError.badRequest("scenario: no scenario " + id));
  }

  static JsonObject scenario(DrillScenario s, java.time.ZoneId zone) {
    JsonArray steps = new JsonArray();
    for (DrillScenario.Step st : s.steps()) {
      steps.add(new JsonObject().put("id", st.id()).put("name", st.name()).put("technique", st.technique()).put("tactic", st.tactic())
          .put("at_ms", st.at().toMillis()).put("messages", st.messages()).put("expected_rules", new JsonArray(st.expectRules()))
          .put("expect_incident", st.expectIncident()).put("weight", st.weight()));
    }
    return new JsonObject().put("id", s.id()).put("title", s.title()).put("title_en", s.titleEn()).put("description", s.description())
        .put("target", vn.soctinh.analyzer.drill.DrillLines.render(s.target(), s.variables(), 0, Instant.EPOCH, "", zone))
        .put("variables", new JsonObject(new LinkedHashMap<>(s.variables()))).put("length_ms", s.length().toMillis())
        .put("steps", steps);
  }

  private static Instant time(JsonObject b, String key) {
    String v = b.getString(key);
    if (v == null || v.isBlank()) return null;
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      throw ApiError.badRequest(key + " must be an ISO-8601 time with an offset, such as 2026-12-10T08:00:00+07:00");
    }
  }

  private static List<String> strings(JsonArray a, String what) {
    List<String> out = new ArrayList<>();
    if (a == null) return out;
    for (Object o : a) {
      if (!(o instanceof String s) || s.isBlank() || s.length() > 200) throw ApiError.badRequest(what + ": names of 1..200 characters");
      out.add(s.strip());
    }
    if (out.size() > 100) throw ApiError.badRequest(what + ": at most 100");
    return out;
  }
}
