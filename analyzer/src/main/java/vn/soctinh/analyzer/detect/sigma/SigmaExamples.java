package vn.soctinh.analyzer.detect.sigma;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.RawRecord;
import vn.soctinh.analyzer.parse.RecordParser;

/**
 * Runs the examples kept beside each rule: every {@code match} example must make the rule fire
 * (logsource routing included), no {@code no_match} example may. Raw lines go through the real
 * parser, so an example also checks that the parser and the field mapping give the rule what it expects.
 */
public final class SigmaExamples {
  private SigmaExamples() {}

  /** One example that did not do what it says. */
  public record Failure(String file, int line, String title, boolean shouldMatch, int index, Object example) {
    @Override
    public String toString() {
      return file + ":" + line + ": \"" + title + "\": " + (shouldMatch ? "match" : "no_match") + (index >= 0 ? "[" + index + "] " : " ")
          + (shouldMatch ? "did not match" : "matched") + ": " + example;
    }
  }

  /** Totals: rules with examples, examples run, and the failures. */
  public record Result(int rules, int examples, List<Failure> failures) {}

  public static Result run(SigmaRules rules, RecordParser parser) {
    int withExamples = 0;
    int examples = 0;
    List<Failure> failures = new ArrayList<>();
    for (SigmaRule r : rules.rules()) {
      if (r.examples().isEmpty()) continue;
      withExamples++;
      for (int pass = 0; pass < 2; pass++) {
        boolean should = pass == 0;
        List<Object> list = should ? r.examples().match() : r.examples().noMatch();
        for (int i = 0; i < list.size(); i++) {
          examples++;
          Event e = event(list.get(i), parser);
          boolean fired = rules.matching(e).contains(r);
          if (fired != should) failures.add(new Failure(r.file(), r.examples().line(), r.title(), should, i, list.get(i)));
        }
      }
    }
    // a correlation's examples are two sequences: "match" must raise it, "no_match" must not
    for (SigmaRules.Resolved rc : rules.correlations()) {
      SigmaCorrelation c = rc.correlation();
      if (c.examples().isEmpty()) continue;
      withExamples++;
      for (int pass = 0; pass < 2; pass++) {
        boolean should = pass == 0;
        List<Object> seq = should ? c.examples().match() : c.examples().noMatch();
        if (seq.isEmpty()) continue;
        examples++;
        SigmaEngine engine = new SigmaEngine(rules, java.time.Duration.ofMinutes(1), 10_000);
        boolean fired = false;
        for (Object ex : expand(seq)) {
          for (SigmaAlert a : engine.process(event(ex, parser))) fired |= a.correlation() && a.ruleId().equals(c.displayId());
        }
        if (fired != should) failures.add(new Failure(c.file(), c.examples().line(), c.title(), should, -1, "the sequence of " + seq.size() + " examples"));
      }
    }
    return new Result(withExamples, examples, failures);
  }

  /** {@code {line: '... {i} ...', repeat: N}}: N lines with {i} = 0..N-1, for sequences. */
  private static List<Object> expand(List<Object> seq) {
    List<Object> out = new ArrayList<>();
    for (Object o : seq) {
      if (o instanceof Map<?, ?> m && m.containsKey("line")) {
        int n = m.get("repeat") instanceof Number num ? num.intValue() : 1;
        for (int i = 0; i < n; i++) out.add(String.valueOf(m.get("line")).replace("{i}", Integer.toString(i)));
      } else {
        out.add(o);
      }
    }
    return out;
  }

  static Event event(Object example, RecordParser parser) {
    if (example instanceof Map<?, ?> m) {
      Event e = new Event();
      m.forEach((k, v) -> e.put(String.valueOf(k), v));
      return e;
    }
    Event[] first = new Event[1];
    parser.parse(RawRecord.ofInput(String.valueOf(example).getBytes(StandardCharsets.UTF_8), Instant.parse("2026-11-23T03:00:00Z"),
        "example", "example"), e -> {
          if (first[0] == null) first[0] = e;
        });
    return first[0] == null ? new Event() : first[0];
  }
}
