package vn.soctinh.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import vn.soctinh.app.config.SocTinhConfig;
import vn.soctinh.app.upgrade.Upgrade;
import vn.soctinh.app.upgrade.UpgradePlan;

/**
 * {@code soctinh upgrade}: each part of the data directory with its format and what this release
 * does with it; without {@code --dry-run}, does the offline part (store reindex, markers) with the
 * server stopped.
 */
@Command(name = "upgrade", mixinStandardHelpOptions = true,
    description = {"After installing a new release: list each part of the data directory (journal, store, detection state, organisations,",
        "users, audit chain...) with its format and what is to be done, then do it: rewrite store partitions of an earlier format",
        "(soctinh store reindex) and write the format markers. Stop the server first; a part written by a later release is refused",
        "and nothing is changed. Progress of the reindex goes to stderr."})
final class UpgradeCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Option(names = "--dry-run", description = "only list the parts and what would be done") boolean dryRun;
  @Option(names = "--json", description = "print JSON") boolean json;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    SocTinhConfig c = config.loadConfigOnly();
    if (!Files.isDirectory(c.dataDir())) throw new ExitException(1, "soctinh upgrade: no data directory at " + c.dataDir() + ": nothing to upgrade");
    UpgradePlan plan;
    try {
      plan = UpgradePlan.of(c);
    } catch (IOException e) {
      throw new ExitException(1, "soctinh upgrade: " + e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    List<Upgrade.Step> done = List.of();
    String refusal = null;
    if (!plan.refused().isEmpty()) {
      refusal = plan.refused().get(0).detail();
    } else if (!dryRun) {
      PrintWriter err = spec.commandLine().getErr();
      try {
        done = Upgrade.run(plan, System.console() != null ? new ReindexProgress.Bar(err) : new ReindexProgress.Lines(err));
      } catch (IOException e) {
        throw new ExitException(1, "soctinh upgrade: " + e.getMessage());
      }
    }
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("data_dir", plan.dataDir().toString());
      m.put("dry_run", dryRun);
      List<Map<String, Object>> parts = new ArrayList<>();
      for (UpgradePlan.Part p : plan.parts()) {
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("name", p.name());
        pm.put("path", p.path() == null ? null : p.path().toString());
        pm.put("format", p.format());
        pm.put("current", p.current());
        pm.put("state", p.state().name().toLowerCase(Locale.ROOT));
        pm.put("detail", p.detail());
        parts.add(pm);
      }
      m.put("parts", parts);
      m.put("done", done.stream().map(s -> Map.of("part", s.part(), "done", s.done())).toList());
      m.put("refused", refusal);
      Json.print(out, m);
    } else {
      out.println("data directory: " + plan.dataDir());
      out.printf("%-28s %6s %7s  %-8s %s%n", "part", "format", "current", "action", "detail");
      for (UpgradePlan.Part p : plan.parts()) {
        out.printf("%-28s %6s %7d  %-8s %s%n", p.name(), p.format() == null ? "-" : p.format().toString(), p.current(), action(p.state()),
            p.state() == UpgradePlan.State.NEWER ? "written by a later release" : p.detail());
      }
      if (refusal == null) {
        if (dryRun) {
          if (!plan.hasWork()) out.println("nothing to do: every part is in the format of this release");
          for (UpgradePlan.Part p : plan.parts()) {
            if (p.state() == UpgradePlan.State.REINDEX) out.println("would rewrite the store's partitions of an earlier format (soctinh store reindex): " + p.detail());
            if (p.state() == UpgradePlan.State.MARK) out.println("would write " + p.path() + " (format " + p.current() + ")");
          }
        } else if (done.isEmpty()) {
          out.println("nothing to do: every part is in the format of this release");
        } else {
          for (Upgrade.Step s : done) out.println(s.part() + ": " + s.done());
        }
      }
    }
    out.flush();
    if (refusal != null) {
      spec.commandLine().getErr().println("soctinh upgrade: " + refusal);
      return 1;
    }
    return 0;
  }

  private static String action(UpgradePlan.State s) {
    return switch (s) {
      case CURRENT -> "-";
      case MARK -> "mark";
      case REINDEX -> "reindex";
      case AT_START -> "at start";
      case NEWER -> "REFUSED";
      case COVERED -> "covered";
    };
  }
}
