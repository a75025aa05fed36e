package vn.soctinh.console.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.soctinh.analyzer.incident.Incident;
import vn.soctinh.analyzer.incident.IncidentRules;
import vn.soctinh.analyzer.incident.IncidentService;
import vn.soctinh.analyzer.org.OrgDirectory;
import vn.soctinh.analyzer.store.Aggregation;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.analyzer.store.SearchRequest;
import vn.soctinh.analyzer.store.SearchResult;
import vn.soctinh.analyzer.store.StoreException;

/**
 * The periodic monitoring report (weekly, monthly; the province or one agency's subtree): sources
 * watched and silent, events and alerts per agency and level, top rules and attackers, incidents
 * opened, closed and overdue, deadlines met. Aggregations only, so a month of a province is cheap.
 */
public final class MonitoringReport {
  private MonitoringReport() {}

  /** @param scope the organisations covered (an agency's subtree), or null for the whole province */
  public static JsonObject build(EventStore store, IncidentService incidents, OrgDirectory orgs, JsonArray sources, Instant from, Instant to,
      String orgTitle, Set<String> scope, Instant now) throws StoreException {
    SearchResult ev = store.search(SearchRequest.of(DocKind.EVENTS, "", 0).withRange(from, to).withOrgScope(scope)
        .withAggregations(List.of(new Aggregation.Terms("org", "organization.id", 200))));
    SearchResult al = store.search(SearchRequest.of(DocKind.ALERTS, "", 0).withRange(from, to).withOrgScope(scope)
        .withAggregations(List.of(new Aggregation.Terms("org", "organization.id", 200), new Aggregation.Terms("level", "labels.level", 10),
            new Aggregation.Terms("rule", "rule.name", 10), new Aggregation.Terms("attacker", "labels.group_source_ip", 10))));
    JsonObject o = new JsonObject().put("kind", "monitoring").put("title", "BÁO CÁO GIÁM SÁT AN TOÀN THÔNG TIN MẠNG ĐỊNH KỲ")
        .put("scope", orgTitle).put("from", from.toString()).put("to", to.toString()).put("generated", now.toString())
        .put("events", ev.total()).put("alerts", al.total())
        .put("events_per_agency", named(ev.aggregations().get("org"), orgs)).put("alerts_per_agency", named(al.aggregations().get("org"), orgs))
        .put("alerts_per_level", buckets(al.aggregations().get("level"))).put("top_rules", buckets(al.aggregations().get("rule")))
        .put("top_attackers", buckets(al.aggregations().get("attacker")));
    int watched = 0;
    JsonArray silent = new JsonArray();
    for (int i = 0; i < sources.size(); i++) {
      JsonObject s = sources.getJsonObject(i);
      if (scope != null && !scope.contains(s.getString("agency"))) continue;
      watched++;
      if (s.getBoolean("silent", false)) silent.add(new JsonObject().put("source", s.getString("source")).put("agency", s.getString("agency"))
          .put("last_seen", s.getString("last_seen")));
    }
    o.put("sources_watched", watched).put("sources_silent", silent);
    int opened = 0;
    int closed = 0;
    int overdue = 0;
    int met = 0;
    int metLate = 0;
    JsonArray list = new JsonArray();
    if (incidents != null) {
      for (Incident i : incidents.list("", 5000, scope)) {
        Instant detected = i.time("detected");
        Instant done = i.time("closed");
        boolean inPeriod = detected != null && !detected.isBefore(from) && detected.isBefore(to);
        if (inPeriod) opened++;
        if (done != null && !done.isBefore(from) && done.isBefore(to)) closed++;
        for (IncidentRules.DeadlineStatus d : incidents.rules().deadlines(i, now, Duration.ZERO)) {
          switch (d.status()) {
            case "overdue" -> overdue++;
            case "met" -> met++;
            case "met_late" -> metLate++;
            default -> { }
          }
        }
        if (inPeriod) {
          list.add(new JsonObject().put("id", i.id()).put("title", i.title()).put("priority", "P" + i.priority()).put("state", i.state())
              .put("detected", detected.toString()).put("orgs", new JsonArray(i.orgs())));
        }
      }
    }
    return o.put("incidents_opened", opened).put("incidents_closed", closed).put("deadlines_overdue", overdue).put("deadlines_met", met)
        .put("deadlines_met_late", metLate).put("incidents", list);
  }

  private static JsonArray buckets(Map<Object, Long> agg) {
    JsonArray a = new JsonArray();
    if (agg != null) agg.forEach((k, v) -> a.add(new JsonObject().put("key", String.valueOf(k)).put("count", v)));
    return a;
  }

  private static JsonArray named(Map<Object, Long> agg, OrgDirectory orgs) {
    JsonArray a = new JsonArray();
    if (agg != null) {
      agg.forEach((k, v) -> {
        var o = orgs.organization(String.valueOf(k));
        a.add(new JsonObject().put("key", String.valueOf(k)).put("name", o == null ? String.valueOf(k) : o.name()).put("count", v));
      });
    }
    return a;
  }
}
