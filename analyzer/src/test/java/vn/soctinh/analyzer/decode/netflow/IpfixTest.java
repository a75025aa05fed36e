package vn.soctinh.analyzer.decode.netflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.soctinh.analyzer.decode.netflow.Flows.decode;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.soctinh.analyzer.event.Event;

class IpfixTest {
  private static final long DOMAIN = 42;
  private static final long PEN = 9; // an enterprise number (ciscoSystems)
  private static final Instant START = Instant.parse("2026-11-23T09:59:30.125Z");
  private static final Instant END = Instant.parse("2026-11-23T09:59:58.500Z");
  private final FlowDecoder decoder = new FlowDecoder();

  private static FlowPacketWriter header() {
    return FlowPacketWriter.ipfix(Flows.EXPORT_SECS, DOMAIN);
  }

  /**
   * Template 400: 5-tuple, millisecond times, a reverse (RFC 5103) octet count, an enterprise
   * field, and two variable-length strings (applicationName 96, interfaceName 82).
   */
  private static FlowPacketWriter template400(FlowPacketWriter w) {
    return w.set(2).template(400, 12).fields(8, 4, 12, 4, 7, 2, 11, 2, 4, 1, 1, 8, 152, 8, 153, 8)
        .enterpriseField(1, 8, InformationElement.REVERSE_PEN).enterpriseField(12235, 2, PEN).fields(96, 65535).fields(82, 65535).end();
  }

  private static FlowPacketWriter record400(FlowPacketWriter w, String app, boolean longForm) {
    return w.ip("172.16.5.9").ip("203.0.113.80").u16(50123).u16(443).u8(6).u64(1_500_000).u64(START.toEpochMilli())
        .u64(END.toEpochMilli()).u64(98_000).u16(0xBEEF).varText(app, longForm).varText("Gi0/1", false);
  }

  @Test
  void enterpriseReverseAndVariableLengthFieldsAreRead() {
    byte[] p = record400(record400(template400(header()).set(400), "https", false), "quic-over-a-long-name", true).end().ipfix();
    List<Event> events = decode(decoder, p);
    assertEquals(2, events.size());
    Event e = events.get(0);
    assertEquals("172.16.5.9", e.get("source.ip"));
    assertEquals("203.0.113.80", e.get("destination.ip"));
    assertEquals(50123L, e.get("source.port"));
    assertEquals(443L, e.get("destination.port"));
    assertEquals(1_500_000L, e.get("source.bytes"));
    assertEquals(98_000L, e.get("destination.bytes"), "the reverse direction of a biflow");
    assertEquals(1_598_000L, e.get("network.bytes"));
    assertEquals(98_000L, e.get("netflow.reverse_octet_delta_count"));
    assertEquals("beef", e.get("netflow.enterprise_9_12235"));
    assertEquals("https", e.get("netflow.application_name"));
    assertEquals("Gi0/1", e.get("netflow.interface_name"));
    assertEquals(START, e.get("event.start"));
    assertEquals(END, e.get("event.end"));
    assertEquals(END, e.get("@timestamp"));
    assertEquals(DOMAIN, e.get("netflow.exporter.source_id"));
    assertEquals(10L, e.get("netflow.exporter.version"));
    assertFalse(e.has("netflow.exporter.uptime_millis"), "IPFIX headers carry no uptime");
    assertEquals("quic-over-a-long-name", events.get(1).get("netflow.application_name"), "the 3-byte length form");
  }

  @Test
  void eachVariableLengthRecordKeepsExactlyItsOwnBytes() {
    FlowPacketWriter w = template400(header()).set(400);
    int first = w.position();
    record400(w, "dns", false);
    int second = w.position();
    record400(w, "ntp", true);
    int end = w.position();
    byte[] p = w.end().ipfix();
    List<Event> events = decode(decoder, p);
    assertArrayEquals(Flows.slice(p, first, second), Flows.original(events.get(0)));
    assertArrayEquals(Flows.slice(p, second, end), Flows.original(events.get(1)));
  }

  @Test
  void ipv6FlowsWithSecondTimes() {
    byte[] p = header().set(2).template(500, 6).fields(27, 16, 28, 16, 4, 1, 2, 8, 150, 4, 151, 4).end()
        .set(500).ip("fe80::1").ip("2001:db8::ff00:42:8329").u8(58).u64(3).u32(1_795_427_990L).u32(1_795_427_995L).end().ipfix();
    Event e = decode(decoder, p).get(0);
    assertEquals("fe80::1", e.get("source.ip"));
    assertEquals("2001:db8::ff00:42:8329", e.get("destination.ip"));
    assertEquals("ipv6", e.get("network.type"));
    assertEquals("ipv6-icmp", e.get("network.transport"));
    assertEquals("58", e.get("network.iana_number"));
    assertEquals(3L, e.get("network.packets"));
    assertEquals(Instant.ofEpochSecond(1_795_427_990L), e.get("event.start"));
    assertEquals(5_000_000_000L, e.get("event.duration"));
  }

  @Test
  void ntpMicroAndNanosecondTimesAreReadAsRfc7011Says() {
    long ntp = 2_208_988_800L; // seconds from 1900 to 1970
    byte[] p = header().set(2).template(510, 3).fields(8, 4, 154, 8, 157, 8).end()
        .set(510).ip("10.0.0.1").u32(1_795_427_990L + ntp).u32(0x80000000L).u32(1_795_427_995L + ntp).u32(0x40000000L).end().ipfix();
    Event e = decode(decoder, p).get(0);
    assertEquals(Instant.ofEpochSecond(1_795_427_990L, 500_000_000), e.get("event.start"));
    assertEquals(Instant.ofEpochSecond(1_795_427_995L, 250_000_000), e.get("event.end"));
    assertEquals(4_750_000_000L, e.get("event.duration"));
  }

  @Test
  void deltaTimesCountBackFromTheExportTimeAndADurationGivesTheEnd() {
    Instant export = Instant.ofEpochSecond(Flows.EXPORT_SECS);
    byte[] deltas = header().set(2).template(511, 3).fields(8, 4, 158, 4, 159, 4).end().set(511).ip("10.0.0.1").u32(3_000_000).u32(1_000_000).end().ipfix();
    Event d = decode(decoder, deltas).get(0);
    assertEquals(export.minusSeconds(3), d.get("event.start"));
    assertEquals(export.minusSeconds(1), d.get("event.end"));
    byte[] duration = header().set(2).template(512, 3).fields(8, 4, 152, 8, 161, 4).end().set(512).ip("10.0.0.1").u64(START.toEpochMilli()).u32(2500).end().ipfix();
    Event f = decode(decoder, duration).get(0);
    assertEquals(START, f.get("event.start"));
    assertEquals(START.plusMillis(2500), f.get("event.end"));
  }

  @Test
  void macAddressesVlanNatAndDirectionGetTheirEcsFields() {
    byte[] p = header().set(2).template(513, 8).fields(56, 6, 80, 6, 58, 2, 225, 4, 227, 2, 226, 4, 228, 2, 61, 1).end()
        .set(513).bytes(new byte[] {0, 0x1A, 0x2B, 0x3C, 0x4D, 0x5E}).bytes(new byte[] {(byte) 0xF0, 1, 2, 3, 4, 5}).u16(120)
        .ip("203.0.113.5").u16(61000).ip("198.51.100.1").u16(443).u8(1).end().ipfix();
    Event e = decode(decoder, p).get(0);
    assertEquals("00-1A-2B-3C-4D-5E", e.get("source.mac"));
    assertEquals("F0-01-02-03-04-05", e.get("destination.mac"));
    assertEquals("120", e.get("network.vlan.id"));
    assertEquals("203.0.113.5", e.get("source.nat.ip"));
    assertEquals(61000L, e.get("source.nat.port"));
    assertEquals("198.51.100.1", e.get("destination.nat.ip"));
    assertEquals(443L, e.get("destination.nat.port"));
    assertEquals("egress", e.get("network.direction"));
  }

  @Test
  void sysUpTimeFlowsUseTheSystemInitTimeFromAnOptionsRecord() {
    Instant init = Instant.parse("2026-11-20T00:00:00Z");
    byte[] p = header()
        .set(3).template(256, 2).u16(1).fields(143, 4, 160, 8).end()
        .set(256).u32(1).u64(init.toEpochMilli()).end()
        .set(2).template(1024, 4).fields(8, 4, 12, 4, 22, 4, 21, 4).end()
        .set(1024).ip("10.1.2.3").ip("192.0.2.10").u32(1000).u32(2500).end().ipfix();
    List<Event> events = decode(decoder, p);
    assertEquals(2, events.size());
    assertEquals("netflow_options", events.get(0).get("event.action"));
    assertEquals(init, events.get(0).get("netflow.system_init_time_milliseconds"));
    assertEquals(1L, events.get(0).get("netflow.metering_process_id"));
    Event flow = events.get(1);
    assertEquals(init.plusMillis(1000), flow.get("event.start"));
    assertEquals(init.plusMillis(2500), flow.get("event.end"));
    // later packets use the remembered init time
    byte[] later = header().set(1024).ip("10.1.2.3").ip("192.0.2.10").u32(5000).u32(6000).end().ipfix();
    assertEquals(init.plusMillis(6000), decode(decoder, later).get(0).get("event.end"));
  }

  @Test
  void withoutASystemInitTimeUptimeFlowsFallBackToTheExportTime() {
    byte[] p = header().set(2).template(1024, 3).fields(8, 4, 22, 4, 21, 4).end().set(1024).ip("10.1.2.3").u32(1000).u32(2500).end().ipfix();
    Event e = decode(decoder, p).get(0);
    assertFalse(e.has("event.start"));
    assertEquals(Instant.ofEpochSecond(Flows.EXPORT_SECS), e.get("@timestamp"));
    assertEquals(2500L, e.get("netflow.flow_end_sys_up_time"));
  }

  @Test
  void withdrawalOfOneTemplateAndOfAllTemplates() {
    decode(decoder, template400(header()).set(2).template(401, 1).fields(8, 4).end().set(3).template(402, 2).u16(1).fields(149, 4, 41, 8).end().ipfix());
    assertEquals(3, decoder.templateCount());
    decode(decoder, header().set(2).template(401, 0).end().ipfix());
    assertEquals(2, decoder.templateCount());
    decode(decoder, header().set(2).template(2, 0).end().ipfix());
    assertEquals(1, decoder.templateCount(), "withdrawing all data templates leaves the options template");
    decode(decoder, header().set(3).template(3, 0).end().ipfix());
    assertEquals(0, decoder.templateCount());
    assertEquals(3, decoder.counters().templatesWithdrawn());
  }

  @Test
  void aVariableLengthFieldRunningPastItsSetKeepsTheRecordsBeforeIt() {
    FlowPacketWriter w = record400(template400(header()).set(400), "ok", false);
    int bad = w.position();
    w.ip("172.16.5.9").ip("203.0.113.80").u16(1).u16(2).u8(6).u64(1).u64(1).u64(1).u64(1).u16(1).u8(200).bytes("short".getBytes());
    byte[] p = w.end().ipfix();
    List<Event> events = decode(decoder, p);
    assertEquals(2, events.size());
    assertEquals("ok", events.get(0).get("netflow.application_name"));
    assertEquals("IPFIX: record at byte " + bad + " of template 400: field 11 (application_name) at byte " + (bad + 47)
        + " runs past the end of its set", events.get(1).get("error.message"));
    assertArrayEquals(Flows.slice(p, bad, p.length), Flows.original(events.get(1)));
    assertEquals(1, decoder.counters().malformed());
  }

  @Test
  void aMessageLengthThatDisagreesWithThePacketIsMalformed() {
    byte[] p = template400(header()).ipfix();
    byte[] cut = Flows.slice(p, 0, p.length - 3);
    Event e = decode(decoder, cut).get(0);
    assertEquals("IPFIX: the message length (byte 2) is " + p.length + " but the packet has " + cut.length + " bytes", e.get("error.message"));
    assertArrayEquals(cut, Flows.original(e));
    assertEquals(0, decoder.templateCount());
  }

  @Test
  void bytesAfterTheMessageAreKeptApart() {
    byte[] msg = header().set(2).template(600, 1).fields(8, 4).end().set(600).ip("10.9.8.7").end().ipfix();
    byte[] p = new FlowPacketWriter().bytes(msg).u16(0xABCD).bytes();
    List<Event> events = decode(decoder, p);
    assertEquals(2, events.size());
    assertEquals("10.9.8.7", events.get(0).get("source.ip"));
    assertEquals("IPFIX: 2 bytes at byte " + msg.length + " after the end of the message", events.get(1).get("error.message"));
  }

  @Test
  void aReservedSetIdIsKeptAndTheOtherSetsAreRead() {
    byte[] p = header().set(2).template(600, 1).fields(8, 4).end().set(7).u32(1).end().set(600).ip("10.9.8.7").end().ipfix();
    List<Event> events = decode(decoder, p);
    assertEquals("IPFIX: set at byte 28: set id 7 is reserved (2 templates, 3 options templates, 256 and up data)", events.get(0).get("error.message"));
    assertEquals("10.9.8.7", events.get(1).get("source.ip"));
  }

  @Test
  void optionsTemplatesWithABadScopeAreRefused() {
    byte[] p = header().set(3).template(700, 2).u16(0).fields(149, 4, 41, 8).end().ipfix();
    Event e = decode(decoder, p).get(0);
    assertEquals("IPFIX: set at byte 16: options template 700 at byte 20 has scope field count 0 of 2 fields", e.get("error.message"));
    assertEquals(0, decoder.templateCount());
  }

  @Test
  void templatesWhoseRecordsWouldBeEmptyAreRefused() {
    byte[] p = header().set(2).template(701, 1).fields(8, 0).end().set(701).u32(0).end().ipfix();
    List<Event> events = decode(decoder, p);
    assertEquals("IPFIX: set at byte 16: template 701 at byte 20 describes records of 0 bytes", events.get(0).get("error.message"));
    assertTrue(events.get(0).hasTag("_unparsed"));
    assertEquals(0, decoder.templateCount());
    assertEquals(1, decoder.pendingSets(), "its data waits for a usable template");
  }

  @Test
  void valuesOfTheWrongSizeForTheirTypeAreNamedNotGuessed() {
    byte[] p = header().set(2).template(702, 2).fields(8, 3, 12, 4).end().set(702).u8(10).u8(0).u8(1).ip("10.0.0.2").end().ipfix();
    Event e = decode(decoder, p).get(0);
    assertFalse(e.has("source.ip"));
    assertFalse(e.has("netflow.source_ipv4_address"));
    assertEquals(List.of("source_ipv4_address"), e.get("netflow.undecoded_fields"));
    assertEquals("10.0.0.2", e.get("destination.ip"));
  }

  @Test
  void aRepeatedElementKeepsEveryValue() {
    byte[] p = header().set(2).template(703, 3).fields(8, 4, 70, 3, 70, 3).end().set(703).ip("10.0.0.1").u8(1).u8(2).u8(3).u8(4).u8(5).u8(6).end().ipfix();
    Event e = decode(decoder, p).get(0);
    assertEquals(List.of("010203", "040506"), e.get("netflow.mpls_top_label_stack_section"));
  }
}
