package vn.soctinh.app.attacker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.app.SocTinh;
import vn.soctinh.app.TestConfigs;
import vn.soctinh.app.config.ConfigLoader;
import vn.soctinh.collector.tls.SelfSignedCertificate;

/**
 * Issue #17, item 7: the intake over HTTPS, so an agency's token does not cross the province's
 * network in clear. With {@code listen: https://...} and no certificate given, the intake serves
 * the same generated certificate as the syslog TLS listener (one fingerprint for agencies to pin);
 * a client that trusts it posts with its token and the lines are the token's agency's; plain HTTP
 * to the same port gets no answer it could read.
 */
class IntakeOverTlsTest {
  @TempDir Path tmp;

  /** A TLS context that trusts exactly this certificate. */
  static javax.net.ssl.SSLContext trusting(Path pem) throws Exception {
    java.security.KeyStore ks = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
    ks.load(null, null);
    try (var in = java.nio.file.Files.newInputStream(pem)) {
      ks.setCertificateEntry("intake", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  @Test
  void anAgencyPostsOverHttpsWithItsToken() throws Exception {
    Path data = tmp.resolve("data");
    String yaml = TestConfigs.loopbackYaml(data, "sources:\n  - agency: so-yte\n    tokens: [\"token-of-so-yte-0123456789\"]\n")
        .replace("http: { listen: \"http://127.0.0.1:0\" }", "http: { listen: \"https://127.0.0.1:0\" }");
    try (SocTinh app = SocTinh.start(ConfigLoader.loadString(yaml, "test.yml"))) {
      int port = app.address("http").getPort();
      Path cert = SelfSignedCertificate.ensure(data.resolve("tls")).certFile();
      HttpClient client = HttpClient.newBuilder().sslContext(trusting(cert)).connectTimeout(Duration.ofSeconds(10)).build();
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/api/v1/ingest"))
          .header("Authorization", "Bearer token-of-so-yte-0123456789").header("Content-Type", "application/x-ndjson")
          .POST(HttpRequest.BodyPublishers.ofString("{\"msg\":\"over TLS\"}\n")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      assertEquals("so-yte", new JsonObject(r.body()).getString("agency"));

      java.io.IOException plain = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> HttpClient.newHttpClient()
          .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/ingest")).timeout(Duration.ofSeconds(10))
              .POST(HttpRequest.BodyPublishers.ofString("{}\n")).build(), HttpResponse.BodyHandlers.ofString()));
      assertTrue(plain.getMessage() == null || !plain.getMessage().contains("200"), String.valueOf(plain.getMessage()));
    }
  }
}
