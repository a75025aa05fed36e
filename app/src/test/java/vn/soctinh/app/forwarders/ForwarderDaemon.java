package vn.soctinh.app.forwarders;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What rsyslogd and syslog-ng have in common in the tests: a template rendered into a fresh work
 * dir, a {@link DaemonProcess}, and the accessors used in failure messages.
 */
abstract class ForwarderDaemon<T extends ForwarderTemplate> implements AutoCloseable {
  /** Starts the daemon for a config already rendered into {@code workDir}. */
  @FunctionalInterface
  interface Launch {
    DaemonProcess start(Path config, Path workDir) throws IOException;
  }

  /** The rendered config and the running process. */
  record Started(Path config, DaemonProcess process) {}

  private final T template;
  private final Path config;
  private final DaemonProcess process;

  ForwarderDaemon(T template, Started started) {
    this.template = template;
    this.config = started.config();
    this.process = started.process();
  }

  /** Renders {@code template} with {@code placeholders} plus WORK_DIR into a new temp dir and launches; cleans up on failure. */
  static Started launch(String prefix, ForwarderTemplate template, Map<String, String> placeholders, Launch launch) throws IOException {
    Path workDir = Files.createTempDirectory(prefix);
    try {
      Map<String, String> values = new HashMap<>(placeholders);
      values.put("WORK_DIR", workDir.toString());
      Path config = ConfigTemplate.renderTo(template.fileName(), values, workDir.resolve(template.fileName()));
      return new Started(config, launch.start(config, workDir));
    } catch (IOException | RuntimeException e) {
      if (!DaemonProcess.KEEP_DIRS) DaemonProcess.deleteRecursively(workDir);
      throw e;
    }
  }

  public T template() {
    return template;
  }

  /** The rendered config. */
  public Path config() {
    return config;
  }

  public Path workDir() {
    return process.workDir();
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The last lines of the daemon's output and of its own log file, for failure messages. */
  public String logs() {
    return process.logs();
  }

  /** Stops the daemon by its PID (TERM, then KILL after 10 s) and removes its work dir. */
  @Override
  public void close() {
    process.close();
  }

  @Override
  public String toString() {
    return template.daemon() + "[" + template + ", pid " + pid() + ", " + workDir() + "]";
  }
}
