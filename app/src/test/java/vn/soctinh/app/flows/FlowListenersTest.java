package vn.soctinh.app.flows;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.EventParser;
import vn.soctinh.analyzer.parse.ParseStats;
import vn.soctinh.analyzer.parse.RawRecord;
import vn.soctinh.analyzer.parse.StandardParsers;
import vn.soctinh.app.SocTinh;
import vn.soctinh.app.TestConfigs;
import vn.soctinh.app.config.SocTinhConfig;
import vn.soctinh.collector.journal.Journal;
import vn.soctinh.collector.journal.JournalConfig;
import vn.soctinh.collector.journal.JournalReader;
import vn.soctinh.collector.journal.JournalRecord;
import vn.soctinh.collector.testing.Await;

/** The netflow and ipfix listeners of a started app journal each datagram as sent, and the journal decodes to flows. */
class FlowListenersTest {
  @TempDir Path tmp;

  /** A NetFlow v5 datagram with one UDP flow from {@code src}. */
  private static byte[] v5(String src) throws Exception {
    ByteBuffer b = ByteBuffer.allocate(24 + 48);
    long now = Instant.parse("2026-11-23T10:00:00Z").getEpochSecond();
    b.putShort((short) 5).putShort((short) 1).putInt(60_000).putInt((int) now).putInt(0).putInt(1).putInt(0);
    b.put(InetAddress.getByName(src).getAddress()).put(new byte[] {(byte) 192, 0, 2, 53}).putInt(0)
        .putShort((short) 1).putShort((short) 2).putInt(3).putInt(210).putInt(50_000).putInt(59_000)
        .putShort((short) 33000).putShort((short) 53).put((byte) 0).put((byte) 0).put((byte) 17).put((byte) 0)
        .putInt(0).putInt(0);
    return b.array();
  }

  @Test
  void datagramsOnTheFlowListenersAreJournaledUntouchedAndDecodeToFlows() throws Exception {
    Path data = tmp.resolve("data");
    SocTinhConfig config = TestConfigs.loopback(data, "");
    byte[] toNetflow = v5("10.20.0.1");
    byte[] toIpfix = v5("10.20.0.2");
    try (SocTinh app = SocTinh.start(config); DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      s.send(new DatagramPacket(toNetflow, toNetflow.length, app.address("netflow")));
      s.send(new DatagramPacket(toIpfix, toIpfix.length, app.address("ipfix")));
      Await.until(Duration.ofSeconds(10), () -> app.journal().nextOffset() >= 2, "both datagrams journaled");
    }
    EventParser parser = new EventParser(config.parsing(), StandardParsers.registry(), StandardParsers.flowDecoder(config.flows()),
        new ParseStats(), Clock.systemUTC());
    List<String> listeners = new ArrayList<>();
    List<Event> flows = new ArrayList<>();
    try (Journal j = Journal.open(JournalConfig.defaults(data.resolve("journal")), null); JournalReader r = j.reader(0)) {
      for (JournalRecord rec = r.next(); rec != null; rec = r.next()) {
        listeners.add(rec.meta().listener());
        assertArrayEquals(rec.meta().listener().equals("netflow") ? toNetflow : toIpfix, rec.payload());
        parser.parse(RawRecord.of(rec), flows::add);
      }
    }
    assertEquals(List.of("ipfix", "netflow"), listeners.stream().sorted().toList());
    assertEquals(List.of("10.20.0.1", "10.20.0.2"), flows.stream().map(e -> e.getString("source.ip")).sorted().toList());
    for (Event e : flows) {
      assertEquals("netflow_flow", e.get("event.action"));
      assertEquals(210L, e.get("network.bytes"));
      assertEquals(Instant.parse("2026-11-23T09:59:59Z"), e.get("event.end"));
      assertEquals("127.0.0.1", e.get("observer.ip"));
    }
  }
}
