package vn.soctinh.collector.syslog;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.collector.syslog.SyslogSender.Framing;
import vn.soctinh.collector.syslog.SyslogSender.Options;
import vn.soctinh.collector.syslog.SyslogSender.Result;
import vn.soctinh.collector.syslog.SyslogSender.Transport;

/** SyslogSender against plain JDK receivers on 127.0.0.1. */
class SyslogSenderTest {
  static final String TEMPLATE = "<13>1 {ts} {host} test - - - seq={seq} r={rand} end";
  static final Pattern LINE = Pattern.compile("<13>1 \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) \\S+ test - - - seq=(\\d{10}) r=[0-9a-f]{16} end");

  final ExecutorService receiver = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    receiver.shutdownNow();
  }

  static void assertSequence(List<String> messages, long count) {
    assertEquals(count, messages.size());
    for (int i = 0; i < messages.size(); i++) {
      Matcher m = LINE.matcher(messages.get(i));
      assertTrue(m.matches(), messages.get(i));
      assertEquals(i, Long.parseLong(m.group(2)));
    }
  }

  /** Accepts one connection and reads everything until EOF. */
  Future<byte[]> acceptAll(ServerSocket server) {
    return receiver.submit(() -> {
      try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
        if (s instanceof SSLSocket ssl) {
          ssl.startHandshake();
        }
        return in.readAllBytes();
      }
    });
  }

  static List<String> lfFrames(byte[] bytes) {
    String s = new String(bytes, US_ASCII);
    assertTrue(s.endsWith("\n"));
    return List.of(s.substring(0, s.length() - 1).split("\n", -1));
  }

  static List<String> octetCountedFrames(byte[] bytes) throws IOException {
    List<String> out = new ArrayList<>();
    DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
    for (;;) {
      int len = 0;
      int c = in.read();
      if (c < 0) {
        return out;
      }
      for (; c != ' '; c = in.read()) {
        if (c < '0' || c > '9') {
          throw new IOException("bad count byte " + c);
        }
        len = len * 10 + (c - '0');
      }
      byte[] msg = new byte[len];
      in.readFully(msg);
      out.add(new String(msg, US_ASCII));
    }
  }

  static ServerSocket loopbackServer() throws IOException {
    return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
  }

  @Test
  void tcpLfFramingDeliversEveryLineInOrder() throws Exception {
    try (ServerSocket server = loopbackServer()) {
      Future<byte[]> got = acceptAll(server);
      Result r = new SyslogSender(Options.of(Transport.TCP, "127.0.0.1", server.getLocalPort()).withCount(5000).withTemplate(TEMPLATE)).run();
      assertEquals(5000, r.sent());
      assertEquals(0, r.errors());
      assertNull(r.error());
      assertSequence(lfFrames(got.get()), 5000);
    }
  }

  @Test
  void tcpOctetCountingDeliversEveryFrameInOrder() throws Exception {
    try (ServerSocket server = loopbackServer()) {
      Future<byte[]> got = acceptAll(server);
      Result r = new SyslogSender(Options.of(Transport.TCP, "127.0.0.1", server.getLocalPort())
          .withFraming(Framing.OCTET_COUNTING).withCount(3000).withTemplate(TEMPLATE)).run();
      assertEquals(3000, r.sent());
      assertSequence(octetCountedFrames(got.get()), 3000);
    }
  }

  @Test
  void rateLimitedSendStillDeliversEveryMessage() throws Exception {
    try (ServerSocket server = loopbackServer()) {
      Future<byte[]> got = acceptAll(server);
      Result r = new SyslogSender(Options.of(Transport.TCP, "127.0.0.1", server.getLocalPort())
          .withCount(300).withRate(2000).withTemplate(TEMPLATE)).run();
      assertEquals(300, r.sent());
      assertSequence(lfFrames(got.get()), 300);
    }
  }

  @Test
  void udpSendsOneMessagePerDatagram() throws Exception {
    int count = 500;
    try (DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      server.setReceiveBufferSize(4 << 20);
      Future<List<String>> got = receiver.submit(() -> {
        List<String> msgs = new ArrayList<>();
        byte[] buf = new byte[65535];
        while (msgs.size() < count) {
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          server.receive(p);
          msgs.add(new String(p.getData(), 0, p.getLength(), US_ASCII));
        }
        return msgs;
      });
      // throttled so the loopback receive buffer never overflows
      Result r = new SyslogSender(Options.of(Transport.UDP, "127.0.0.1", server.getLocalPort())
          .withCount(count).withRate(20_000).withTemplate(TEMPLATE)).run();
      assertEquals(count, r.sent());
      assertSequence(got.get(), count);
    }
  }

  @Test
  void connectionRefusedIsAnIOException() throws Exception {
    int port;
    try (ServerSocket s = loopbackServer()) {
      port = s.getLocalPort();
    }
    assertThrows(IOException.class, () -> new SyslogSender(Options.of(Transport.TCP, "127.0.0.1", port).withCount(1)).run());
  }

  @Test
  void defaultTemplateRendersEveryPlaceholder() {
    MessageTemplate t = new MessageTemplate(SyslogSender.DEFAULT_TEMPLATE, "h1");
    t.render(42);
    String s = new String(t.copy(), US_ASCII);
    assertTrue(s.matches("<134>1 \\d{4}-\\d\\d-\\d\\dT\\S+ h1 soctinh-send - - - message 0000000042 [0-9a-f]{16}"), s);
    MessageTemplate literal = new MessageTemplate("{seq}{unknown}{", "h");
    literal.render(7);
    assertEquals("0000000007{unknown}{", new String(literal.copy(), US_ASCII));
  }

  // --- TLS ---

  record Pki(Path certPem, Path keyPem, KeyPair keys, X509Certificate cert) {}

  static Pki selfSigned(Path dir, String name) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    KeyPair kp = g.generateKeyPair();
    X500Name dn = new X500Name("CN=" + name);
    Date now = new Date();
    var b = new JcaX509v3CertificateBuilder(dn, BigInteger.valueOf(now.getTime()), new Date(now.getTime() - 60_000),
        new Date(now.getTime() + 86_400_000L), dn, kp.getPublic());
    b.addExtension(Extension.subjectAlternativeName, false,
        new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
    X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
    Path certPem = dir.resolve(name + ".crt");
    Path keyPem = dir.resolve(name + ".key");
    Files.writeString(certPem, pem(cert));
    Files.writeString(keyPem, pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(kp.getPrivate(), null).generate()));
    return new Pki(certPem, keyPem, kp, cert);
  }

  static String pem(Object o) throws IOException {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
      pw.writeObject(o);
    }
    return w.toString();
  }

  static SSLServerSocket tlsServer(Pki server, Pki trustedClient) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("server", server.keys().getPrivate(), new char[0], new java.security.cert.Certificate[] {server.cert()});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, new char[0]);
    TrustManagerFactory tmf = null;
    if (trustedClient != null) {
      KeyStore ts = KeyStore.getInstance("PKCS12");
      ts.load(null, null);
      ts.setCertificateEntry("client", trustedClient.cert());
      tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ts);
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
    SSLServerSocket s = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    s.setNeedClientAuth(trustedClient != null);
    return s;
  }

  @Test
  void tlsWithTheServersCaVerifiesAndDelivers(@TempDir Path dir) throws Exception {
    Pki server = selfSigned(dir, "server");
    try (SSLServerSocket s = tlsServer(server, null)) {
      Future<byte[]> got = acceptAll(s);
      Result r = new SyslogSender(Options.of(Transport.TLS, "127.0.0.1", s.getLocalPort())
          .withCaPem(server.certPem()).withFraming(Framing.OCTET_COUNTING).withCount(1000).withTemplate(TEMPLATE)).run();
      assertEquals(1000, r.sent());
      assertSequence(octetCountedFrames(got.get()), 1000);
    }
  }

  @Test
  void tlsWithAnUntrustedCertificateFailsUnlessTrustAll(@TempDir Path dir) throws Exception {
    Pki server = selfSigned(dir, "server");
    Pki other = selfSigned(dir, "other");
    try (SSLServerSocket s = tlsServer(server, null)) {
      receiver.submit(() -> {
        try (Socket c = s.accept()) {
          ((SSLSocket) c).startHandshake();
        } catch (IOException expected) {
          // the client refuses the certificate
        }
        return null;
      });
      assertThrows(IOException.class, () -> new SyslogSender(Options.of(Transport.TLS, "127.0.0.1", s.getLocalPort()).withCaPem(other.certPem())).run());
      Future<byte[]> got = acceptAll(s);
      Result r = new SyslogSender(Options.of(Transport.TLS, "127.0.0.1", s.getLocalPort()).withTrustAll(true).withCount(10).withTemplate(TEMPLATE)).run();
      assertEquals(10, r.sent());
      assertSequence(lfFrames(got.get()), 10);
    }
  }

  @Test
  void mutualTlsPresentsTheClientCertificate(@TempDir Path dir) throws Exception {
    Pki server = selfSigned(dir, "server");
    Pki client = selfSigned(dir, "client");
    try (SSLServerSocket s = tlsServer(server, client)) {
      Future<String> peer = receiver.submit(() -> {
        try (SSLSocket c = (SSLSocket) s.accept(); InputStream in = c.getInputStream()) {
          c.startHandshake();
          String name = ((X509Certificate) c.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
          ByteArrayOutputStream all = new ByteArrayOutputStream();
          in.transferTo(all);
          return name + " " + lfFrames(all.toByteArray()).size();
        }
      });
      Result r = new SyslogSender(Options.of(Transport.TLS, "localhost", s.getLocalPort())
          .withCaPem(server.certPem()).withClientCert(client.certPem(), client.keyPem()).withCount(20).withTemplate(TEMPLATE)).run();
      assertEquals(20, r.sent());
      assertEquals("CN=client 20", peer.get());
    }
  }

  @Test
  void privateKeyIsReadFromPkcs8Pem(@TempDir Path dir) throws Exception {
    Pki p = selfSigned(dir, "k");
    assertEquals(p.keys().getPrivate(), TlsClientContext.readPrivateKey(p.keyPem()));
  }
  @Test
  void optionsChangeOnlyWhatIsNamed() {
    SyslogSender.Options base = SyslogSender.Options.of(SyslogSender.Transport.RELP, "127.0.0.1", 2514);
    // of()'s defaults: one line, newline-framed, no rate limit, the server's certificate checked
    assertEquals(Framing.LF, base.framing());
    assertEquals(1, base.count());
    assertEquals(0, base.rate());
    assertEquals(SyslogSender.DEFAULT_TEMPLATE, base.template());
    assertTrue(base.verifyHostname());
    assertEquals(10_000, base.timeoutMillis());
    assertEquals(base, base.with().build());
    Path ca = Path.of("ca.pem");
    SyslogSender.Options changed = base.withCount(7).withRate(300).withCaPem(ca).withRelpWindow(3);
    assertEquals(7, changed.count());
    assertEquals(300, changed.rate());
    assertEquals(ca, changed.caPem());
    assertEquals(3, changed.relpWindow());
    // everything else as it was
    assertEquals(base, changed.with().count(base.count()).rate(base.rate()).caPem(null).relpWindow(base.relpWindow()).build());
  }
}
