package vn.soctinh.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WebSocket feed: scoped per viewer, catch-up after a reconnect, refused without a session or from another origin. */
class LiveFeedTest {
  @TempDir Path dir;

  static final class Listener implements WebSocket.Listener {
    final List<JsonObject> got = new CopyOnWriteArrayList<>();
    final StringBuilder part = new StringBuilder();

    final java.util.concurrent.CompletableFuture<Integer> closed = new java.util.concurrent.CompletableFuture<>();
    final java.util.concurrent.atomic.AtomicInteger pings = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public CompletionStage<?> onPing(WebSocket ws, java.nio.ByteBuffer message) {
      pings.incrementAndGet();
      return WebSocket.Listener.super.onPing(ws, message); // answers with a pong
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      part.append(data);
      if (last) {
        got.add(new JsonObject(part.toString()));
        part.setLength(0);
      }
      ws.request(1);
      return null;
    }

    boolean await(java.util.function.Predicate<List<JsonObject>> p) throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < end) {
        if (p.test(got)) return true;
        Thread.sleep(20);
      }
      return p.test(got);
    }
  }

  static WebSocket connect(ConsoleFixture f, Client c, String query, String origin, Listener l) throws Exception {
    SSLContext ctx = Client.trusting(f.server.certFile());
    WebSocket.Builder b = HttpClient.newBuilder().sslContext(ctx).build().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    if (c != null && c.cookie != null) b.header("Cookie", "__Host-soctinh_sid=" + c.cookie);
    if (origin != null) b.header("Origin", origin);
    return b.buildAsync(URI.create("wss://127.0.0.1:" + f.server.port() + "/api/v1/live" + query), l).get(10, TimeUnit.SECONDS);
  }

  static JsonObject alert(String id, String org) {
    return new JsonObject().put("event", new JsonObject().put("id", id)).put("organization", new JsonObject().put("id", org))
        .put("rule", new JsonObject().put("name", "rule of " + id));
  }

  @Test
  void eachViewerGetsItsOwnAlertsAndCatchesUpAfterAReconnect() throws Exception {
    try (ConsoleFixture f = new ConsoleFixture(dir)) {
      Client viewer = f.loggedIn("viewer");
      Client analyst = f.loggedIn("analyst");
      Listener lv = new Listener();
      Listener la = new Listener();
      WebSocket wv = connect(f, viewer, "", f.base(), lv);
      connect(f, analyst, "", null, la);
      assertTrue(lv.await(g -> g.size() >= 1) && la.await(g -> g.size() >= 1), "hello");
      f.server.publishAlerts(new JsonArray().add(alert("a-own", "so-khcn")).add(alert("a-other", "so-tai-chinh")).add(alert("a-unit", "ttcds")));
      assertTrue(la.await(g -> g.size() >= 4), "the analyst gets all three: " + la.got);
      assertTrue(lv.await(g -> g.size() >= 3), "the viewer gets its two: " + lv.got);
      // the feed is in order: once a later alert of its own arrived, the other agency's had its chance
      f.server.publishAlerts(new JsonArray().add(alert("a-marker", "so-khcn")));
      assertTrue(lv.await(g -> g.toString().contains("a-marker")), "a later alert arrives: " + lv.got);
      assertFalse(lv.got.toString().contains("a-other"), "never the other agency's: " + lv.got);
      long seen = lv.got.get(lv.got.size() - 1).getLong("seq");

      wv.abort();
      f.server.publishAlerts(new JsonArray().add(alert("missed-own", "so-khcn")).add(alert("missed-other", "so-tai-chinh"))
          .add(alert("missed-marker", "so-khcn")));
      Listener again = new Listener();
      connect(f, viewer, "?after=" + seen, f.base(), again);
      assertTrue(again.await(g -> g.stream().anyMatch(m -> m.encode().contains("missed-marker"))), "caught up: " + again.got);
      assertTrue(again.got.toString().contains("missed-own"), "caught up: " + again.got);
      assertFalse(again.got.get(0).getBoolean("gap"));
      assertFalse(again.got.toString().contains("missed-other"));
    }
  }

  /** Issue #17, item 5: a feed pushes what its viewer may see now: logging out, or an admin disabling the account, closes it. */
  @Test
  void logoutOrADisabledAccountClosesTheFeed() throws Exception {
    try (ConsoleFixture f = new ConsoleFixture(dir)) {
      Client viewer = f.loggedIn("viewer");
      Listener byLogout = new Listener();
      connect(f, viewer, "", f.base(), byLogout);
      assertTrue(byLogout.await(g -> g.size() >= 1), "hello");
      viewer.origin = f.base();
      assertEquals(200, viewer.post("/api/v1/auth/logout", new JsonObject()).status());
      assertEquals(4001, byLogout.closed.get(10, TimeUnit.SECONDS), "closed by the server when the session ended");

      Client analyst = f.loggedIn("analyst");
      Listener byAdmin = new Listener();
      connect(f, analyst, "", null, byAdmin);
      assertTrue(byAdmin.await(g -> g.size() >= 1), "hello");
      Client admin = f.loggedIn("admin");
      assertEquals(200, admin.post("/api/v1/users/analyst", new JsonObject().put("disabled", true)).status());
      assertEquals(4001, byAdmin.closed.get(10, TimeUnit.SECONDS), "closed when the account was disabled");
      assertEquals(0, f.server.feed().viewers());
    }
  }

  @Test
  void aReconnectFromBeforeTheBufferIsToldToReload() throws Exception {
    ConsoleSettings small = ConsoleSettings.forTests(dir).withFeedBuffer(3);
    try (ConsoleFixture f = new ConsoleFixture(dir, small)) {
      for (int i = 0; i < 10; i++) f.server.publishAlerts(new JsonArray().add(alert("x" + i, "so-khcn")));
      Listener l = new Listener();
      connect(f, f.loggedIn("analyst"), "?after=2", null, l);
      assertTrue(l.await(g -> !g.isEmpty()));
      assertTrue(l.got.get(0).getBoolean("gap"), "items 3..7 are gone: reload");
      assertTrue(l.await(g -> g.size() == 4), "then the 3 still buffered: " + l.got);
    }
  }

  @Test
  void noSessionOrAnotherOriginIsRefused() throws Exception {
    try (ConsoleFixture f = new ConsoleFixture(dir)) {
      ExecutionException none = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> connect(f, null, "", null, new Listener()));
      assertEquals(401, ((java.net.http.WebSocketHandshakeException) none.getCause()).getResponse().statusCode());
      Client c = f.loggedIn("analyst");
      ExecutionException cross = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
          () -> connect(f, c, "", "https://evil.example", new Listener()));
      assertEquals(403, ((java.net.http.WebSocketHandshakeException) cross.getCause()).getResponse().statusCode());
      Listener fine = new Listener();
      connect(f, c, "", f.base(), fine);
      assertTrue(fine.await(g -> !g.isEmpty()), "the own origin is accepted");
    }
  }

  /**
   * A feed with nothing to say is not closed by console.idle_timeout_secs: the server pings it. Three
   * pings come a full idle period after joining, and the feed still delivers what is published then.
   */
  @Test
  void aQuietFeedIsPingedAndOutlivesTheIdleTimeout() throws Exception {
    try (ConsoleFixture f = new ConsoleFixture(dir, ConsoleSettings.forTests(dir).withIdleTimeout(1))) {
      Listener l = new Listener();
      connect(f, f.loggedIn("analyst"), "", null, l);
      assertTrue(l.await(g -> !g.isEmpty()), "hello");
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (l.pings.get() < 4 && System.nanoTime() < end) Thread.sleep(20);
      assertTrue(l.pings.get() >= 4, "pinged: " + l.pings.get());
      assertFalse(l.closed.isDone(), "still open past the idle timeout");
      f.server.publishAlerts(new JsonArray().add(alert("after-idle", "so-khcn")));
      assertTrue(l.await(g -> g.stream().anyMatch(j -> j.encode().contains("after-idle"))), "delivered: " + l.got);
    }
  }
}
