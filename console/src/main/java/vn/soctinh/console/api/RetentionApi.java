package vn.soctinh.console.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import vn.soctinh.console.ConsoleBackend;
import vn.soctinh.console.auth.Principal;

/**
 * Retention for admins: the plan (what the next pass deletes per agency and kind, what incidents
 * hold, the journal's and the disk's use) and a pass on demand, audited under the admin's name.
 */
final class RetentionApi {
  private final ConsoleBackend.Retention retention;
  private final ApiRouter api;

  RetentionApi(ConsoleBackend.Retention retention, ApiRouter api) {
    this.retention = retention;
    this.api = api;
  }

  void mount() {
    api.add(HttpMethod.GET, "/retention/plan", Access.ADMIN, this::plan);
    api.add(HttpMethod.POST, "/retention/run", Access.ADMIN, this::run);
  }

  private Object plan(RoutingContext rc, Principal p) throws Exception {
    if (retention == null) return new JsonObject().put("enabled", false);
    return retention.plan().put("enabled", true);
  }

  private Object run(RoutingContext rc, Principal p) throws Exception {
    if (retention == null) throw ApiError.notFound("retention");
    // deleting is not undone: the body must say so, so that no stray request deletes anything
    if (!Boolean.TRUE.equals(ApiRouter.body(rc).getBoolean("confirm"))) throw ApiError.badRequest("a pass deletes data: send {\"confirm\": true}");
    return retention.run(p.name());
  }

}
