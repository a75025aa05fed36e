package vn.soctinh.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import vn.soctinh.app.config.SocTinhConfig;
import vn.soctinh.collector.Collector;
import vn.soctinh.collector.http.HttpIntake;
import vn.soctinh.collector.journal.Journal;
import vn.soctinh.collector.journal.Transport;
import vn.soctinh.collector.metrics.ListenerMetrics;
import vn.soctinh.collector.net.SenderAttribution;
import vn.soctinh.collector.source.SourceTable;

/**
 * The collector area, assembled from its sections ({@code listeners:}, {@code sources:},
 * {@code journal:}, {@code shutdown:}): the syslog, RELP and flow listeners, and the HTTP listener
 * that takes JSON events and answers {@code /metrics}, {@code /health} and {@code /sources}
 * (loopback only). What it bound is listed in {@link #bound()}.
 */
final class Intake {
  final Collector collector;
  final HttpServer http;
  private final List<Collector.Bound> bound;

  private Intake(Collector collector, HttpServer http, List<Collector.Bound> bound) {
    this.collector = collector;
    this.http = http;
    this.bound = List.copyOf(bound);
  }

  /**
   * Starts the listeners the configuration enables.
   *
   * @param health the server's health, once it is up (null before: "starting")
   * @param silence the silent-source watch's status, or null when it is off
   */
  static Intake start(SocTinhConfig config, Journal journal, AtomicReference<SourceTable> sources, PrometheusMeterRegistry registry, Vertx vertx,
      Supplier<JsonObject> health, Supplier<JsonArray> silence) throws Exception {
    Collector collector = new Collector(new Collector.Settings(config.syslogUdp(), config.syslogTcp(), config.syslogTls(), config.relp(),
        config.flowListeners(), config.journal().maxPendingBytes(), config.dataDir().resolve("tls"), Math.max(2, Runtime.getRuntime().availableProcessors()),
        config.shutdown().drainQuietMs(), config.shutdown().drainMaxSecs() * 1000),
        journal, sources::get, registry);
    List<Collector.Bound> bound;
    try {
      bound = new ArrayList<>(collector.start());
    } catch (Exception e) {
      collector.close();
      throw e;
    }
    if (config.http() == null) return new Intake(collector, null, bound);
    HttpServer http;
    try {
      http = http(config, journal, sources, registry, vertx, health, silence);
    } catch (Exception e) {
      collector.close();
      throw e;
    }
    InetSocketAddress listen = config.http().listen();
    bound.add(new Collector.Bound(config.http().name(), Transport.HTTP, new InetSocketAddress(listen.getAddress(), http.actualPort()),
        "POST " + HttpIntake.PATH + ", /metrics, /health, /sources"));
    return new Intake(collector, http, bound);
  }

  private static HttpServer http(SocTinhConfig config, Journal journal, AtomicReference<SourceTable> sources, PrometheusMeterRegistry registry,
      Vertx vertx, Supplier<JsonObject> health, Supplier<JsonArray> silence) throws Exception {
    Router router = Router.router(vertx);
    ListenerMetrics hm = new ListenerMetrics(registry, config.http().name(), Transport.HTTP.label());
    new HttpIntake(config.http(), journal, new SenderAttribution(sources::get, config.http().name(), Transport.HTTP), hm).mount(router);
    router.get("/metrics").handler(rc -> rc.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(registry.scrape()));
    // the learned state of every log source; loopback only until the console serves it behind a login
    router.get("/sources").handler(rc -> {
      java.net.InetAddress peer;
      try {
        peer = java.net.InetAddress.getByName(rc.request().remoteAddress().hostAddress());
      } catch (java.io.IOException e) {
        peer = null;
      }
      if (peer == null || !peer.isLoopbackAddress()) {
        rc.response().setStatusCode(403).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("code", "forbidden").put("message", "/sources answers loopback clients only").encode());
        return;
      }
      JsonArray status = silence.get();
      rc.response().putHeader("Content-Type", "application/json").end((status == null ? new JsonArray() : status).encodePrettily());
    });
    router.get("/health").handler(rc -> {
      JsonObject h = health.get();
      if (h == null) h = new JsonObject().put("status", "starting");
      rc.response().setStatusCode("ok".equals(h.getString("status")) ? 200 : 503)
          .putHeader("Content-Type", "application/json").end(h.encodePrettily());
    });
    router.route().failureHandler(rc -> {
      int status = rc.statusCode() < 0 ? 500 : rc.statusCode();
      String code = status == 413 ? "body_too_large" : status == 404 ? "not_found" : "error";
      String message = status == 413 ? "the request body is larger than max_body_bytes (" + config.http().maxBodyBytes() + ")"
          : rc.failure() != null ? String.valueOf(rc.failure().getMessage()) : "HTTP " + status;
      rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("error", code).put("message", message).encode());
    });
    InetSocketAddress listen = config.http().listen();
    return vertx.createHttpServer(new HttpServerOptions().setHost(listen.getHostString()).setPort(listen.getPort()))
        .requestHandler(router).listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** Every listener bound, with its address. */
  List<Collector.Bound> bound() {
    return bound;
  }
}
