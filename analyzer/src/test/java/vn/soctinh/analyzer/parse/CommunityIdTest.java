package vn.soctinh.analyzer.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import org.junit.jupiter.api.Test;

/** Expected values computed with the Community ID specification's reference steps (seed 0, SHA-1, base64). */
class CommunityIdTest {
  @Test
  void tcpFlowReadsTheSameFromBothEnds() {
    assertEquals("1:5+X7xyUBm4NApCqRPtdbxZOuPy8=", CommunityId.of("tcp", "198.51.100.92", 5044L, "10.9.0.7", 49000L));
    assertEquals("1:5+X7xyUBm4NApCqRPtdbxZOuPy8=", CommunityId.of("tcp", "10.9.0.7", 49000L, "198.51.100.92", 5044L));
  }

  @Test
  void udpOverIpv6AndEqualPorts() {
    assertEquals("1:eGdaE36ivsxnM3NpfgD06A5eRj8=", CommunityId.of("udp", "2001:db8::1", 53L, "2001:db8::2", 40000L));
    assertEquals("1:P0VCoIHfD22xDmmuJpwK2mvMU+g=", CommunityId.of("udp", "10.9.3.3", 138L, "10.9.3.255", 138L));
  }

  @Test
  void noIdWithoutPortsOrLiterals() {
    assertNull(CommunityId.of("icmp", "10.0.0.1", 0L, "10.0.0.2", 0L));
    assertNull(CommunityId.of("tcp", "host.example.vn", 1L, "10.0.0.2", 2L));
    assertNull(CommunityId.of("tcp", "10.0.0.1", null, "10.0.0.2", 2L));
    assertNull(CommunityId.of("tcp", "10.0.0.1", 70000L, "10.0.0.2", 2L));
    assertNull(CommunityId.of("udp", "10.0.0.1", 1L, "2001:db8::2", 2L));
  }
}
