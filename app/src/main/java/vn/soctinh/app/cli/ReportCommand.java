package vn.soctinh.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import vn.soctinh.analyzer.incident.Incident;
import vn.soctinh.analyzer.org.OrgDirectory;
import vn.soctinh.analyzer.org.OrgFile;
import vn.soctinh.app.config.SocTinhConfig;
import vn.soctinh.console.report.IncidentReports;
import vn.soctinh.console.report.ReportRenderer;

/** {@code soctinh report incident}: an incident's statutory report from the store, as the console makes it. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Make a statutory report (PDF, HTML or JSON).",
    subcommands = {ReportCommand.IncidentCmd.class})
final class ReportCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing a subcommand: incident");
  }

  @Command(name = "incident", mixinStandardHelpOptions = true,
      description = "The initial or closing report of an incident, filled from the platform's data; fields only a human can fill are marked.")
  static final class IncidentCmd implements Callable<Integer> {
    @Mixin IncidentsCommand.Location location;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "e.g. INC-2026-000123")
    String id;

    @Option(names = "--kind", defaultValue = "initial", description = "initial or closing (default: ${DEFAULT-VALUE})")
    String kind;

    @Option(names = "--format", defaultValue = "pdf", description = "pdf, html or json (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "where to write it")
    Path output;

    @Option(names = "--field", paramLabel = "ID=TEXT", description = "text for a field the data cannot fill, e.g. --field impact='…' (repeatable)")
    Map<String, String> fields = new LinkedHashMap<>();

    @Option(names = "--templates", paramLabel = "DIR", description = "a directory with adapted templates (incident.html)")
    Path templates;

    @Override
    public Integer call() {
      if (!kind.equals("initial") && !kind.equals("closing")) throw new CommandLine.ParameterException(spec.commandLine(), "--kind: initial or closing, not " + kind);
      if (!format.equals("pdf") && !format.equals("html") && !format.equals("json")) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--format: pdf, html or json, not " + format);
      }
      SocTinhConfig c = location.config.load();
      OrgDirectory orgs = orgs(c);
      IncidentReports.Rendered r = location.with((s, lead) -> {
        Incident i = s.get(id).orElseThrow(() -> new ExitException(1, "soctinh report: no incident " + id));
        try {
          return new IncidentReports(s, new ReportRenderer(templates), Clock.systemUTC()).render(i, orgs, kind, format, fields);
        } catch (IOException e) {
          throw new ExitException(1, "soctinh report: " + e.getMessage());
        }
      });
      try {
        Files.write(output, r.bytes());
      } catch (IOException e) {
        throw new ExitException(1, "soctinh report: cannot write " + output + ": " + e.getMessage());
      }
      int missing = r.report().missing().size();
      spec.commandLine().getOut().println("wrote " + output + " (" + r.report().fields().size() + " fields, " + missing + " for the agency to fill"
          + (missing == 0 ? "" : ": " + String.join(", ", r.report().missing().stream().map(f -> f.id()).toList())) + ")");
      spec.commandLine().getOut().flush();
      return 0;
    }

    private static OrgDirectory orgs(SocTinhConfig c) {
      Path f = c.organizations().fileIn(c.dataDir());
      if (!Files.isRegularFile(f)) return OrgDirectory.empty();
      try {
        OrgFile.Result r = f.toString().endsWith(".csv") ? null : OrgFile.parseYaml(Files.readString(f), f.toString());
        return r == null ? OrgDirectory.empty() : r.directory();
      } catch (IOException e) {
        throw new ExitException(1, "soctinh report: " + f + ": " + e.getMessage());
      }
    }
  }
}
