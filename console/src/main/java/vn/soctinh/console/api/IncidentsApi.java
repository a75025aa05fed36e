package vn.soctinh.console.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.incident.Incident;
import vn.soctinh.analyzer.incident.IncidentDocs;
import vn.soctinh.analyzer.incident.IncidentRules;
import vn.soctinh.analyzer.incident.IncidentService;
import vn.soctinh.analyzer.incident.SafeMarkdown;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.console.LiveFeed;
import vn.soctinh.console.auth.Principal;

/**
 * Incidents: list and detail (with the moves the pack allows, deadlines and safely rendered
 * comments) and every action of the incident service. Each action is audited and pushed to the
 * live feed. An incident outside the viewer's agencies answers 404.
 */
final class IncidentsApi {
  private final IncidentService incidents;
  private final EventStore store;
  private final ApiRouter api;
  private final LiveFeed feed;
  private final Clock clock;
  private final Duration warnLead;

  private final java.util.function.Supplier<vn.soctinh.analyzer.org.OrgDirectory> orgs;
  private final vn.soctinh.console.report.IncidentReports reports;

  private final vn.soctinh.console.report.ReportDrafts drafts;

  IncidentsApi(IncidentService incidents, EventStore store, ApiRouter api, LiveFeed feed, Clock clock, Duration warnLead,
      java.util.function.Supplier<vn.soctinh.analyzer.org.OrgDirectory> orgs, vn.soctinh.console.report.ReportRenderer renderer,
      vn.soctinh.console.report.ReportDrafts drafts) {
    this.orgs = orgs;
    this.drafts = drafts;
    this.reports = new vn.soctinh.console.report.IncidentReports(incidents, renderer, clock);
    this.incidents = incidents;
    this.store = store;
    this.api = api;
    this.feed = feed;
    this.clock = clock;
    this.warnLead = warnLead;
  }

  void mount() {
    api.add(HttpMethod.GET, "/incidents", Access.READ, this::list);
    api.add(HttpMethod.POST, "/incidents", Access.WORK, this::createFromAlert);
    api.add(HttpMethod.GET, "/incidents/{id}", Access.READ, this::show);
    api.add(HttpMethod.POST, "/incidents/{id}/transition", Access.WORK, this::transition);
    api.add(HttpMethod.POST, "/incidents/{id}/comments", Access.WORK, this::comment);
    api.add(HttpMethod.POST, "/incidents/{id}/assign", Access.WORK, this::assign);
    api.add(HttpMethod.POST, "/incidents/{id}/classify", Access.WORK, this::classify);
    api.add(HttpMethod.POST, "/incidents/{id}/serious", Access.WORK, this::overrideSerious);
    api.add(HttpMethod.POST, "/incidents/{id}/reports", Access.WORK, this::reportSent);
    api.add(HttpMethod.POST, "/incidents/{id}/merge", Access.WORK, this::merge);
    api.add(HttpMethod.POST, "/incidents/{id}/split", Access.WORK, this::split);
    api.add(HttpMethod.POST, "/incidents/{id}/evidence", Access.WORK, this::attachEvidence);
    api.add(HttpMethod.GET, "/incidents/{id}/report", Access.READ, this::reportAsFiled);
    api.add(HttpMethod.POST, "/incidents/{id}/report", Access.WORK, this::reportWithFields);
    api.add(HttpMethod.POST, "/incidents/{id}/report/send", Access.WORK, this::sendReport);
    api.add(HttpMethod.GET, "/incidents/{id}/report/draft", Access.READ, this::draft);
    api.add(HttpMethod.POST, "/incidents/{id}/report/draft", Access.WORK, this::saveDraft);
    api.add(HttpMethod.GET, "/incidents/{id}/stix", Access.READ, this::stix);
    api.add(HttpMethod.GET, "/incidents/{id}/evidence/{sha256}", Access.READ, this::downloadEvidence);
  }

  private Object show(RoutingContext rc, Principal p) throws Exception {
    return detail(visible(rc, p));
  }

  private Object transition(RoutingContext rc, Principal p) throws Exception {
    String to = required(ApiRouter.body(rc), "to");
    return changed(p, "incident_transition", visible(rc, p), incidents.transition(rc.pathParam("id"), to, p.name()), to);
  }

  private Object comment(RoutingContext rc, Principal p) throws Exception {
    String text = required(ApiRouter.body(rc), "text");
    if (text.length() > 20_000) throw ApiError.badRequest("text: at most 20000 characters");
    return changed(p, "incident_comment", visible(rc, p), incidents.comment(rc.pathParam("id"), p.name(), text), "");
  }

  private Object assign(RoutingContext rc, Principal p) throws Exception {
    JsonObject b = ApiRouter.body(rc);
    List<String> assignees = new ArrayList<>();
    for (Object o : b.getJsonArray("assignees", new JsonArray())) assignees.add(String.valueOf(o));
    return changed(p, "incident_assign", visible(rc, p), incidents.assign(rc.pathParam("id"), b.getString("owner"), assignees, p.name()),
        b.getString("owner"));
  }

  private Object classify(RoutingContext rc, Principal p) throws Exception {
    JsonObject b = ApiRouter.body(rc);
    return changed(p, "incident_classify", visible(rc, p), incidents.classify(rc.pathParam("id"), required(b, "type"),
        b.getBoolean("national_security", false), b.getBoolean("essential_service_down", false), p.name()), b.getString("type"));
  }

  private Object overrideSerious(RoutingContext rc, Principal p) throws Exception {
    JsonObject b = ApiRouter.body(rc);
    if (b.getBoolean("serious") == null) throw ApiError.badRequest("serious: true or false");
    return changed(p, "incident_serious", visible(rc, p), incidents.overrideSerious(rc.pathParam("id"), b.getBoolean("serious"), required(b, "reason"),
        p.name()), String.valueOf(b.getBoolean("serious")));
  }

  private Object reportSent(RoutingContext rc, Principal p) throws Exception {
    String kind = required(ApiRouter.body(rc), "kind");
    return changed(p, "incident_report_sent", visible(rc, p), incidents.reportSent(rc.pathParam("id"), kind, p.name()), kind);
  }

  private Object merge(RoutingContext rc, Principal p) throws Exception {
    String source = required(ApiRouter.body(rc), "source");
    Incident target = visible(rc, p);
    visible(source, p);
    return changed(p, "incident_merge", target, incidents.merge(target.id(), source, p.name()), source);
  }

  private Object split(RoutingContext rc, Principal p) throws Exception {
    List<String> ids = new ArrayList<>();
    for (Object o : ApiRouter.body(rc).getJsonArray("alert_ids", new JsonArray())) ids.add(String.valueOf(o));
    if (ids.isEmpty()) throw ApiError.badRequest("alert_ids: the alerts to move to a new incident");
    Incident before = visible(rc, p);
    Incident created = incidents.split(before.id(), ids, p.name());
    api.audit(p, "incident_split", "incident:" + before.id(), "new " + created.id());
    feed.publish("incident", created.orgs(), summary(created));
    return detail(created);
  }

  private Object attachEvidence(RoutingContext rc, Principal p) throws Exception {
    Incident i = visible(rc, p);
    String name = rc.request().getParam("name", "");
    if (name.isBlank() || name.length() > 255) throw ApiError.badRequest("name: the file name, 1..255 characters");
    byte[] bytes = rc.body() == null || rc.body().buffer() == null ? new byte[0] : rc.body().buffer().getBytes();
    if (bytes.length == 0) throw ApiError.badRequest("the body is the file, and it is empty");
    Incident after = incidents.attach(i.id(), name, new ByteArrayInputStream(bytes), p.name(), rc.request().getParam("note", ""));
    return changed(p, "incident_evidence", i, after, after.evidence().get(after.evidence().size() - 1).sha256());
  }

  private Object reportAsFiled(RoutingContext rc, Principal p) throws Exception {
    return report(rc, p, java.util.Map.of());
  }

  private Object reportWithFields(RoutingContext rc, Principal p) throws Exception {
    JsonObject fields = ApiRouter.body(rc).getJsonObject("fields", new JsonObject());
    java.util.Map<String, String> filled = new java.util.HashMap<>();
    fields.forEach(e -> filled.put(e.getKey(), e.getValue() == null ? null : String.valueOf(e.getValue())));
    return report(rc, p, filled);
  }

  private Object draft(RoutingContext rc, Principal p) throws Exception {
    Incident i = scoped(visible(rc, p), p);
    String kind = reportKind(rc.request().getParam("kind", "initial"));
    var d = drafts.get(i.id(), kind);
    var r = reports.render(i, orgs.get(), kind, "json", d.fields());
    return new JsonObject().put("kind", kind).put("fields", new JsonObject(new java.util.LinkedHashMap<>(d.fields()))).put("by", d.by())
        .put("at", d.at() == null ? null : d.at().toString()).put("report", new JsonObject(new String(r.bytes(), java.nio.charset.StandardCharsets.UTF_8)));
  }

  private Object saveDraft(RoutingContext rc, Principal p) throws Exception {
    Incident i = visible(rc, p);
    JsonObject b = ApiRouter.body(rc);
    String kind = reportKind(b.getString("kind", "initial"));
    java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
    for (var e : b.getJsonObject("fields", new JsonObject())) {
      String v = e.getValue() == null ? "" : String.valueOf(e.getValue());
      if (v.length() > vn.soctinh.console.report.ReportDrafts.MAX_FIELD_CHARS) throw ApiError.badRequest(e.getKey() + ": at most 20000 characters");
      fields.put(e.getKey(), v);
    }
    var d = drafts.save(i.id(), kind, fields, p.name(), clock.instant());
    api.audit(p, "report_draft", "incident:" + i.id(), kind + ": " + String.join(",", fields.keySet()));
    return new JsonObject().put("kind", kind).put("fields", new JsonObject(new java.util.LinkedHashMap<>(d.fields()))).put("by", d.by())
        .put("at", d.at().toString());
  }

  private Object stix(RoutingContext rc, Principal p) throws Exception {
    Incident i = scoped(visible(rc, p), p);
    java.util.List<vn.soctinh.analyzer.event.Event> alerts = reports.alerts(i, 1000);
    api.auditRead(p, "stix_export", "incident:" + i.id(), alerts.size() + " alerts");
    rc.response().putHeader("Content-Disposition", "attachment; filename=\"" + i.id() + ".stix.json\"");
    return vn.soctinh.console.report.StixExport.bundle(i, alerts, orgs.get(), clock.instant());
  }

  private Object downloadEvidence(RoutingContext rc, Principal p) throws Exception {
    Incident i = visible(rc, p);
    String sha = rc.pathParam("sha256");
    Incident.Evidence ev = i.evidence().stream().filter(e -> e.sha256().equals(sha)).findFirst().orElseThrow(() -> ApiError.notFound("evidence"));
    java.nio.file.Path f = incidents.evidenceFile(sha);
    if (f == null || !Files.isRegularFile(f)) throw ApiError.notFound("evidence file");
    String safeName = ev.name().replaceAll("[^A-Za-z0-9._-]", "_");
    // always a download, never rendered: the file came from outside
    rc.response().putHeader("Content-Type", "application/octet-stream").putHeader("Content-Disposition", "attachment; filename=\"" + safeName + "\"")
        .sendFile(f.toString());
    return null;
  }


  /** The initial or closing report, filled from the platform's data (and the analyst's text for the rest), as PDF, HTML or JSON. */
  private Object report(RoutingContext rc, Principal p, java.util.Map<String, String> filled) throws Exception {
    Incident i = scoped(visible(rc, p), p);
    JsonObject b = rc.request().method() == HttpMethod.POST ? ApiRouter.body(rc) : new JsonObject();
    String kind = b.getString("kind", rc.request().getParam("kind", "initial"));
    String format = b.getString("format", rc.request().getParam("format", "pdf"));
    var r = reports.render(i, orgs.get(), kind, format, drafts.with(i.id(), reportKind(kind), filled));
    api.auditRead(p, "report_" + kind, "incident:" + i.id(), format);
    if (format.equals("json")) return new JsonObject(new String(r.bytes(), java.nio.charset.StandardCharsets.UTF_8));
    rc.response().putHeader("Content-Type", r.contentType())
        .putHeader("Content-Disposition", (format.equals("pdf") ? "attachment" : "inline") + "; filename=\"" + i.id() + "-" + kind + "." + r.extension() + "\"")
        .end(io.vertx.core.buffer.Buffer.buffer(r.bytes()));
    return null;
  }

  /**
   * Freezes a report as sent: the PDF (with the analyst's text for the fields the data cannot fill)
   * is kept as the incident's evidence under its SHA-256, with a version and its author, and the
   * incident records the report as sent, which meets the pack's deadline for it.
   */
  private JsonObject sendReport(RoutingContext rc, Principal p) throws Exception {
    Incident i = visible(rc, p);
    JsonObject b = ApiRouter.body(rc);
    String kind = b.getString("kind", "");
    java.util.Map<String, String> filled = new java.util.HashMap<>();
    b.getJsonObject("fields", new JsonObject()).forEach(e -> filled.put(e.getKey(), e.getValue() == null ? null : String.valueOf(e.getValue())));
    var r = reports.render(i, orgs.get(), kind, "pdf", drafts.with(i.id(), reportKind(kind), filled));
    long version = 1 + i.evidence().stream().filter(e -> e.note() != null && e.note().startsWith("report:" + kind + " ")).count();
    String name = i.id() + "-" + kind + "-v" + version + ".pdf";
    int missing = r.report().missing().size();
    Incident attached = incidents.attach(i.id(), name, new ByteArrayInputStream(r.bytes()), p.name(),
        "report:" + kind + " v" + version + " sent; " + missing + " fields left for the agency");
    Incident after = incidents.reportSent(i.id(), kind, p.name());
    Incident.Evidence kept = attached.evidence().get(attached.evidence().size() - 1);
    api.audit(p, "report_sent", "incident:" + i.id(), kind + " v" + version + " sha256 " + kept.sha256());
    feed.publish("incident", after.orgs(), summary(after));
    return detail(after).put("report", new JsonObject().put("kind", kind).put("version", version).put("name", name).put("sha256", kept.sha256())
        .put("size", kept.size()).put("fields_missing", missing));
  }

  private static String reportKind(String kind) {
    if (kind == null || !kind.matches("[a-z_]{1,40}")) throw ApiError.badRequest("kind: initial or closing");
    return kind;
  }

  private JsonArray list(RoutingContext rc, Principal p) throws Exception {
    int size = ApiRouter.intParam(rc, "size", 100, 1, 1000);
    StringBuilder q = new StringBuilder(rc.request().getParam("q", ""));
    String state = rc.request().getParam("state");
    if (state != null && !state.isEmpty()) {
      if (!state.matches("[a-z_]{1,40}")) throw ApiError.badRequest("state: a state id");
      q.append(q.length() == 0 ? "" : " AND ").append("labels.state:").append(state);
    }
    String open = rc.request().getParam("open");
    if ("true".equals(open) || "false".equals(open)) q.append(q.length() == 0 ? "" : " AND ").append("labels.open:").append(open);
    JsonArray out = new JsonArray();
    for (Incident i : incidents.list(EventsApi.withoutDrills(q.toString(), p, DocKind.INCIDENTS), size, p.scope())) out.add(summary(i));
    return out;
  }

  private JsonObject createFromAlert(RoutingContext rc, Principal p) throws Exception {
    String alertId = required(ApiRouter.body(rc), "alert_id");
    Event alert = EventsApi.visible(store, DocKind.ALERTS, alertId, p);
    Incident i = incidents.fromAlert(alert);
    api.audit(p, "incident_from_alert", "incident:" + i.id(), alertId);
    feed.publish("incident", i.orgs(), summary(i));
    return detail(i);
  }

  private Incident visible(RoutingContext rc, Principal p) throws Exception {
    return visible(rc.pathParam("id"), p);
  }

  private Incident visible(String id, Principal p) throws Exception {
    Incident i = incidents.get(id).orElseThrow(() -> ApiError.notFound("incident"));
    if (!p.seesAny(i.orgs()) || (i.drill() && !p.seesDrills())) throw ApiError.notFound("incident");
    return i;
  }

  /**
   * The incident as {@code p} may read it: a viewer of one agency, given an incident that spans
   * several, gets its own agencies, their systems and their alerts only. The STIX bundle and the
   * reports are built from this, so they carry no other agency's alerts, addresses or contacts.
   */
  private Incident scoped(Incident i, Principal p) throws Exception {
    if (p.scope() == null) return i;
    java.util.List<String> ids = new java.util.ArrayList<>();
    for (vn.soctinh.analyzer.event.Event a : reports.alerts(i, i.alertIds().size())) {
      if (p.sees(a.getString("organization.id"))) ids.add(a.getString("event.id"));
    }
    vn.soctinh.analyzer.org.OrgDirectory d = orgs.get();
    java.util.List<String> own = i.orgs().stream().filter(p::sees).toList();
    java.util.List<String> systems = i.systems().stream().filter(s -> d.system(s) != null && p.sees(d.system(s).org())).toList();
    return i.withAlerts(ids, own, systems, i.securityLevel(), i.priority(), i.groupKeys());
  }

  private JsonObject changed(Principal p, String action, Incident before, Incident after, String detail) {
    api.audit(p, action, "incident:" + before.id(), detail == null ? "" : detail);
    feed.publish("incident", after.orgs(), summary(after));
    return detail(after);
  }

  private static String required(JsonObject b, String key) {
    Object v = b.getValue(key);
    if (!(v instanceof String s) || s.isBlank()) throw ApiError.badRequest(key + ": required");
    return s;
  }

  JsonObject summary(Incident i) {
    IncidentRules rules = incidents.rules();
    return new JsonObject().put("id", i.id()).put("title", i.title()).put("state", i.state()).put("priority", "P" + i.priority())
        .put("orgs", new JsonArray(i.orgs())).put("systems", new JsonArray(i.systems())).put("owner", i.owner()).put("type", i.type())
        .put("security_level", i.securityLevel()).put("serious", rules.serious(i)).put("drill", i.drill()).put("alerts", i.alertIds().size())
        .put("detected", i.time("detected") == null ? null : i.time("detected").toString()).put("merged_into", i.mergedInto())
        .put("deadlines", deadlines(i));
  }

  private JsonArray deadlines(Incident i) {
    JsonArray out = new JsonArray();
    for (IncidentRules.DeadlineStatus d : incidents.rules().deadlines(i, clock.instant(), warnLead)) {
      out.add(new JsonObject().put("id", d.deadline().id()).put("vi", d.deadline().vi()).put("en", d.deadline().en())
          .put("due", d.due() == null ? null : d.due().toString()).put("met_at", d.metAt() == null ? null : d.metAt().toString()).put("status", d.status()));
    }
    return out;
  }

  JsonObject detail(Incident i) {
    JsonObject o = new JsonObject(IncidentDocs.write(i));
    var pack = incidents.rules().packOf(i);
    JsonArray allowed = new JsonArray();
    for (String to : pack.allowedFrom(i.state())) {
      var st = pack.states().stream().filter(s -> s.id().equals(to)).findFirst();
      allowed.add(new JsonObject().put("id", to).put("vi", st.map(s -> s.vi()).orElse(to)).put("en", st.map(s -> s.en()).orElse(to)));
    }
    JsonArray states = new JsonArray();
    for (var s : pack.states()) states.add(new JsonObject().put("id", s.id()).put("vi", s.vi()).put("en", s.en()));
    JsonArray comments = o.getJsonArray("comments", new JsonArray());
    for (int k = 0; k < comments.size(); k++) {
      JsonObject c = comments.getJsonObject(k);
      c.put("html", SafeMarkdown.toHtml(c.getString("text", "")));
    }
    return o.put("allowed", allowed).put("states", states).put("serious_computed", incidents.rules().computedSerious(i))
        .put("serious", incidents.rules().serious(i)).put("deadlines", deadlines(i)).put("priority_label", "P" + i.priority())
        .put("incident_types", types(pack));
  }

  private static JsonArray types(vn.soctinh.analyzer.incident.RegulationPack pack) {
    JsonArray out = new JsonArray();
    for (var n : pack.incidentTypes()) out.add(new JsonObject().put("id", n.id()).put("vi", n.vi()).put("en", n.en()));
    return out;
  }
}
