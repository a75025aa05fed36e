package vn.soctinh.analyzer.decode.netflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.soctinh.analyzer.decode.netflow.Flows.decode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.soctinh.analyzer.event.Event;

class NetflowV9Test {
  private static final long UPTIME = 7_200_000;
  private static final long SOURCE_ID = 7;
  private final FlowDecoder decoder = new FlowDecoder();

  /** Template 256: IPv4 5-tuple, counters and sysUpTime times (RFC 3954 field types). */
  private static FlowPacketWriter template256(FlowPacketWriter w) {
    return w.set(0).template(256, 9).fields(8, 4, 12, 4, 7, 2, 11, 2, 4, 1, 1, 4, 2, 4, 22, 4, 21, 4).end();
  }

  private static FlowPacketWriter data256(FlowPacketWriter w, String src, int srcPort) {
    return w.set(256).ip(src).ip("198.51.100.7").u16(srcPort).u16(22).u8(6).u32(2048).u32(16).u32(UPTIME - 10_000).u32(UPTIME - 2_000).end();
  }

  private static FlowPacketWriter header() {
    return FlowPacketWriter.v9(UPTIME, Flows.EXPORT_SECS, SOURCE_ID);
  }

  @Test
  void dataAfterItsTemplateInAnotherPacketIsDecoded() {
    assertEquals(List.of(), decode(decoder, template256(header()).bytes()));
    List<Event> events = decode(decoder, data256(header(), "10.0.0.5", 40001).bytes());
    assertEquals(1, events.size());
    Event e = events.get(0);
    assertEquals("10.0.0.5", e.get("source.ip"));
    assertEquals(40001L, e.get("source.port"));
    assertEquals("198.51.100.7", e.get("destination.ip"));
    assertEquals(22L, e.get("destination.port"));
    assertEquals("tcp", e.get("network.transport"));
    assertEquals(2048L, e.get("network.bytes"));
    assertEquals(16L, e.get("network.packets"));
    Instant export = Instant.ofEpochSecond(Flows.EXPORT_SECS);
    assertEquals(export.minusMillis(10_000), e.get("event.start"));
    assertEquals(export.minusMillis(2_000), e.get("event.end"));
    assertEquals(SOURCE_ID, e.get("netflow.exporter.source_id"));
    assertEquals(9L, e.get("netflow.exporter.version"));
    assertEquals(256L, e.get("netflow.template_id"));
    assertEquals(1, decoder.counters().templates());
    assertEquals(1, decoder.counters().flows());
  }

  @Test
  void dataBeforeItsTemplateIsHeldAndDecodedWhenTheTemplateArrives() {
    byte[] early = data256(header(), "10.0.0.5", 40001).bytes();
    List<Event> out = new ArrayList<>();
    decoder.decode(early, Flows.exporter("192.0.2.1"), Flows.RECEIVED, "first datagram", (e, origin) -> out.add(e.put("labels.origin", origin.toString())));
    assertEquals(List.of(), out);
    assertEquals(1, decoder.pendingSets());
    decoder.decode(template256(header()).bytes(), Flows.exporter("192.0.2.1"), Flows.RECEIVED.plusSeconds(5), "second datagram",
        (e, origin) -> out.add(e.put("labels.origin", origin.toString())));
    assertEquals(1, out.size());
    Event e = out.get(0);
    assertEquals("10.0.0.5", e.get("source.ip"));
    assertEquals("first datagram", e.get("labels.origin"), "a held flow keeps the origin of the datagram it came in");
    assertArrayEquals(Flows.slice(early, 24, early.length), Flows.original(e));
    assertEquals(0, decoder.pendingSets());
    assertEquals(0, decoder.pendingBytes());
    assertEquals(1, decoder.counters().pendingHeld());
    assertEquals(1, decoder.counters().pendingDecoded());
  }

  @Test
  void aDataFlowsetBeforeItsTemplateInTheSamePacketIsDecodedToo() {
    List<Event> events = decode(decoder, template256(data256(header(), "10.0.0.6", 40002)).bytes());
    assertEquals(1, events.size());
    assertEquals("10.0.0.6", events.get(0).get("source.ip"));
  }

  @Test
  void severalRecordsInOneFlowsetAndPaddingAfterThem() {
    FlowPacketWriter w = template256(header()).set(256);
    for (int i = 0; i < 3; i++) w.ip("10.0.0." + (10 + i)).ip("198.51.100.7").u16(1000 + i).u16(53).u8(17).u32(100).u32(1).u32(UPTIME).u32(UPTIME);
    List<Event> events = decode(decoder, w.zeros(3).end().bytes());
    assertEquals(3, events.size());
    assertEquals("10.0.0.12", events.get(2).get("source.ip"));
    assertEquals("udp", events.get(2).get("network.transport"));
    assertEquals(0, decoder.counters().malformed());
  }

  @Test
  void ipv6FlowsCarryCanonicalAddressesAndNetworkTypeIpv6() {
    byte[] p = header().set(0).template(300, 5).fields(27, 16, 28, 16, 7, 2, 11, 2, 4, 1).end()
        .set(300).ip("2001:db8:0:0:0:0:0:10").ip("2001:db8:85a3::8a2e:370:7334").u16(546).u16(547).u8(17).end().bytes();
    Event e = decode(decoder, p).get(0);
    assertEquals("2001:db8::10", e.get("source.ip"));
    assertEquals("2001:db8:85a3::8a2e:370:7334", e.get("destination.ip"));
    assertEquals("ipv6", e.get("network.type"));
    assertEquals("2001:db8::10", e.get("netflow.source_ipv6_address"));
  }

  @Test
  void optionsRecordsBecomeOptionsEventsWithTheirScope() {
    // scope: interface (type 2), 4 bytes; options: samplingInterval (34) 4 bytes, samplingAlgorithm (35) 1 byte
    byte[] p = header().set(1).u16(257).u16(4).u16(8).fields(2, 4, 34, 4, 35, 1).zeros(2).end()
        .set(257).u32(3).u32(100).u8(2).zeros(3).end().bytes();
    List<Event> events = decode(decoder, p);
    assertEquals(1, events.size());
    Event e = events.get(0);
    assertEquals("netflow_options", e.get("event.action"));
    assertEquals("netflow_options", e.get("netflow.type"));
    assertEquals(List.of("info"), e.get("event.type"));
    assertEquals(3L, e.get("netflow.scope.interface"));
    assertEquals(100L, e.get("netflow.sampling_interval"));
    assertEquals(2L, e.get("netflow.sampling_algorithm"));
    assertFalse(e.has("source.ip"));
    assertEquals(1, decoder.counters().optionsRecords());
    assertEquals(0, decoder.counters().flows());
  }

  @Test
  void aChangedTemplateReplacesTheOldOne() {
    decode(decoder, template256(header()).bytes());
    decode(decoder, header().set(0).template(256, 2).fields(8, 4, 12, 4).end().bytes());
    Event e = decode(decoder, header().set(256).ip("10.2.2.2").ip("10.3.3.3").end().bytes()).get(0);
    assertEquals("10.2.2.2", e.get("source.ip"));
    assertEquals("10.3.3.3", e.get("destination.ip"));
    assertFalse(e.has("network.bytes"));
    assertEquals(1, decoder.templateCount());
  }

  @Test
  void templatesBelongToOneExporterAndOneSourceId() {
    decode(decoder, template256(header()).bytes());
    assertEquals(List.of(), decode(decoder, data256(FlowPacketWriter.v9(UPTIME, Flows.EXPORT_SECS, SOURCE_ID + 1), "10.0.0.1", 1).bytes()));
    assertEquals(List.of(), decode(decoder, data256(header(), "10.0.0.1", 1).bytes(), "192.0.2.99", Flows.RECEIVED));
    assertEquals(1, decode(decoder, data256(header(), "10.0.0.1", 1).bytes()).size());
    assertEquals(2, decoder.pendingSets());
    assertEquals(2, decoder.exporterCount());
  }

  @Test
  void v9AndIpfixTemplatesOfOneExporterAreKeptApart() {
    decode(decoder, template256(header()).bytes());
    byte[] ipfixData = FlowPacketWriter.ipfix(Flows.EXPORT_SECS, SOURCE_ID).set(256).ip("10.0.0.1").end().ipfix();
    assertEquals(List.of(), decode(decoder, ipfixData), "an IPFIX set 256 is not read with the v9 template 256");
    assertEquals(1, decoder.pendingSets());
  }

  @Test
  void aTemplateExpiresWhenNotAnnouncedAgainWithinTheTimeout() {
    FlowDecoder d = new FlowDecoder(new FlowSettings(60, 100, 10, 1 << 20, 1 << 16));
    decode(d, template256(header()).bytes(), "192.0.2.1", Flows.RECEIVED);
    assertEquals(1, decode(d, data256(header(), "10.0.0.1", 1).bytes(), "192.0.2.1", Flows.RECEIVED.plusSeconds(60)).size());
    assertEquals(List.of(), decode(d, data256(header(), "10.0.0.1", 1).bytes(), "192.0.2.1", Flows.RECEIVED.plusSeconds(61)));
    assertEquals(1, d.counters().templatesExpired());
    assertEquals(0, d.templateCount());
    assertEquals(1, d.pendingSets());
  }

  @Test
  void aReannouncedTemplateStaysAndATimeoutOfZeroNeverExpires() {
    FlowDecoder d = new FlowDecoder(new FlowSettings(60, 100, 10, 1 << 20, 1 << 16));
    decode(d, template256(header()).bytes(), "192.0.2.1", Flows.RECEIVED);
    decode(d, template256(header()).bytes(), "192.0.2.1", Flows.RECEIVED.plusSeconds(50));
    assertEquals(1, decode(d, data256(header(), "10.0.0.1", 1).bytes(), "192.0.2.1", Flows.RECEIVED.plusSeconds(100)).size());
    FlowDecoder forever = new FlowDecoder(new FlowSettings(0, 100, 10, 1 << 20, 1 << 16));
    decode(forever, template256(header()).bytes(), "192.0.2.1", Flows.RECEIVED);
    assertEquals(1, decode(forever, data256(header(), "10.0.0.1", 1).bytes(), "192.0.2.1", Flows.RECEIVED.plusSeconds(86_400 * 365)).size());
  }

  @Test
  void aTemplateWithNoFieldsWithdrawsIt() {
    decode(decoder, template256(header()).bytes());
    decode(decoder, header().set(0).template(256, 0).end().bytes());
    assertEquals(0, decoder.templateCount());
    assertEquals(List.of(), decode(decoder, data256(header(), "10.0.0.1", 1).bytes()));
    assertEquals(1, decoder.counters().templatesWithdrawn());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "flowset shorter than its header|0002|NetFlow v9: flowset at byte 20 (id 0) has length 2, less than its 4-byte header",
      "flowset longer than the packet|0200|NetFlow v9: flowset at byte 20 (id 0) has length 512 but only 44 bytes remain"})
  void flowsetLengthsThatDoNotAddUpMakeThePacketOneUnparsedEvent(String name, String length, String message) {
    byte[] p = template256(header()).bytes();
    p[22] = (byte) Integer.parseInt(length.substring(0, 2), 16);
    p[23] = (byte) Integer.parseInt(length.substring(2), 16);
    List<Event> events = decode(decoder, p);
    assertEquals(1, events.size());
    assertEquals(message, events.get(0).get("error.message"));
    assertArrayEquals(p, Flows.original(events.get(0)));
    assertEquals(0, decoder.templateCount(), "nothing of a broken packet is learned");
  }

  @Test
  void aBrokenTemplateFlowsetIsKeptWhileTheRestOfThePacketIsRead() {
    byte[] p = header().set(0).template(12, 1).fields(8, 4).end()
        .set(0).template(256, 1).fields(8, 4).end().set(256).ip("10.1.1.1").end().bytes();
    List<Event> events = decode(decoder, p);
    assertEquals(2, events.size());
    assertEquals("NetFlow v9: flowset at byte 20: template at byte 24 has id 12 (template ids start at 256)", events.get(0).get("error.message"));
    assertArrayEquals(Flows.slice(p, 20, 32), Flows.original(events.get(0)));
    assertEquals("10.1.1.1", events.get(1).get("source.ip"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "short header|NetFlow v9: the packet has 12 bytes, less than the 20-byte header",
      "template cut|NetFlow v9: flowset at byte 20: template 256 at byte 24 has 9 fields (40 bytes) but its flowset ends at byte 32"})
  void truncatedV9PacketsSayWhatWasCut(String name, String message) {
    byte[] p = name.equals("short header") ? Flows.slice(header().bytes(), 0, 12)
        : header().set(0).template(256, 9).fields(8, 4).end().bytes();
    List<Event> events = decode(decoder, p);
    assertEquals(message, events.get(0).get("error.message"));
    assertTrue(events.get(0).hasTag("_unparsed"));
  }

  @Test
  void vendorFieldTypesAbove32767AreKeptAsHex() {
    byte[] p = header().set(0).template(256, 2).fields(8, 4, 40000, 3).end().set(256).ip("10.1.1.1").u8(0xAB).u8(0xCD).u8(0xEF).zeros(1).end().bytes();
    Event e = decode(decoder, p).get(0);
    assertEquals("abcdef", e.get("netflow.element_40000"));
  }
}
