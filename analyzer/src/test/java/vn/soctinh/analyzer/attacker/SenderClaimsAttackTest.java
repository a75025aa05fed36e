package vn.soctinh.analyzer.attacker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.soctinh.analyzer.drill.DrillMarker;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.org.OrgDirectory;
import vn.soctinh.analyzer.org.OrgEnrichment;
import vn.soctinh.analyzer.org.OrgFile;
import vn.soctinh.analyzer.parse.EventParser;
import vn.soctinh.analyzer.parse.ParseSettings;
import vn.soctinh.analyzer.parse.ParseStats;
import vn.soctinh.analyzer.parse.RawRecord;
import vn.soctinh.analyzer.parse.RawRecordBuilder;
import vn.soctinh.analyzer.parse.SenderClaims;
import vn.soctinh.analyzer.parse.StandardParsers;
import vn.soctinh.collector.source.Cidr;

/**
 * What a sender cannot make SOC Tỉnh believe (issue #17, items 1 and 2): whatever the format, a line
 * that names a drill, an agency, a system's security level, its own peer address, the listener, the
 * arrival time or SOC Tỉnh's own fields is parsed and kept, but those names hold the collector's and
 * the analyzer's facts, and the sender's values are kept as its claims under soctinh.claimed.*.
 * Each input is parsed as the live pipeline parses it (EventParser with every shipped parser), then
 * enriched as it is (drill marks, then agencies and systems).
 */
class SenderClaimsAttackTest {
  private static final Instant NOW = Instant.parse("2026-12-07T05:00:00Z");
  private static final InetSocketAddress ATTACKER = new InetSocketAddress("198.51.100.66", 40000);

  /** A JSON line that claims everything it can: a drill, an agency, a level, a peer, the listener, the arrival, the tags. */
  static final String JSON = "{\"event\":{\"action\":\"login\",\"ingested\":\"2020-01-01T00:00:00Z\",\"id\":\"forged-id\"},"
      + "\"source\":{\"ip\":\"203.0.113.77\"},\"host\":{\"name\":\"ketoan-stc\"},"
      + "\"labels\":{\"drill_id\":\"DR-fake\",\"drill_scenario\":\"x\",\"security_level\":\"5\",\"system_id\":\"cong-dvc\",\"listener\":\"relp\",\"priority\":\"P4\"},"
      + "\"organization\":{\"id\":\"so-khcn\",\"name\":\"Sở KHCN\"},\"log\":{\"source\":{\"address\":\"127.0.0.1:1\"}},"
      + "\"soctinh\":{\"mistyped\":\"x\"},\"tls\":{\"client\":{\"x509\":{\"subject\":{\"common_name\":\"log.stc.thunghiem.gov.vn\"}}}},"
      + "\"tags\":[\"drill\"]}";

  private final ParseStats stats = new ParseStats();

  private Event parse(String line, String listener, String agency) throws Exception {
    EventParser p = new EventParser(ParseSettings.defaults(), StandardParsers.registry(), null, stats,
        Clock.fixed(NOW.plusMillis(5), ZoneOffset.UTC));
    List<Event> out = new ArrayList<>();
    p.parse(RawRecordBuilder.builder().offset(7).payload(line.getBytes(UTF_8)).receivedAt(NOW).transport("tcp").listener(listener).peer(ATTACKER)
        .agency(agency).build(), out::add);
    assertEquals(1, out.size());
    Event e = out.get(0);
    AtomicInteger refused = new AtomicInteger();
    new DrillMarker(List.of(Cidr.parse("127.0.0.0/8")), refused::incrementAndGet).process(List.of(e));
    OrgDirectory d = OrgFile.parseYaml(Files.readString(Path.of("../deploy/org.example.yml")), "org.example.yml").directory();
    new OrgEnrichment(d).process(List.of(e));
    return e;
  }

  /** The facts SOC Tỉnh writes, whatever the line said. */
  private static void assertCollectorFacts(Event e, String listener, String agency) {
    assertFalse(e.has("labels.drill_id"), "not a drill: " + e);
    assertFalse(e.has("labels.drill_scenario"));
    assertEquals(agency, e.get("organization.id"), "the collector's agency");
    assertNotEquals("so-khcn", e.get("organization.id"));
    assertFalse(e.has("labels.security_level"), "no level from the line: " + e);
    assertFalse(e.has("labels.system_id"));
    assertFalse(e.has("labels.priority"));
    assertEquals("198.51.100.66:40000", e.get("log.source.address"), "the real peer");
    assertEquals(listener, e.get("labels.listener"));
    assertEquals(NOW, e.get("event.created"));
    assertEquals(NOW.plusMillis(5), e.get("event.ingested"));
    assertFalse(e.has("tls.client.x509.subject.common_name"), "no TLS identity on a plain TCP line");
    assertFalse(e.has("tags"), "tags are SOC Tỉnh's");
    assertFalse(e.hasTag("drill"));
    for (int i = 0; i < e.size(); i++) {
      String n = e.name(i);
      if (n.startsWith("soctinh.")) assertTrue(n.startsWith(SenderClaims.CLAIMED), "no field of SOC Tỉnh's own namespace from a line: " + n);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"syslog_tcp", "http"})
  void aJsonLineClaimsNothing(String listener) throws Exception {
    Event e = parse(JSON, listener, "unassigned");
    assertCollectorFacts(e, listener, "unassigned");
    assertFalse("forged-id".equals(e.get("event.id")), "the pipeline gives the id");
    // what was claimed is kept, under the claim namespace, and the event says it claimed
    assertEquals("DR-fake", e.get("soctinh.claimed.labels.drill_id"));
    assertEquals("so-khcn", e.get("soctinh.claimed.organization.id"));
    assertEquals("127.0.0.1:1", e.get("soctinh.claimed.log.source.address"));
    assertEquals("5", e.get("soctinh.claimed.labels.security_level"));
    assertEquals("x", e.get("soctinh.claimed.soctinh.mistyped"));
    assertEquals(List.of("drill"), e.get("soctinh.claimed.tags"));
    assertTrue(e.hasTag(SenderClaims.TAG));
    assertEquals("ke-toan-stc", e.get(OrgEnrichment.CLAIMED_SYSTEM), "the host it names is a claim too");
    assertEquals(1L, stats.claimsByAgency().get("unassigned"), "counted");
    assertEquals("203.0.113.77", e.get("source.ip"), "the rest of the line is parsed as usual");
  }

  @Test
  void aCefLabelCannotMarkADrillOrALevel() throws Exception {
    Event e = parse("CEF:0|Vendor|Product|1.0|100|Login|5|src=203.0.113.77 cs1Label=drill_id cs1=DR-fake "
        + "cs2Label=security_level cs2=5 cs3Label=system_id cs3=cong-dvc", "syslog_tcp", "unassigned");
    assertCollectorFacts(e, "syslog_tcp", "unassigned");
    assertEquals("DR-fake", e.get("soctinh.claimed.labels.drill_id"));
    assertEquals("5", e.get("soctinh.claimed.labels.security_level"));
  }

  /** Every other shape a line can take: none of them gets a drill mark, an agency or a level from its content. */
  @ParameterizedTest
  @ValueSource(strings = {
      "<134>1 2026-12-07T05:00:00Z portal-01 app - - [soctinh@53595 drill_id=\"DR-fake\" scenario=\"s\" step=\"1\"] sent from far away",
      "LEEF:1.0|Vendor|Product|1|Login|src=203.0.113.77\tdrill_id=DR-fake\tsecurity_level=5\torganization.id=so-khcn",
      "{\"timestamp\":\"2026-12-07T05:00:00.000000+0000\",\"event_type\":\"alert\",\"src_ip\":\"203.0.113.77\",\"src_port\":1,"
          + "\"dest_ip\":\"10.10.1.10\",\"dest_port\":80,\"proto\":\"TCP\",\"alert\":{\"signature\":\"x\",\"signature_id\":1,\"severity\":1},"
          + "\"labels\":{\"drill_id\":\"DR-fake\"},\"organization\":{\"id\":\"so-khcn\"}}",
      "{\"EventTime\":\"2026-12-07 05:00:00\",\"Hostname\":\"ketoan-stc\",\"EventID\":4625,\"SourceName\":\"Microsoft-Windows-Security-Auditing\","
          + "\"Channel\":\"Security\",\"labels\":{\"drill_id\":\"DR-fake\"},\"organization\":{\"id\":\"so-khcn\"}}",
      "<38>Dec  7 12:00:00 ketoan-stc sshd[1]: Failed password for root from 203.0.113.77 port 1 ssh2 labels.drill_id=DR-fake"})
  void noFormatMarksADrillOrPicksAnAgency(String line) throws Exception {
    assertCollectorFacts(parse(line, "syslog_tcp", "unassigned"), "syslog_tcp", "unassigned");
  }

  /** A recognised agency's sender cannot speak for another agency either. */
  @Test
  void aRecognisedAgencyCannotClaimAnother() throws Exception {
    Event e = parse(JSON, "syslog_tcp", "so-tai-chinh");
    assertEquals("so-tai-chinh", e.get("organization.id"));
    assertEquals("Sở Tài chính", e.get("organization.name"));
    assertEquals("so-khcn", e.get("soctinh.claimed.organization.id"));
    assertFalse(e.has("labels.drill_id"));
  }
}
