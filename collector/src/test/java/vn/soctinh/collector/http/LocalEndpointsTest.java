package vn.soctinh.collector.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP listener's own answers, over a real socket on loopback. */
class LocalEndpointsTest {
  private final HttpClient client = HttpClient.newHttpClient();
  private final AtomicReference<JsonObject> health = new AtomicReference<>();
  private Vertx vertx;
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.post("/upload").handler(BodyHandler.create().setBodyLimit(10)).handler(rc -> rc.response().end("ok"));
    router.get("/gone").handler(rc -> rc.fail(404));
    new LocalEndpoints(() -> "soctinh_test 1\n", () -> new JsonArray().add(new JsonObject().put("source", "10.0.0.1")),
        () -> new JsonObject().put("data_dir", "/var/lib/soctinh"), health::get, 10).mount(router);
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void thisMachineReadsMetricsSourcesAndStatus() throws Exception {
    HttpResponse<String> m = get("/metrics");
    assertEquals(200, m.statusCode());
    assertEquals("soctinh_test 1\n", m.body());
    assertTrue(m.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
    assertEquals("10.0.0.1", new JsonArray(get("/sources").body()).getJsonObject(0).getString("source"));
    assertEquals("/var/lib/soctinh", new JsonObject(get("/status").body()).getString("data_dir"));
  }

  @Test
  void healthIs503UntilTheServerSaysOk() throws Exception {
    HttpResponse<String> starting = get("/health");
    assertEquals(503, starting.statusCode());
    assertEquals("starting", new JsonObject(starting.body()).getString("status"));
    health.set(new JsonObject().put("status", "ok").put("journal", new JsonObject()));
    HttpResponse<String> ok = get("/health");
    assertEquals(200, ok.statusCode());
    assertTrue(new JsonObject(ok.body()).containsKey("journal"), "this machine sees the details");
  }

  @Test
  void failuresAreJsonNamingTheLimit() throws Exception {
    HttpResponse<String> missing = get("/gone");
    assertEquals(404, missing.statusCode());
    assertEquals("not_found", new JsonObject(missing.body()).getString("error"));
    HttpResponse<String> big = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/upload"))
        .POST(HttpRequest.BodyPublishers.ofString("x".repeat(100))).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(413, big.statusCode());
    assertTrue(new JsonObject(big.body()).getString("message").contains("max_body_bytes (10)"), big.body());
  }
}
