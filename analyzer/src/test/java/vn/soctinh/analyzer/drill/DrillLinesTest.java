package vn.soctinh.analyzer.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.soctinh.analyzer.decode.Rfc5424Decoder;
import vn.soctinh.analyzer.decode.SyslogDecodeResult;

class DrillLinesTest {
  private static final Instant NOW = Instant.parse("2026-12-03T03:04:05.123456789Z");

  @Test
  void placeholdersAreFilledForTheMomentOfSending() {
    Map<String, String> vars = Map.of("ip", "198.51.100.7");
    assertEquals("from 198.51.100.7 port 40000 #0", DrillLines.render("from ${ip} port ${port} #${seq}", vars, 0, NOW, "D"));
    assertEquals("[03/Dec/2026:10:04:05 +0700]", DrillLines.render("[${clf_time}]", vars, 0, NOW, "D"), "Vietnam time");
    assertEquals("2026-12-03 10:04:05", DrillLines.render("${local_time}", vars, 0, NOW, "D"));
    assertEquals("{\"a\":1} ${nope}", DrillLines.render("{\"a\":1} ${nope}", vars, 0, NOW, "D"), "JSON braces stay; unknown names stay");
    assertTrue(!DrillLines.render("${port}", vars, 0, NOW, "D").equals(DrillLines.render("${port}", vars, 1, NOW, "D")), "a new port per repeat");
  }

  @Test
  void theMessageIsValidRfc5424WithTheMarkInStructuredData() throws Exception {
    DrillScenario sc = DrillScenarioParser.parse(String.join("\n", "id: s", "title: t", "target: t", "steps:", "  - id: st", "    name: n",
        "    technique: T1110", "    host: srv 01", "    app: sshd", "    facility: auth", "    lines: ['Failed password for x']", ""), "s.yml");
    String m = DrillLines.message(sc, sc.steps().get(0), sc.steps().get(0).lines().get(0), Map.of(), 0, NOW, "DR-\"x]");
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
