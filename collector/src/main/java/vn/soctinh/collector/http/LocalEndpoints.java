package vn.soctinh.collector.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * What the HTTP listener answers besides the intake: {@code /metrics}, {@code /sources},
 * {@code /status} and {@code /health}, and a JSON error for everything that fails. The intake port
 * faces every agency's network: what it tells about the SOC (metrics with every agency's volumes,
 * the sources' state, the server's paths) is for this machine only; the console serves the same to
 * logged-in users and tokens from elsewhere. {@code /health} tells a load balancer anywhere the
 * status, and this machine the details.
 */
public final class LocalEndpoints {
  private final Supplier<String> metrics;
  private final Supplier<JsonArray> sources;
  private final Supplier<JsonObject> status;
  private final Supplier<JsonObject> health;
  private final long maxBodyBytes;

  /**
   * @param metrics the Prometheus text; @param sources the sources' state (null: none);
   * @param status the server's status report (read off the event loop: it reads the disk);
   * @param health the server's health (null while starting); @param maxBodyBytes the intake's limit, named in a 413
   */
  public LocalEndpoints(Supplier<String> metrics, Supplier<JsonArray> sources, Supplier<JsonObject> status, Supplier<JsonObject> health,
      long maxBodyBytes) {
    this.metrics = metrics;
    this.sources = sources;
    this.status = status;
    this.health = health;
    this.maxBodyBytes = maxBodyBytes;
  }

  public void mount(Router router) {
    router.get("/metrics").handler(this::metrics);
    router.get("/sources").handler(this::sources);
    router.get("/status").handler(this::status);
    router.get("/health").handler(this::health);
    router.route().failureHandler(this::failure);
  }

  private void metrics(RoutingContext rc) {
    if (!loopbackOnly(rc, "/metrics")) return;
    rc.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.get());
  }

  private void sources(RoutingContext rc) {
    if (!loopbackOnly(rc, "/sources")) return;
    JsonArray s = sources.get();
    rc.response().putHeader("Content-Type", "application/json").end((s == null ? new JsonArray() : s).encodePrettily());
  }

  private void status(RoutingContext rc) {
    if (!loopbackOnly(rc, "/status")) return;
    // reads the disk (journal tail, store commit points): off the event loop
    rc.vertx().executeBlocking(status::get, false).onComplete(r -> {
      if (r.failed()) rc.fail(r.cause());
      else rc.response().putHeader("Content-Type", "application/json").end(r.result().encodePrettily());
    });
  }

  private void health(RoutingContext rc) {
    JsonObject h = health.get();
    if (h == null) h = new JsonObject().put("status", "starting");
    // a load balancer elsewhere needs the status; the journal and listener details are this machine's
    if (!HttpPeers.loopback(rc)) h = new JsonObject().put("status", h.getString("status"));
    rc.response().setStatusCode("ok".equals(h.getString("status")) ? 200 : 503).putHeader("Content-Type", "application/json").end(h.encodePrettily());
  }

  private void failure(RoutingContext rc) {
    int code = rc.statusCode() < 0 ? 500 : rc.statusCode();
    String error = code == 413 ? "body_too_large" : code == 404 ? "not_found" : "error";
    String message = code == 413 ? "the request body is larger than max_body_bytes (" + maxBodyBytes + ")"
        : rc.failure() != null ? String.valueOf(rc.failure().getMessage()) : "HTTP " + code;
    rc.response().setStatusCode(code).putHeader("Content-Type", "application/json").end(new JsonObject().put("error", error).put("message", message).encode());
  }

  /** True for a loopback client; otherwise answers 403 and returns false. */
  private static boolean loopbackOnly(RoutingContext rc, String what) {
    if (HttpPeers.loopback(rc)) return true;
    rc.response().setStatusCode(403).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("code", "forbidden").put("message", what + " answers loopback clients only; use the console's, with a token").encode());
    return false;
  }
}
