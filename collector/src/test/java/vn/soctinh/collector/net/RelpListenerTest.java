package vn.soctinh.collector.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.collector.Collector;
import vn.soctinh.collector.CollectorSettingsBuilder;
import vn.soctinh.collector.journal.JournalRecord;
import vn.soctinh.collector.journal.Transport;
import vn.soctinh.collector.relp.RelpClient;
import vn.soctinh.collector.source.SourceEntry;
import vn.soctinh.collector.source.SourceTable;
import vn.soctinh.collector.testing.MemoryAppender;
import vn.soctinh.collector.testing.TestCerts;
import vn.soctinh.collector.testing.TlsClients;

/** The RELP listener as wired by the collector: plain and over mutual TLS. */
class RelpListenerTest {
  @TempDir Path tmp;
  private final MemoryAppender journal = new MemoryAppender();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private Collector collector;

  private InetSocketAddress start(TlsSettings tls) throws Exception {
    StreamSettings s = new StreamSettings("relp", new InetSocketAddress("127.0.0.1", 0), 64 * 1024, 100, 100, 60, 1 << 20, tls);
    SourceTable sources = new SourceTable(List.of(
        new SourceEntry("so-gtvt", "Sở GTVT", List.of("127.0.0.1/32"), List.of(), List.of()),
        new SourceEntry("so-tc", "Sở Tài chính", List.of(), List.of("so-tc.tinh.gov.vn"), List.of())));
    collector = new Collector(CollectorSettingsBuilder.builder().relp(s).maxPendingBytes(1 << 26).tlsDir(tmp.resolve("tls")).ioThreads(2).build(),
        journal, () -> sources, registry);
    return collector.start().get(0).address();
  }

  @AfterEach
  void stop() {
    if (collector != null) collector.close();
  }

  @Test
  void everyMessageIsAcknowledgedAndJournaledWithItsAgency() throws Exception {
    InetSocketAddress a = start(null);
    int n = 5000;
    try (RelpClient c = RelpClient.connect("127.0.0.1", a.getPort(), null, 256, 10_000)) {
      for (int i = 0; i < n; i++) c.send(("<13>1 - h app - - - relp " + i).getBytes(StandardCharsets.UTF_8));
      c.close();
      assertEquals(n, c.acked());
    }
    List<JournalRecord> got = journal.awaitRecords(n, 10_000);
    assertEquals(n, got.size());
    for (int i = 0; i < n; i++) {
      assertArrayEquals(("<13>1 - h app - - - relp " + i).getBytes(StandardCharsets.UTF_8), got.get(i).payload());
      assertEquals(Transport.RELP, got.get(i).transport());
      assertEquals("so-gtvt", got.get(i).meta().agency());
    }
    assertEquals(n, registry.find("soctinh.received.messages").tag("agency", "so-gtvt").counter().count());
  }

  @Test
  void relpOverMutualTlsIsAttributedByTheClientCertificate() throws Exception {
    TestCerts pki = new TestCerts(tmp.resolve("pki"), "relp-ca");
    TestCerts.Pem server = pki.issue("localhost");
    InetSocketAddress a = start(new TlsSettings(server.cert(), server.key(), TlsSettings.ClientAuth.REQUIRED, pki.caFile(), true, 10));
    try (RelpClient c = RelpClient.connect("127.0.0.1", a.getPort(), TlsClients.factory(pki.issue("so-tc.tinh.gov.vn")), 64, 10_000)) {
      for (int i = 0; i < 100; i++) c.send(("tls relp " + i).getBytes(StandardCharsets.UTF_8));
      c.close();
      assertEquals(100, c.acked());
    }
    List<JournalRecord> got = journal.awaitRecords(100, 10_000);
    assertEquals(100, got.size());
    assertEquals("so-tc", got.get(0).meta().agency());
    assertEquals("so-tc.tinh.gov.vn", got.get(99).meta().tlsPeer());
    assertEquals("tls relp 99", new String(got.get(99).payload(), StandardCharsets.UTF_8));
  }
}
