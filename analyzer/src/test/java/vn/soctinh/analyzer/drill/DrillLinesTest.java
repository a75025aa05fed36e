package vn.soctinh.analyzer.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.soctinh.analyzer.decode.Rfc5424Decoder;
import vn.soctinh.analyzer.decode.SyslogDecodeResult;

class DrillLinesTest {
  private static final Instant NOW = Instant.parse("2026-12-03T03:04:05.123456789Z");
  private static final ZoneId VN = vn.soctinh.analyzer.DisplayZone.DEFAULT;

  @Test
  void placeholdersAreFilledForTheMomentOfSending() {
    Map<String, String> vars = Map.of("ip", "198.51.100.7");
    assertEquals("from 198.51.100.7 port 40000 #0", DrillLines.render("from ${ip} port ${port} #${seq}", vars, 0, NOW, "D", VN));
    assertEquals("[03/Dec/2026:10:04:05 +0700]", DrillLines.render("[${clf_time}]", vars, 0, NOW, "D", VN), "Vietnam time");
    assertEquals("2026-12-03 10:04:05", DrillLines.render("${local_time}", vars, 0, NOW, "D", VN));
    assertEquals("{\"a\":1} ${nope}", DrillLines.render("{\"a\":1} ${nope}", vars, 0, NOW, "D", VN), "JSON braces stay; unknown names stay");
    assertTrue(!DrillLines.render("${port}", vars, 0, NOW, "D", VN).equals(DrillLines.render("${port}", vars, 1, NOW, "D", VN)), "a new port per repeat");
  }

  @Test
  void localTimesFollowTheConfiguredZone() {
    ZoneId paris = ZoneId.of("Europe/Paris");
    assertEquals("[03/Dec/2026:04:04:05 +0100]", DrillLines.render("[${clf_time}]", Map.of(), 0, NOW, "D", paris));
    assertEquals("2026-12-03 04:04:05", DrillLines.render("${local_time}", Map.of(), 0, NOW, "D", paris));
    assertEquals("Dec 3 04:04:05", DrillLines.render("${bsd_time}", Map.of(), 0, NOW, "D", paris));
    assertEquals("2026-12-03T03:04:05.123Z", DrillLines.render("${ts}", Map.of(), 0, NOW, "D", paris), "ts stays UTC");
  }

  @Test
  void aDrillIdCarriesTheLocalTimeOfTheZone() {
    java.time.Clock c = java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC);
    assertTrue(DrillPlan.newId(c, VN).startsWith("DR-20261203-100405-"), DrillPlan.newId(c, VN));
    assertTrue(DrillPlan.newId(c, java.time.ZoneOffset.UTC).startsWith("DR-20261203-030405-"));
  }

  @Test
  void theMessageIsValidRfc5424WithTheMarkInStructuredData() throws Exception {
    DrillScenario sc = DrillScenarioParser.parse(String.join("\n", "id: s", "title: t", "target: t", "steps:", "  - id: st", "    name: n",
        "    technique: T1110", "    host: srv 01", "    app: sshd", "    facility: auth", "    lines: ['Failed password for x']", ""), "s.yml");
    String m = DrillLines.message(sc, sc.steps().get(0), sc.steps().get(0).lines().get(0), Map.of(), 0, NOW, "DR-\"x]", VN);
    byte[] b = m.getBytes(StandardCharsets.UTF_8);
    SyslogDecodeResult r = new Rfc5424Decoder().decode(b, 0, b.length);
    assertTrue(!(r instanceof SyslogDecodeResult.Invalid), m + " → " + r);
    assertEquals("sshd", r.message().appname);
    assertEquals("srv_01", r.message().hostname, "spaces cannot be in a header field");
    Map<String, Object> sd = r.message().structuredData.get(DrillLines.SD_ID);
    assertEquals("DR-\"x]", String.valueOf(sd.get("drill_id") instanceof java.util.List<?> l ? l.get(0) : sd.get("drill_id")), "escaped, then read back");
    assertEquals("Failed password for x", r.message().message);
    assertTrue(m.contains(" 2026-12-03T03:04:05.123Z "), "at most 6 fraction digits: " + m);
  }
}
