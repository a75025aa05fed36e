package vn.soctinh.analyzer.parse.network;

import static vn.soctinh.analyzer.parse.ParsedLines.assertFields;

import org.junit.jupiter.api.Test;

/** FortiGate, Cisco ASA and pfSense lines a parser declines (the lines they read are in parse-tables/). */
class NetworkGearParsersTest {
  private static final String FGT = "<189>date=2026-11-23 time=10:00:00 devname=\"FGT-SO-TTTT\" devid=\"FG100FTK20000000\" "
      + "eventtime=1763866800123456789 tz=\"+0700\" ";

  @Test
  void anAsaMessageIdWithoutARuleIsDeclinedByName() {
    assertFields("<166>Nov 23 2026 10:00:00 asa01 : %ASA-7-999999: Something new", "tags=[_unparsed]",
        "error.message=cisco-asa: ASA message id 999999 not supported", "event.code=-");
  }

  @Test
  void truncatedAsaTextsAreDeclinedNotThrown() {
    for (String text : new String[] {"%ASA-6-607001: Pre-allocate SIP secondary channel for x", "%ASA-6-734001: DAP: User ",
        "%ASA-6-751025: Local:", "%ASA-4-733100: [", "%ASA-2-106006: message repeated 2 times: []", "%ASA-4-722051: Group <",
        "%ASA-6-302020: Built inbound ICMP connection for faddr gaddr laddr"}) {
      assertFields("<166>Nov 23 2026 10:00:00 asa01 : " + text, "tags=[_unparsed]");
    }
  }

  @Test
  void aFilterlogLineWithAnUnknownLayoutIsDeclined() {
    assertFields("<134>Nov 23 10:00:00 pfsense filterlog[1]: 1,2,3", "tags=[_unparsed]");
  }
}
