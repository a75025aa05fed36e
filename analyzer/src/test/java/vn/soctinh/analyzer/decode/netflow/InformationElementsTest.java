package vn.soctinh.analyzer.decode.netflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class InformationElementsTest {
  private final InformationElements table = InformationElements.standard();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "1, netflow.octet_delta_count, UNSIGNED",
      "8, netflow.source_ipv4_address, IPV4",
      "15, netflow.ip_next_hop_ipv4_address, IPV4",
      "22, netflow.flow_start_sys_up_time, UNSIGNED",
      "27, netflow.source_ipv6_address, IPV6",
      "32, netflow.icmp_type_code_ipv4, UNSIGNED",
      "56, netflow.source_mac_address, MAC",
      "82, netflow.interface_name, STRING",
      "152, netflow.flow_start_milliseconds, DATE_MILLIS",
      "156, netflow.flow_start_nanoseconds, DATE_NANOS",
      "150, netflow.flow_start_seconds, DATE_SECONDS",
      "192, netflow.ip_ttl, UNSIGNED",
      "225, netflow.post_nat_source_ipv4_address, IPV4",
      "227, netflow.post_napt_source_transport_port, UNSIGNED",
      "236, netflow.vrf_name, STRING",
      "19, netflow.post_mcast_packet_delta_count, UNSIGNED",
      "291, netflow.basic_list, LIST",
      "210, netflow.padding_octets, PADDING",
      "999, netflow.element_999, OCTETS"})
  void ianaElementsHaveFilebeatStyleNamesAndTheirTypes(int id, String field, ElementType type) {
    InformationElement e = table.element(id, 0);
    assertEquals(field, e.field());
    assertEquals(type, e.type());
  }

  @Test
  void theTableCoversTheCommonElements() {
    int known = 0;
    for (int id = 1; id < 512; id++) if (!table.element(id, 0).field().startsWith("netflow.element_")) known++;
    assertTrue(known >= 200, "known elements: " + known);
  }

  @Test
  void reverseAndEnterpriseElementsAreNamedApart() {
    assertEquals("netflow.reverse_octet_delta_count", table.element(1, InformationElement.REVERSE_PEN).field());
    assertEquals("netflow.enterprise_9_12235", table.element(12235, 9).field());
    assertEquals("netflow.element_40000", table.element(40000, 0).field());
    assertEquals("netflow.scope.interface", table.v9Scope(2).field());
  }

  @ParameterizedTest
  @CsvSource({"1, icmp", "6, tcp", "17, udp", "47, gre", "50, esp", "58, ipv6-icmp", "132, sctp"})
  void protocolKeywordsAreLowerCaseIanaKeywords(int number, String keyword) {
    assertEquals(keyword, table.protocol(number));
  }

  @Test
  void unlistedProtocolNumbersHaveNoKeyword() {
    assertNull(table.protocol(253));
    assertNull(table.protocol(-1));
    assertNull(table.protocol(300));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "sourceIPv4Address, source_ipv4_address",
      "postNATSourceIPv6Address, post_nat_source_ipv6_address",
      "ingressVRFID, ingress_vrfid",
      "ipTTL, ip_ttl",
      "dot1qVlanId, dot1q_vlan_id",
      "flowStartSysUpTime, flow_start_sys_up_time"})
  void snakeCaseKeepsAcronymsWhole(String iana, String snake) {
    assertEquals(snake, InformationElements.snakeCase(iana));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "20010db8000000000000000000000001, 2001:db8::1",
      "00000000000000000000000000000000, ::",
      "00000000000000000000000000000001, ::1",
      "20010db8000000010000000000000001, 2001:db8:0:1::1",
      "20010db8000000000001000000000001, 2001:db8::1:0:0:1",
      "20010db8000100000000000100000000, 2001:db8:1::1:0:0",
      "00000000000000000000ffffc0000201, ::ffff:192.0.2.1",
      "fe800000000000000202b3fffe1e8329, fe80::202:b3ff:fe1e:8329"})
  void ipv6IsWrittenInItsCanonicalForm(String hex, String text) {
    byte[] b = java.util.HexFormat.of().parseHex(hex);
    assertEquals(text, IpText.ipv6(b, 0));
  }

  @Test
  void macAddressesAreWrittenTheEcsWay() {
    assertEquals("00-1A-2B-3C-4D-5E", IpText.mac(new byte[] {0, 0x1A, 0x2B, 0x3C, 0x4D, 0x5E}, 0));
  }
}
