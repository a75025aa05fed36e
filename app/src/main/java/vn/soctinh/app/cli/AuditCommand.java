package vn.soctinh.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import vn.soctinh.analyzer.audit.AuditLog;

/** {@code soctinh audit verify|list}: the hash-chained audit trail in {@code <data_dir>/audit}. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Verify the audit trail's hash chain, or list its last entries.",
    subcommands = {AuditCommand.Verify.class, AuditCommand.ListCmd.class})
final class AuditCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing a subcommand: verify or list");
  }

  static final class Location {
    @Mixin ConfigOption config;

    @Option(names = "--dir", paramLabel = "DIR", description = "audit directory (default: <data_dir>/audit)")
    Path dir;

    AuditLog log() {
      return new AuditLog(dir != null ? dir : config.load().dataDir().resolve("audit"), Clock.systemUTC());
    }
  }

  /** Appends an entry for a CLI action; the operator's login is who. */
  static void record(ConfigOption config, String action, String target, String detail) {
    try {
      new AuditLog(config.load().dataDir().resolve("audit"), Clock.systemUTC()).append("cli:" + System.getProperty("user.name"), action, target, detail);
    } catch (IOException e) {
      throw new ExitException(1, "soctinh: done, but the audit trail could not be written: " + e.getMessage());
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true, description = "Walk the chain; exit 1 and name the first broken link if any entry was changed, removed or reordered.")
  static final class Verify implements Callable<Integer> {
    @Mixin Location location;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "one JSON object")
    boolean json;

    @Override
    public Integer call() throws IOException {
      AuditLog.Verification v = location.log().verify();
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        var o = new ObjectMapper().createObjectNode().put("ok", v.ok()).put("entries", v.entries()).put("head", v.headHash()).put("problem", v.problem());
        if (v.brokenAtLine() != null) o.put("broken_at_line", v.brokenAtLine());
        out.println(o);
      } else if (v.ok()) {
        out.println("audit trail intact: " + v.entries() + " entries, head " + v.headHash());
      } else {
        out.println("audit trail BROKEN: " + v.problem() + " (" + v.entries() + " entries before it are intact)");
      }
      out.flush();
      return v.ok() ? 0 : 1;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "The last entries, oldest first.")
  static final class ListCmd implements Callable<Integer> {
    @Mixin Location location;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--limit", defaultValue = "50", description = "at most N (default ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      for (AuditLog.Entry e : location.log().tail(limit)) out.println(e.seq() + "  " + e.at() + "  " + e.who() + "  " + e.action() + "  " + e.target() + "  " + e.detail());
      out.flush();
      return 0;
    }
  }
}
