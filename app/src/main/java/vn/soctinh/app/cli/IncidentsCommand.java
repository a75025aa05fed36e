package vn.soctinh.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import vn.soctinh.analyzer.incident.Incident;
import vn.soctinh.analyzer.incident.IncidentDocs;
import vn.soctinh.analyzer.incident.IncidentRules;
import vn.soctinh.analyzer.incident.IncidentService;
import vn.soctinh.analyzer.incident.Priority;
import vn.soctinh.analyzer.incident.RegulationPack;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.analyzer.store.StoreException;
import vn.soctinh.app.config.SocTinhConfig;

/** {@code soctinh incidents list|show}: incidents for scripts and for a look from the shell, read-only. */
@Command(name = "incidents", mixinStandardHelpOptions = true, description = "List incidents, or show one with its timeline and deadlines.",
    subcommands = {IncidentsCommand.ListCmd.class, IncidentsCommand.Show.class})
final class IncidentsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing a subcommand: list or show");
  }

  /** The store and the packs of the configuration. */
  static final class Location {
    @Mixin ConfigOption config;

    @Option(names = "--dir", paramLabel = "DIR", description = "store directory (default: the configuration's store)")
    Path dir;

    <T> T with(StoreFn<T> fn) {
      SocTinhConfig c = config.load();
      Map<String, RegulationPack> packs;
      try {
        packs = IncidentRules.load(c.incidents().regulationDir());
      } catch (Exception e) {
        throw new ExitException(1, "soctinh incidents: regulation packs in " + c.incidents().regulationDir() + ": " + e.getMessage());
      }
      IncidentRules rules;
      try {
        rules = new IncidentRules(packs, c.incidents().pack());
      } catch (IllegalArgumentException e) {
        throw new ExitException(1, "soctinh incidents: incidents.pack: " + e.getMessage());
      }
      Path d = dir != null ? dir : c.analyzer().storeDir();
      try (EventStore store = vn.soctinh.analyzer.store.Stores.openForReading(dir == null ? c.analyzer().elasticsearch() : null, d)) {
        IncidentService s = new IncidentService(store, rules, IncidentService.Grouping.defaults(), Clock.systemUTC());
        return fn.apply(s, Duration.ofHours(c.incidents().warnLeadHours()));
      } catch (StoreException e) {
        throw new ExitException(1, "soctinh incidents: " + e.getMessage());
      }
    }
  }

  @FunctionalInterface
  interface StoreFn<T> {
    T apply(IncidentService s, Duration warnLead) throws StoreException;
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Incidents, newest first: id, priority, state, deadlines, title.")
  static final class ListCmd implements Runnable {
    @Mixin Location location;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--query", paramLabel = "QUERY", description = "store query over incident fields, e.g. 'labels.open:true AND labels.priority:P1'")
    String query;

    @Option(names = "--limit", defaultValue = "50", description = "at most N (default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--json", description = "one JSON object per line")
    boolean json;

    @Override
    public void run() {
      PrintWriter out = spec.commandLine().getOut();
      location.with((s, lead) -> {
        List<Incident> list = s.list(query, Math.min(Math.max(limit, 1), 10_000));
        Instant now = Instant.now();
        for (Incident i : list) {
          List<IncidentRules.DeadlineStatus> ds = s.rules().deadlines(i, now, lead);
          if (json) {
            out.println(toJson(s.rules(), i, ds));
          } else {
            long overdue = ds.stream().filter(d -> d.status().equals("overdue")).count();
            long warning = ds.stream().filter(d -> d.status().equals("warning")).count();
            out.println(i.id() + "  " + Priority.label(i.priority()) + "  " + i.state() + (s.rules().serious(i) ? "  SERIOUS" : "")
                + (overdue > 0 ? "  OVERDUE" : warning > 0 ? "  due soon" : "") + "  " + i.title());
          }
        }
        if (!json) out.println(list.size() + " incident(s)");
        return null;
      });
      out.flush();
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "One incident: state, priority, seriousness, deadlines, alerts and timeline.")
  static final class Show implements Runnable {
    @Mixin Location location;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "e.g. INC-2026-000123")
    String id;

    @Option(names = "--json", description = "as one JSON object")
    boolean json;

    @Override
    public void run() {
      PrintWriter out = spec.commandLine().getOut();
      ZoneId zone = location.config.load().zone(); // times as the config's timezone reads them
      DateTimeFormatter local = LOCAL.withZone(zone);
      location.with((s, lead) -> {
        Incident i = s.get(id).orElseThrow(() -> new ExitException(1, "soctinh incidents: no incident " + id));
        List<IncidentRules.DeadlineStatus> ds = s.rules().deadlines(i, Instant.now(), lead);
        if (json) {
          out.println(toJson(s.rules(), i, ds));
          return null;
        }
        RegulationPack pack = s.rules().packOf(i);
        RegulationPack.State st = pack.state(i.state());
        out.println(i.id() + "  " + i.title());
        out.println("state:     " + i.state() + (st == null ? "" : " (" + st.vi() + ")") + "; next: " + String.join(", ", pack.allowedFrom(i.state())));
        out.println("priority:  " + Priority.label(i.priority()) + "; serious: " + s.rules().serious(i) + (i.serious() != null ? " (set by hand: " + i.seriousReason() + ")" : ""));
        out.println("pack:      " + i.pack() + "; agencies: " + i.orgs() + "; systems: " + i.systems() + " (level " + i.securityLevel() + ")");
        out.println("alerts:    " + i.alertIds().size() + " " + i.alertIds());
        for (IncidentRules.DeadlineStatus d : ds) {
          out.println("deadline:  " + d.deadline().vi() + ": " + d.status() + (d.due() == null ? "" : ", due " + local.format(d.due())));
        }
        for (Incident.TimelineEntry e : i.timeline()) out.println("  " + local.format(e.at()) + "  " + e.who() + "  " + e.detail());
        return null;
      });
      out.flush();
    }
  }

  /** The stored incident, plus what is derived from it: priority label, seriousness, deadlines, comments as safe HTML. */
  static String toJson(IncidentRules rules, Incident i, List<IncidentRules.DeadlineStatus> ds) {
    ObjectNode o;
    try {
      o = (ObjectNode) JSON.readTree(IncidentDocs.write(i));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    o.put("priority", Priority.label(i.priority()));
    o.set("serious_override", o.remove("serious"));
    o.put("serious", rules.serious(i));
    o.set("organizations", o.remove("orgs"));
    for (com.fasterxml.jackson.databind.JsonNode c : o.path("comments")) {
      ((ObjectNode) c).put("html", vn.soctinh.analyzer.incident.SafeMarkdown.toHtml(c.path("text").asText()));
    }
    ArrayNode dl = o.putArray("deadlines");
    for (IncidentRules.DeadlineStatus d : ds) {
      dl.addObject().put("id", d.deadline().id()).put("status", d.status()).put("due", d.due() == null ? null : d.due().toString())
          .put("met_at", d.metAt() == null ? null : d.metAt().toString());
    }
    return o.toString();
  }

}
