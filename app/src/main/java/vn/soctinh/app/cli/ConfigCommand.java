package vn.soctinh.app.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import vn.soctinh.app.config.SocTinhConfig;

@Command(name = "config", mixinStandardHelpOptions = true, description = "Work with the configuration file.",
    subcommands = {ConfigCommand.Check.class})
final class ConfigCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing a subcommand (check)");
  }

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = {"Validate a configuration file: every error names the key and the line; exit code 2 if any."})
  static final class Check implements Callable<Integer> {
    @Mixin ConfigOption config;
    @Option(names = "--json", description = "print JSON") boolean json;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      Path f = config.chosen();
      SocTinhConfig c;
      try {
        c = config.loadConfigOnly();
      } catch (ExitException e) {
        if (json) {
          Map<String, Object> r = new LinkedHashMap<>();
          r.put("ok", false);
          r.put("file", f == null ? null : f.toString());
          r.put("errors", e.getMessage().lines().toList());
          Json.print(spec.commandLine().getOut(), r);
          return e.code();
        }
        throw e;
      }
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("ok", true);
      r.put("file", f == null ? null : f.toString());
      r.put("data_dir", c.dataDir().toString());
      r.put("journal_dir", c.journal().dir().toString());
      Map<String, Object> listeners = new LinkedHashMap<>();
      if (c.syslogUdp() != null) listeners.put("syslog_udp", c.syslogUdp().listen().toString());
      if (c.syslogTcp() != null) listeners.put("syslog_tcp", c.syslogTcp().listen().toString());
      if (c.syslogTls() != null) listeners.put("syslog_tls", c.syslogTls().listen().toString());
      if (c.relp() != null) listeners.put("relp", c.relp().listen().toString());
      if (c.http() != null) listeners.put("http", c.http().listen().toString());
      if (c.netflow() != null) listeners.put("netflow", c.netflow().listen().toString());
      if (c.ipfix() != null) listeners.put("ipfix", c.ipfix().listen().toString());
      r.put("listeners", listeners);
      r.put("sources", c.sources().size());
      if (json) {
        Json.print(spec.commandLine().getOut(), r);
      } else {
        spec.commandLine().getOut().println((f == null ? "built-in defaults" : f.toString()) + ": OK");
        listeners.forEach((k, v) -> spec.commandLine().getOut().println("  " + k + " " + v));
        spec.commandLine().getOut().println("  journal " + c.journal().dir() + ", sources: " + c.sources().size());
      }
      return 0;
    }
  }
}
