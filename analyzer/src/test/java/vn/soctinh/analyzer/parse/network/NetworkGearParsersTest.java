package vn.soctinh.analyzer.parse.network;

import static vn.soctinh.analyzer.parse.ParsedLines.assertFields;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** FortiGate, Cisco ASA and pfSense lines as those devices send them over syslog, with the fields each must give. */
class NetworkGearParsersTest {
  private static final String FGT = "<189>date=2026-11-23 time=10:00:00 devname=\"FGT-SO-TTTT\" devid=\"FG100FTK20000000\" "
      + "eventtime=1763866800123456789 tz=\"+0700\" ";

  static Stream<Arguments> fortigate() {
    return Stream.of(
        row(FGT + "logid=\"0000000013\" type=\"traffic\" subtype=\"forward\" level=\"notice\" vd=\"root\" srcip=10.1.2.3 srcport=51515 "
                + "srcintf=\"port2\" dstip=203.0.113.7 dstport=443 dstintf=\"wan1\" policyid=12 policyname=\"LAN-to-WAN\" sessionid=998877 "
                + "proto=6 action=\"accept\" service=\"HTTPS\" sentbyte=1234 rcvdbyte=5678 sentpkt=10 rcvdpkt=12",
            "event.action=connection_allowed", "event.type=[connection, allowed]", "event.outcome=success", "event.dataset=fortinet.firewall",
            "@timestamp=2025-11-23T03:00:00.123456789Z", "observer.name=FGT-SO-TTTT", "observer.serial_number=FG100FTK20000000",
            "observer.vendor=Fortinet", "event.code=0000000013", "source.ip=10.1.2.3", "source.port=51515", "destination.ip=203.0.113.7",
            "destination.port=443", "observer.ingress.interface.name=port2", "observer.egress.interface.name=wan1", "rule.id=12",
            "rule.name=LAN-to-WAN", "network.transport=tcp", "network.protocol=https", "source.bytes=1234", "destination.bytes=5678",
            "network.bytes=6912", "fortinet.firewall.sessionid=998877"),
        row("date=2026-11-23 time=10:00:00 devname=\"FGT\" devid=\"FG1\" tz=\"+0700\" logid=\"0000000013\" type=\"traffic\" subtype=\"forward\" "
                + "srcip=203.0.113.5 dstip=10.0.0.5 dstport=3389 proto=6 action=\"deny\" policyid=0",
            "event.action=connection_denied", "event.outcome=failure", "@timestamp=2026-11-23T03:00:00Z"),
        row(FGT + "logid=\"0211008192\" type=\"utm\" subtype=\"virus\" eventtype=\"infected\" level=\"warning\" srcip=203.0.113.9 "
                + "dstip=10.0.0.7 action=\"blocked\" virus=\"EICAR_TEST_FILE\" filename=\"eicar.com\" url=\"http://x.example/eicar.com\"",
            "event.action=virus_detected", "event.kind=alert", "rule.name=EICAR_TEST_FILE", "file.name=eicar.com", "event.outcome=failure",
            "url.original=http://x.example/eicar.com"),
        row(FGT + "logid=\"0316013056\" type=\"utm\" subtype=\"webfilter\" action=\"blocked\" hostname=\"malware.example\" "
                + "srcip=10.0.0.7 catdesc=\"Malicious Websites\"",
            "event.action=url_blocked", "url.domain=malware.example", "fortinet.firewall.catdesc=Malicious Websites"),
        row(FGT + "logid=\"0419016384\" type=\"utm\" subtype=\"ips\" severity=\"critical\" srcip=203.0.113.5 dstip=10.0.0.5 "
                + "action=\"dropped\" attack=\"Apache.Log4j.Error.Log.Remote.Code.Execution\" attackid=51006",
            "event.action=ips_signature", "event.kind=alert", "event.severity=10", "rule.name=Apache.Log4j.Error.Log.Remote.Code.Execution",
            "rule.id=51006", "event.outcome=failure"),
        row(FGT + "logid=\"0100032002\" type=\"event\" subtype=\"system\" level=\"alert\" logdesc=\"Admin login failed\" user=\"admin\" "
                + "ui=\"https(203.0.113.5)\" action=\"login\" status=\"failed\" reason=\"passwd_invalid\" msg=\"Administrator admin login failed\"",
            "event.action=admin_login_failed", "event.outcome=failure", "user.name=admin", "source.ip=203.0.113.5",
            "event.reason=passwd_invalid", "message=Administrator admin login failed"),
        row(FGT + "logid=\"0101037138\" type=\"event\" subtype=\"vpn\" action=\"tunnel-up\" remip=198.51.100.20 tunneltype=\"ipsec\"",
            "event.action=vpn_tunnel_up", "fortinet.firewall.remip=198.51.100.20"),
        row(FGT + "logid=\"0100044547\" type=\"event\" subtype=\"system\" user=\"admin\" ui=\"ssh(10.0.0.9)\" action=\"Edit\" "
                + "cfgpath=\"firewall.policy\" cfgattr=\"action[accept->deny]\" msg=\"Edit firewall.policy 12\"",
            "event.action=config_changed", "fortinet.firewall.cfgpath=firewall.policy", "user.name=admin"));
  }

  static Stream<Arguments> asa() {
    String h = "<166>Nov 23 2026 10:00:00 asa01 : ";
    return Stream.of(
        row(h + "%ASA-6-302013: Built outbound TCP connection 123 for outside:203.0.113.7/443 (203.0.113.7/443) to inside:10.1.2.3/51515 (198.51.100.2/51515)",
            "event.action=connection_built", "event.code=302013", "event.severity=6", "event.dataset=cisco.asa", "observer.vendor=Cisco",
            "observer.product=ASA", "network.direction=outbound", "network.transport=tcp", "source.ip=10.1.2.3", "source.port=51515",
            "destination.ip=203.0.113.7", "destination.port=443", "source.nat.ip=198.51.100.2", "observer.ingress.interface.name=inside",
            "observer.egress.interface.name=outside", "cisco.asa.connection_id=123", "host.hostname=asa01"),
        row(h + "%ASA-6-302013: Built inbound TCP connection 124 for outside:203.0.113.5/51234 (203.0.113.5/51234) to dmz:10.2.0.5/80 (198.51.100.5/80)",
            "network.direction=inbound", "source.ip=203.0.113.5", "destination.ip=10.2.0.5", "destination.port=80"),
        row(h + "%ASA-6-302014: Teardown TCP connection 123 for outside:203.0.113.7/443 to inside:10.1.2.3/51515 duration 0:00:30 bytes 1234 TCP FINs",
            "event.action=connection_teardown", "event.duration=30000000000", "network.bytes=1234", "event.reason=TCP FINs",
            "source.ip=10.1.2.3", "destination.ip=203.0.113.7"),
        row(h + "%ASA-6-302015: Built inbound UDP connection 9 for outside:203.0.113.5/53 (203.0.113.5/53) to inside:10.0.0.53/1024 (10.0.0.53/1024)",
            "event.action=connection_built", "network.transport=udp"),
        row(h + "%ASA-6-302016: Teardown UDP connection 9 for outside:203.0.113.5/53 to inside:10.0.0.53/1024 duration 0:02:01 bytes 80",
            "event.action=connection_teardown", "event.duration=121000000000"),
        row(h + "%ASA-6-302020: Built inbound ICMP connection for faddr 203.0.113.5/0 gaddr 10.0.0.5/0 laddr 10.0.0.5/0",
            "event.action=connection_built", "network.transport=icmp", "source.ip=203.0.113.5", "destination.ip=10.0.0.5"),
        row(h + "%ASA-6-302021: Teardown ICMP connection for faddr 203.0.113.5/0 gaddr 10.0.0.5/0 laddr 10.0.0.5/0", "event.action=connection_teardown"),
        row(h + "%ASA-4-106023: Deny tcp src outside:203.0.113.5/51234 dst inside:10.0.0.5/3389 by access-group \"outside_access_in\" [0x0, 0x0]",
            "event.action=connection_denied", "event.outcome=failure", "rule.name=outside_access_in", "source.ip=203.0.113.5",
            "source.port=51234", "destination.ip=10.0.0.5", "destination.port=3389", "observer.ingress.interface.name=outside", "event.severity=4"),
        row(h + "%ASA-2-106001: Inbound TCP connection denied from 203.0.113.5/51234 to 10.0.0.5/22 flags SYN on interface outside",
            "event.action=connection_denied", "network.transport=tcp", "source.ip=203.0.113.5", "destination.port=22", "network.direction=inbound"),
        row(h + "%ASA-2-106006: Deny inbound UDP from 203.0.113.5/53 to 10.0.0.5/1234 on interface outside", "event.action=connection_denied",
            "network.transport=udp"),
        row(h + "%ASA-2-106007: Deny inbound UDP from 203.0.113.5/53 to 10.0.0.5/53 due to DNS Query", "event.reason=DNS Query"),
        row(h + "%ASA-3-106014: Deny inbound icmp src outside:203.0.113.5 dst inside:10.0.0.5 (type 8, code 0)",
            "event.action=connection_denied", "network.transport=icmp", "source.ip=203.0.113.5", "destination.ip=10.0.0.5"),
        row(h + "%ASA-6-106015: Deny TCP (no connection) from 10.0.0.5/443 to 203.0.113.5/51234 flags RST on interface inside",
            "event.action=connection_denied", "source.ip=10.0.0.5"),
        row(h + "%ASA-1-106021: Deny TCP reverse path check from 10.1.1.1 to 10.2.2.2 on interface outside", "event.reason=reverse path check"),
        row(h + "%ASA-6-106100: access-list outside_access_in denied tcp outside/203.0.113.5(51234) -> inside/10.0.0.5(22) hit-cnt 1 first hit [0x1, 0x0]",
            "event.action=connection_denied", "rule.name=outside_access_in", "source.ip=203.0.113.5", "source.port=51234", "destination.port=22"),
        row(h + "%ASA-6-106100: access-list inside_in permitted udp inside/10.0.0.5(5353) -> outside/8.8.8.8(53) hit-cnt 1 first hit [0x1, 0x0]",
            "event.action=connection_allowed", "event.outcome=success"),
        row(h + "%ASA-6-110002: Failed to locate egress interface for TCP from inside:10.0.0.5/1234 to 203.0.113.5/80",
            "event.action=connection_dropped_no_route", "destination.ip=203.0.113.5"),
        row(h + "%ASA-6-113004: AAA user authentication Successful : server = 10.0.0.10 : user = bob",
            "event.action=user_authenticated", "event.outcome=success", "user.name=bob", "server.ip=10.0.0.10"),
        row(h + "%ASA-6-113005: AAA user authentication Rejected : reason = AAA failure : server = 10.0.0.10 : user = bob : user IP = 203.0.113.5",
            "event.action=user_authentication_failed", "event.outcome=failure", "user.name=bob", "source.ip=203.0.113.5", "event.reason=AAA failure"),
        row(h + "%ASA-4-113019: Group = vpn-users, Username = bob, IP = 203.0.113.5, Session disconnected. Session Type: SSL, Duration: 0h:10m:00s, "
                + "Bytes xmt: 1234, Bytes rcv: 5678, Reason: User Requested",
            "event.action=vpn_session_ended", "user.name=bob", "source.ip=203.0.113.5", "source.bytes=1234", "destination.bytes=5678",
            "event.reason=User Requested"),
        row(h + "%ASA-6-305011: Built dynamic TCP translation from inside:10.1.2.3/51515 to outside:198.51.100.2/51515",
            "event.action=nat_translation_built", "source.ip=10.1.2.3", "source.nat.ip=198.51.100.2", "source.nat.port=51515"),
        row(h + "%ASA-6-305012: Teardown dynamic TCP translation from inside:10.1.2.3/51515 to outside:198.51.100.2/51515 duration 0:00:30",
            "event.action=nat_translation_teardown"),
        row(h + "%ASA-3-313001: Denied ICMP type=8, code=0 from 203.0.113.5 on interface outside",
            "event.action=connection_denied", "source.ip=203.0.113.5", "observer.ingress.interface.name=outside"),
        row(h + "%ASA-3-313004: Denied ICMP type=0, from laddr 10.0.0.5 on interface inside to 203.0.113.5: no matching session",
            "event.action=connection_denied", "destination.ip=203.0.113.5"),
        row(h + "%ASA-4-313005: No matching connection for ICMP error message: icmp src outside:203.0.113.5 dst inside:10.0.0.5 (type 3, code 3) on outside interface.",
            "event.action=connection_denied", "source.ip=203.0.113.5"),
        row(h + "%ASA-4-400014: IPS:2004 ICMP Echo Request from 203.0.113.5 to 10.0.0.5 on interface outside",
            "event.action=ips_signature", "event.kind=alert", "rule.id=2004", "rule.name=ICMP Echo Request", "source.ip=203.0.113.5"),
        row(h + "%ASA-4-419002: Duplicate TCP SYN from outside:203.0.113.5/51234 to inside:10.0.0.5/80 with different initial sequence number",
            "event.action=duplicate_syn", "source.ip=203.0.113.5"),
        row(h + "%ASA-6-605004: Login denied from 203.0.113.5/51234 to outside:10.0.0.1/ssh for user \"admin\"",
            "event.action=admin_login_failed", "event.outcome=failure", "user.name=admin", "source.ip=203.0.113.5", "network.protocol=ssh",
            "destination.ip=10.0.0.1"),
        row(h + "%ASA-6-605005: Login permitted from 10.0.0.9/51234 to inside:10.0.0.1/ssh for user \"admin\"", "event.action=admin_login"),
        row(h + "%ASA-6-609001: Built local-host inside:10.0.0.5", "event.action=local_host_built", "source.ip=10.0.0.5"),
        row(h + "%ASA-6-609002: Teardown local-host inside:10.0.0.5 duration 0:01:00", "event.action=local_host_teardown"),
        row(h + "%ASA-5-611101: User authentication succeeded: IP address: 10.0.0.9, Uname: admin", "event.action=admin_login", "user.name=admin"),
        row(h + "%ASA-5-611102: User authentication failed: IP address: 10.0.0.9, Uname: admin", "event.action=admin_login_failed"),
        row(h + "%ASA-4-710003: TCP access denied by ACL from 203.0.113.5/51234 to outside:10.0.0.1/22",
            "event.action=connection_denied", "destination.port=22"),
        row(h + "%ASA-4-733100: [ Scanning] drop rate-1 exceeded. Current burst rate is 10 per second, max configured rate is 10",
            "event.action=threat_detection_rate_exceeded", "rule.name=Scanning"),
        row("<166>%ASA-6-302013: Built outbound TCP connection 1 for outside:203.0.113.7/443 (203.0.113.7/443) to inside:10.1.2.3/51515 (10.1.2.3/51515)",
            "event.action=connection_built", "source.ip=10.1.2.3"),
        row("%FTD-6-302014: Teardown TCP connection 5 for outside:203.0.113.7/443 to inside:10.1.2.3/51515 duration 0:00:01 bytes 10 TCP Reset-O",
            "event.action=connection_teardown", "observer.product=FTD"));
  }

  static Stream<Arguments> pfsense() {
    return Stream.of(
        row("<134>Nov 23 10:00:00 pfsense filterlog[123]: 5,,,1000102433,em0,match,block,in,4,0x0,,64,12345,0,DF,6,tcp,60,203.0.113.5,10.0.0.2,51234,22,0,S,123456,,64240,,mss",
            "event.action=connection_denied", "event.dataset=pfsense.log", "rule.id=1000102433", "observer.ingress.interface.name=em0",
            "network.direction=inbound", "source.ip=203.0.113.5", "destination.ip=10.0.0.2", "source.port=51234", "destination.port=22",
            "network.transport=tcp", "network.bytes=60", "pfsense.tcp.flags=S", "event.reason=match"),
        row("<134>Nov 23 10:00:00 pfsense filterlog[123]: 7,,,1000000103,igb1,match,pass,out,6,0x00,0x00000,64,udp,17,76,2001:db8::5,2001:db8::53,5353,53,76",
            "event.action=connection_allowed", "network.type=ipv6", "source.ip=2001:db8::5", "destination.port=53", "network.transport=udp"),
        row("<134>Nov 23 10:00:00 pfsense filterlog[123]: 9,,,1000000105,em0,match,block,in,4,0x0,,64,0,0,none,1,icmp,84,203.0.113.5,10.0.0.2,request,1234,1",
            "event.action=connection_denied", "network.transport=icmp", "source.port=-"));
  }

  private static Arguments row(String line, String... expected) {
    return Arguments.of(line, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"fortigate", "asa", "pfsense"})
  void eachLineGivesItsFields(String line, String[] expected) {
    assertFields(line, expected);
  }

  @Test
  void anAsaMessageIdWithoutARuleIsDeclinedByName() {
    assertFields("<166>Nov 23 2026 10:00:00 asa01 : %ASA-7-999999: Something new", "tags=[_unparsed]",
        "error.message=cisco-asa: ASA message id 999999 not supported", "event.code=-");
  }

  @Test
  void aFilterlogLineWithAnUnknownLayoutIsDeclined() {
    assertFields("<134>Nov 23 10:00:00 pfsense filterlog[1]: 1,2,3", "tags=[_unparsed]");
  }
}
