package vn.soctinh.collector.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cap on an HTTP server's open connections (the intake's, the console's): over it, a new
 * connection is closed at once, before it is read. Each open connection costs buffers and a
 * parser; without a cap anyone who reaches the port decides how many.
 */
public final class HttpConnectionCap implements Handler<HttpConnection> {
  private final int max;
  private final Runnable onRefused;
  private final AtomicInteger open = new AtomicInteger();

  public HttpConnectionCap(int max, Runnable onRefused) {
    if (max < 1) throw new IllegalArgumentException("max connections must be at least 1, not " + max);
    this.max = max;
    this.onRefused = onRefused;
  }

  @Override
  public void handle(HttpConnection c) {
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      onRefused.run();
      c.close();
      return;
    }
    c.closeHandler(v -> open.decrementAndGet());
  }

  /** Connections open now. */
  public int open() {
    return open.get();
  }
}
