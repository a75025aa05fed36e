package vn.soctinh.collector.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.soctinh.collector.journal.JournalRecord;
import vn.soctinh.collector.journal.Transport;
import vn.soctinh.collector.metrics.ListenerMetrics;
import vn.soctinh.collector.net.HttpSettings;
import vn.soctinh.collector.net.SenderAttribution;
import vn.soctinh.collector.source.SourceEntry;
import vn.soctinh.collector.source.SourceTable;
import vn.soctinh.collector.testing.MemoryAppender;

/** {@code POST /api/v1/ingest} over a real HTTP connection into a journal stand-in. */
class HttpIntakeTest {
  private final MemoryAppender journal = new MemoryAppender();
  private final HttpClient client = HttpClient.newHttpClient();
  private Vertx vertx;
  private HttpServer server;
  private URI uri;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    SourceTable sources = new SourceTable(List.of(new SourceEntry("so-yte", "Sở Y tế", List.of(), List.of(), List.of("secret-token-1"))));
    HttpSettings s = new HttpSettings("http", new InetSocketAddress("127.0.0.1", 0), 4096, false);
    Router router = Router.router(vertx);
    new HttpIntake(s, journal, new SenderAttribution(() -> sources, "http", Transport.HTTP),
        new ListenerMetrics(new SimpleMeterRegistry(), "http", "http")).mount(router);
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    uri = URI.create("http://127.0.0.1:" + server.actualPort() + HttpIntake.PATH);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<String> post(String contentType, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (token != null) b.header("Authorization", "Bearer " + token);
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Issue #17, item 3: a wrong token is refused on the headers, before the body is read. The request
   * announces far more than max_body_bytes and sends only a little: the old order (read the body,
   * then check the token) answered 413 or waited for the rest; now the answer is 401 at once.
   */
  @Test
  void aWrongTokenIsRefusedBeforeTheBodyIsRead() throws Exception {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", uri.getPort())) {
      s.setSoTimeout(20_000);
      s.getOutputStream().write(("POST " + HttpIntake.PATH + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer wrong\r\n"
          + "Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n" + "x".repeat(1024) + "\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      String status = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1)).readLine();
      assertEquals("HTTP/1.1 401 Unauthorized", status);
    }
    assertEquals(List.of(), journal.records(), "nothing journaled");
  }

  @Test
  void ndjsonLinesBecomeRecordsOfTheTokensAgency() throws Exception {
    HttpResponse<String> r = post("application/x-ndjson", "secret-token-1", "{\"msg\":\"một\"}\n{\"msg\":\"hai\"}\n\nnot json\n");
    assertEquals(200, r.statusCode(), r.body());
    JsonObject body = new JsonObject(r.body());
    assertEquals(3, body.getInteger("accepted"));
    assertEquals("so-yte", body.getString("agency"));
    List<JournalRecord> got = journal.records();
    assertEquals(List.of("{\"msg\":\"một\"}", "{\"msg\":\"hai\"}", "not json"),
        got.stream().map(x -> new String(x.payload(), StandardCharsets.UTF_8)).toList());
    assertTrue(got.stream().allMatch(x -> x.meta().agency().equals("so-yte") && x.transport() == Transport.HTTP));
  }

  @Test
  void aJsonArrayGivesOneRecordPerElement() throws Exception {
    HttpResponse<String> r = post("application/json", null, "[{\"a\":1},{\"b\":\"[x]\"}]");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(List.of("{\"a\":1}", "{\"b\":\"[x]\"}"),
        journal.records().stream().map(x -> new String(x.payload(), StandardCharsets.UTF_8)).toList());
    assertEquals("unassigned", journal.records().get(0).meta().agency());
  }

  @Test
  void badRequestsGetJsonErrorsAndStoreNothing() throws Exception {
    HttpResponse<String> unknown = post("application/x-ndjson", "wrong", "{\"a\":1}\n");
    assertEquals(401, unknown.statusCode());
    assertEquals("unknown_token", new JsonObject(unknown.body()).getString("error"));
    HttpResponse<String> broken = post("application/json", null, "[{\"a\":1},");
    assertEquals(400, broken.statusCode());
    assertEquals("invalid_json", new JsonObject(broken.body()).getString("error"));
    HttpResponse<String> big = post("application/x-ndjson", null, "x".repeat(5000));
    assertEquals(413, big.statusCode());
    assertTrue(journal.records().isEmpty());
  }

  @Test
  void aFullJournalAnswers503WithRetryAfter() throws Exception {
    journal.setAccepting(false);
    HttpResponse<String> r = post("application/x-ndjson", null, "{\"a\":1}\n");
    assertEquals(503, r.statusCode());
    assertEquals("10", r.headers().firstValue("Retry-After").orElse(""));
    assertTrue(journal.records().isEmpty());
  }
}
