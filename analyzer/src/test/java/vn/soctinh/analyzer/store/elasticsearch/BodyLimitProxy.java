package vn.soctinh.analyzer.store.elasticsearch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy on loopback in front of the test node, as an nginx with {@code client_max_body_size}
 * would be: it records the body size of every {@code _bulk} request, answers 413 to a body over
 * {@code maxBodyBytes}, and can answer the next bulk requests with a status of the test's choice
 * (a cluster that is overloaded or refuses credentials) instead of forwarding them.
 */
final class BodyLimitProxy implements AutoCloseable {
  private static final Set<String> HOP = Set.of("connection", "content-length", "host", "transfer-encoding", "expect", "upgrade");

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(8);
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String target;
  private final long maxBodyBytes;
  final List<Long> bulkBodies = new CopyOnWriteArrayList<>();
  final AtomicInteger refusedTooLarge = new AtomicInteger();
  private final List<Integer> injected = new CopyOnWriteArrayList<>();

  BodyLimitProxy(String target, long maxBodyBytes) throws IOException {
    this.target = target.endsWith("/") ? target.substring(0, target.length() - 1) : target;
    this.maxBodyBytes = maxBodyBytes;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The next bulk requests are answered with these statuses, one each, without reaching the node. */
  void failNextBulks(Integer... statuses) {
    injected.addAll(List.of(statuses));
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      byte[] body;
      try (InputStream in = x.getRequestBody()) {
        body = in.readAllBytes();
      }
      String path = x.getRequestURI().getRawPath();
      if (path.endsWith("/_bulk")) {
        bulkBodies.add((long) body.length);
        if (!injected.isEmpty()) {
          int status = injected.remove(0);
          reply(x, status, "application/json", ("{\"error\":{\"type\":\"injected\",\"reason\":\"by the test\"},\"status\":" + status + "}").getBytes());
          return;
        }
        if (body.length > maxBodyBytes) {
          refusedTooLarge.incrementAndGet();
          reply(x, 413, "text/html", "<html><body>413 Request Entity Too Large</body></html>".getBytes());
          return;
        }
      }
      String query = x.getRequestURI().getRawQuery();
      HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(target + path + (query == null ? "" : "?" + query)))
          .method(x.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
      x.getRequestHeaders().forEach((k, vs) -> {
        if (!HOP.contains(k.toLowerCase())) for (String v : vs) r.header(k, v);
      });
      HttpResponse<byte[]> resp;
      try {
        resp = client.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      resp.headers().map().forEach((k, vs) -> {
        if (!HOP.contains(k.toLowerCase()) && !k.startsWith(":")) x.getResponseHeaders().put(k, vs);
      });
      reply(x, resp.statusCode(), resp.headers().firstValue("content-type").orElse("application/json"), resp.body());
    }
  }

  private static void reply(HttpExchange x, int status, String type, byte[] body) throws IOException {
    x.getResponseHeaders().set("Content-Type", type);
    // a HEAD answer has no body, whatever its length says
    boolean none = "HEAD".equals(x.getRequestMethod()) || body.length == 0;
    x.sendResponseHeaders(status, none ? -1 : body.length);
    if (!none) {
      try (OutputStream out = x.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
