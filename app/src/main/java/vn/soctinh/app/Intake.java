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
import vn.soctinh.collector.CollectorSettingsBuilder;
import vn.soctinh.collector.http.HttpIntake;
import vn.soctinh.collector.http.LocalEndpoints;
import vn.soctinh.collector.journal.RecordAppender;
import vn.soctinh.collector.journal.Transport;
import vn.soctinh.collector.metrics.ListenerMetrics;
import vn.soctinh.collector.net.HttpSettings;
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
  static Intake start(SocTinhConfig config, RecordAppender journal, AtomicReference<SourceTable> sources, PrometheusMeterRegistry registry, Vertx vertx,
      Supplier<JsonObject> health, Supplier<JsonArray> silence, Supplier<JsonObject> status) throws Exception {
    Collector collector = new Collector(CollectorSettingsBuilder.builder().syslogUdp(config.syslogUdp()).syslogTcp(config.syslogTcp())
        .syslogTls(config.syslogTls()).relp(config.relp()).flowUdp(config.flowListeners()).maxPendingBytes(config.journal().maxPendingBytes())
        .tlsDir(config.dataDir().resolve("tls")).ioThreads(Math.max(2, Runtime.getRuntime().availableProcessors()))
        .shutdownQuietMillis(config.shutdown().drainQuietMs()).shutdownDrainMillis(config.shutdown().drainMaxSecs() * 1000).build(),
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
      http = http(config, journal, sources, registry, vertx, health, silence, status);
    } catch (Exception e) {
      collector.close();
      throw e;
    }
    InetSocketAddress listen = config.http().listen();
    bound.add(new Collector.Bound(config.http().name(), Transport.HTTP, new InetSocketAddress(listen.getAddress(), http.actualPort()),
        "POST " + HttpIntake.PATH + ", /metrics, /health, /sources, /status"));
    return new Intake(collector, http, bound);
  }

  private static HttpServer http(SocTinhConfig config, RecordAppender journal, AtomicReference<SourceTable> sources, PrometheusMeterRegistry registry,
      Vertx vertx, Supplier<JsonObject> health, Supplier<JsonArray> silence, Supplier<JsonObject> report) throws Exception {
    Router router = Router.router(vertx);
    ListenerMetrics hm = new ListenerMetrics(registry, config.http().name(), Transport.HTTP.label());
    new HttpIntake(config.http(), journal, new SenderAttribution(sources::get, config.http().name(), Transport.HTTP), hm).mount(router);
    new LocalEndpoints(registry::scrape, silence, report, health, config.http().maxBodyBytes()).mount(router);
    InetSocketAddress listen = config.http().listen();
    HttpServerOptions options = new HttpServerOptions().setHost(listen.getHostString()).setPort(listen.getPort())
        .setIdleTimeout(config.http().idleTimeoutSecs()).setIdleTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS);
    HttpSettings.Tls tls = config.http().tls();
    if (tls != null) {
      // the same certificate as the syslog TLS listener when none is given: agencies pin one fingerprint
      java.nio.file.Path cert = tls.certFile();
      java.nio.file.Path key = tls.keyFile();
      if (cert == null) {
        vn.soctinh.collector.tls.SelfSignedCertificate.Files2 f = vn.soctinh.collector.tls.SelfSignedCertificate.ensure(config.dataDir().resolve("tls"));
        cert = f.certFile();
        key = f.keyFile();
      }
      options.setSsl(true).setKeyCertOptions(new io.vertx.core.net.PemKeyCertOptions().setCertPath(cert.toString()).setKeyPath(key.toString()))
          .setEnabledSecureTransportProtocols(java.util.Set.of("TLSv1.2", "TLSv1.3"));
    }
    return vertx.createHttpServer(options)
        .connectionHandler(new vn.soctinh.collector.http.HttpConnectionCap(config.http().maxConnections(), () -> hm.rejected("max_connections")))
        .requestHandler(router).listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** Every listener bound, with its address. */
  List<Collector.Bound> bound() {
    return bound;
  }
}
