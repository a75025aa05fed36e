package vn.soctinh.analyzer.decode.netflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.soctinh.analyzer.event.Event;

/**
 * Datagrams a real exporter sent (softflowd 1.1.0, see softflowd/README.md): the same two flows as
 * v5, v9 and IPFIX must come out with the same ECS fields and times.
 */
class SoftflowdCapturesTest {
  private static final Instant T0 = Instant.ofEpochSecond(1_700_000_000L);

  private static byte[] capture(String name) throws IOException {
    try (InputStream in = SoftflowdCapturesTest.class.getResourceAsStream("softflowd/" + name + ".bin")) {
      return in.readAllBytes();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"v5", "v9", "ipfix"})
  void theTwoFlowsOfThePcapComeOutWithTheirAddressesPortsCountsAndTimes(String version) throws IOException {
    FlowDecoder d = new FlowDecoder();
    List<Event> events = Flows.decode(d, capture(version), "127.0.0.1", Instant.parse("2026-11-23T10:00:00Z"));
    List<Event> flows = events.stream().filter(e -> "netflow_flow".equals(e.get("event.action"))).toList();
    assertEquals(2, flows.size(), events.toString());
    assertEquals(0, d.counters().malformed());
    assertEquals(0, d.pendingSets());

    Event udp = flows.get(0);
    assertEquals("10.1.2.3", udp.get("source.ip"));
    assertEquals(5353L, udp.get("source.port"));
    assertEquals("192.0.2.10", udp.get("destination.ip"));
    assertEquals(53L, udp.get("destination.port"));
    assertEquals("udp", udp.get("network.transport"));
    assertEquals(106L, udp.get("network.bytes"));
    assertEquals(2L, udp.get("network.packets"));
    assertEquals(T0, udp.get("event.start"));
    assertEquals(T0.plusSeconds(1), udp.get("event.end"));

    Event tcp = flows.get(1);
    assertEquals("10.1.2.4", tcp.get("source.ip"));
    assertEquals(40000L, tcp.get("source.port"));
    assertEquals("192.0.2.20", tcp.get("destination.ip"));
    assertEquals(443L, tcp.get("destination.port"));
    assertEquals("tcp", tcp.get("network.transport"));
    assertEquals(180L, tcp.get("network.bytes"));
    assertEquals(2L, tcp.get("network.packets"));
    assertEquals(0x1AL, tcp.get("netflow.tcp_control_bits"));
    assertEquals(T0.plusSeconds(1), tcp.get("event.start"));
    assertEquals(T0.plusSeconds(2), tcp.get("event.end"));
    assertEquals(T0.plusSeconds(2), tcp.get("@timestamp"));
    assertEquals("127.0.0.1", tcp.get("observer.ip"));
    for (Event e : events) assertFalse(e.hasTag("_unparsed"), e.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"v9", "ipfix"})
  void theOptionsRecordTellsTheSamplingAndTheInterfaceName(String version) throws IOException {
    List<Event> options = Flows.decode(new FlowDecoder(), capture(version)).stream()
        .filter(e -> "netflow_options".equals(e.get("event.action"))).toList();
    assertEquals(1, options.size());
    assertEquals("t.pcap", options.get(0).get("netflow.interface_name"), "NUL padding stripped");
  }
}
