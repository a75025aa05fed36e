package vn.soctinh.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;
import vn.soctinh.analyzer.detect.sigma.SigmaRule;
import vn.soctinh.analyzer.detect.sigma.SigmaRules;
import vn.soctinh.analyzer.drill.DrillBook;
import vn.soctinh.analyzer.drill.DrillFacts;
import vn.soctinh.analyzer.drill.DrillInjector;
import vn.soctinh.analyzer.drill.DrillLines;
import vn.soctinh.analyzer.drill.DrillPlan;
import vn.soctinh.analyzer.drill.DrillScenario;
import vn.soctinh.analyzer.drill.DrillScenarioParser;
import vn.soctinh.analyzer.drill.DrillScore;
import vn.soctinh.analyzer.drill.DrillView;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.EventParser;
import vn.soctinh.analyzer.parse.ParseStats;
import vn.soctinh.analyzer.parse.RawRecord;
import vn.soctinh.analyzer.parse.StandardParsers;
import vn.soctinh.app.config.SocTinhConfig;
import vn.soctinh.collector.syslog.SyslogSender;

/** {@code soctinh drill validate|run|report|list}: incident-response drills from the command line. */
@Command(name = "drill", mixinStandardHelpOptions = true, description = "Incident-response drills: check a scenario, run it against SOC Tỉnh, report.",
    subcommands = {DrillCommand.Validate.class, DrillCommand.Run.class, DrillCommand.Report.class, DrillCommand.ListCmd.class})
final class DrillCommand implements Runnable {
  /** The id of the threat-intelligence alert (not a Sigma rule file). */
  static final String IOC_RULE = "soctinh-ioc";
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing a subcommand: validate, run, report or list");
  }

  static DrillScenario read(Path file) {
    try {
      return DrillScenarioParser.read(file);
    } catch (IOException e) {
      throw new ExitException(1, "soctinh drill: cannot read " + file + ": " + e.getMessage());
    } catch (DrillScenarioParser.ScenarioException e) {
      throw new ExitException(1, String.join("\n", e.problems()));
    }
  }

  @Command(name = "validate", mixinStandardHelpOptions = true,
      description = {"Check drill scenario files; exit 1 if any has a problem.",
          "Checks the structure, variables and ATT&CK ids, that every expected rule exists, and that a parser understands every line as",
          "the injector sends it. Problems are printed as file:line:column."})
  static final class Validate implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "scenario files (.yml)") List<Path> files;
    @Option(names = "--rules", paramLabel = "DIR", description = "rule directories (default: detection.rules of the configuration)") List<Path> rules;
    @Mixin ConfigOption config;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      SocTinhConfig c = config.load();
      Set<String> known = new HashSet<>(List.of(IOC_RULE));
      // null: no rule directory to check against
      List<Path> dirs = rules != null ? rules : c.detection().ruleDirs();
      PrintWriter out = spec.commandLine().getOut();
      List<Path> missing = dirs.stream().filter(d -> !Files.exists(d)).toList();
      if (rules == null && !missing.isEmpty()) {
        // the configuration's default (rules/sigma) is relative to the working directory: check what can be checked
        spec.commandLine().getErr().println("soctinh drill validate: no rule directory " + missing + "; expected rules are not checked (give --rules DIR)");
        known = null;
      } else {
        SigmaRules loaded = RulesCommand.load(dirs, c.detection().mapping());
        for (SigmaRule r : loaded.rules()) known.add(r.id());
        for (SigmaRules.Resolved rc : loaded.correlations()) known.add(rc.correlation().displayId());
      }
      EventParser parser = new EventParser(c.parsing(), StandardParsers.registry(), null, new ParseStats(), Clock.systemUTC());
      int bad = 0;
      for (Path f : files) {
        List<String> problems = new ArrayList<>();
        DrillScenario sc;
        try {
          sc = DrillScenarioParser.read(f);
        } catch (IOException e) {
          problems.add(f + ":0:0: cannot read: " + e.getMessage());
          sc = null;
        } catch (DrillScenarioParser.ScenarioException e) {
          problems.addAll(e.problems());
          sc = null;
        }
        if (sc != null) problems.addAll(check(sc, known, parser, c.zone()));
        if (problems.isEmpty()) {
          int lines = sc.steps().stream().mapToInt(DrillScenario.Step::messages).sum();
          out.println(f + ": ok: " + sc.id() + ", " + sc.steps().size() + " steps, " + lines + " lines, " + sc.length().toSeconds() + " s at speed 1");
        } else {
          bad++;
          problems.forEach(out::println);
        }
      }
      out.flush();
      spec.commandLine().getErr().flush();
      return bad == 0 ? 0 : 1;
    }

    /** Rule ids that exist, and lines a parser understands (an unparsed line could never be detected). */
    static List<String> check(DrillScenario sc, Set<String> knownRules, EventParser parser, java.time.ZoneId zone) {
      List<String> problems = new ArrayList<>();
      Instant now = Instant.now();
      for (DrillScenario.Step s : sc.steps()) {
        for (String rule : s.expectRules()) {
          if (knownRules != null && !knownRules.contains(rule)) problems.add(sc.file() + ":" + s.line() + ":1: step " + s.id() + ": no rule " + rule + " in the rule directories");
        }
        for (String line : s.lines()) {
          String msg = DrillLines.message(sc, s, line, sc.variables(), 0, now, "DR-VALIDATE", zone);
          Event[] first = new Event[1];
          parser.parse(RawRecord.ofInput(msg.getBytes(StandardCharsets.UTF_8), now, "drill", null), e -> {
            if (first[0] == null) first[0] = e;
          });
          if (first[0] == null || first[0].hasTag(EventParser.UNPARSED)) {
            problems.add(sc.file() + ":" + s.line() + ":1: step " + s.id() + ": no parser understands this line ("
                + (first[0] == null ? "no event" : first[0].getString("error.message")) + "): " + line);
          }
        }
      }
      return problems;
    }
  }

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = {"Run a drill: send a scenario's lines to SOC Tỉnh and print, per step, whether and how fast it was detected.",
          "The lines go to the listener marked as a drill, at the scenario's pace (÷ --speed); the results are read from the store of the",
          "configuration once the pipeline has seen them (--wait).",
          "The listener only honours the drill mark from drills.injectors (loopback by default).",
          "Exit code 0 when every step that should be detected was, 1 otherwise, 2 for bad arguments."})
  static final class Run implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "scenario file") Path file;
    @Option(names = "--target", required = true, paramLabel = "HOST:PORT", description = "the syslog listener") String target;
    @Option(names = {"-t", "--transport"}, defaultValue = "tcp", description = "tcp, tls or relp (default: ${DEFAULT-VALUE})") String transport;
    @Option(names = "--insecure", description = "TLS: do not verify the SOC's certificate") boolean insecure;
    @Option(names = "--ca", paramLabel = "PEM", description = "TLS: CA certificate(s) to verify the SOC with") Path ca;
    @Option(names = "--speed", defaultValue = "1", description = "play the scenario this many times faster (default: ${DEFAULT-VALUE})") double speed;
    @Option(names = "--id", description = "drill id (default: a new DR-yyyyMMdd-HHmmss-xxxx)") String id;
    @Option(names = "--var", paramLabel = "NAME=VALUE", description = "override a scenario variable (repeatable)") Map<String, String> vars;
    @Option(names = "--wait", defaultValue = "60", paramLabel = "SECS",
        description = "how long to wait for detection after the last line (default: ${DEFAULT-VALUE}; 0: do not score)") int waitSecs;
    @Option(names = "--dir", paramLabel = "DIR", description = "store directory to score from (default: the configuration's store)") Path dir;
    @Option(names = "--json", description = "print the result as JSON") boolean json;
    @Mixin ConfigOption config;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      DrillScenario sc = read(file);
      int colon = target.lastIndexOf(':');
      int port;
      try {
        port = Integer.parseInt(target.substring(colon + 1));
      } catch (RuntimeException e) {
        throw new ExitException(2, "soctinh drill run: --target is HOST:PORT, not " + target);
      }
      String host = target.substring(0, Math.max(0, colon)).replace("[", "").replace("]", "");
      if (colon <= 0 || port < 1 || port > 65535) throw new ExitException(2, "soctinh drill run: --target is HOST:PORT, not " + target);
      if (!(speed > 0 && speed <= 1000)) throw new ExitException(2, "soctinh drill run: --speed must be in (0, 1000]");
      if (waitSecs < 0) throw new ExitException(2, "soctinh drill run: --wait must be ≥ 0");
      SyslogSender.Transport t = switch (transport.toLowerCase(java.util.Locale.ROOT)) {
        case "tcp" -> SyslogSender.Transport.TCP;
        case "tls" -> SyslogSender.Transport.TLS;
        case "relp" -> SyslogSender.Transport.RELP;
        default -> throw new ExitException(2, "soctinh drill run: --transport must be tcp, tls or relp, not '" + transport + "'");
      };
      Map<String, String> values;
      try {
        values = DrillInjector.variables(sc, vars == null ? Map.of() : vars);
      } catch (IllegalArgumentException e) {
        throw new ExitException(2, "soctinh drill run: --var: " + e.getMessage());
      }
      java.time.ZoneId zone = config.loadConfigOnly().zone(); // the lines' local times, as the server's parser reads them
      String drillId = id != null ? id : DrillPlan.newId(Clock.systemUTC(), zone);
      if (!drillId.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) throw new ExitException(2, "soctinh drill run: --id: letters, digits, . _ - only");
      SyslogSender.Options o = SyslogSender.Options.of(t, host, port).withFraming(SyslogSender.Framing.OCTET_COUNTING).withTrustAll(insecure);
      if (ca != null) o = o.withCaPem(ca);
      PrintWriter out = spec.commandLine().getOut();
      if (!json) out.println("drill " + drillId + ": " + sc.id() + " → " + target + " (" + transport + ", speed " + speed + ")");
      out.flush();
      DrillInjector.Result r;
      try {
        r = DrillInjector.run(sc, drillId, values, o, speed, zone, s -> {
          if (!json) {
            out.println("  sent " + s.step() + " (" + s.lines() + " lines)");
            out.flush();
          }
        });
      } catch (java.io.IOException e) {
        throw new ExitException(1, "soctinh drill run: sending failed: cannot connect to " + target + ": " + e.getMessage());
      }
      if (!r.ok()) throw new ExitException(1, "soctinh drill run: sending failed after " + r.sent() + " lines: " + r.error());
      if (waitSecs == 0) {
        if (json) out.println(Json.line(Map.of("drill_id", drillId, "scenario", sc.id(), "sent", r.sent())));
        out.flush();
        return 0;
      }
      DrillScore score = null;
      long deadline = System.nanoTime() + waitSecs * 1_000_000_000L;
      IncidentsCommand.Location location = store(config, dir);
      while (true) {
        // each read opens the store anew: the read-only store sees the server's commits from the time it opens
        DrillFacts facts = location.with((s, lead) -> DrillFacts.read(s.store(), drillId));
        score = facts.score(sc, List.of(), Instant.now());
        boolean allSent = facts.injected().size() >= (int) sc.steps().stream().filter(st -> st.messages() > 0).count();
        if ((allSent && score.allDetected()) || System.nanoTime() > deadline) break;
        Thread.sleep(1000);
      }
      if (json) out.println(Json.line(score.toMap()));
      else print(out, score);
      out.flush();
      return score.allDetected() ? 0 : 1;
    }

    static void print(PrintWriter out, DrillScore s) {
      out.printf("%-22s %-11s %-12s %10s  %s%n", "step", "technique", "status", "detect", "rule / incident");
      for (DrillScore.Row r : s.rows()) {
        out.printf("%-22s %-11s %-12s %10s  %s%n", r.step().id(), r.step().technique(), r.status().name().toLowerCase(java.util.Locale.ROOT),
            r.toDetect() == null ? "-" : String.format(java.util.Locale.ROOT, "%.2f s", r.toDetect().toMillis() / 1000.0),
            String.join(", ", r.ruleNames().isEmpty() ? r.rules() : r.ruleNames()) + (r.incidentId() == null ? "" : " → " + r.incidentId()));
      }
      out.printf("blue team %.0f/%.0f (%.1f %%), red team %.0f/%.0f%n", s.blue().points(), s.blue().max(), s.blue().percent(), s.red().points(),
          s.red().max());
    }
  }

  /** The store of the configuration (or --dir), opened read-only on each use. */
  static IncidentsCommand.Location store(ConfigOption config, Path dir) {
    IncidentsCommand.Location location = new IncidentsCommand.Location();
    location.config = config;
    location.dir = dir;
    return location;
  }

  /** The drill's plan (if the console made one), scenario and score, from the configuration's data directory and store. */
  static DrillView view(ConfigOption config, Path dir, Path scenarios, String id) {
    SocTinhConfig c = config.load();
    DrillPlan plan;
    try {
      plan = DrillBook.open(c.dataDir()).get(id).orElse(null);
    } catch (IOException e) {
      throw new ExitException(1, "soctinh drill: drill plans in " + c.dataDir() + ": " + e.getMessage());
    }
    IncidentsCommand.Location location = store(config, dir);
    DrillFacts facts = location.with((s, lead) -> DrillFacts.read(s.store(), id));
    String scenarioId = plan != null ? plan.scenarioId() : facts.scenarioId();
    if (scenarioId == null) throw new ExitException(1, "soctinh drill: no drill " + id + " (no plan, and no event of it in the store)");
    DrillScenarioParser.Loaded all;
    Path sdir = scenarios != null ? scenarios : c.drills().scenariosDir();
    try {
      all = DrillScenarioParser.readAll(sdir);
    } catch (IOException e) {
      throw new ExitException(1, "soctinh drill: cannot read " + sdir + ": " + e.getMessage());
    }
    // another scenario's mistakes do not stop this drill's report
    DrillScenario sc = all.scenarios().get(scenarioId);
    if (sc == null) {
      throw new ExitException(1, "soctinh drill: the scenario " + scenarioId + " of drill " + id + " is not in " + sdir
          + (all.problems().isEmpty() ? "" : ":\n" + String.join("\n", all.problems())));
    }
    Map<String, String> vars = DrillInjector.variables(sc, plan == null ? Map.of() : plan.variables());
    return new DrillView(plan, sc, vars, facts.score(sc, plan == null ? List.of() : plan.referee(), Instant.now()));
  }

  @Command(name = "report", mixinStandardHelpOptions = true,
      description = "A drill's report: blue team, red team or the organising committee's summary with the scores (PDF in Vietnamese, HTML or JSON).")
  static final class Report implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "drill id (DR-...)") String id;
    @Option(names = "--kind", defaultValue = "committee", description = "blue, red or committee (default: ${DEFAULT-VALUE})") String kind;
    @Option(names = "--format", defaultValue = "pdf", description = "pdf, html or json (default: ${DEFAULT-VALUE})") String format;
    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "where to write it") Path output;
    @Option(names = "--scenarios", paramLabel = "DIR", description = "scenario directory (default: drills.scenarios_dir)") Path scenarios;
    @Option(names = "--templates", paramLabel = "DIR", description = "a directory with an adapted drill.html (default: reports.templates_dir)") Path templates;
    @Option(names = "--province", description = "the heading's province name (default: the top of the organisation file)") String province;
    @Option(names = "--dir", paramLabel = "DIR", description = "store directory (default: the configuration's store)") Path dir;
    @Mixin ConfigOption config;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (!vn.soctinh.console.report.DrillReports.KINDS.contains(kind)) throw new ExitException(2, "soctinh drill report: --kind must be blue, red or committee");
      if (!List.of("pdf", "html", "json").contains(format)) throw new ExitException(2, "soctinh drill report: --format must be pdf, html or json");
      DrillView v = view(config, dir, scenarios, id);
      String p = province != null ? province : vn.soctinh.console.report.ReportRenderer.province(ReportCommand.IncidentCmd.orgs(config.load()));
      SocTinhConfig c = config.load();
      byte[] bytes = new vn.soctinh.console.report.DrillReports(new vn.soctinh.console.report.ReportRenderer(templates != null ? templates : c.reports().templatesDir(),
          c.zone())).render(v, kind, format, p, LocalDate.now(c.zone()));
      Files.write(output, bytes);
      spec.commandLine().getOut().println(output + ": " + kind + " report of drill " + id + " (" + bytes.length + " bytes)");
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the drills: the console's plans and the drills found in the store, with their status.")
  static final class ListCmd implements Callable<Integer> {
    @Option(names = "--dir", paramLabel = "DIR", description = "store directory (default: the configuration's store)") Path dir;
    @Option(names = "--json", description = "one JSON object per drill") boolean json;
    @Mixin ConfigOption config;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      SocTinhConfig c = config.load();
      Map<String, String> status = new LinkedHashMap<>();
      for (DrillPlan p : DrillBook.open(c.dataDir()).all()) status.put(p.id(), p.status());
      IncidentsCommand.Location location = store(config, dir);
      for (String id : location.with((s, lead) -> DrillFacts.seen(s.store()))) status.putIfAbsent(id, "injected (no plan)");
      PrintWriter out = spec.commandLine().getOut();
      for (var e : status.entrySet()) {
        if (json) out.println(Json.line(Map.of("id", e.getKey(), "status", e.getValue())));
        else out.println(e.getKey() + "  " + e.getValue());
      }
      if (!json) out.println(status.size() + " drills");
      out.flush();
      return 0;
    }
  }
}
