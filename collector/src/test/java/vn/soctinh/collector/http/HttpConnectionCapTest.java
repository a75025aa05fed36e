package vn.soctinh.collector.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Issue #17, item 3: an HTTP server holds at most max_connections; the next one is closed unread, and a slot freed is a slot again. */
class HttpConnectionCapTest {
  private static String get(Socket s) throws Exception {
    s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    s.getOutputStream().flush();
    byte[] b = new byte[12];
    int n = s.getInputStream().readNBytes(b, 0, 12);
    return new String(b, 0, n, StandardCharsets.ISO_8859_1);
  }

  @Test
  void theConnectionOverTheCapIsClosedAndAFreedSlotIsReused() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      AtomicInteger refused = new AtomicInteger();
      HttpConnectionCap cap = new HttpConnectionCap(2, refused::incrementAndGet);
      HttpServer server = vertx.createHttpServer().connectionHandler(cap).requestHandler(r -> r.response().end("ok"))
          .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      int port = server.actualPort();
      try (Socket a = new Socket("127.0.0.1", port); Socket b = new Socket("127.0.0.1", port)) {
        a.setSoTimeout(10_000);
        b.setSoTimeout(10_000);
        assertEquals("HTTP/1.1 200", get(a));
        assertEquals("HTTP/1.1 200", get(b));
        try (Socket c = new Socket("127.0.0.1", port)) {
          c.setSoTimeout(10_000);
          c.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
          InputStream in = c.getInputStream();
          assertEquals(-1, in.read(), "the third connection is closed by the server, unanswered");
        }
        assertEquals(1, refused.get());
      }
      // both closed: a new connection is served once the server has seen them go
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (cap.open() > 0 && System.nanoTime() < deadline) Thread.onSpinWait();
      assertEquals(0, cap.open());
      try (Socket d = new Socket("127.0.0.1", port)) {
        d.setSoTimeout(10_000);
        assertEquals("HTTP/1.1 200", get(d));
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
