package vn.soctinh.console;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import vn.soctinh.collector.tls.SelfSignedCertificate;
import vn.soctinh.console.api.Access;
import vn.soctinh.console.api.ApiError;
import vn.soctinh.console.api.ApiRouter;
import vn.soctinh.console.api.ApiRoutes;
import vn.soctinh.console.api.AuthApi;
import vn.soctinh.console.auth.ApiTokens;
import vn.soctinh.console.auth.LoginGuard;
import vn.soctinh.console.auth.PasswordPolicy;
import vn.soctinh.console.auth.Principal;
import vn.soctinh.console.auth.Sessions;
import vn.soctinh.console.auth.UserStore;
import vn.soctinh.console.web.IndexPage;
import vn.soctinh.console.web.StaticAssets;

/**
 * The console's HTTP(S) server: security headers on every answer, the REST API under /api/v1, the
 * live feed (WebSocket /api/v1/live), /metrics, /health, the OpenAPI document and the page with its
 * scripts. Its own port, TLS by default (a generated self-signed certificate when none is given).
 */
public final class ConsoleServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ConsoleServer.class.getName());

  private final HttpServer server;
  private final LiveFeed feed;
  private final List<ApiRouter.Route> routes;
  private final boolean tls;
  private final Path certFile;
  private final StaticAssets assets;

  private ConsoleServer(HttpServer server, LiveFeed feed, List<ApiRouter.Route> routes, boolean tls, Path certFile, StaticAssets assets) {
    this.assets = assets;
    this.server = server;
    this.feed = feed;
    this.routes = routes;
    this.tls = tls;
    this.certFile = certFile;
  }

  /** The methods whose requests carry a body (read by the body handler, refused unread from strangers). */
  private static final List<HttpMethod> WITH_BODY = List.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.PATCH);
  /** A login form (a name, a password, at most a code) is far below this. */
  static final long LOGIN_BODY_BYTES = 16 * 1024;

  public static ConsoleServer start(Vertx vertx, ConsoleSettings s, ConsoleBackend backend, Path dataDir, Clock clock) throws Exception {
    Path consoleDir = dataDir.resolve("console");
    UserStore users = new UserStore(consoleDir, clock);
    // the password itself goes to a file only its owner can read, never to the log (which the journal,
    // log shippers and support tickets copy): the log says where it is
    users.ensureFirstAdmin().ifPresent(pw -> LOG.log(System.Logger.Level.WARNING,
        "console: no users yet, created 'admin'; its password is in " + users.initialPasswordFile()
            + " (readable by this account only, removed once it is changed at the first login)"));
    ApiTokens tokens = new ApiTokens(consoleDir, clock);
    Sessions sessions = new Sessions(s.sessionIdle(), s.sessionAbsolute(), s.maxSessions(), clock);
    LoginGuard guard = new LoginGuard(s.lockoutFailures(), s.lockoutAddressFailures(), s.lockoutDuration(), clock);
    PasswordPolicy policy = new PasswordPolicy(s.passwordMinLength());
    LiveFeed feed = new LiveFeed(s.feedBuffer());
    sessions.onEnd(feed::close);
    IndexPage page = new IndexPage();
    String csp = page.csp();

    Router router = Router.router(vertx);
    router.route().handler(rc -> {
      var h = rc.response().headers();
      h.set("Content-Security-Policy", csp).set("X-Content-Type-Options", "nosniff").set("Referrer-Policy", "no-referrer")
          .set("X-Frame-Options", "DENY").set("Cross-Origin-Opener-Policy", "same-origin").set("Cross-Origin-Resource-Policy", "same-origin")
          .set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
      if (s.tls()) h.set("Strict-Transport-Security", "max-age=31536000");
      rc.next();
    });
    AuthApi auth = new AuthApi(users, sessions, guard, tokens, policy, backend.orgs(), s.tls(), s.publicOrigin(), clock, s.zone()).auditTo(backend.audit());
    router.route(ApiRouter.PREFIX + "/*").handler(rc -> {
      rc.response().putHeader("Cache-Control", "no-store");
      auth.authenticate(rc);
    });
    // Nobody's body is read before they are known: an unauthenticated request that carries one is
    // answered 401 at once (and its connection closed) instead of after up to max_body_bytes were
    // buffered. The login form is the only body read from a stranger, and it is small.
    router.route(ApiRouter.PREFIX + "/*").handler(rc -> {
      if (WITH_BODY.contains(rc.request().method()) && rc.get(ApiRouter.PRINCIPAL) == null && !rc.normalizedPath().equals(ApiRouter.PREFIX + "/auth/login")) {
        rc.response().putHeader("Connection", "close");
        ApiRouter.fail(rc, new ApiError(401, "unauthenticated", "log in first"));
        return;
      }
      rc.next();
    });
    router.post(ApiRouter.PREFIX + "/auth/login").handler(BodyHandler.create(false).setBodyLimit(LOGIN_BODY_BYTES));
    BodyHandler body = BodyHandler.create(false).setBodyLimit(s.maxBodyBytes());
    for (HttpMethod m : WITH_BODY) {
      router.route(m, ApiRouter.PREFIX + "/*").handler(body);
    }
    ApiRouter api = new ApiRouter(router, backend.audit());
    auth.mount(router, api);
    ApiRoutes.mount(api, backend, users, tokens, sessions, guard, policy, feed, clock,
        new vn.soctinh.console.report.ReportDrafts(consoleDir.resolve("report-drafts")), s.zone());

    api.document(HttpMethod.GET, "/live", Access.READ);
    router.get(ApiRouter.PREFIX + "/live").handler(rc -> live(rc, feed));
    router.get("/api/openapi.yaml").handler(rc -> rc.response().putHeader("Content-Type", "application/yaml; charset=utf-8").end(openApi()));
    router.get("/health").handler(rc -> {
      JsonObject hj = backend.health().get();
      rc.response().setStatusCode("ok".equals(hj.getString("status")) ? 200 : 503).putHeader("Content-Type", "application/json").end(hj.encode());
    });
    // Prometheus scrapes from the SOC's own network: loopback freely, others with a token or session
    router.get("/metrics").handler(rc -> {
      if (!vn.soctinh.collector.http.HttpPeers.loopback(rc)) {
        auth.authenticate(rc);
        return;
      }
      rc.next();
    }).handler(rc -> {
      Principal p = rc.get(ApiRouter.PRINCIPAL);
      if (!vn.soctinh.collector.http.HttpPeers.loopback(rc) && (p == null || p.role() == vn.soctinh.console.auth.Role.AGENCY_VIEWER)) {
        ApiRouter.fail(rc, new ApiError(401, "unauthenticated", "/metrics needs a token of a SOC user, or a loopback client"));
        return;
      }
      rc.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(backend.metrics().get());
    });
    // the page's files, from memory (read once, kept with their gzip form): only the webjars the page uses
    StaticAssets assets = new StaticAssets(java.util.Map.of("/app/", "web/app/", "/vendor/", "web/vendor/",
        "/webjars/preact/", "META-INF/resources/webjars/preact/", "/webjars/uplot/", "META-INF/resources/webjars/uplot/"));
    for (String prefix : List.of("/app/*", "/vendor/*", "/webjars/*")) router.get(prefix).handler(assets::handle);
    router.get("/").handler(rc -> rc.response().putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-store").end(page.html()));
    router.route(ApiRouter.PREFIX + "/*").last().handler(rc -> ApiRouter.fail(rc, rc.get(ApiRouter.PRINCIPAL) == null
        ? new ApiError(401, "unauthenticated", "log in first") : ApiError.notFound("route")));
    router.route().failureHandler(rc -> {
      int status = rc.statusCode() < 0 ? 500 : rc.statusCode();
      if (rc.failure() != null && status == 500) LOG.log(System.Logger.Level.ERROR, "console: " + rc.request().path(), rc.failure());
      ApiRouter.fail(rc, new ApiError(status, status == 413 ? "body_too_large" : status == 404 ? "not_found" : "error",
          status == 413 ? "the request body is larger than console.max_body_bytes (" + s.maxBodyBytes() + ")" : "HTTP " + status));
    });

    HttpServerOptions o = new HttpServerOptions().setHost(s.host()).setPort(s.port()).setCompressionSupported(true)
        .setIdleTimeout(s.idleTimeoutSecs()).setIdleTimeoutUnit(TimeUnit.SECONDS);
    Path cert = null;
    if (s.tls()) {
      Path key;
      if (s.certFile() != null) {
        cert = s.certFile();
        key = s.keyFile();
      } else {
        SelfSignedCertificate.Files2 f = SelfSignedCertificate.ensure(s.generatedTlsDir());
        cert = f.certFile();
        key = f.keyFile();
      }
      o.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert.toString()).setKeyPath(key.toString()));
      o.setEnabledSecureTransportProtocols(java.util.Set.of("TLSv1.2", "TLSv1.3"));
      // HTTP/2 over TLS: the page's ~15 modules load over one connection
      o.setUseAlpn(true);
    }
    HttpServer server = vertx.createHttpServer(o).connectionHandler(new vn.soctinh.collector.http.HttpConnectionCap(s.maxConnections(), () -> { }))
        .requestHandler(router).listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    vertx.setPeriodic(60_000, id -> sessions.expire());
    // a feed with nothing to tell would look idle and be closed: a ping (and the browser's pong) keeps it open
    vertx.setPeriodic(Math.max(200, s.idleTimeoutSecs() * 1000L / 3), id -> feed.ping());
    return new ConsoleServer(server, feed, api.routes(), s.tls(), cert, assets);
  }


  private static void live(RoutingContext rc, LiveFeed feed) {
    Principal p = rc.get(ApiRouter.PRINCIPAL);
    if (p == null) {
      ApiRouter.fail(rc, new ApiError(401, "unauthenticated", "log in first"));
      return;
    }
    long after;
    try {
      after = Long.parseLong(rc.request().getParam("after", "0"));
    } catch (NumberFormatException e) {
      after = 0;
    }
    long from = after;
    Sessions.Session session = rc.get("session");
    String sessionId = session == null ? null : session.id();
    rc.request().toWebSocket().onSuccess(ws -> feed.join(ws, p, sessionId, from))
        .onFailure(e -> ApiRouter.fail(rc, ApiError.badRequest("a WebSocket upgrade is expected")));
  }

  public static String openApi() {
    try (InputStream in = ConsoleServer.class.getResourceAsStream("/openapi.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public int port() {
    return server.actualPort();
  }

  public boolean tls() {
    return tls;
  }

  public Path certFile() {
    return certFile;
  }

  public LiveFeed feed() {
    return feed;
  }

  public List<ApiRouter.Route> routes() {
    return routes;
  }

  /** New alerts from the detection stream (the event bus carries them as a JSON array). */
  public void publishAlerts(JsonArray alerts) {
    for (int i = 0; i < alerts.size(); i++) {
      JsonObject a = alerts.getJsonObject(i);
      Object org = a.getValue("organization") instanceof JsonObject o ? o.getValue("id") : null;
      feed.publish("alert", org == null ? List.of() : List.of(String.valueOf(org)), a);
    }
  }

  @Override
  public void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** How many asset paths the server remembers (only files that exist). */
  public int assetsCached() {
    return assets.cached();
  }
}
