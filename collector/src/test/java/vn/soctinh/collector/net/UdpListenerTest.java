package vn.soctinh.collector.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.collector.Collector;
import vn.soctinh.collector.CollectorSettingsBuilder;
import vn.soctinh.collector.journal.JournalRecord;
import vn.soctinh.collector.journal.RecordFlags;
import vn.soctinh.collector.journal.Transport;
import vn.soctinh.collector.source.SourceEntry;
import vn.soctinh.collector.source.SourceTable;
import vn.soctinh.collector.testing.Await;
import vn.soctinh.collector.testing.MemoryAppender;

class UdpListenerTest {
  @TempDir Path tmp;
  private final MemoryAppender journal = new MemoryAppender();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private Collector collector;

  private InetSocketAddress start(int maxMessageBytes) throws Exception {
    UdpSettings udp = new UdpSettings("syslog_udp", new InetSocketAddress("127.0.0.1", 0), 1 << 20, maxMessageBytes);
    SourceTable sources = new SourceTable(List.of(new SourceEntry("so-tttt", "Sở", List.of("127.0.0.0/8"), List.of(), List.of())));
    collector = new Collector(CollectorSettingsBuilder.builder().syslogUdp(udp).maxPendingBytes(1 << 26).tlsDir(tmp).ioThreads(2).build(),
        journal, () -> sources, registry);
    return collector.start().get(0).address();
  }

  /** The flow-export listeners: same listener class, their own names, no syslog listener. */
  private List<Collector.Bound> startFlowListeners() throws Exception {
    SourceTable sources = new SourceTable(List.of(new SourceEntry("so-tttt", "Sở", List.of("127.0.0.0/8"), List.of(), List.of())));
    List<UdpSettings> flows = List.of(new UdpSettings("netflow", new InetSocketAddress("127.0.0.1", 0), 1 << 20, 65535),
        new UdpSettings("ipfix", new InetSocketAddress("127.0.0.1", 0), 1 << 20, 65535));
    collector = new Collector(CollectorSettingsBuilder.builder().flowUdp(flows).maxPendingBytes(1 << 26).tlsDir(tmp).ioThreads(2)
        .shutdownQuietMillis(500).shutdownDrainMillis(1000).build(), journal, () -> sources, registry);
    return collector.start();
  }

  @Test
  void flowListenersKeepBinaryDatagramsByteForByteWithTheirSender() throws Exception {
    List<Collector.Bound> bound = startFlowListeners();
    assertEquals(List.of("netflow", "ipfix"), bound.stream().map(Collector.Bound::name).toList());
    // bytes a text listener might be tempted to touch: CR LF at the end, NULs, a BOM, invalid UTF-8
    byte[] packet = {0, 9, 0, 1, (byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 0, (byte) 0xC3, 0x28, (byte) 0xFF, 0, '\r', '\n'};
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      for (Collector.Bound b : bound) s.send(new DatagramPacket(packet, packet.length, b.address()));
      List<JournalRecord> got = journal.awaitRecords(2, 10_000);
      Set<String> listeners = new HashSet<>();
      for (JournalRecord r : got) {
        assertArrayEquals(packet, r.payload());
        assertEquals(0, r.flags() & RecordFlags.TRUNCATED);
        assertEquals(new InetSocketAddress("127.0.0.1", s.getLocalPort()), r.meta().peer());
        assertEquals("so-tttt", r.meta().agency());
        listeners.add(r.meta().listener());
      }
      assertEquals(Set.of("netflow", "ipfix"), listeners);
    }
  }

  @AfterEach
  void stop() {
    if (collector != null) collector.close();
  }

  @Test
  void eachDatagramIsOneRecordWithItsSender() throws Exception {
    InetSocketAddress addr = start(2048);
    Set<String> sent = new HashSet<>();
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      for (int i = 0; i < 200; i++) {
        String m = "<14>1 2026-11-23T10:00:00Z h app - - - gói " + i + "\nwith a newline inside";
        sent.add(m);
        byte[] b = m.getBytes(StandardCharsets.UTF_8);
        s.send(new DatagramPacket(b, b.length, addr));
        if (i % 50 == 49) Thread.sleep(20); // stay far below the receive buffer: loss here would be a test artefact
      }
      List<JournalRecord> got = journal.awaitRecords(200, 10_000);
      assertEquals(200, got.size());
      Set<String> received = new HashSet<>();
      for (JournalRecord r : got) {
        received.add(new String(r.payload(), StandardCharsets.UTF_8));
        assertEquals(Transport.UDP, r.transport());
        assertEquals("so-tttt", r.meta().agency());
        assertEquals(s.getLocalPort(), r.meta().peer().getPort());
      }
      assertEquals(sent, received);
    }
  }

  @Test
  void anOversizeDatagramIsKeptTruncatedAndFlagged() throws Exception {
    InetSocketAddress addr = start(1024);
    byte[] big = new byte[3000];
    Arrays.fill(big, (byte) 'x');
    try (DatagramSocket s = new DatagramSocket()) {
      s.send(new DatagramPacket(big, big.length, addr));
    }
    JournalRecord r = journal.awaitRecords(1, 10_000).get(0);
    assertEquals(1024, r.payload().length);
    assertArrayEquals(Arrays.copyOf(big, 1024), r.payload());
    assertTrue((r.flags() & RecordFlags.TRUNCATED) != 0);
    assertEquals(1, registry.find("soctinh.oversize.frames").counter().count());
  }

  @Test
  void whileTheJournalIsFullDatagramsAreDroppedAndCountedPerAgency() throws Exception {
    InetSocketAddress addr = start(2048);
    journal.setAccepting(false);
    try (DatagramSocket s = new DatagramSocket()) {
      for (int i = 0; i < 10; i++) {
        byte[] b = ("dropped " + i).getBytes(StandardCharsets.UTF_8);
        s.send(new DatagramPacket(b, b.length, addr));
      }
      Await.until(Duration.ofSeconds(10), () -> dropped() >= 10, () -> "ten drops counted, got " + dropped());
      assertEquals(10, dropped());
      journal.setAccepting(true);
      byte[] b = "kept".getBytes(StandardCharsets.UTF_8);
      s.send(new DatagramPacket(b, b.length, addr));
    }
    List<JournalRecord> got = journal.awaitRecords(1, 10_000);
    assertEquals(1, got.size());
    assertEquals("kept", new String(got.get(0).payload(), StandardCharsets.UTF_8));
  }

  private double dropped() {
    var c = registry.find("soctinh.dropped.messages").tags("agency", "so-tttt", "reason", "journal_full").counter();
    return c == null ? 0 : c.count();
  }
}
