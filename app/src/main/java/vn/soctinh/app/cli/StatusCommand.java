package vn.soctinh.app.cli;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import vn.soctinh.app.Status;
import vn.soctinh.app.config.SocTinhConfig;

/**
 * {@code soctinh status}: the running server's own report, asked on its HTTP listener's loopback
 * {@code /status}; when no server answers, the same report read from the data directory (journal,
 * store, disk, rules), marked not running. Exit 0 when the server runs, 3 when it does not (as
 * {@code systemctl status} does), so a script can tell.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = {"Listeners, consumer lag, journal, store, disk use and forecast, rules, silent sources.",
        "Asks the running server (loopback /status); without one, reads the data directory. Exit 3 when no server runs."})
final class StatusCommand implements Callable<Integer> {
  static final int NOT_RUNNING = 3;

  @Mixin ConfigOption config;
  @Option(names = "--json", description = "print JSON") boolean json;
  @Option(names = "--offline", description = "read the data directory even when a server runs") boolean offline;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    SocTinhConfig c = config.load();
    JsonObject r = offline ? null : fromServer(c);
    if (r == null) r = Status.report(c, null, null, Clock.systemUTC());
    var out = spec.commandLine().getOut();
    if (json) out.println(r.encodePrettily());
    else out.print(Status.text(r));
    out.flush();
    return r.getJsonObject("server").getBoolean("running") ? 0 : NOT_RUNNING;
  }

  /** The server's report, or null when none answers on this machine. */
  static JsonObject fromServer(SocTinhConfig c) {
    if (c.http() == null) return null;
    InetSocketAddress listen = c.http().listen();
    InetAddress a = listen.getAddress();
    // /status answers loopback peers only: a wildcard listener is asked on loopback
    String host = a == null || a.isAnyLocalAddress() || a.isLoopbackAddress()
        ? (a instanceof java.net.Inet6Address && !a.isAnyLocalAddress() ? "[::1]" : "127.0.0.1") : null;
    if (host == null) return null;
    try {
      HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
      String scheme = "http";
      if (c.http().tls() != null) {
        scheme = "https";
        Path cert = c.http().tls().certFile() != null ? c.http().tls().certFile() : c.dataDir().resolve("tls").resolve("server.crt");
        b.sslContext(pinned(cert));
      }
      HttpResponse<String> resp = b.build().send(HttpRequest.newBuilder(URI.create(scheme + "://" + host + ":" + listen.getPort() + "/status"))
          .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
      return resp.statusCode() == 200 ? new JsonObject(resp.body()) : null;
    } catch (IOException | RuntimeException | java.security.GeneralSecurityException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /**
   * Trusts exactly the server's own certificate: asked on 127.0.0.1, a name check could not pass
   * (the certificate names the host), and anything but that certificate is refused.
   */
  private static SSLContext pinned(Path certFile) throws IOException, java.security.GeneralSecurityException {
    X509Certificate expected;
    try (InputStream in = Files.newInputStream(certFile)) {
      expected = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    X509ExtendedTrustManager tm = new X509ExtendedTrustManager() {
      private void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0 || !chain[0].equals(expected)) throw new CertificateException("not this server's certificate");
      }

      @Override public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket s) throws CertificateException { check(chain); }
      @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) throws CertificateException { check(chain); }
      @Override public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException { check(chain); }
      @Override public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket s) throws CertificateException { throw new CertificateException("client"); }
      @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) throws CertificateException { throw new CertificateException("client"); }
      @Override public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException { throw new CertificateException("client"); }
      @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    };
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new javax.net.ssl.TrustManager[] {tm}, null);
    return ctx;
  }
}
