package vn.soctinh.analyzer.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DrillScenarioParserTest {
  private static final String GOOD = String.join("\n",
      "id: test-scenario",
      "title: Thử nghiệm",
      "target: Máy chủ ${host}",
      "variables: {host: srv-01, ip: 198.51.100.1}",
      "steps:",
      "  - id: one",
      "    name: Bước một",
      "    technique: T1110.001",
      "    repeat: 3",
      "    every: 500ms",
      "    host: ${host}",
      "    app: sshd",
      "    facility: auth",
      "    lines: ['Failed password for root from ${ip} port ${port} ssh2']",
      "    expect: {rules: [r1], incident: true}",
      "    weight: 2",
      "  - id: two",
      "    name: Bước hai",
      "    technique: T1078",
      "    at: 2m",
      "    host: srv",
      "    app: sshd",
      "    lines: ['Accepted password for root from ${ip} port 1 ssh2']",
      "");

  @Test
  void theShippedScenariosAreValidAndCoverTheRequiredAttacks() throws Exception {
    Map<String, DrillScenario> all = DrillScenarioParser.readDir(Path.of("../rules/drills"));
    assertTrue(all.keySet().containsAll(List.of("ssh-brute-force-privesc", "web-portal-attack", "windows-ransomware-precursor",
        "data-exfiltration-ioc", "phishing-malicious-domain")), all.keySet().toString());
    for (DrillScenario sc : all.values()) {
      assertTrue(sc.steps().stream().anyMatch(s -> !s.expectRules().isEmpty()), sc.id() + " expects some detection");
      for (DrillScenario.Step s : sc.steps()) assertTrue(s.technique().matches("T\\d{4}(\\.\\d{3})?"), s.technique());
    }
  }

  @Test
  void aGoodScenarioReadsWithItsDefaultsAndTimes() throws Exception {
    DrillScenario sc = DrillScenarioParser.parse(GOOD, "t.yml");
    assertEquals(2, sc.steps().size());
    DrillScenario.Step one = sc.step("one");
    assertEquals(4 * 8 + 6, one.pri(), "auth.info");
    assertEquals(Duration.ofMillis(500), one.every());
    assertEquals(3, one.messages());
    assertEquals(List.of("r1"), one.expectRules());
    assertTrue(one.expectIncident());
    assertEquals(1 * 8 + 6, sc.step("two").pri(), "user.info by default");
    assertEquals(Duration.ofMinutes(2), sc.length());
    assertEquals(DrillScenario.Scoring.defaults(), sc.scoring());
    assertEquals(6, sc.step("one").line(), "the step's line in the file, for messages");
  }

  private static List<String> problems(String yaml) {
    return assertThrows(DrillScenarioParser.ScenarioException.class, () -> DrillScenarioParser.parse(yaml, "bad.yml")).problems();
  }

  @Test
  void everyMistakeIsReportedWithFileLineAndColumn() {
    List<String> p = problems(GOOD.replace("technique: T1078", "technique: 1078").replace("every: 500ms", "every: soon")
        .replace("${port}", "${prot}").replace("id: two", "id: one").replace("    weight: 2", "    weigth: 2"));
    String all = String.join("\n", p);
    assertTrue(all.contains("bad.yml:19:16: step one: technique is an ATT&CK id"), all);
    assertTrue(all.contains("bad.yml:10:12: every: a duration"), all);
    assertTrue(all.contains("${prot} is neither a variable"), all);
    assertTrue(all.contains("step id one is used twice"), all);
    assertTrue(all.contains("bad.yml:16:5: step: unknown key weigth"), all);
    assertEquals(5, p.size(), all);
  }

  @Test
  void structuralMistakes() {
    assertTrue(problems("id: x\ntitle: t\ntarget: t\nsteps: []\n").get(0).contains("steps: at least one step"));
    assertTrue(problems("id: x\ntitle: t\ntarget: t\nscoring: {detect: 60}\n" + GOOD.substring(GOOD.indexOf("steps:")))
        .get(0).startsWith("bad.yml:4:10: scoring: detect + acknowledge + contain + resolve must be 100, not 110"));
    assertTrue(problems("id: x\n  title: [\n").get(0).startsWith("bad.yml:"), "a YAML error has its position");
    assertTrue(problems(GOOD.replace("expect: {rules: [r1], incident: true}", "expect: {incident: true}")).get(0)
        .contains("expect.incident needs expect.rules"));
    assertTrue(problems(GOOD.replace("variables: {host: srv-01", "variables: {seq: 1, host: srv-01")).get(0).contains("seq is built in"));
  }
}
