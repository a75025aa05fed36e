package vn.soctinh.console.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import vn.soctinh.analyzer.detect.sigma.SigmaRule;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.analyzer.store.SearchRequest;
import vn.soctinh.analyzer.store.SearchResult;
import vn.soctinh.console.ConsoleBackend;
import vn.soctinh.console.auth.Principal;

/** Detection rules: list with status and load errors, switch on/off, and a trial run over recent events. */
final class RulesApi {
  static final int MAX_TRIAL = 20_000;
  private final ConsoleBackend.Rules rules;
  private final EventStore store;
  private final ApiRouter api;

  RulesApi(ConsoleBackend.Rules rules, EventStore store, ApiRouter api) {
    this.rules = rules;
    this.store = store;
    this.api = api;
  }

  void mount() {
    api.add(HttpMethod.GET, "/rules", Access.READ_ALL, this::listRules);
    api.add(HttpMethod.POST, "/rules/{id}/enabled", Access.WORK, this::setEnabled);
    api.add(HttpMethod.POST, "/rules/{id}/test", Access.WORK, this::testRule);
  }

  private Object listRules(RoutingContext rc, Principal p) throws Exception {
    Set<String> off = rules == null ? Set.of() : rules.disabled();
    JsonArray list = new JsonArray();
    if (rules != null) for (SigmaRule r : rules.list()) list.add(json(r, off));
    return new JsonObject().put("rules", list).put("errors", new JsonArray(rules == null ? List.of() : rules.errors()))
        .put("detection", rules != null);
  }

  private Object setEnabled(RoutingContext rc, Principal p) throws Exception {
    SigmaRule r = rule(rc.pathParam("id"));
    Boolean on = ApiRouter.body(rc).getBoolean("enabled");
    if (on == null) throw ApiError.badRequest("enabled: true or false");
    rules.setEnabled(r.id(), on);
    api.audit(p, on ? "rule_enable" : "rule_disable", "rule:" + r.id(), r.title());
    return json(r, rules.disabled());
  }

  private Object testRule(RoutingContext rc, Principal p) throws Exception {
    SigmaRule r = rule(rc.pathParam("id"));
    JsonObject b = ApiRouter.body(rc);
    int hours = b.getInteger("hours", 24);
    int limit = b.getInteger("limit", 5000);
    if (hours < 1 || hours > 24 * 31) throw ApiError.badRequest("hours: 1..744");
    if (limit < 1 || limit > MAX_TRIAL) throw ApiError.badRequest("limit: 1.." + MAX_TRIAL);
    Instant to = Instant.now();
    SearchRequest req = SearchRequest.of(DocKind.EVENTS, b.getString("q", ""), Math.min(limit, 1000)).withRange(to.minus(Duration.ofHours(hours)), to);
    int scanned = 0;
    List<Event> hits = new ArrayList<>();
    int matched = 0;
    SearchResult res = store.search(req);
    while (true) {
      for (Event e : res.hits()) {
        scanned++;
        if (rules.test(r.id(), e)) {
          matched++;
          if (hits.size() < 50) hits.add(e);
        }
      }
      if (res.nextCursor() == null || scanned >= limit) break;
      res = store.search(req.after(res.nextCursor()));
    }
    api.audit(p, "rule_test", "rule:" + r.id(), scanned + " events, " + matched + " matched");
    return new JsonObject().put("rule", r.id()).put("scanned", scanned).put("matched", matched).put("hits", Docs.json(hits));
  }


  private SigmaRule rule(String id) {
    if (rules == null) throw ApiError.notFound("rule");
    return rules.list().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow(() -> ApiError.notFound("rule"));
  }

  private static JsonObject json(SigmaRule r, Set<String> off) {
    return new JsonObject().put("id", r.id()).put("title", r.title()).put("level", r.level()).put("status", r.status())
        .put("description", r.description()).put("tags", new JsonArray(r.tags() == null ? List.of() : r.tags()))
        .put("logsource", String.valueOf(r.logsource())).put("enabled", !off.contains(r.id()));
  }
}
