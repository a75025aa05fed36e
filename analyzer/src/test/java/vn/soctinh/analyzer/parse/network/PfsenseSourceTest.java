package vn.soctinh.analyzer.parse.network;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.EventParser;
import vn.soctinh.analyzer.parse.ParseSettings;
import vn.soctinh.analyzer.parse.ParseStats;
import vn.soctinh.analyzer.parse.RawRecord;
import vn.soctinh.analyzer.parse.RawRecordBuilder;
import vn.soctinh.analyzer.parse.StandardParsers;

/** An agency whose source is a pfSense ({@code parser: pfsense}): its services' lines are read, with the firewall as observer. */
class PfsenseSourceTest {
  private static final Instant NOW = Instant.parse("2026-11-23T05:00:00Z");
  private static final ZoneId VN = ZoneId.of("Asia/Ho_Chi_Minh");

  private static Event parse(String agency, String line) {
    ParseSettings settings = new ParseSettings(VN, Map.of(),
        Map.of("so-yt", new ParseSettings.AgencyParsing("So Y te", VN, null, "pfsense")));
    EventParser parser = new EventParser(settings, StandardParsers.registry(), null, new ParseStats(), Clock.fixed(NOW, ZoneOffset.UTC));
    List<Event> out = new ArrayList<>();
    parser.parse(RawRecordBuilder.builder().offset(1).payload(line.getBytes(UTF_8)).receivedAt(NOW).transport("udp").listener("syslog_udp")
        .peer(new InetSocketAddress("10.30.0.1", 514)).agency(agency).build(), out::add);
    assertEquals(1, out.size());
    return out.get(0);
  }

  @Test
  void aPfsenseSourcesServicesHaveTheFirewallAsObserver() {
    Event e = parse("so-yt", "<134>Nov 23 10:00:00 fw-so-yt haproxy[4120]: 10.30.5.21:51234 [23/Nov/2026:09:59:58.120] portal~ back/web2 "
        + "0/0/1/12/15 200 5120 - - ---- 3/3/1/1/0 0/0 \"GET / HTTP/1.1\"");
    assertEquals("http_request", e.get("event.action"));
    assertEquals("haproxy", e.get("event.provider"));
    assertEquals("netgate", e.get("observer.vendor"));
    assertEquals("firewall", e.get("observer.type"));
    assertEquals("fw-so-yt", e.get("observer.name"));

    Event snort = parse("so-yt", "<190>Nov 23 10:00:00 fw-so-yt snort[87537]: [1:2010935:3] ET SCAN MSSQL probe [Classification: Potentially Bad Traffic] "
        + "[Priority: 2] {TCP} 198.51.100.9:4444 -> 10.30.0.5:1433");
    assertEquals("snort_alert", snort.get("event.action"));
    assertEquals("netgate", snort.get("observer.vendor"));

    Event filter = parse("so-yt", "<134>Nov 23 10:00:00 fw-so-yt filterlog[123]: 5,,,1000102433,em0,match,block,in,4,0x0,,64,1,0,DF,6,tcp,60,"
        + "203.0.113.5,10.30.0.2,51234,22,0,S,1,,64240,,mss");
    assertEquals("block", filter.get("event.action"));
  }

  @Test
  void aPfsensesVpnLinesCarryTheFirewallAndElasticsPfsenseFieldNames() {
    Event peer = parse("so-yt", "<29>Nov 23 09:12:00 fw-so-yt openvpn[3301]: 198.51.100.61:49152 peer info: IV_VER=2.6.8");
    assertEquals("openvpn_peer_info", peer.get("event.action"));
    assertEquals("IV_VER=2.6.8", peer.get("pfsense.openvpn.peer_info"));
    assertNull(peer.get("openvpn.peer_info"));
    assertEquals("netgate", peer.get("observer.vendor"));
    assertEquals("firewall", peer.get("observer.type"));
    assertEquals("fw-so-yt", peer.get("observer.name"));

    Event login = parse("so-yt", "<36>Nov 23 09:12:01 fw-so-yt openvpn[3302]: user 'le.thi.h' could not authenticate.");
    assertEquals("vpn_login", login.get("event.action"));
    assertEquals("failure", login.get("event.outcome"));
    assertEquals("le.thi.h", login.get("user.name"));
    assertEquals("netgate", login.get("observer.vendor"));

    Event sa = parse("so-yt", "<30>1 2026-11-23T09:20:00.000100+07:00 fw-so-yt charon 8812 - - 07[IKE] <con3000|4> CHILD_SA con3000{9} "
        + "established with SPIs ab01cd02_i ef03ab04_o and TS 10.30.0.0/16 === 10.99.0.0/24");
    assertEquals("ipsec_child_sa_established", sa.get("event.action"));
    assertEquals("ipsec", sa.get("network.protocol"));
    assertEquals("con3000", sa.get("pfsense.ipsec.connection"));
    assertEquals(9L, sa.get("pfsense.ipsec.child_sa_id"));
    assertNull(sa.get("strongswan.connection"));
    assertEquals("firewall", sa.get("observer.type"));
  }

  @Test
  void aLinuxVpnServersLinesAreTheSameEventsWithoutTheFirewall() {
    Event peer = parse("so-gd", "<29>Nov 23 09:12:00 vpn-01 openvpn[3301]: 198.51.100.61:49152 peer info: IV_VER=2.6.8");
    assertEquals("openvpn_peer_info", peer.get("event.action"));
    assertEquals("IV_VER=2.6.8", peer.get("openvpn.peer_info"));
    assertNull(peer.get("pfsense.openvpn.peer_info"));
    assertNull(peer.get("observer.vendor"));
    assertNull(peer.get("observer.type"));
    assertEquals("vpn-01", peer.get("observer.name"));

    Event sa = parse("so-gd", "<30>Nov 23 09:20:00 vpn-01 charon[8812]: 07[IKE] <con3000|4> IKE_SA deleted");
    assertEquals("ipsec_ike_sa_deleted", sa.get("event.action"));
    assertEquals("con3000", sa.get("strongswan.connection"));
    assertNull(sa.get("observer.vendor"));
  }

  @Test
  void elsewhereTheSameServiceIsNoFirewall() {
    Event e = parse("so-gd", "<134>Nov 23 10:00:00 lb-01 haproxy[4120]: Connect from 10.30.5.23:50583 to 10.30.1.10:80 (acme/HTTP)");
    assertEquals("connection_accepted", e.get("event.action"));
    assertNull(e.get("observer.vendor"));
  }

  @Test
  void aPfsenseSourcesOtherProgramsAreLeftToTheOtherParsers() {
    Event e = parse("so-yt", "<134>Nov 23 10:00:00 fw-so-yt dhcpd[55]: DHCPACK on 10.30.0.50 to 00:11:22:33:44:55 via em1");
    assertNull(e.get("observer.vendor"));
    assertEquals(false, "pfsense.log".equals(e.get("event.dataset")));
  }
}
