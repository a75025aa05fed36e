package vn.soctinh.analyzer.store.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.store.StoreException;
import vn.soctinh.collector.tls.SelfSignedCertificate;

/**
 * Authentication and TLS options as a cluster sees them. The test node runs without security, so
 * a loopback HTTP(S) server answering like Elasticsearch stands in here and records what arrives;
 * the TLS side is real (a self-signed certificate, trusted through {@code ca_file} or refused).
 */
class EsConnectionOptionsTest {
  @TempDir Path tmp;
  private HttpServer server;
  private final List<String> auth = new CopyOnWriteArrayList<>();

  private void handle(HttpExchange x) throws java.io.IOException {
    auth.add(String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
    x.getRequestBody().readAllBytes();
    boolean checkpoint = x.getRequestURI().getPath().endsWith("/_doc/checkpoint");
    byte[] body = (checkpoint ? "{\"_index\":\"t-meta\",\"_id\":\"checkpoint\",\"found\":false}" : "{\"acknowledged\":true}")
        .getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("X-Elastic-Product", "Elasticsearch");
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.sendResponseHeaders(checkpoint ? 404 : 200, body.length);
    x.getResponseBody().write(body);
    x.close();
  }

  private String startHttp() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    server.createContext("/", this::handle);
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    if (server != null) server.stop(0);
  }

  private static EsSettings settings(String url, String user, String password, String apiKey, Path ca) {
    return EsSettingsBuilder.builder().urls(List.of(url)).username(user).password(password).apiKey(apiKey).caCertificate(ca).indexPrefix("t").shards(1)
        .replicas(0).bulkOperations(100).bulkBytes(1 << 20).concurrentRequests(1).pendingLimit(1000).stallTimeout(Duration.ofSeconds(5)).build();
  }

  @Test
  void basicAuthenticationIsSentWithEveryRequest() throws Exception {
    String url = startHttp();
    try (ElasticsearchEventStore s = ElasticsearchEventStore.open(settings(url, "soctinh", "mật-khẩu", null, null))) {
      assertTrue(s.checkpoint().isEmpty());
    }
    String expected = "Basic " + java.util.Base64.getEncoder().encodeToString("soctinh:mật-khẩu".getBytes(StandardCharsets.UTF_8));
    assertTrue(auth.size() >= 4, "templates, indices and the checkpoint: " + auth);
    assertTrue(auth.stream().allMatch(expected::equals), auth.toString());
  }

  @Test
  void anApiKeyIsSentAsSuch() throws Exception {
    String url = startHttp();
    try (ElasticsearchEventStore s = ElasticsearchEventStore.open(settings(url, null, null, "VnVBVGZHc0I6dWk", null))) {
      s.checkpoint();
    }
    assertTrue(auth.stream().allMatch("ApiKey VnVBVGZHc0I6dWk"::equals), auth.toString());
  }

  @Test
  void tlsWithTheConfiguredCaWorksAndWithoutItIsRefused() throws Exception {
    SelfSignedCertificate.Files2 pki = SelfSignedCertificate.ensure(tmp);
    HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    https.setHttpsConfigurator(new HttpsConfigurator(serverContext(pki)));
    https.createContext("/", this::handle);
    https.start();
    server = https;
    String url = "https://127.0.0.1:" + https.getAddress().getPort();
    try (ElasticsearchEventStore s = ElasticsearchEventStore.open(settings(url, null, null, null, pki.certFile()))) {
      assertTrue(s.checkpoint().isEmpty(), "trusted through ca_file");
    }
    int overTls = auth.size();
    assertTrue(overTls >= 4, "templates, indices and the checkpoint arrived over TLS: " + auth);
    try (ElasticsearchEventStore s = ElasticsearchEventStore.open(settings(url, null, null, null, null))) {
      StoreException e = assertThrows(StoreException.class, s::checkpoint);
      assertTrue(e.getMessage().toLowerCase().contains("certif") || String.valueOf(e.getCause()).contains("PKIX"), e.toString());
    }
    assertEquals(overTls, auth.size(), "an untrusted server never received a request");
    Path notPem = tmp.resolve("empty.pem");
    java.nio.file.Files.writeString(notPem, "");
    StoreException bad = assertThrows(StoreException.class, () -> ElasticsearchEventStore.open(settings(url, null, null, null, notPem)));
    assertTrue(bad.getMessage().contains(notPem.toString()), bad.getMessage());
  }

  private static SSLContext serverContext(SelfSignedCertificate.Files2 pki) throws Exception {
    PrivateKey key;
    try (PEMParser p = new PEMParser(new FileReader(pki.keyFile().toFile()))) {
      Object o = p.readObject();
      JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
      key = o instanceof PEMKeyPair kp ? conv.getKeyPair(kp).getPrivate()
          : conv.getPrivateKey((org.bouncycastle.asn1.pkcs.PrivateKeyInfo) o);
    }
    Certificate cert;
    try (var in = java.nio.file.Files.newInputStream(pki.certFile())) {
      cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("k", key, new char[0], new Certificate[] {cert});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, new char[0]);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return ctx;
  }
}
