package vn.soctinh.collector.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceTableTest {
  private final SourceTable table = new SourceTable(List.of(
      new SourceEntry("so-tttt", "Sở TT&TT", List.of("10.10.0.0/16", "2001:db8::/32"), List.of("so-tttt.tinh.gov.vn"), List.of("tok-1")),
      new SourceEntry("ubnd-xa-a", "UBND xã A", List.of("10.10.5.0/24"), List.of(), List.of("tok-2"))));

  @Test
  void longestPrefixWinsForNestedNetworks() throws Exception {
    assertEquals("ubnd-xa-a", table.byAddress(InetAddress.getByName("10.10.5.7")));
    assertEquals("so-tttt", table.byAddress(InetAddress.getByName("10.10.6.7")));
    assertNull(table.byAddress(InetAddress.getByName("10.11.0.1")));
  }

  @Test
  void ipv6NetworksMatchOnlyIpv6Addresses() throws Exception {
    assertEquals("so-tttt", table.byAddress(InetAddress.getByName("2001:db8:1::5")));
    assertNull(table.byAddress(InetAddress.getByName("2001:db9::1")));
  }

  @Test
  void tlsNamesMatchCaseInsensitivelyAndTokensExactly() {
    assertEquals("so-tttt", table.byTlsNames(List.of("nope", "SO-TTTT.tinh.gov.vn")));
    assertNull(table.byTlsNames(List.of("other.gov.vn")));
    assertEquals("ubnd-xa-a", table.byToken("tok-2"));
    assertNull(table.byToken("TOK-2"));
    assertNull(table.byToken(null));
  }

  @Test
  void cidrParsingMasksHostBitsAndRejectsNonsense() {
    Cidr c = Cidr.parse("192.168.1.77/20");
    assertEquals("192.168.0.0/20", c.toString());
    assertTrue(c.contains(new byte[] {(byte) 192, (byte) 168, 15, 1}));
    assertFalse(c.contains(new byte[] {(byte) 192, (byte) 168, 16, 1}));
    assertEquals(32, Cidr.parse("10.0.0.1").prefix());
    assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
    assertThrows(IllegalArgumentException.class, () -> Cidr.parse("example.org/8"));
    assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/x"));
  }
}
