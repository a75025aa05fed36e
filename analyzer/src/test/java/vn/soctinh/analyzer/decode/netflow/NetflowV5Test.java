package vn.soctinh.analyzer.decode.netflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.soctinh.analyzer.decode.netflow.Flows.decode;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.soctinh.analyzer.event.Event;

class NetflowV5Test {
  private static final long UPTIME = 3_600_000;
  private final FlowDecoder decoder = new FlowDecoder();

  private static byte[] twoFlows() {
    return FlowPacketWriter.v5(2, UPTIME, Flows.EXPORT_SECS, 250_000_000)
        .v5Record("10.1.2.3", "203.0.113.9", "10.1.0.1", 3, 7, 12, 4800, UPTIME - 30_000, UPTIME - 1_000, 51515, 443, 0x1B, 6, 0x28, 64512, 15169, 24, 16)
        .v5Record("10.1.2.4", "198.51.100.53", "0.0.0.0", 3, 8, 1, 76, UPTIME - 500, UPTIME - 500, 5353, 53, 0, 17, 0, 0, 0, 0, 0)
        .bytes();
  }

  @Test
  void eachRecordBecomesOneFlowEventWithItsEcsFields() {
    List<Event> events = decode(decoder, twoFlows());
    assertEquals(2, events.size());
    Event e = events.get(0);
    assertEquals("10.1.2.3", e.get("source.ip"));
    assertEquals(51515L, e.get("source.port"));
    assertEquals("203.0.113.9", e.get("destination.ip"));
    assertEquals(443L, e.get("destination.port"));
    assertEquals("tcp", e.get("network.transport"));
    assertEquals("6", e.get("network.iana_number"));
    assertEquals("ipv4", e.get("network.type"));
    assertEquals(4800L, e.get("network.bytes"));
    assertEquals(4800L, e.get("source.bytes"));
    assertEquals(12L, e.get("network.packets"));
    assertEquals(12L, e.get("source.packets"));
    assertEquals("3", e.get("observer.ingress.interface.id"));
    assertEquals("7", e.get("observer.egress.interface.id"));
    assertEquals("192.0.2.1", e.get("observer.ip"));
    assertEquals(List.of("network"), e.get("event.category"));
    assertEquals(List.of("connection"), e.get("event.type"));
    assertEquals("event", e.get("event.kind"));
    assertEquals("netflow_flow", e.get("event.action"));
    assertEquals("netflow.log", e.get("event.dataset"));
  }

  @Test
  void uptimeRelativeTimesBecomeWallClockTimesFromTheHeader() {
    Event e = decode(decoder, twoFlows()).get(0);
    Instant export = Instant.ofEpochSecond(Flows.EXPORT_SECS).plusMillis(250);
    assertEquals(export.minusMillis(30_000), e.get("event.start"));
    assertEquals(export.minusMillis(1_000), e.get("event.end"));
    assertEquals(export.minusMillis(1_000), e.get("@timestamp"));
    assertEquals(29_000_000_000L, e.get("event.duration"));
    assertEquals(export, e.get("netflow.exporter.timestamp"));
    assertEquals(UPTIME, e.get("netflow.exporter.uptime_millis"));
  }

  @Test
  void nonEcsValuesKeepTheirIpfixNamesUnderNetflow() {
    Event e = decode(decoder, twoFlows()).get(0);
    assertEquals(0x1BL, e.get("netflow.tcp_control_bits"));
    assertEquals(0x28L, e.get("netflow.ip_class_of_service"));
    assertEquals("10.1.0.1", e.get("netflow.ip_next_hop_ipv4_address"));
    assertEquals(64512L, e.get("netflow.bgp_source_as_number"));
    assertEquals(15169L, e.get("netflow.bgp_destination_as_number"));
    assertEquals(24L, e.get("netflow.source_ipv4_prefix_length"));
    assertEquals(16L, e.get("netflow.destination_ipv4_prefix_length"));
    assertEquals(1L, e.get("netflow.engine_type"));
    assertEquals(2L, e.get("netflow.engine_id"));
    assertEquals(5L, e.get("netflow.exporter.version"));
    assertEquals("192.0.2.1:40000", e.get("netflow.exporter.address"));
    assertEquals("netflow_flow", e.get("netflow.type"));
    assertFalse(e.has("netflow.padding_octets"), "padding is not a value");
    assertFalse(e.has("netflow.exporter.source_id"), "v5 has no source id");
  }

  @Test
  void eventOriginalIsTheRecordsOwn48Bytes() {
    byte[] packet = twoFlows();
    List<Event> events = decode(decoder, packet);
    assertArrayEquals(Flows.slice(packet, 24, 72), Flows.original(events.get(0)));
    assertArrayEquals(Flows.slice(packet, 72, 120), Flows.original(events.get(1)));
  }

  @Test
  void icmpTypeAndCodeAreNotReportedAsPorts() {
    byte[] p = FlowPacketWriter.v5(1, UPTIME, Flows.EXPORT_SECS, 0)
        .v5Record("10.1.2.3", "10.9.9.9", "0.0.0.0", 1, 2, 4, 336, UPTIME - 4000, UPTIME, 0, 0x0800, 0, 1, 0, 0, 0, 0, 0).bytes();
    Event e = decode(decoder, p).get(0);
    assertEquals("icmp", e.get("network.transport"));
    assertFalse(e.has("source.port"));
    assertFalse(e.has("destination.port"));
    assertEquals(0x0800L, e.get("netflow.destination_transport_port"));
  }

  @Test
  void aFlowThatStartedBeforeTheUptimeCounterWrappedStillGetsItsRealStart() {
    // sysUpTime wrapped past 2^32 ms 2 s ago; the flow started 3 s before the wrap
    long uptime = 2_000;
    long first = 0xFFFFFFFFL - 2_999;
    byte[] p = FlowPacketWriter.v5(1, uptime, Flows.EXPORT_SECS, 0)
        .v5Record("10.1.2.3", "10.9.9.9", "0.0.0.0", 1, 2, 4, 336, first, uptime, 1000, 2000, 0, 17, 0, 0, 0, 0, 0).bytes();
    Event e = decode(decoder, p).get(0);
    Instant export = Instant.ofEpochSecond(Flows.EXPORT_SECS);
    assertEquals(export.minusMillis(5_000), e.get("event.start"));
    assertEquals(export, e.get("event.end"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "header cut short|10|NetFlow v5: the packet has 10 bytes, less than the 24-byte header",
      "fewer records than the count says|100|NetFlow v5: the header (count at byte 2) announces 2 records, 120 bytes with the header, but the packet has 100"})
  void aTruncatedPacketBecomesOneUnparsedEventWithItsBytes(String name, int keep, String message) {
    byte[] packet = Flows.slice(twoFlows(), 0, keep);
    List<Event> events = decode(decoder, packet);
    assertEquals(1, events.size());
    Event e = events.get(0);
    assertTrue(e.hasTag("_unparsed"));
    assertEquals(message, e.get("error.message"));
    assertArrayEquals(packet, Flows.original(e));
    assertEquals("192.0.2.1", e.get("observer.ip"));
    assertEquals(Flows.RECEIVED, e.get("@timestamp"));
    assertEquals(1, decoder.counters().malformed());
    assertEquals(0, decoder.counters().flows());
  }

  @Test
  void bytesAfterTheAnnouncedRecordsAreKeptAsAnUnparsedEventAfterTheFlows() {
    byte[] packet = FlowPacketWriter.v5(1, UPTIME, Flows.EXPORT_SECS, 0)
        .v5Record("10.1.2.3", "10.9.9.9", "0.0.0.0", 1, 2, 4, 336, UPTIME, UPTIME, 1000, 2000, 0, 17, 0, 0, 0, 0, 0).u32(0xDEADBEEFL).bytes();
    List<Event> events = decode(decoder, packet);
    assertEquals(2, events.size());
    assertEquals("netflow_flow", events.get(0).get("event.action"));
    assertEquals("NetFlow v5: 4 bytes at byte 72 after the 1 records the header announces", events.get(1).get("error.message"));
    assertArrayEquals(new byte[] {(byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF}, Flows.original(events.get(1)));
  }

  @Test
  void anUnknownVersionIsNamedWithItsOffset() {
    List<Event> events = decode(decoder, new byte[] {0, 7, 1, 2, 3});
    assertEquals("version 7 at byte 0 is not NetFlow v5, v9 or IPFIX (10)", events.get(0).get("error.message"));
    List<Event> tiny = decode(decoder, new byte[] {5});
    assertEquals("the packet has 1 bytes, too few for a version number", tiny.get(0).get("error.message"));
    assertNull(tiny.get(0).get("netflow.exporter.version"));
    assertEquals(2, decoder.counters().packets());
    assertEquals(2, decoder.counters().malformed());
  }
}
