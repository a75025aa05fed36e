package vn.soctinh.analyzer.parse.suricata;

import static vn.soctinh.analyzer.parse.ParsedLines.assertFields;

import org.junit.jupiter.api.Test;

class SuricataEveParserTest {
  private static final String ALERT = "{\"timestamp\":\"2026-11-23T10:00:00.123456+0700\",\"flow_id\":1234567890,\"in_iface\":\"eth0\","
      + "\"event_type\":\"alert\",\"src_ip\":\"203.0.113.5\",\"src_port\":51234,\"dest_ip\":\"10.0.0.5\",\"dest_port\":80,\"proto\":\"TCP\","
      + "\"community_id\":\"1:abcd=\",\"alert\":{\"action\":\"allowed\",\"gid\":1,\"signature_id\":2010935,\"rev\":3,"
      + "\"signature\":\"ET SCAN Suspicious inbound to MSSQL port 1433\",\"category\":\"Potentially Bad Traffic\",\"severity\":2,"
      + "\"metadata\":{\"mitre_technique_id\":[\"T1046\"]}},\"http\":{\"hostname\":\"dvc.tinh.gov.vn\",\"url\":\"/login?u=1\","
      + "\"http_user_agent\":\"sqlmap\",\"http_method\":\"GET\",\"protocol\":\"HTTP/1.1\",\"status\":403,\"length\":12},\"app_proto\":\"http\"}";

  @Test
  void alertBare() {
    assertFields(ALERT, "@timestamp=2026-11-23T03:00:00.123456Z", "event.kind=alert", "event.action=suricata_alert",
        "event.category=[network, intrusion_detection]", "event.type=[allowed]", "event.dataset=suricata.eve", "rule.id=2010935",
        "rule.name=ET SCAN Suspicious inbound to MSSQL port 1433", "rule.category=Potentially Bad Traffic", "event.severity=2",
        "source.ip=203.0.113.5", "source.port=51234", "destination.ip=10.0.0.5", "destination.port=80", "network.transport=tcp",
        "network.protocol=http", "network.community_id=1:abcd=", "suricata.eve.flow_id=1234567890", "url.domain=dvc.tinh.gov.vn",
        "url.original=/login?u=1", "url.path=/login", "http.request.method=GET", "user_agent.original=sqlmap",
        "http.response.status_code=403", "threat.technique.id=[T1046]", "observer.product=Suricata");
  }

  @Test
  void alertInsideSyslog() {
    assertFields("<132>Nov 23 10:00:00 ids-01 suricata[999]: " + ALERT.replace("\"allowed\"", "\"blocked\""),
        "event.action=suricata_alert", "event.type=[denied]", "event.outcome=failure", "host.hostname=ids-01");
  }

  @Test
  void dnsTlsFlowFileinfoAnomaly() {
    assertFields("{\"timestamp\":\"2026-11-23T10:00:00.000000+0000\",\"event_type\":\"dns\",\"src_ip\":\"10.0.0.7\",\"dest_ip\":\"10.0.0.53\","
            + "\"proto\":\"UDP\",\"dns\":{\"type\":\"answer\",\"id\":1,\"rcode\":\"NOERROR\",\"rrname\":\"evil.example\",\"rrtype\":\"A\","
            + "\"answers\":[{\"rrname\":\"evil.example\",\"rrtype\":\"A\",\"rdata\":\"198.51.100.66\"}]}}",
        "event.action=suricata_dns", "dns.question.name=evil.example", "dns.question.type=A", "dns.response_code=NOERROR",
        "dns.answers.data=[198.51.100.66]", "dns.resolved_ip=[198.51.100.66]");
    assertFields("{\"timestamp\":\"2026-11-23T10:00:00.000000+0000\",\"event_type\":\"tls\",\"src_ip\":\"10.0.0.7\",\"dest_ip\":\"198.51.100.9\","
            + "\"tls\":{\"sni\":\"c2.example\",\"version\":\"TLS 1.2\",\"subject\":\"CN=c2\",\"issuerdn\":\"CN=c2\",\"ja3\":{\"hash\":\"abc123\"}}}",
        "event.action=suricata_tls", "tls.client.server_name=c2.example", "tls.version=1.2", "tls.version_protocol=tls",
        "tls.client.ja3=abc123", "tls.server.subject=CN=c2");
    assertFields("{\"timestamp\":\"2026-11-23T10:00:00.000000+0000\",\"event_type\":\"flow\",\"src_ip\":\"10.0.0.7\",\"dest_ip\":\"198.51.100.9\","
            + "\"flow\":{\"pkts_toserver\":10,\"pkts_toclient\":8,\"bytes_toserver\":1000,\"bytes_toclient\":5000,"
            + "\"start\":\"2026-11-23T09:59:00.000000+0000\",\"end\":\"2026-11-23T10:00:00.000000+0000\",\"state\":\"closed\",\"reason\":\"timeout\"}}",
        "event.action=suricata_flow", "network.bytes=6000", "network.packets=18", "source.bytes=1000", "destination.bytes=5000",
        "event.start=2026-11-23T09:59:00Z", "event.reason=timeout");
    assertFields("{\"timestamp\":\"2026-11-23T10:00:00.000000+0000\",\"event_type\":\"fileinfo\",\"src_ip\":\"198.51.100.9\","
            + "\"fileinfo\":{\"filename\":\"/download/invoice.exe\",\"size\":4096,\"sha256\":\"e3b0c4\",\"magic\":\"PE32\"}}",
        "event.action=suricata_fileinfo", "file.name=invoice.exe", "file.size=4096", "file.hash.sha256=e3b0c4");
    assertFields("{\"timestamp\":\"2026-11-23T10:00:00.000000+0000\",\"event_type\":\"anomaly\",\"src_ip\":\"198.51.100.9\","
            + "\"anomaly\":{\"type\":\"decode\",\"event\":\"ipv4.trunc_pkt\"}}",
        "event.action=suricata_anomaly", "event.reason=ipv4.trunc_pkt");
  }
}
