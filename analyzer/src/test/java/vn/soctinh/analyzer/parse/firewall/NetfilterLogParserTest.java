package vn.soctinh.analyzer.parse.firewall;

import static vn.soctinh.analyzer.parse.ParsedLines.assertFields;

import org.junit.jupiter.api.Test;

class NetfilterLogParserTest {

  @Test
  void ufwBlockWithKernelUptime() {
    assertFields("<4>Nov 23 10:00:00 web-01 kernel: [123456.789012] [UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 "
            + "SRC=203.0.113.5 DST=10.0.0.2 LEN=60 TOS=0x00 PREC=0x00 TTL=52 ID=1234 DF PROTO=TCP SPT=51234 DPT=22 WINDOW=29200 RES=0x00 SYN URGP=0",
        "event.action=connection_denied", "event.type=[connection, denied]", "event.category=[network]", "event.dataset=ufw.log",
        "rule.name=UFW BLOCK", "source.ip=203.0.113.5", "destination.ip=10.0.0.2", "source.port=51234", "destination.port=22",
        "network.transport=tcp", "network.bytes=60", "network.type=ipv4", "observer.ingress.interface.name=eth0",
        "observer.egress.interface.name=-", "iptables.ttl=52", "iptables.flags=[DF, SYN]", "observer.product=ufw");
  }

  @Test
  void iptablesAcceptPrefixWithColon() {
    assertFields("<4>Nov 23 10:00:00 gw kernel: IPTABLES-ACCEPT: IN=eth1 OUT=eth0 SRC=10.0.0.5 DST=198.51.100.7 LEN=52 PROTO=UDP SPT=5353 DPT=53 LEN=32",
        "event.action=connection_allowed", "rule.name=IPTABLES-ACCEPT", "network.transport=udp", "destination.port=53",
        "observer.egress.interface.name=eth0", "event.dataset=iptables.log");
  }

  @Test
  void nftablesIpv6Icmp() {
    assertFields("<4>Nov 23 10:00:00 gw kernel: nft-drop IN=eth0 OUT= SRC=2001:db8::5 DST=2001:db8::1 LEN=104 TC=0 HOPLIMIT=64 FLOWLBL=0 "
            + "PROTO=ICMPv6 TYPE=128 CODE=0 ID=1 SEQ=1",
        "event.action=connection_denied", "network.transport=ipv6-icmp", "network.type=ipv6", "iptables.icmp.type=128",
        "source.ip=2001:db8::5", "event.dataset=nftables.log");
  }

  @Test
  void unknownPrefixIsStillAConnectionLog() {
    assertFields("<4>Nov 23 10:00:00 gw kernel: SSH-NEW IN=eth0 OUT= SRC=198.51.100.9 DST=10.0.0.2 PROTO=TCP SPT=1 DPT=22",
        "event.action=firewall_logged", "rule.name=SSH-NEW");
  }

  @Test
  void otherKernelLinesStayUnparsed() {
    assertFields("<4>Nov 23 10:00:00 gw kernel: usbcore: registered new driver hub", "tags=[_unparsed]", "event.action=-");
  }
}
