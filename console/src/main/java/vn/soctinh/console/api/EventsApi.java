package vn.soctinh.console.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.store.Aggregation;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.analyzer.store.SearchRequest;
import vn.soctinh.analyzer.store.SearchResult;
import vn.soctinh.console.auth.Principal;

/**
 * Events and alerts: search with the store's query language, a histogram of hits, a terms
 * aggregation, one document. Every search carries the principal's agency scope as a filter; a
 * document outside it answers 404, as if it did not exist.
 */
final class EventsApi {
  private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9_@.]{1,128}");
  private final EventStore store;
  private final ApiRouter api;

  EventsApi(EventStore store, ApiRouter api) {
    this.store = store;
    this.api = api;
  }

  void mount() {
    for (DocKind kind : List.of(DocKind.EVENTS, DocKind.ALERTS)) {
      String base = kind == DocKind.EVENTS ? "/events" : "/alerts";
      api.add(HttpMethod.GET, base, Access.READ, (rc, p) -> search(rc, p, kind));
      api.add(HttpMethod.GET, base + "/histogram", Access.READ, (rc, p) -> histogram(rc, p, kind));
      api.add(HttpMethod.GET, base + "/terms", Access.READ, (rc, p) -> terms(rc, p, kind));
      api.add(HttpMethod.GET, base + "/{id}", Access.READ, (rc, p) -> Docs.json(visible(store, kind, rc.pathParam("id"), p)));
    }
  }

  /** The document if the principal may see it; 404 otherwise (never 403: that would confirm it exists). */
  static Event visible(EventStore store, DocKind kind, String id, Principal p) throws Exception {
    Event e = store.get(kind, id).map(EventStore.Versioned::doc).orElseThrow(() -> ApiError.notFound(kind == DocKind.ALERTS ? "alert" : "event"));
    if (!p.seesAny(Docs.orgs(e)) || (!p.seesDrills() && isDrill(e))) throw ApiError.notFound(kind == DocKind.ALERTS ? "alert" : "event");
    return e;
  }

  static SearchRequest request(RoutingContext rc, Principal p, DocKind kind, int size) {
    String q = rc.request().getParam("q", "");
    if (q.length() > 4096) throw ApiError.badRequest("q: at most 4096 characters");
    Instant from = ApiRouter.timeParam(rc, "from");
    Instant to = ApiRouter.timeParam(rc, "to");
    if (from != null && to != null && !from.isBefore(to)) throw ApiError.badRequest("from must be before to");
    return SearchRequest.of(kind, withoutDrills(q, p, kind), size).withRange(from, to).withOrgScope(p.scope());
  }

  /** {@code q}, and for a principal who does not see drills, not a drill's document. */
  static String withoutDrills(String q, Principal p, DocKind kind) {
    if (p.seesDrills()) return q;
    String notDrill = kind == DocKind.EVENTS ? "NOT labels.drill_id:*" : "NOT labels.drill:true";
    return q == null || q.isBlank() ? notDrill : "(" + q + ") AND " + notDrill;
  }

  /** Whether a stored document belongs to a drill (an injected event, or a drill's alert or incident). */
  static boolean isDrill(Event e) {
    return e.get("labels.drill_id") != null || "true".equals(e.getString("labels.drill"));
  }

  private JsonObject search(RoutingContext rc, Principal p, DocKind kind) throws Exception {
    int size = ApiRouter.intParam(rc, "size", 50, 0, 1000);
    SearchRequest r = request(rc, p, kind, size).after(Docs.cursor(rc.request().getParam("after")));
    String sort = rc.request().getParam("sort");
    if (sort != null && !sort.isEmpty()) {
      if (!FIELD.matcher(sort).matches()) throw ApiError.badRequest("sort: a field name");
      r = r.withSort(sort, !"asc".equals(rc.request().getParam("order")));
    }
    SearchResult res = store.search(r);
    if (kind == DocKind.EVENTS && !rc.request().params().contains("after")) {
      api.auditRead(p, "search", kind.name().toLowerCase(java.util.Locale.ROOT), r.query());
    }
    return new JsonObject().put("total", res.total()).put("hits", Docs.json(res.hits())).put("next", Docs.cursor(res.nextCursor()));
  }

  private JsonObject histogram(RoutingContext rc, Principal p, DocKind kind) throws Exception {
    SearchRequest r = request(rc, p, kind, 0);
    Instant from = r.from() == null ? Instant.now().minus(Duration.ofHours(24)) : r.from();
    Instant to = r.to() == null ? Instant.now() : r.to();
    r = r.withRange(from, to);
    Duration interval = interval(Duration.between(from, to));
    SearchResult res = store.search(r.withAggregations(List.of(new Aggregation.DateHistogram("h", "@timestamp", interval))));
    return new JsonObject().put("total", res.total()).put("interval_ms", interval.toMillis()).put("buckets", Docs.buckets(res.aggregations().get("h"), true));
  }

  /** About 60 bars whatever the range, on a round interval. */
  static Duration interval(Duration range) {
    long target = Math.max(1000, range.toMillis() / 60);
    long[] steps = {1_000, 5_000, 10_000, 30_000, 60_000, 300_000, 600_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000};
    for (long s : steps) if (s >= target) return Duration.ofMillis(s);
    return Duration.ofDays(Math.max(1, target / 86_400_000));
  }

  private JsonObject terms(RoutingContext rc, Principal p, DocKind kind) throws Exception {
    String field = rc.request().getParam("field", "");
    if (!FIELD.matcher(field).matches()) throw ApiError.badRequest("field: a field name");
    int size = ApiRouter.intParam(rc, "size", 10, 1, 100);
    SearchResult res = store.search(request(rc, p, kind, 0).withAggregations(List.of(new Aggregation.Terms("t", field, size))));
    return new JsonObject().put("total", res.total()).put("buckets", Docs.buckets(res.aggregations().get("t"), false));
  }
}
