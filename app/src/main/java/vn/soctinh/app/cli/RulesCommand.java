package vn.soctinh.app.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import vn.soctinh.analyzer.detect.sigma.SigmaException;
import vn.soctinh.analyzer.detect.sigma.SigmaExamples;
import vn.soctinh.analyzer.detect.sigma.SigmaMapping;
import vn.soctinh.analyzer.detect.sigma.SigmaRule;
import vn.soctinh.analyzer.detect.sigma.SigmaRules;
import vn.soctinh.analyzer.event.EcsJson;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.store.EventStore;

/** {@code soctinh rules check|test}: what rule authors run before a rule goes live. */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "Check Sigma rule files, and test them on events.",
    subcommands = {RulesCommand.Check.class, RulesCommand.Test.class})
final class RulesCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing a subcommand: check or test");
  }

  /** The shipped logsource and field mapping, or the one given. */
  static SigmaMapping mapping(Path file) {
    Path f = file != null ? file : defaultMapping();
    if (f == null) return SigmaMapping.empty();
    try {
      return SigmaMapping.parse(Files.readString(f, StandardCharsets.UTF_8), f.toString());
    } catch (IOException e) {
      throw new ExitException(1, "soctinh rules: cannot read " + f + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new ExitException(1, "soctinh rules: " + e.getMessage());
    }
  }

  /** The installation's rules/sigma-mapping.yml (vn.soctinh.app.config.Installation). */
  private static Path defaultMapping() {
    Path p = vn.soctinh.app.config.Installation.current().resolve("rules/sigma-mapping.yml");
    return Files.isRegularFile(p) ? p : null;
  }

  static SigmaRules load(List<Path> dirs, Path mappingFile) {
    for (Path d : dirs) if (!Files.exists(d)) throw new ExitException(1, "soctinh rules: no such file or directory: " + d);
    try {
      return SigmaRules.load(dirs, mapping(mappingFile), Map.of());
    } catch (IOException e) {
      throw new ExitException(1, "soctinh rules: " + e.getMessage());
    }
  }

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "Load every rule; print totals and each failure with file:line:column and the reason. Exit 1 if any rule failed.")
  static final class Check implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "DIR",
        description = "rule files or directories (searched for .yml/.yaml); a later one's rule replaces an earlier one's with the same id")
    List<Path> dirs;

    @Option(names = "--mapping", paramLabel = "FILE", description = "logsource and field mapping (default: rules/sigma-mapping.yml)")
    Path mapping;

    @Option(names = "--json", description = "one JSON object: files, rules, loaded, failed[], unrouted[], overridden[]")
    boolean json;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      SigmaRules.LoadReport r = load(dirs, mapping).report();
      PrintWriter out = spec.commandLine().getOut();
      int rules = r.loaded() + r.failed().size();
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("files", r.files());
        m.put("rules", rules);
        m.put("loaded", r.loaded());
        List<Map<String, Object>> failed = new ArrayList<>();
        for (SigmaException e : r.failed()) {
          Map<String, Object> f = new LinkedHashMap<>();
          f.put("file", e.file());
          f.put("line", e.line());
          f.put("column", e.column());
          f.put("error", e.getMessage());
          failed.add(f);
        }
        m.put("failed", failed);
        List<Map<String, Object>> unrouted = new ArrayList<>();
        for (SigmaRule u : r.unrouted()) {
          unrouted.add(Map.of("file", u.file(), "line", u.line(), "title", u.title(), "logsource", u.logsource().toString()));
        }
        m.put("unrouted", unrouted);
        m.put("overridden", r.overridden());
        out.println(Json.line(m));
      } else {
        for (SigmaException e : r.failed()) out.println(e);
        for (SigmaRule u : r.unrouted()) {
          out.println(u.file() + ":" + u.line() + ": warning: no logsource mapping for " + u.logsource() + "; \"" + u.title() + "\" sees no event");
        }
        for (String o : r.overridden()) out.println("replaced: " + o);
        out.printf("%d files, %d rules: %d loaded, %d failed, %d without a logsource mapping%s%n", r.files(), rules, r.loaded(),
            r.failed().size(), r.unrouted().size(), r.overridden().isEmpty() ? "" : ", " + r.overridden().size() + " replaced by a later directory");
      }
      out.flush();
      return r.failed().isEmpty() ? 0 : 1;
    }
  }

  @Command(name = "test", mixinStandardHelpOptions = true,
      description = {"Run the rules on NDJSON ECS events (e.g. the output of soctinh parse); print, per event in order, the ids of the rules it matches.",
          "Without --events: check the examples kept beside each rule (tests: match / no_match); exit 1 if one fails."})
  static final class Test implements Callable<Integer> {
    @Option(names = "--rules", arity = "1..*", required = true, paramLabel = "DIR", description = "rule files or directories")
    List<Path> dirs;

    @Option(names = "--events", paramLabel = "FILE", description = "NDJSON events, one per line (- for standard input)")
    String events;

    @Option(names = "--mapping", paramLabel = "FILE", description = "logsource and field mapping (default: rules/sigma-mapping.yml)")
    Path mapping;

    @Option(names = "--json", description = "one line per event: {\"index\":i,\"rules\":[...]}, then one line per correlation alert")
    boolean json;

    @Option(names = "--lateness", paramLabel = "SECONDS", defaultValue = "60", description = "how late an event may arrive for its correlation window (default ${DEFAULT-VALUE})")
    long lateness;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      SigmaRules rules = load(dirs, mapping);
      for (SigmaException e : rules.report().failed()) spec.commandLine().getErr().println("warning: " + e);
      PrintWriter out = spec.commandLine().getOut();
      if (events == null) return examples(rules, out);
      BufferedReader in = events.equals("-") ? new BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8))
          : Files.newBufferedReader(Path.of(events), StandardCharsets.UTF_8);
      int index = 0;
      int matched = 0;
      var engine = new vn.soctinh.analyzer.detect.sigma.SigmaEngine(rules, java.time.Duration.ofSeconds(lateness), 100_000);
      List<vn.soctinh.analyzer.detect.sigma.SigmaAlert> correlated = new ArrayList<>();
      try (in) {
        String line;
        while ((line = in.readLine()) != null) {
          if (line.isBlank()) continue;
          Event e;
          try {
            e = EcsJson.read(line, EventStore.FREE_FORM);
          } catch (RuntimeException ex) {
            throw new ExitException(1, "soctinh rules test: " + events + " line " + (index + 1) + " is not an ECS JSON event: " + ex.getMessage());
          }
          List<String> ids = new ArrayList<>();
          for (SigmaRule r : rules.matching(e)) ids.add(r.id() != null ? r.id() : r.title());
          for (var a : engine.process(e)) if (a.correlation()) correlated.add(a);
          if (!ids.isEmpty()) matched++;
          if (json) out.println(Json.line(Map.of("index", index, "rules", ids)));
          else out.println(index + "\t" + String.join(",", ids));
          index++;
        }
      }
      for (var a : correlated) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alert", a.ruleId());
        m.put("title", a.title());
        m.put("level", a.level());
        m.put("group_by", a.groupBy());
        m.put("count", a.count());
        m.put("first_seen", a.firstSeen().toString());
        m.put("last_seen", a.lastSeen().toString());
        m.put("event_ids", a.eventIds());
        if (json) out.println(Json.line(m));
        else out.println("alert " + a.ruleId() + " (" + a.level() + ") " + a.groupBy() + " count " + a.count() + " " + a.firstSeen() + ".." + a.lastSeen());
      }
      if (!json) out.printf("%d events, %d matched a rule, %d correlation alerts%n", index, matched, correlated.size());
      out.flush();
      return 0;
    }

    private int examples(SigmaRules rules, PrintWriter out) {
      var parser = new vn.soctinh.analyzer.parse.EventParser(vn.soctinh.analyzer.parse.ParseSettings.defaults(),
          vn.soctinh.analyzer.parse.StandardParsers.registry(), null, new vn.soctinh.analyzer.parse.ParseStats(), java.time.Clock.systemUTC());
      SigmaExamples.Result r = SigmaExamples.run(rules, parser);
      if (json) {
        List<Map<String, Object>> failures = new ArrayList<>();
        for (SigmaExamples.Failure f : r.failures()) {
          failures.add(Map.of("file", f.file(), "rule", f.title(), "expected", f.shouldMatch() ? "match" : "no_match",
              "index", f.index(), "example", String.valueOf(f.example())));
        }
        out.println(Json.line(Map.of("rules", r.rules(), "examples", r.examples(), "failed", failures)));
      } else {
        for (SigmaExamples.Failure f : r.failures()) out.println(f);
        out.printf("%d rules with examples, %d examples, %d failed%n", r.rules(), r.examples(), r.failures().size());
      }
      out.flush();
      return r.failures().isEmpty() ? 0 : 1;
    }
  }
}
