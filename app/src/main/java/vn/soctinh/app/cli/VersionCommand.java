package vn.soctinh.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the version of SOC Tỉnh and of its runtime.")
final class VersionCommand implements Runnable {
  @Option(names = "--json", description = "print JSON") boolean json;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  static String version() {
    return vn.soctinh.collector.files.Release.version();
  }

  @Override
  public void run() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("version", version());
    v.put("java", System.getProperty("java.version"));
    v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    if (json) Json.print(spec.commandLine().getOut(), v);
    else spec.commandLine().getOut().println("soctinh " + v.get("version") + " (Java " + v.get("java") + ", " + v.get("os") + ")");
  }

  static final class Provider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"soctinh " + version()};
    }
  }
}
