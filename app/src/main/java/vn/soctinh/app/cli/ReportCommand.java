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
    subcommands = {ReportCommand.IncidentCmd.class, ReportCommand.MonitoringCmd.class})
final class ReportCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing a subcommand: incident or monitoring");
  }

  @Command(name = "monitoring", mixinStandardHelpOptions = true,
      description = "The periodic monitoring report for the province or one agency: sources, events, alerts, top rules and attackers, incidents, deadlines.")
  static final class MonitoringCmd implements Callable<Integer> {
    @Mixin IncidentsCommand.Location location;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--period", paramLabel = "P", description = "weekly or monthly: the last full week (Monday to Monday) or month, in the config's timezone")
    String period;

    @Option(names = "--from", paramLabel = "T", description = "start, ISO-8601 (2026-11-01T00:00:00+07:00) or a date (midnight in the config's timezone)")
    String from;

    @Option(names = "--to", paramLabel = "T", description = "end (exclusive), same forms")
    String to;

    @Option(names = "--org", paramLabel = "ORG", description = "one agency and the units below it (default: the whole province)")
    String org;

    @Option(names = "--format", defaultValue = "pdf", description = "pdf, html or json (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE")
    Path output;

    @Override
    public Integer call() throws IOException {
      SocTinhConfig c = location.config.load();
      java.time.ZoneId zone = c.zone();
      java.time.Instant start;
      java.time.Instant end;
      if (period != null) {
        java.time.LocalDate today = java.time.LocalDate.now(zone);
        java.time.LocalDate s = switch (period) {
          case "weekly" -> today.with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY)).minusWeeks(1);
          case "monthly" -> today.withDayOfMonth(1).minusMonths(1);
          default -> throw new CommandLine.ParameterException(spec.commandLine(), "--period: weekly or monthly, not " + period);
        };
        start = s.atStartOfDay(zone).toInstant();
        end = (period.equals("weekly") ? s.plusWeeks(1) : s.plusMonths(1)).atStartOfDay(zone).toInstant();
      } else {
        if (from == null || to == null) throw new CommandLine.ParameterException(spec.commandLine(), "give --period, or --from and --to");
        start = time("--from", from, zone);
        end = time("--to", to, zone);
      }
      if (!start.isBefore(end)) throw new CommandLine.ParameterException(spec.commandLine(), "--from must be before --to");
      if (!format.equals("pdf") && !format.equals("html") && !format.equals("json")) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--format: pdf, html or json, not " + format);
      }
      OrgDirectory orgs = IncidentCmd.orgs(c);
      java.util.Set<String> scope = null;
      String title = "toàn tỉnh";
      if (org != null) {
        if (orgs.organization(org) == null) throw new ExitException(2, "soctinh report: --org " + org + " is not in the organisation file");
        scope = java.util.Set.copyOf(orgs.subtree(org));
        title = orgs.organization(org).name();
      }
      io.vertx.core.json.JsonArray sources = vn.soctinh.analyzer.sources.SilenceWatch.savedStatus(c.silence().settings(), c.dataDir());
      java.util.Set<String> sc = scope;
      String t = title;
      io.vertx.core.json.JsonObject m = location.with((s, lead) -> vn.soctinh.console.report.MonitoringReport.build(s.store(), s, orgs, sources, start, end,
          t, sc, java.time.Instant.now()));
      Files.write(output, new ReportRenderer(c.reports().templatesDir(), zone).monitoring(m, orgs, format, java.time.LocalDate.now(zone)));
      spec.commandLine().getOut().println("wrote " + output + ": " + m.getLong("events") + " events, " + m.getLong("alerts") + " alerts, "
          + m.getInteger("incidents_opened") + " incidents opened (" + title + ", " + start + " to " + end + ")");
      spec.commandLine().getOut().flush();
      return 0;
    }

    private java.time.Instant time(String option, String text, java.time.ZoneId zone) {
      try {
        if (text.length() == 10) return java.time.LocalDate.parse(text).atStartOfDay(zone).toInstant();
        return java.time.OffsetDateTime.parse(text).toInstant();
      } catch (java.time.format.DateTimeParseException e) {
        try {
          return java.time.Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e2) {
          throw new CommandLine.ParameterException(spec.commandLine(), option + ": a date (2026-11-01) or a time with its offset, not " + text);
        }
      }
    }
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

    @Option(names = "--format", defaultValue = "pdf", description = "pdf, html, json, or stix (a STIX 2.1 bundle for the national coordinator) (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "where to write it")
    Path output;

    @Option(names = "--field", paramLabel = "ID=TEXT", description = "text for a field the data cannot fill, e.g. --field impact='…' (repeatable)")
    Map<String, String> fields = new LinkedHashMap<>();

    @Option(names = "--templates", paramLabel = "DIR", description = "a directory with adapted templates (incident.html; default: reports.templates_dir)")
    Path templates;

    @Override
    public Integer call() {
      if (!kind.equals("initial") && !kind.equals("closing")) throw new CommandLine.ParameterException(spec.commandLine(), "--kind: initial or closing, not " + kind);
      if (!format.equals("pdf") && !format.equals("html") && !format.equals("json") && !format.equals("stix")) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--format: pdf, html, json or stix, not " + format);
      }
      SocTinhConfig c = location.config.load();
      OrgDirectory orgs = orgs(c);
      IncidentReports.Rendered r = location.with((s, lead) -> {
        Incident i = s.get(id).orElseThrow(() -> new ExitException(1, "soctinh report: no incident " + id));
        try {
          return new IncidentReports(s, new ReportRenderer(templates != null ? templates : c.reports().templatesDir(), c.zone()), Clock.systemUTC()).render(i, orgs, kind, format, fields);
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

    static OrgDirectory orgs(SocTinhConfig c) {
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
