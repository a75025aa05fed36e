package vn.soctinh.analyzer.parse.cef;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vn.soctinh.analyzer.parse.ParsedLines.assertFields;

import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.soctinh.analyzer.event.Event;

class CefLeefParserTest {

  @Test
  void cefBareWithEscapesAndSpacesInValues() {
    Event e = assertFields("CEF:0|Trend Micro|Deep Security Agent|20.0|4000030|Web attack \\| SQLi|High|src=203.0.113.5 spt=51234 "
            + "dst=10.0.0.5 dpt=443 proto=6 act=Blocked request=https://dvc.tinh.gov.vn/login?id\\=1 msg=SQL injection in param id "
            + "suser=bob cs1Label=Policy Name cs1=Portal WAF rt=1763866800000",
        "event.dataset=cef.log", "observer.vendor=Trend Micro", "observer.product=Deep Security Agent", "observer.version=20.0",
        "event.code=4000030", "rule.name=Web attack | SQLi", "event.severity=8", "source.ip=203.0.113.5", "source.port=51234",
        "destination.ip=10.0.0.5", "destination.port=443", "network.transport=tcp", "event.action=blocked",
        "url.original=https://dvc.tinh.gov.vn/login?id=1", "message=SQL injection in param id", "user.name=bob",
        "labels.policy_name=Portal WAF", "@timestamp=2025-11-23T03:00:00Z");
    assertEquals("Portal WAF", ((Map<?, ?>) e.get("cef.extensions")).get("cs1"));
  }

  @Test
  void cefInsideSyslogWithoutAct() {
    assertFields("<134>Nov 23 10:00:00 fw CEF:0|Vendor|Product|1.0|100|Port scan|5|src=198.51.100.2 dst=10.0.0.1",
        "event.action=cef_100", "event.severity=5", "source.ip=198.51.100.2", "host.hostname=fw");
  }

  @Test
  void cefWithTooFewHeaderFieldsIsUnparsed() {
    assertFields("CEF:0|Vendor|Product", "tags=[_unparsed]", "error.message=cef: CEF header has 2 of 7 fields");
  }

  @Test
  void leef1WithTabs() {
    assertFields("LEEF:1.0|Microsoft|MSExchange|2016|15345|src=10.50.1.1\tdst=2.10.20.20\tspt=1200\tusrName=bob\taction=deny",
        "event.dataset=leef.log", "observer.vendor=Microsoft", "event.code=15345", "source.ip=10.50.1.1", "destination.ip=2.10.20.20",
        "source.port=1200", "user.name=bob", "event.action=deny");
  }

  @Test
  void leef2WithHexDelimiter() {
    assertFields("<13>Nov 23 10:00:00 h LEEF:2.0|Lancope|StealthWatch|1.0|41|x5E|src=10.0.1.8^dst=10.0.0.5^sev=7^cat=Scan",
        "event.code=41", "source.ip=10.0.1.8", "destination.ip=10.0.0.5", "event.severity=7", "rule.category=Scan", "event.action=leef_41");
  }
}
