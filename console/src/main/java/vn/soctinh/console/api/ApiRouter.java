package vn.soctinh.console.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import vn.soctinh.analyzer.audit.AuditLog;
import vn.soctinh.console.auth.Principal;

/**
 * Registers API routes with the access each needs, so the list of routes is known (the OpenAPI
 * coverage test reads it) and no route can be added without an access decision. Handlers run off
 * the event loop (the store blocks); what they return is sent as JSON; an {@link ApiError} becomes
 * its status; anything else a 500 with a generic message.
 */
public final class ApiRouter {
  public static final String PREFIX = "/api/v1";
  public static final String PRINCIPAL = "principal";

  /** A route as documented: method, path in OpenAPI form ({id}), access. */
  public record Route(HttpMethod method, String path, Access access) {}

  @FunctionalInterface
  public interface Handler {
    /** Returns a JsonObject or JsonArray to send, or null when the handler answered itself. */
    Object handle(RoutingContext rc, Principal p) throws Exception;
  }

  private final Router router;
  private final AuditLog audit;
  private final List<Route> routes = new ArrayList<>();

  public ApiRouter(Router router, AuditLog audit) {
    this.router = router;
    this.audit = audit;
  }

  public List<Route> routes() {
    return List.copyOf(routes);
  }

  /** Records a route that is served elsewhere (login, the WebSocket) for the OpenAPI check. */
  public void document(HttpMethod method, String path, Access access) {
    routes.add(new Route(method, path, access));
  }

  public void add(HttpMethod method, String path, Access access, Handler h) {
    routes.add(new Route(method, path, access));
    String vertxPath = PREFIX + path.replaceAll("\\{([a-zA-Z0-9_]+)}", ":$1");
    router.route(method, vertxPath).blockingHandler(rc -> {
      Principal p = rc.get(PRINCIPAL);
      try {
        if (p == null) throw new ApiError(401, "unauthenticated", "log in first");
        if (!access.allows(p)) throw ApiError.forbidden("the " + p.role().id() + " role cannot do this");
        Object out = h.handle(rc, p);
        if (out != null && !rc.response().ended()) sendJson(rc, 200, out);
      } catch (ApiError e) {
        fail(rc, e);
      } catch (vn.soctinh.analyzer.store.VersionConflictException e) {
        fail(rc, new ApiError(409, "conflict", "someone changed it first; reload and try again"));
      } catch (vn.soctinh.analyzer.incident.IncidentRules.IllegalTransition e) {
        fail(rc, new ApiError(409, "illegal_transition", e.getMessage()));
      } catch (IllegalArgumentException e) {
        fail(rc, ApiError.badRequest(e.getMessage()));
      } catch (vn.soctinh.analyzer.store.InvalidQueryException e) {
        fail(rc, ApiError.badRequest(e.getMessage()));
      } catch (vn.soctinh.analyzer.store.StoreException e) {
        fail(rc, new ApiError(503, "store_unavailable", "the store cannot answer now"));
      } catch (Exception e) {
        System.getLogger(ApiRouter.class.getName()).log(System.Logger.Level.ERROR, method + " " + path + " failed", e);
        fail(rc, new ApiError(500, "internal", "internal error"));
      }
    }, false);
  }

  public static void sendJson(RoutingContext rc, int status, Object body) {
    String text = body instanceof JsonObject o ? o.encode() : body instanceof JsonArray a ? a.encode() : String.valueOf(body);
    rc.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8").end(text);
  }

  public static void fail(RoutingContext rc, ApiError e) {
    if (rc.response().ended()) return;
    sendJson(rc, e.status(), new JsonObject().put("code", e.code()).put("message", e.getMessage()));
  }

  /** Writes the audit trail; a failure to write refuses the action's answer rather than hide it. */
  public void audit(Principal p, String action, String target, String detail) {
    try {
      audit.append(p == null ? "-" : p.name(), action, target, detail);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("the audit trail cannot be written: " + e.getMessage(), e);
    }
  }

  private final java.util.concurrent.ExecutorService reads = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "soctinh-console-audit");
    t.setDaemon(true);
    return t;
  });

  /**
   * Audits a read (a search) without making the answer wait for the audit trail's fsync; entries
   * keep their order. Changes use {@link #audit}, which the answer waits for.
   */
  public void auditRead(Principal p, String action, String target, String detail) {
    reads.execute(() -> {
      try {
        audit.append(p == null ? "-" : p.name(), action, target, detail);
      } catch (java.io.IOException e) {
        System.getLogger(ApiRouter.class.getName()).log(System.Logger.Level.ERROR, "the audit trail cannot be written: " + e.getMessage());
      }
    });
  }

  public AuditLog auditLog() {
    return audit;
  }

  public static JsonObject body(RoutingContext rc) {
    try {
      JsonObject b = rc.body() == null ? null : rc.body().asJsonObject();
      return b == null ? new JsonObject() : b;
    } catch (RuntimeException e) {
      throw ApiError.badRequest("the body must be a JSON object");
    }
  }

  public static int intParam(RoutingContext rc, String name, int def, int min, int max) {
    String v = rc.request().getParam(name);
    if (v == null || v.isEmpty()) return def;
    try {
      int i = Integer.parseInt(v);
      if (i < min || i > max) throw ApiError.badRequest(name + " must be " + min + ".." + max);
      return i;
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(name + " must be a number");
    }
  }

  public static java.time.Instant timeParam(RoutingContext rc, String name) {
    String v = rc.request().getParam(name);
    if (v == null || v.isEmpty()) return null;
    try {
      return java.time.Instant.parse(v);
    } catch (java.time.format.DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(v).toInstant();
      } catch (java.time.format.DateTimeParseException e2) {
        throw ApiError.badRequest(name + " must be an ISO-8601 time such as 2026-11-23T10:00:00Z");
      }
    }
  }
}
