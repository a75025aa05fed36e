package vn.soctinh.analyzer.detect.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.soctinh.analyzer.parse.EventParser;
import vn.soctinh.analyzer.parse.ParseSettings;
import vn.soctinh.analyzer.parse.ParseStats;
import vn.soctinh.analyzer.parse.StandardParsers;

/** The rule pack in rules/sigma: every rule loads, is routed, has examples, and every example does what it says. */
class ShippedRulesTest {
  private static final Path RULES = Path.of("../rules/sigma");
  private static final Path MAPPING = Path.of("../rules/sigma-mapping.yml");

  @Test
  void everyShippedRuleLoadsAndPassesItsExamples() throws Exception {
    SigmaRules rules = SigmaRules.load(List.of(RULES), SigmaMapping.parse(Files.readString(MAPPING), MAPPING.toString()), Map.of());
    SigmaRules.LoadReport r = rules.report();
    assertTrue(r.failed().isEmpty(), r.failed().toString());
    assertTrue(r.unrouted().isEmpty(), "every shipped rule sees events: " + r.unrouted());
    assertTrue(r.loaded() >= 13, "rules: " + r.loaded());
    for (SigmaRule rule : rules.rules()) {
      assertTrue(!rule.examples().match().isEmpty() && !rule.examples().noMatch().isEmpty(), rule.file() + " needs match and no_match examples");
      assertTrue(rule.id() != null && rule.level() != null, rule.file() + " needs an id and a level");
    }
    EventParser parser = new EventParser(ParseSettings.defaults(), StandardParsers.registry(), null, new ParseStats(), Clock.systemUTC());
    SigmaExamples.Result x = SigmaExamples.run(rules, parser);
    assertEquals(List.of(), x.failures());
    assertEquals(r.loaded(), x.rules(), "every rule and correlation has examples");
  }
}
