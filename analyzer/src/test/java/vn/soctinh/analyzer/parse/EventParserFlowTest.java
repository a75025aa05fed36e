package vn.soctinh.analyzer.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.soctinh.analyzer.decode.netflow.FlowSettings;
import vn.soctinh.analyzer.event.Event;

/** Records of the netflow and ipfix listeners through the whole parse path, with the collector's facts on every flow. */
class EventParserFlowTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private final ParseStats stats = new ParseStats();
  private final EventParser parser = new EventParser(ParseSettings.defaults(), StandardParsers.registry(),
      StandardParsers.flowDecoder(new FlowSettings(1800, 100, 10, 3 * 140, 3 * 140)), stats, Clock.fixed(NOW, ZoneOffset.UTC));

  private static InetSocketAddress peer(String ip) throws Exception {
    return new InetSocketAddress(InetAddress.getByName(ip), 2055);
  }

  /** A v9 packet with a template (if {@code withTemplate}) and one data flowset of template 256. */
  private static byte[] v9(boolean withTemplate, int templateId, String src) throws Exception {
    ByteBuffer b = ByteBuffer.allocate(100);
    b.putShort((short) 9).putShort((short) 1).putInt(5000).putInt((int) NOW.getEpochSecond()).putInt(1).putInt(0);
    if (withTemplate) b.putShort((short) 0).putShort((short) 16).putShort((short) templateId).putShort((short) 2)
        .putShort((short) 8).putShort((short) 4).putShort((short) 12).putShort((short) 4);
    b.putShort((short) templateId).putShort((short) 12).put(InetAddress.getByName(src).getAddress()).put(new byte[] {10, 0, 0, 2});
    return java.util.Arrays.copyOf(b.array(), b.position());
  }

  private static RawRecord record(byte[] payload, String listener, String peerIp, String agency) throws Exception {
    return RawRecordBuilder.builder().offset(1).payload(payload).receivedAt(NOW).transport("udp").listener(listener).peer(peer(peerIp)).agency(agency)
        .build();
  }

  @Test
  void theNetflowAndIpfixListenersReadNetflowByDefault() throws Exception {
    for (String listener : List.of("netflow", "ipfix")) {
      List<Event> out = new ArrayList<>();
      parser.parse(record(v9(true, 256, "10.0.0.1"), listener, "192.0.2.1", "so-tttt"), out::add);
      assertEquals(1, out.size(), listener);
      Event e = out.get(0);
      assertEquals("10.0.0.1", e.get("source.ip"));
      assertEquals("netflow_flow", e.get("event.action"));
      assertEquals("so-tttt", e.get("organization.id"));
      assertEquals(listener, e.get("labels.listener"));
      assertEquals("192.0.2.1:2055", e.get("log.source.address"));
      assertEquals(NOW, e.get("event.created"));
    }
    assertEquals(2, stats.parsers().get(EventParser.NETFLOW).recognised());
    assertEquals(2, stats.events("so-tttt"));
  }

  @Test
  void heldFlowsAreAttributedToTheAgencyOfTheDatagramTheyCameIn() throws Exception {
    List<Event> out = new ArrayList<>();
    parser.parse(record(v9(false, 300, "10.1.1.1"), "netflow", "192.0.2.1", "so-tttt"), out::add);
    parser.parse(record(v9(false, 301, "10.2.2.2"), "netflow", "192.0.2.2", "ubnd-xa-a"), out::add);
    assertEquals(List.of(), out);
    // the other agency's template arrives: its held flow comes out with its own agency
    parser.parse(record(v9(true, 301, "10.2.2.3"), "netflow", "192.0.2.2", "ubnd-xa-a"), out::add);
    assertEquals(2, out.size());
    for (Event e : out) assertEquals("ubnd-xa-a", e.get("organization.id"));
    // a third exporter fills the buffer: so-tttt's set is pushed out while ubnd-xa-b's datagram is decoded
    out.clear();
    parser.parse(record(v9(false, 302, "10.3.3.3"), "netflow", "192.0.2.3", "ubnd-xa-b"), out::add);
    parser.parse(record(v9(false, 303, "10.3.3.4"), "netflow", "192.0.2.3", "ubnd-xa-b"), out::add);
    parser.parse(record(v9(false, 304, "10.3.3.5"), "netflow", "192.0.2.3", "ubnd-xa-b"), out::add);
    assertEquals(1, out.size());
    Event released = out.get(0);
    assertTrue(released.hasTag(EventParser.UNPARSED));
    assertEquals("template 300 of exporter 192.0.2.1 domain 0 unknown (max_pending_bytes reached)", released.get("error.message"));
    assertEquals("so-tttt", released.get("organization.id"));
    assertEquals("192.0.2.1:2055", released.get("log.source.address"));
    assertEquals(1, stats.unparsed("so-tttt"));
    assertEquals(Map.of("so-tttt", 1L), stats.unparsedByAgency());
  }

  @Test
  void flushEmitsHeldFlowsWithTheirOwnSenders() throws Exception {
    parser.parse(record(v9(false, 300, "10.1.1.1"), "netflow", "192.0.2.1", "so-tttt"), e -> { });
    List<Event> out = new ArrayList<>();
    parser.flush(null, out::add);
    assertEquals(1, out.size());
    assertEquals("so-tttt", out.get(0).get("organization.id"));
    assertEquals(1, stats.parsers().get(EventParser.NETFLOW).fellBack());
  }

  @Test
  void withoutADecoderANetflowRecordIsKeptUnparsed() throws Exception {
    EventParser none = new EventParser(ParseSettings.defaults(), StandardParsers.registry(), null, stats, Clock.fixed(NOW, ZoneOffset.UTC));
    List<Event> out = new ArrayList<>();
    none.parse(record(v9(true, 256, "10.0.0.1"), "netflow", "192.0.2.1", "so-tttt"), out::add);
    assertEquals("no NetFlow/IPFIX decoder in this build", out.get(0).get("error.message"));
  }
}
