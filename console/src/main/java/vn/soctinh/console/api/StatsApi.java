package vn.soctinh.console.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import vn.soctinh.analyzer.incident.Incident;
import vn.soctinh.analyzer.incident.IncidentService;
import vn.soctinh.analyzer.store.Aggregation;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.analyzer.store.SearchRequest;
import vn.soctinh.analyzer.store.SearchResult;
import vn.soctinh.console.auth.Principal;

/**
 * The Overview page in one request: events per second over the last hour, alerts by level, agency
 * and rule over the last day, open incidents by state, deadlines due soon and silent sources, all
 * within the viewer's scope. Aggregations only: cheap on a large store.
 */
final class StatsApi {
  private final EventStore store;
  private final IncidentService incidents;
  private final Supplier<JsonArray> sources;
  private final Supplier<JsonObject> health;
  private final ApiRouter api;
  private final Clock clock;

  StatsApi(EventStore store, IncidentService incidents, Supplier<JsonArray> sources, Supplier<JsonObject> health, ApiRouter api, Clock clock) {
    this.store = store;
    this.incidents = incidents;
    this.sources = sources;
    this.health = health;
    this.api = api;
    this.clock = clock;
  }

  void mount() {
    api.add(HttpMethod.GET, "/overview", Access.READ, this::overview);
    api.add(HttpMethod.GET, "/health", Access.READ, this::health);
  }

  private Object overview(RoutingContext rc, Principal p) throws Exception {
    return overview(p);
  }

  private Object health(RoutingContext rc, Principal p) throws Exception {
    return health.get();
  }


  private JsonObject overview(Principal p) throws Exception {
    Instant now = clock.instant();
    Instant hourAgo = now.minus(Duration.ofHours(1));
    Instant dayAgo = now.minus(Duration.ofDays(1));
    SearchResult ev = store.search(SearchRequest.of(DocKind.EVENTS, "", 0).withRange(hourAgo, now).withOrgScope(p.scope())
        .withAggregations(List.of(new Aggregation.DateHistogram("m", "@timestamp", Duration.ofMinutes(1)))));
    SearchResult al = store.search(SearchRequest.of(DocKind.ALERTS, "", 0).withRange(dayAgo, now).withOrgScope(p.scope())
        .withAggregations(List.of(new Aggregation.Terms("level", "labels.level", 10), new Aggregation.Terms("org", "organization.id", 20),
            new Aggregation.Terms("rule", "rule.name", 10))));
    JsonObject o = new JsonObject().put("now", now.toString())
        .put("events_last_hour", ev.total()).put("events_per_second", Math.round(ev.total() / 3600.0 * 10) / 10.0)
        .put("events_per_minute", Docs.buckets(ev.aggregations().get("m"), true))
        .put("alerts_last_day", al.total())
        .put("alerts_by_level", Docs.buckets(al.aggregations().get("level"), false))
        .put("alerts_by_org", Docs.buckets(al.aggregations().get("org"), false))
        .put("top_rules", Docs.buckets(al.aggregations().get("rule"), false));
    JsonObject byState = new JsonObject();
    JsonArray due = new JsonArray();
    if (incidents != null) {
      for (Incident i : incidents.list("labels.open:true", 1000, p.scope())) {
        byState.put(i.state(), byState.getInteger(i.state(), 0) + 1);
        for (var d : incidents.rules().deadlines(i, now, Duration.ofHours(24))) {
          if (d.due() != null && d.metAt() == null && d.due().isBefore(now.plus(Duration.ofHours(24)))) {
            due.add(new JsonObject().put("incident", i.id()).put("title", i.title()).put("deadline", d.deadline().id()).put("vi", d.deadline().vi())
                .put("en", d.deadline().en()).put("due", d.due().toString()).put("status", d.status()));
          }
        }
      }
    }
    JsonArray silent = new JsonArray();
    JsonArray all = sources.get();
    for (int i = 0; i < all.size(); i++) {
      JsonObject s = all.getJsonObject(i);
      if (s.getBoolean("silent", false) && p.sees(s.getString("agency"))) silent.add(s);
    }
    return o.put("open_incidents_by_state", byState).put("deadlines_due", due).put("silent_sources", silent);
  }
}
