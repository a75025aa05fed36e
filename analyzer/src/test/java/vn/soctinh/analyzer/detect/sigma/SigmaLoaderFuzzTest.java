package vn.soctinh.analyzer.detect.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.Map;
import vn.soctinh.analyzer.event.Event;

/**
 * Any text as a rule file, and any condition over a fixed detection: the loader never throws, each
 * document is either a rule or an error with a position, and a loaded rule evaluates on an event
 * without throwing. Plain {@code mvn test} replays the seeds in {@code SigmaLoaderFuzzTestInputs/};
 * {@code JAZZER_FUZZ=1} fuzzes.
 */
class SigmaLoaderFuzzTest {
  private static final SigmaRuleParser PARSER = new SigmaRuleParser(SigmaMapping.empty(), Map.of("p", List.of("x")));
  private static final Event EVENT = new Event().put("message", "Failed password for root").put("user.name", "root")
      .put("source.ip", "10.0.0.1").put("destination.port", 22L).put("tags", List.of("a", "b"));

  @FuzzTest(maxDuration = "60s")
  void anyRuleFileLoadsOrFailsWithAPosition(FuzzedDataProvider data) {
    String yaml = data.consumeRemainingAsString();
    SigmaRuleParser.FileResult r = PARSER.parse(yaml, "fuzz.yml");
    assertNotNull(r);
    assertTrue(r.rules().size() + r.correlations().size() + r.errors().size() >= Math.min(1, r.documents()) || r.documents() == 0,
        "every document is accounted for");
    for (SigmaException e : r.errors()) {
      assertEquals("fuzz.yml", e.file());
      assertTrue(e.line() >= 0 && e.column() >= 0);
      assertNotNull(e.getMessage());
    }
    for (SigmaRule rule : r.rules()) rule.matches(EVENT);
  }

  @FuzzTest(maxDuration = "60s")
  void anyConditionParsesOrFailsCleanly(FuzzedDataProvider data) {
    String condition = data.consumeRemainingAsString().replace("\n", " ").replace("'", "''");
    String yaml = "title: t\nlogsource: {product: linux}\ndetection:\n  sel_a: {user.name: root}\n  sel_b: {source.ip|cidr: 10.0.0.0/8}\n"
        + "  _f: {destination.port|gt: 1000}\n  kw: ['Failed']\n  condition: '" + condition + "'\n";
    SigmaRuleParser.FileResult r = PARSER.parse(yaml, "cond.yml");
    assertEquals(1, r.rules().size() + r.errors().size(), r.toString());
    for (SigmaRule rule : r.rules()) rule.matches(EVENT);
  }
}
