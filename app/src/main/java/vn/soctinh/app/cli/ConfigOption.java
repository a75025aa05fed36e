package vn.soctinh.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import vn.soctinh.app.config.ConfigException;
import vn.soctinh.app.config.ConfigLoader;
import vn.soctinh.app.config.SocTinhConfig;
import vn.soctinh.app.upgrade.DataDirFormat;

/**
 * {@code --config PATH}: the YAML file; without it ./soctinh.yml if present, else the file named by
 * {@code SOCTINH_CONFIG} (the installed launcher sets /etc/soctinh/soctinh.yml, so that
 * {@code soctinh search} on a server reads the service's configuration), else the embedded defaults.
 */
final class ConfigOption {
  static final Path DEFAULT_FILE = Path.of("soctinh.yml");
  /** The environment variable naming the configuration used when there is no --config and no ./soctinh.yml. */
  static final String ENV = "SOCTINH_CONFIG";

  @Option(names = {"-c", "--config"}, paramLabel = "PATH",
      description = "configuration file (default: ./soctinh.yml if it exists, else $" + ENV
          + " (the installed soctinh sets /etc/soctinh/soctinh.yml), else built-in defaults)")
  Path file;

  /** The chosen file, or null for the defaults. */
  Path chosen() {
    return chosen(file, DEFAULT_FILE, System.getenv(ENV));
  }

  /**
   * The order, apart from the process's state. A named but missing {@code SOCTINH_CONFIG} is chosen
   * all the same, so that loading it fails with its name instead of silently running on defaults.
   */
  static Path chosen(Path option, Path inWorkingDir, String env) {
    if (option != null) return option;
    if (Files.isRegularFile(inWorkingDir)) return inWorkingDir;
    return env == null || env.isBlank() ? null : Path.of(env);
  }

  /**
   * The configuration, for a command that opens its data directory: refused (exit 1, naming the
   * marker) when a later release wrote that directory.
   */
  SocTinhConfig load() {
    SocTinhConfig c = loadConfigOnly();
    try {
      DataDirFormat.check(c.dataDir());
    } catch (IOException e) {
      throw new ExitException(1, "soctinh: " + e.getMessage());
    }
    return c;
  }

  /** The configuration alone, for commands that do not open the data directory (or, like upgrade, read its formats themselves). */
  SocTinhConfig loadConfigOnly() {
    Path f = chosen();
    try {
      return f == null ? ConfigLoader.defaults() : ConfigLoader.load(f);
    } catch (ConfigException e) {
      throw new ExitException(2, e.getMessage());
    }
  }
}
