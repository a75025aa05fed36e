package vn.soctinh.collector.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.collector.Collector;
import vn.soctinh.collector.CollectorSettingsBuilder;
import vn.soctinh.collector.journal.JournalRecord;
import vn.soctinh.collector.journal.Transport;
import vn.soctinh.collector.source.SourceEntry;
import vn.soctinh.collector.source.SourceTable;
import vn.soctinh.collector.testing.Await;
import vn.soctinh.collector.testing.MemoryAppender;
import vn.soctinh.collector.testing.TestCerts;
import vn.soctinh.collector.testing.TlsClients;

/** RFC 5425 TLS with client certificates that identify agencies. */
class MutualTlsTest {
  @TempDir Path tmp;
  private final MemoryAppender journal = new MemoryAppender();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private Collector collector;
  private TestCerts pki;

  private InetSocketAddress start(TlsSettings.ClientAuth auth, boolean requireKnown) throws Exception {
    pki = new TestCerts(tmp.resolve("pki"), "soc-tinh-test");
    TestCerts.Pem server = pki.issue("localhost");
    TlsSettings tls = new TlsSettings(server.cert(), server.key(), auth, pki.caFile(), requireKnown, 10);
    StreamSettings s = new StreamSettings("syslog_tls", new InetSocketAddress("127.0.0.1", 0), 4096, 100, 100, 60, 1 << 20, tls);
    SourceTable sources = new SourceTable(List.of(
        new SourceEntry("so-tttt", "Sở TT&TT", List.of(), List.of("so-tttt.tinh.gov.vn"), List.of())));
    collector = new Collector(CollectorSettingsBuilder.builder().syslogTcp(s).maxPendingBytes(1 << 26).tlsDir(tmp.resolve("tls")).ioThreads(2).build(),
        journal, () -> sources, registry);
    return collector.start().get(0).address();
  }

  @AfterEach
  void stop() {
    if (collector != null) collector.close();
  }

  private static void send(InetSocketAddress addr, TestCerts.Pem client, String line) throws Exception {
    try (SSLSocket s = (SSLSocket) TlsClients.factory(client).createSocket(addr.getAddress(), addr.getPort())) {
      s.setSoTimeout(10_000);
      s.startHandshake();
      OutputStream out = s.getOutputStream();
      out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      // a refused peer is closed by the server right after the handshake; reading tells us
      s.shutdownOutput();
      if (s.getInputStream().read() != -1) throw new IOException("unexpected data from the server");
    }
  }

  private double rejected(String reason) {
    var c = registry.find("soctinh.rejected.connections").tag("reason", reason).counter();
    return c == null ? 0 : c.count();
  }

  /**
   * That nothing of a refused connection was stored: a known client sends a marker after it, and the
   * marker is the first and only record (the listener had its chance to store the refused line first).
   */
  private void assertOnlyMarkerArrives(InetSocketAddress addr, TestCerts.Pem known) throws Exception {
    send(addr, known, "marker after the refused connection");
    JournalRecord first = journal.awaitRecords(1, 10_000).get(0);
    assertEquals("marker after the refused connection", new String(first.payload(), StandardCharsets.UTF_8));
    assertEquals(1, journal.records().size(), "only the marker");
  }

  @Test
  void aKnownClientCertificateIsAttributedToItsAgency() throws Exception {
    InetSocketAddress addr = start(TlsSettings.ClientAuth.REQUIRED, true);
    send(addr, pki.issue("so-tttt.tinh.gov.vn"), "xin chào qua TLS");
    JournalRecord r = journal.awaitRecords(1, 10_000).get(0);
    assertEquals("xin chào qua TLS", new String(r.payload(), StandardCharsets.UTF_8));
    assertEquals(Transport.TLS, r.transport());
    assertEquals("so-tttt", r.meta().agency());
    assertEquals("so-tttt.tinh.gov.vn", r.meta().tlsPeer());
  }

  @Test
  void aCertificateFromAnUnknownAuthorityIsRefused() throws Exception {
    InetSocketAddress addr = start(TlsSettings.ClientAuth.REQUIRED, false);
    TestCerts rogue = new TestCerts(tmp.resolve("rogue"), "rogue-ca");
    assertThrows(IOException.class, () -> send(addr, rogue.issue("so-tttt.tinh.gov.vn"), "should not arrive"));
    assertThrows(IOException.class, () -> send(addr, null, "no certificate at all"));
    Await.until(Duration.ofSeconds(10), () -> rejected("tls_handshake") >= 1, "a refused handshake counted");
    assertOnlyMarkerArrives(addr, pki.issue("so-tttt.tinh.gov.vn"));
  }

  @Test
  void aTrustedButUnlistedCertificateIsRefusedWhenKnownClientsAreRequired() throws Exception {
    InetSocketAddress addr = start(TlsSettings.ClientAuth.REQUIRED, true);
    try {
      send(addr, pki.issue("stranger.example"), "should not arrive");
    } catch (IOException expected) {
      // the close may race with our write: either way nothing may be stored
    }
    Await.until(Duration.ofSeconds(10), () -> rejected("unknown_client_certificate") >= 1, "the unlisted client counted");
    assertOnlyMarkerArrives(addr, pki.issue("so-tttt.tinh.gov.vn"));
    assertEquals(1, rejected("unknown_client_certificate"));
  }

  @Test
  void withoutClientAuthTheSenderIsAttributedByAddress() throws Exception {
    InetSocketAddress addr = start(TlsSettings.ClientAuth.NONE, false);
    send(addr, null, "anonymous TLS");
    JournalRecord r = journal.awaitRecords(1, 10_000).get(0);
    assertEquals("unassigned", r.meta().agency());
    assertEquals("", r.meta().tlsPeer());
  }
}
