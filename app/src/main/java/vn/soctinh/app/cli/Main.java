package vn.soctinh.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code soctinh}: the one command. Exit codes: 0 ok, 1 failure, 2 bad usage or bad configuration. */
@Command(name = "soctinh", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
    description = "SOC Tỉnh: security operations platform for a province (collector, journal, analyzer, console).",
    subcommands = {RunCommand.class, SendCommand.class, ParseCommand.class, SearchCommand.class, RulesCommand.class, OrgCommand.class, IncidentsCommand.class, AuditCommand.class, RetentionCommand.class, UsersCommand.class, ReportCommand.class, DrillCommand.class, JournalCommand.class, StoreCommand.class, BackupCommand.class, RestoreCommand.class, UpgradeCommand.class, ConfigCommand.class, StatusCommand.class, ClusterCommand.class, VersionCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing a command (run, send, parse, search, journal, store, retention, backup, restore, upgrade, config, status, cluster, version; --help lists all)");
  }

  public static void main(String[] args) {
    Logging.configure();
    CommandLine cl = commandLine();
    // Log lines are Vietnamese and attacker-chosen: print UTF-8 whatever the locale (CI runs as root with none).
    cl.setOut(new java.io.PrintWriter(new java.io.OutputStreamWriter(System.out, java.nio.charset.StandardCharsets.UTF_8), true));
    cl.setErr(new java.io.PrintWriter(new java.io.OutputStreamWriter(System.err, java.nio.charset.StandardCharsets.UTF_8), true));
    System.exit(cl.execute(args));
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      if (ex instanceof ExitException e) {
        cmd.getErr().println(e.getMessage());
        return e.code();
      }
      cmd.getErr().println("soctinh: " + ex.getMessage());
      if (Boolean.getBoolean("soctinh.debug")) ex.printStackTrace(cmd.getErr());
      return 1;
    });
    return cl;
  }
}
