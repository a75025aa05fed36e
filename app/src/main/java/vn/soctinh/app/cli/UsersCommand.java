package vn.soctinh.app.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import vn.soctinh.console.auth.PasswordPolicy;
import vn.soctinh.console.auth.Role;
import vn.soctinh.console.auth.User;
import vn.soctinh.console.auth.UserStore;

/**
 * {@code soctinh users add|list}: the console's users in {@code <data_dir>/console/users.json}. The
 * running server picks changes up at the next request.
 */
@Command(name = "users", mixinStandardHelpOptions = true, description = "Add or list the console's users.",
    subcommands = {UsersCommand.Add.class, UsersCommand.ListCmd.class})
final class UsersCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing a subcommand: add or list");
  }

  static UserStore store(ConfigOption config) {
    try {
      return new UserStore(config.load().dataDir().resolve("console"), Clock.systemUTC());
    } catch (IOException e) {
      throw new ExitException(1, "soctinh users: " + e.getMessage());
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a user; the password is read from standard input (one line).")
  static final class Add implements Callable<Integer> {
    @Mixin ConfigOption config;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "2..64 of a-z 0-9 . _ -")
    String name;

    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "admin, analyst, agency_viewer or auditor")
    String role;

    @Option(names = "--org", paramLabel = "ORG", description = "organisation id (required for agency_viewer: it sees this subtree only)")
    String org;

    @Option(names = "--password-stdin", required = true, description = "read the password from standard input")
    boolean passwordStdin;

    @Option(names = "--must-change", description = "ask for a new password at the first login")
    boolean mustChange;

    @Override
    public Integer call() throws IOException {
      Role r;
      try {
        r = Role.parse(role);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--role: " + e.getMessage());
      }
      String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (line == null || line.isEmpty()) throw new ExitException(2, "soctinh users add: no password on standard input");
      int min = config.load().console() == null ? 12 : config.load().console().passwordMinLength();
      String problem = new PasswordPolicy(min).problem(name, line.toCharArray());
      if (problem != null) throw new ExitException(2, "soctinh users add: " + problem);
      UserStore users = store(config);
      User u;
      try {
        u = users.add(name, r, org, line.toCharArray(), mustChange);
      } catch (IllegalArgumentException e) {
        throw new ExitException(2, "soctinh users add: " + e.getMessage());
      }
      AuditCommand.record(config, "user_add", "user:" + u.name(), u.role().id() + (u.org() == null ? "" : " " + u.org()));
      spec.commandLine().getOut().println("added " + u.name() + " (" + u.role().id() + (u.org() == null ? "" : ", " + u.org()) + ")");
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the users (never their password hashes).")
  static final class ListCmd implements Callable<Integer> {
    @Mixin ConfigOption config;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "one JSON object per line")
    boolean json;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      for (User u : store(config).list()) {
        if (json) {
          out.println(u.publicJson().encode());
        } else {
          out.printf("%-20s %-14s %-20s %s%s%s%n", u.name(), u.role().id(), u.org() == null ? "-" : u.org(), u.totpSecret() != null ? "2fa " : "",
              u.disabled() ? "disabled " : "", u.mustChange() ? "must-change" : "");
        }
      }
      return 0;
    }
  }
}
