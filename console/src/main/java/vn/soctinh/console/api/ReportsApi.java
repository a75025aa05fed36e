package vn.soctinh.console.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import java.util.function.Supplier;
import vn.soctinh.analyzer.incident.IncidentService;
import vn.soctinh.analyzer.org.OrgDirectory;
import vn.soctinh.analyzer.org.Organization;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.console.auth.Principal;
import vn.soctinh.console.report.MonitoringReport;
import vn.soctinh.console.report.ReportRenderer;

/** The periodic monitoring report, for the province or one agency's subtree (an agency viewer: its own only). */
final class ReportsApi {
  private final EventStore store;
  private final IncidentService incidents;
  private final Supplier<OrgDirectory> orgs;
  private final Supplier<JsonArray> sources;
  private final ApiRouter api;
  private final Clock clock;
  private final ReportRenderer renderer;

  ReportsApi(EventStore store, IncidentService incidents, Supplier<OrgDirectory> orgs, Supplier<JsonArray> sources, ApiRouter api, Clock clock, ReportRenderer renderer) {
    this.renderer = renderer;
    this.store = store;
    this.incidents = incidents;
    this.orgs = orgs;
    this.sources = sources;
    this.api = api;
    this.clock = clock;
  }

  void mount() {
    api.add(HttpMethod.GET, "/reports/monitoring", Access.READ, this::monitoringReport);
  }

  private Object monitoringReport(RoutingContext rc, Principal p) throws Exception {
    Instant to = ApiRouter.timeParam(rc, "to");
    Instant from = ApiRouter.timeParam(rc, "from");
    to = to == null ? clock.instant() : to;
    from = from == null ? to.minus(Duration.ofDays(7)) : from;
    if (!from.isBefore(to)) throw ApiError.badRequest("from must be before to");
    String org = rc.request().getParam("org", "");
    String format = rc.request().getParam("format", "json");
    OrgDirectory d = orgs.get();
    Set<String> scope = p.scope();
    String title = "toàn tỉnh";
    if (!org.isEmpty()) {
      Organization o = d.organization(org);
      if (o == null || !p.sees(org)) throw ApiError.notFound("organisation");
      scope = Set.copyOf(d.subtree(org));
      title = o.name();
    } else if (scope != null) {
      Organization o = p.org() == null ? null : d.organization(p.org());
      title = o == null ? String.valueOf(p.org()) : o.name();
    }
    JsonObject m = MonitoringReport.build(store, incidents, d, sources.get(), from, to, title, scope, clock.instant());
    api.auditRead(p, "report_monitoring", org.isEmpty() ? "province" : "org:" + org, from + " " + to);
    if (format.equals("json")) return m;
    byte[] bytes = renderer.monitoring(m, d, format, LocalDate.now(clock.withZone(renderer.zone())));
    String type = format.equals("pdf") ? "application/pdf" : "text/html; charset=utf-8";
    rc.response().putHeader("Content-Type", type).putHeader("Content-Disposition", (format.equals("pdf") ? "attachment" : "inline")
        + "; filename=\"bao-cao-giam-sat." + format + "\"").end(io.vertx.core.buffer.Buffer.buffer(bytes));
    return null;
  }

}
