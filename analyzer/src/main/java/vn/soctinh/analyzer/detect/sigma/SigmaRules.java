package vn.soctinh.analyzer.detect.sigma;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import vn.soctinh.analyzer.event.Event;

/**
 * The loaded rule set: every {@code .yml}/{@code .yaml} file under the given directories, each rule
 * routed by its logsource. {@link #matching} gives the rules an event matches, in load order.
 */
public final class SigmaRules {
  /** A loaded rule with the logsource entries it listens to. */
  private record Routed(SigmaRule rule, List<SigmaMapping.Entry> routes) {}

  /** Totals and failures of a load, for {@code soctinh rules check}. */
  public record LoadReport(int files, int documents, int loaded, List<SigmaException> failed, List<SigmaRule> unrouted) {}

  private final List<Routed> rules;
  private final LoadReport report;

  private SigmaRules(List<Routed> rules, LoadReport report) {
    this.rules = rules;
    this.report = report;
  }

  public static SigmaRules load(List<Path> dirs, SigmaMapping mapping, Map<String, List<String>> placeholders) throws IOException {
    SigmaRuleParser parser = new SigmaRuleParser(mapping, placeholders);
    List<Routed> rules = new ArrayList<>();
    List<SigmaException> failed = new ArrayList<>();
    List<SigmaRule> unrouted = new ArrayList<>();
    int files = 0;
    int documents = 0;
    for (Path dir : dirs) {
      List<Path> paths;
      if (Files.isRegularFile(dir)) {
        paths = List.of(dir);
      } else {
        try (Stream<Path> walk = Files.walk(dir)) {
          paths = walk.filter(p -> Files.isRegularFile(p) && (p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))).sorted().toList();
        }
      }
      for (Path p : paths) {
        files++;
        String text;
        try {
          text = Files.readString(p, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
          failed.add(new SigmaException(p.toString(), 0, 0, "not UTF-8 text"));
          continue;
        }
        SigmaRuleParser.FileResult r = parser.parse(text, p.toString());
        documents += r.documents();
        failed.addAll(r.errors());
        for (SigmaRule rule : r.rules()) {
          List<SigmaMapping.Entry> routes = mapping.routes(rule.logsource());
          if (routes.isEmpty()) unrouted.add(rule);
          rules.add(new Routed(rule, routes));
        }
      }
    }
    return new SigmaRules(rules, new LoadReport(files, documents, rules.size(), failed, unrouted));
  }

  public LoadReport report() {
    return report;
  }

  public List<SigmaRule> rules() {
    return rules.stream().map(Routed::rule).toList();
  }

  /** The rules whose logsource selects the event and whose detection matches it. */
  public List<SigmaRule> matching(Event e) {
    List<SigmaRule> out = new ArrayList<>();
    for (Routed r : rules) {
      boolean routed = false;
      for (SigmaMapping.Entry en : r.routes()) {
        if (en.selects(e)) {
          routed = true;
          break;
        }
      }
      if (routed && r.rule().matches(e)) out.add(r.rule());
    }
    return out;
  }
}
