package vn.soctinh.analyzer.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.collector.testing.Await;
import vn.soctinh.collector.tls.SelfSignedCertificate;

/**
 * The STARTTLS upgrade itself, against a small SMTP server run here (GreenMail has no STARTTLS):
 * the client upgrades before it authenticates, and the message travels inside TLS.
 */
class StartTlsSmtpTest {
  @TempDir Path dir;

  /** What the server saw. */
  record Seen(boolean tlsBeforeAuth, String auth, String data) {}

  @Test
  void mailIsUpgradedToTlsBeforeLoginAndSent() throws Exception {
    SSLContext tls = serverContext();
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Seen> seen = CompletableFuture.supplyAsync(() -> serve(ss, tls));
      Vertx vertx = Vertx.vertx();
      try (Notifier n = new Notifier(List.of(new MailChannel(vertx, new MailChannel.Settings("127.0.0.1", ss.getLocalPort(), "required", "soc", "s3cret",
          "soc@tinh.test", List.of("truc-ban@tinh.test"), true))), new Templates("vi"), 1, Duration.ofMillis(10), dir.resolve("dead.ndjson"),
          Clock.systemUTC())) {
        n.send(new Notification("source_silent", Map.of("host", "fw-01", "agency", "Sở Tài chính", "last_seen", "03/12/2026 09:00", "priority", "P2"),
            false));
        Seen s = seen.get(30, TimeUnit.SECONDS);
        assertTrue(s.tlsBeforeAuth(), "AUTH came only after STARTTLS");
        assertEquals("\0soc\0s3cret", s.auth(), "the credentials, readable by the server only inside TLS");
        assertTrue(s.data().contains("fw-01"), s.data());
        Await.until(Duration.ofSeconds(10), () -> n.delivered() >= 1, "the notification delivered");
        assertEquals(1, n.delivered());
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
  }

  private SSLContext serverContext() throws Exception {
    SelfSignedCertificate.Files2 f = SelfSignedCertificate.ensure(dir.resolve("tls"));
    Certificate cert;
    try (var in = Files.newInputStream(f.certFile())) {
      cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    String pem = Files.readString(f.keyFile()).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    var key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("smtp", key, "x".toCharArray(), new Certificate[] {cert});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "x".toCharArray());
    SSLContext c = SSLContext.getInstance("TLS");
    c.init(kmf.getKeyManagers(), null, null);
    return c;
  }

  /** One SMTP session: EHLO, STARTTLS, EHLO, AUTH PLAIN, MAIL, RCPT, DATA, QUIT. */
  private static Seen serve(ServerSocket ss, SSLContext tls) {
    try (Socket plain = ss.accept()) {
      plain.setSoTimeout(20_000);
      Socket s = plain;
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = s.getOutputStream();
      boolean secure = false;
      boolean tlsBeforeAuth = false;
      String auth = null;
      StringBuilder data = new StringBuilder();
      write(out, "220 test.soc ESMTP");
      for (String line; (line = in.readLine()) != null;) {
        String cmd = line.toUpperCase(java.util.Locale.ROOT);
        if (cmd.startsWith("EHLO") || cmd.startsWith("HELO")) {
          write(out, secure ? "250-test.soc\r\n250 AUTH PLAIN LOGIN" : "250-test.soc\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN");
        } else if (cmd.equals("STARTTLS")) {
          write(out, "220 go ahead");
          SSLSocket t = (SSLSocket) tls.getSocketFactory().createSocket(s, "127.0.0.1", s.getPort(), true);
          t.setUseClientMode(false);
          t.startHandshake();
          s = t;
          in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
          out = s.getOutputStream();
          secure = true;
        } else if (cmd.startsWith("AUTH PLAIN")) {
          tlsBeforeAuth = secure;
          String b64 = line.length() > 11 ? line.substring(11).strip() : "";
          if (b64.isEmpty()) {
            write(out, "334 ");
            b64 = in.readLine().strip();
          }
          auth = new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
          write(out, "235 2.7.0 ok");
        } else if (cmd.startsWith("AUTH LOGIN")) {
          tlsBeforeAuth = secure;
          write(out, "334 VXNlcm5hbWU6");
          String u = new String(Base64.getDecoder().decode(in.readLine().strip()), StandardCharsets.UTF_8);
          write(out, "334 UGFzc3dvcmQ6");
          String p = new String(Base64.getDecoder().decode(in.readLine().strip()), StandardCharsets.UTF_8);
          auth = "\0" + u + "\0" + p;
          write(out, "235 2.7.0 ok");
        } else if (cmd.startsWith("MAIL FROM") || cmd.startsWith("RCPT TO") || cmd.equals("RSET") || cmd.equals("NOOP")) {
          write(out, "250 ok");
        } else if (cmd.equals("DATA")) {
          write(out, "354 go");
          for (String d; (d = in.readLine()) != null && !d.equals(".");) data.append(d).append('\n');
          write(out, "250 queued");
          break; // the client keeps its connection for the next mail (a pool); one is all this test needs
        } else if (cmd.equals("QUIT")) {
          write(out, "221 bye");
          break;
        } else {
          write(out, "502 not here");
        }
      }
      return new Seen(tlsBeforeAuth, auth, data.toString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void write(OutputStream out, String reply) throws java.io.IOException {
    out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
