package vn.soctinh.console.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The page's scripts and styles, read once from the class path and kept in memory with an ETag:
 * each request is a map look-up, not a jar read (a page load asks for about twenty files at once). Only paths under the given class-path roots, without
 * "..", are served.
 */
public final class StaticAssets {
  private record Asset(Buffer raw, String type, String etag) {}

  private static final Asset MISSING = new Asset(null, null, null);
  private final Map<String, Asset> cache = new ConcurrentHashMap<>();
  private final Map<String, String> roots;

  /** @param roots URL prefix → class-path directory, e.g. "/app/" → "web/app/" */
  public StaticAssets(Map<String, String> roots) {
    this.roots = Map.copyOf(roots);
  }

  public void handle(RoutingContext rc) {
    String path = rc.normalizedPath();
    Asset a = path.contains("..") || path.contains("//") ? MISSING : find(path);
    if (a == MISSING) {
      rc.next();
      return;
    }
    var res = rc.response();
    res.putHeader("Content-Type", a.type()).putHeader("ETag", a.etag()).putHeader("Cache-Control", "max-age=300")
        .putHeader("Vary", "Accept-Encoding");
    if (a.etag().equals(rc.request().getHeader("If-None-Match"))) {
      res.setStatusCode(304).end();
      return;
    }
    // the server compresses (HTTP/1.1 and HTTP/2 alike)
    res.end(a.raw());
  }

  /**
   * Only what exists is remembered: the paths a stranger may ask for are endless, the files are the
   * build's few (a miss costs a class-path look-up, and is answered 404).
   */
  private Asset find(String path) {
    Asset a = cache.get(path);
    if (a != null) return a;
    a = load(path);
    if (a != MISSING) cache.put(path, a);
    return a;
  }

  /** How many paths are remembered (for the test that unknown ones are not). */
  public int cached() {
    return cache.size();
  }

  private Asset load(String path) {
    for (Map.Entry<String, String> r : roots.entrySet()) {
      if (!path.startsWith(r.getKey())) continue;
      String resource = r.getValue() + path.substring(r.getKey().length());
      try (InputStream in = StaticAssets.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) return MISSING;
        byte[] raw = in.readAllBytes();
        String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw), 0, 12) + "\"";
        return new Asset(Buffer.buffer(raw), type(path), etag);
      } catch (IOException | java.security.NoSuchAlgorithmException e) {
        return MISSING;
      }
    }
    return MISSING;
  }

  static String type(String path) {
    if (path.endsWith(".js") || path.endsWith(".mjs")) return "text/javascript; charset=utf-8";
    if (path.endsWith(".css")) return "text/css; charset=utf-8";
    if (path.endsWith(".json") || path.endsWith(".map")) return "application/json";
    if (path.endsWith(".svg")) return "image/svg+xml";
    if (path.endsWith(".png")) return "image/png";
    return "application/octet-stream";
  }
}
