package vn.soctinh.analyzer.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The Community ID against the specification's published example, and its direction-blindness. */
class CommunityIdTest {

  @Test
  void specificationExample() {
    // the TCP flow the specification's reference implementation documents
    assertEquals("1:LQU9qZlK+B5F3KDmev6m5PMibrg=", CommunityId.of("128.232.110.120", "66.35.250.204", 6, 34855L, 80L));
  }

  @Test
  void bothDirectionsOfAFlowHaveOneId() {
    String out = CommunityId.of("10.20.1.5", "203.0.113.7", 6, 50001L, 443L);
    assertEquals(out, CommunityId.of("203.0.113.7", "10.20.1.5", 6, 443L, 50001L));
    assertEquals(CommunityId.of("2001:db8::5", "2001:db8::1", 17, 5353L, 53L), CommunityId.of("2001:db8::1", "2001:db8::5", 17, 53L, 5353L));
    // equal addresses: the ports decide the order
    assertEquals(CommunityId.of("10.0.0.1", "10.0.0.1", 6, 80L, 1234L), CommunityId.of("10.0.0.1", "10.0.0.1", 6, 1234L, 80L));
    assertNotEquals(out, CommunityId.of("10.20.1.5", "203.0.113.7", 17, 50001L, 443L), "the protocol is part of the id");
  }

  @Test
  void icmpPairsARequestWithItsReplyButNotAnErrorWithItsCause() {
    // echo request 8 from A, echo reply 0 from B: one conversation
    assertEquals(CommunityId.of("10.20.1.9", "10.20.0.1", 1, 8L, 0L), CommunityId.of("10.20.0.1", "10.20.1.9", 1, 0L, 0L));
    assertEquals(CommunityId.of("fe80::1", "fe80::2", 58, 128L, 0L), CommunityId.of("fe80::2", "fe80::1", 58, 129L, 0L));
    // destination unreachable (3) has no counterpart: one-way, the sender stays first
    assertNotEquals(CommunityId.of("10.20.0.1", "10.20.1.9", 1, 3L, 3L), CommunityId.of("10.20.1.9", "10.20.0.1", 1, 3L, 3L));
  }

  @Test
  void protocolsWithoutPortsHashTheAddressesOnly() {
    assertEquals(CommunityId.of("198.51.100.40", "203.0.113.2", 47, null, null), CommunityId.of("203.0.113.2", "198.51.100.40", 47, 1L, 2L));
  }

  @Test
  void noIdWithoutAFlow() {
    assertNull(CommunityId.of("gw.example", "10.0.0.1", 6, 1L, 2L), "names are never resolved");
    assertNull(CommunityId.of("10.0.0.1", "2001:db8::1", 6, 1L, 2L), "one family");
    assertNull(CommunityId.of("10.0.0.1", "10.0.0.2", 6, 1L, null), "TCP needs both ports");
    assertNull(CommunityId.of("10.0.0.1", "10.0.0.2", 6, 70000L, 1L));
    assertNull(CommunityId.of("10.0.0.1", "10.0.0.2", -1, 1L, 2L), "an unknown protocol");
    assertEquals(6, CommunityId.protocol("TCP"));
    assertEquals(58, CommunityId.protocol("ipv6-icmp"));
    assertEquals(47, CommunityId.protocol("47"));
    assertEquals(-1, CommunityId.protocol("carrier-pigeon"));
  }

  /** Vectors from the Cisco ASA work: both ends give one id, IPv6 and equal ports included. */
  @org.junit.jupiter.api.Test
  void aFlowReadsTheSameFromBothEnds() {
    int tcp = CommunityId.protocol("tcp");
    int udp = CommunityId.protocol("udp");
    org.junit.jupiter.api.Assertions.assertEquals("1:5+X7xyUBm4NApCqRPtdbxZOuPy8=", CommunityId.of("198.51.100.92", "10.9.0.7", tcp, 5044L, 49000L));
    org.junit.jupiter.api.Assertions.assertEquals("1:5+X7xyUBm4NApCqRPtdbxZOuPy8=", CommunityId.of("10.9.0.7", "198.51.100.92", tcp, 49000L, 5044L));
    org.junit.jupiter.api.Assertions.assertEquals("1:eGdaE36ivsxnM3NpfgD06A5eRj8=", CommunityId.of("2001:db8::1", "2001:db8::2", udp, 53L, 40000L));
    org.junit.jupiter.api.Assertions.assertEquals("1:P0VCoIHfD22xDmmuJpwK2mvMU+g=", CommunityId.of("10.9.3.3", "10.9.3.255", udp, 138L, 138L));
  }
}
