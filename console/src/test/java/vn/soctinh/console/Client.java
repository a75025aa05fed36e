package vn.soctinh.console;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A browser-like API client for tests: trusts the console's certificate, keeps the session cookie and CSRF token. */
public final class Client {
  public record Response(int status, String body, Map<String, List<String>> headers) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public JsonArray array() {
      return new JsonArray(body);
    }

    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  private final HttpClient http;
  private final String base;
  private final String cookieName;
  public String cookie;
  public String csrf;
  public String bearer;
  public String origin;

  public Client(String base, Path certFile, String cookieName) throws Exception {
    this.base = base;
    this.cookieName = cookieName;
    SSLContext ctx = trusting(certFile);
    this.http = HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** A TLS context that trusts exactly the console's certificate (self-signed in tests); the default one when null. */
  public static SSLContext trusting(Path certFile) throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    if (certFile == null) {
      ctx.init(null, null, null);
      return ctx;
    }
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    try (InputStream in = Files.newInputStream(certFile)) {
      ks.setCertificateEntry("console", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  public Response send(String method, String path, String body, String contentType) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) b.header("Content-Type", contentType);
    if (cookie != null) b.header("Cookie", cookieName + "=" + cookie);
    if (csrf != null && !method.equals("GET")) b.header("X-CSRF-Token", csrf);
    if (bearer != null) b.header("Authorization", "Bearer " + bearer);
    if (origin != null) b.header("Origin", origin);
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    for (String sc : r.headers().allValues("Set-Cookie")) {
      if (sc.startsWith(cookieName + "=")) {
        String v = sc.substring(cookieName.length() + 1, sc.indexOf(';') < 0 ? sc.length() : sc.indexOf(';'));
        cookie = v.isEmpty() ? null : v;
      }
    }
    return new Response(r.statusCode(), r.body(), r.headers().map());
  }

  public Response get(String path) throws Exception {
    return send("GET", path, null, null);
  }

  public Response post(String path, JsonObject body) throws Exception {
    return send("POST", path, body.encode(), "application/json");
  }

  public Response delete(String path) throws Exception {
    return send("DELETE", path, null, null);
  }

  /** Logs in; keeps the cookie and the CSRF token; returns the login answer. */
  public Response login(String user, String password) throws Exception {
    Response r = post("/api/v1/auth/login", new JsonObject().put("user", user).put("password", password));
    if (r.status() == 200) csrf = r.json().getString("csrf");
    return r;
  }
}
