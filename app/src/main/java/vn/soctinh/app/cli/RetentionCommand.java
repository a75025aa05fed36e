package vn.soctinh.app.cli;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;
import vn.soctinh.analyzer.audit.AuditLog;
import vn.soctinh.analyzer.org.OrgDirectory;
import vn.soctinh.analyzer.org.OrgFile;
import vn.soctinh.analyzer.retention.DiskWatermark;
import vn.soctinh.analyzer.retention.LegalHolds;
import vn.soctinh.analyzer.retention.RetentionPlan;
import vn.soctinh.analyzer.retention.RetentionPlanner;
import vn.soctinh.analyzer.retention.RetentionPolicy;
import vn.soctinh.analyzer.retention.RetentionRun;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.analyzer.store.StoreException;
import vn.soctinh.analyzer.store.StoreInUseException;
import vn.soctinh.app.config.ConfigException;
import vn.soctinh.app.config.SocTinhConfig;

/**
 * {@code soctinh retention plan|run}: the same computation as the server's daily pass. The plan only
 * reads (safe while the server runs); a run writes the embedded store, so it needs the server
 * stopped (the running server does its own pass, and an admin can start one from the console).
 */
@Command(name = "retention", mixinStandardHelpOptions = true, description = "Deletion by age: what would go (plan) and a pass now (run).",
    subcommands = {RetentionCommand.Plan.class, RetentionCommand.Run.class})
final class RetentionCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing a subcommand: plan or run");
  }

  /** Configuration, policy, organisations: what both subcommands plan with. */
  static final class Setup {
    @Mixin ConfigOption config;

    SocTinhConfig load() {
      return config.load();
    }

    RetentionPlanner planner(SocTinhConfig c, EventStore store, String cmd) {
      RetentionPolicy policy;
      try {
        policy = vn.soctinh.app.config.RetentionPolicies.of(c);
      } catch (ConfigException e) {
        throw new ExitException(2, e.getMessage());
      } catch (IOException e) {
        throw new ExitException(1, "soctinh retention " + cmd + ": " + e.getMessage());
      }
      OrgDirectory orgs = orgs(c, cmd);
      return new RetentionPlanner(store, policy, () -> orgs, c.journal().dir(), c.journal().keepConsumedSecs(), DiskWatermark.Usage.of(c.dataDir()));
    }

    private static OrgDirectory orgs(SocTinhConfig c, String cmd) {
      Path f = c.organizations().fileIn(c.dataDir());
      if (!Files.isRegularFile(f)) return OrgDirectory.empty(); // every agency then keeps retention.default_days
      try {
        OrgFile.Result r = OrgFile.parseYaml(Files.readString(f, StandardCharsets.UTF_8), f.toString());
        if (!r.ok()) throw new ExitException(1, "soctinh retention " + cmd + ": " + OrgCommand.problems(r));
        return r.directory();
      } catch (IOException e) {
        throw new ExitException(1, "soctinh retention " + cmd + ": " + f + ": " + e.getMessage());
      }
    }
  }

  @Command(name = "plan", mixinStandardHelpOptions = true,
      description = {"What a pass would delete now, per agency and kind: days, cut-off, documents, held by incidents; the journal's and the disk's use.",
          "Only reads: safe while the server runs (it sees the store's last commit)."})
  static final class Plan implements Callable<Integer> {
    @Mixin Setup setup;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Option(names = "--json", description = "one JSON object") boolean json;
    @Option(names = "--all", description = "also the agencies with nothing to delete") boolean all;

    @Override
    public Integer call() {
      SocTinhConfig c = setup.load();
      try (EventStore store = openForReading(c)) {
        RetentionPlan p = setup.planner(c, store, "plan").plan(Instant.now(), true);
        print(spec.commandLine().getOut(), p, json, all, c.zone());
      } catch (StoreException e) {
        throw new ExitException(1, "soctinh retention plan: " + e.getMessage());
      }
      return 0;
    }
  }

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = {"Delete now what is past each agency's retention (incidents' alerts and events are kept); one audit entry per deletion.",
          "Needs the server stopped (with the embedded store): the running server does this itself daily at retention.run_at,",
          "and an admin can start a pass from the console (Users page) or POST /api/v1/retention/run."})
  static final class Run implements Callable<Integer> {
    @Mixin Setup setup;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Option(names = "--dry-run", description = "only show what would go (as plan)") boolean dryRun;
    @Option(names = "--json", description = "one JSON object") boolean json;

    @Override
    public Integer call() throws IOException {
      SocTinhConfig c = setup.load();
      PrintWriter out = spec.commandLine().getOut();
      if (dryRun) {
        try (EventStore store = openForReading(c)) {
          print(out, setup.planner(c, store, "run").plan(Instant.now(), true), json, false, c.zone());
        } catch (StoreException e) {
          throw new ExitException(1, "soctinh retention run: " + e.getMessage());
        }
        return 0;
      }
      String who = "cli:" + System.getProperty("user.name");
      try (EventStore store = openForWriting(c)) {
        RetentionPlanner planner = setup.planner(c, store, "run");
        RetentionPlan plan = planner.plan(Instant.now(), false);
        RetentionRun run = new RetentionRun(store, new AuditLog(c.dataDir().resolve("audit"), Clock.systemUTC()), kind -> {
          try {
            store.flush(kind);
          } catch (StoreException e) {
            throw new ExitException(1, "soctinh retention run: deleted, but committing failed (the next run deletes again): " + e.getMessage());
          }
        });
        RetentionRun.Result r = run.apply(plan, who);
        if (json) {
          io.vertx.core.json.JsonArray rows = new io.vertx.core.json.JsonArray();
          for (RetentionRun.Deleted d : r.deleted()) {
            rows.add(new JsonObject().put("agency", d.row().agency()).put("kind", d.row().kind().label()).put("days", d.row().days())
                .put("cutoff", d.row().cutoff().toString()).put("deleted", d.deleted()));
          }
          out.println(new JsonObject().put("at", r.at().toString()).put("who", who).put("deleted", r.total()).put("rows", rows)
              .put("failure", r.failure()).encodePrettily());
        } else {
          DateTimeFormatter local = LOCAL.withZone(c.zone());
          for (RetentionRun.Deleted d : r.deleted()) {
            if (d.deleted() == 0) continue;
            out.printf("deleted %d %s of %s older than %s (%d days)%n", d.deleted(), d.row().kind().label(), d.row().agencyLabel(),
                local.format(d.row().cutoff()), d.row().days());
          }
          LegalHolds h = plan.holds();
          out.printf("%d documents deleted; kept for %d incidents: %d alerts, %d events; audited as %s (soctinh audit verify)%n", r.total(),
              h.incidents().size(), h.alertIds().size(), h.eventIds().size(), who);
          if (r.failure() != null) out.println("STOPPED: " + r.failure());
        }
        out.flush();
        return r.failure() == null ? 0 : 1;
      } catch (StoreInUseException e) {
        throw new ExitException(1, "soctinh retention run: the server is running and holds the store (" + e.getMessage() + ").\n"
            + "It deletes by age itself every day at retention.run_at (" + c.retention().runAt() + ", " + c.timezone() + "). To run a pass now while it runs,"
            + " use the console as an admin (Users page, Retention) or POST /api/v1/retention/run with {\"confirm\": true};"
            + " or stop the server and run this again. `soctinh retention plan` shows what would go.");
      } catch (StoreException e) {
        throw new ExitException(1, "soctinh retention run: " + e.getMessage());
      }
    }
  }

  static EventStore openForReading(SocTinhConfig c) throws StoreException {
    return vn.soctinh.analyzer.store.Stores.openForReading(c.analyzer().elasticsearch(), c.analyzer().storeDir());
  }

  /** Elasticsearch takes writes beside the server; the embedded store refuses a second writer (StoreInUseException). */
  static EventStore openForWriting(SocTinhConfig c) throws StoreException {
    return vn.soctinh.analyzer.store.Stores.openForWriting(c.analyzer().elasticsearch(), c.analyzer().storeDir());
  }

  /** The plan as text; times in {@code zone} (the config's {@code timezone}). */
  static void print(PrintWriter out, RetentionPlan p, boolean json, boolean all, ZoneId zone) {
    if (json) {
      out.println(p.toJson().encodePrettily());
      out.flush();
      return;
    }
    DateTimeFormatter local = LOCAL.withZone(zone);
    StringBuilder levels = new StringBuilder();
    p.levelDays().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
        .forEach(e -> levels.append(levels.length() == 0 ? "" : ", ").append(e.getKey()).append(": ").append(e.getValue()));
    out.printf("retention plan at %s (pack %s; days by security level %s; incidents hold %d days after closing)%n", local.format(p.at()),
        p.pack() == null ? "none" : p.pack(), levels, p.incidentHoldDays());
    out.printf("%-24s %5s  %-10s %6s  %-16s %10s %8s  %s%n", "agency", "level", "kind", "days", "older than", "delete",
        "held", "basis");
    int quiet = 0;
    long total = 0;
    for (RetentionPlan.Row r : p.rows()) {
      total += Math.max(0, r.count());
      if (!all && r.count() == 0 && r.held() <= 0) {
        quiet++;
        continue;
      }
      out.printf("%-24s %5s  %-10s %6d  %-16s %10d %8d  %s%n", r.agencyLabel(), r.level() == 0 ? "-" : Integer.toString(r.level()), r.kind().label(),
          r.days(), local.format(r.cutoff()), r.count(), r.held(), r.basis());
    }
    if (quiet > 0) out.printf("(%d agency/kind rows with nothing to delete not shown: --all)%n", quiet);
    LegalHolds h = p.holds();
    out.printf("held by %d incidents: %d alerts, %d events%s%n", h.incidents().size(), h.alertIds().size(), h.eventIds().size(),
        h.incidents().isEmpty() ? "" : " (" + String.join(", ", h.incidents().stream().limit(20)
            .map(i -> i.incident() + (i.open() ? " open" : " closed, held until " + (i.until() == null ? "?" : local.format(i.until())))).toList())
            + (h.incidents().size() > 20 ? ", ..." : "") + ")");
    if (p.journal() != null) {
      RetentionPlan.JournalView j = p.journal();
      out.printf("journal: %s in %d segments; %s consumed (the journal deletes it %d s after the last consumer passed it), %s not yet consumed (never deleted)%n",
          mib(j.bytes()), j.segments(), mib(j.consumedBytes()), j.keepConsumedSecs(), mib(j.unconsumedBytes()));
    }
    if (p.disk() != null) {
      out.printf("disk: %s %d%% used, %s free of %s%n", p.disk().path(), Math.round(p.disk().usedRatio() * 100), mib(p.disk().usableBytes()),
          mib(p.disk().totalBytes()));
    }
    for (String n : p.notes()) out.println("note: " + n);
    out.printf("%d documents to delete%n", total);
    out.flush();
  }

  private static String mib(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
  }
}
