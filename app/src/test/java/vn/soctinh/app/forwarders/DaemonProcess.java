package vn.soctinh.app.forwarders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A forwarder daemon run in the foreground as a child of the test JVM, in its own work dir,
 * with stdout and stderr in {@code <name>.out} there. It is stopped by its PID only (TERM,
 * then KILL after 10 s), also when the JVM exits early; it never signals anything by name.
 */
final class DaemonProcess implements AutoCloseable {

  /** Keep the work dirs after the test (to read configs and logs): -Dsoctinh.keepForwarderDirs=true. */
  static final boolean KEEP_DIRS = Boolean.getBoolean("soctinh.keepForwarderDirs");
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  private static final int LOG_LINES = 100;

  private final String name;
  private final Process process;
  private final Path workDir;
  private final Path output;
  private final List<Path> extraLogs;
  private final Thread reaper;
  private String finalLogs;

  private DaemonProcess(String name, Process process, Path workDir, Path output, List<Path> extraLogs) {
    this.name = name;
    this.process = process;
    this.workDir = workDir;
    this.output = output;
    this.extraLogs = List.copyOf(extraLogs);
    this.reaper = new Thread(() -> stop(process), "stop-" + name + "-" + process.pid());
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /**
   * Runs a config check first (its failure output in the exception), then the daemon, and waits
   * until {@code isUp} says it is ready.
   */
  static DaemonProcess start(String name, List<String> checkCommand, List<String> command,
      Map<String, String> env, Path workDir, List<Path> extraLogs, BooleanSupplier isUp,
      Duration startTimeout) throws IOException {
    Path checkOut = workDir.resolve(name + "-check.out");
    Process check = builder(checkCommand, env, workDir, checkOut).start();
    try {
      if (!check.waitFor(30, TimeUnit.SECONDS)) {
        stop(check);
        throw new IllegalStateException(name + " config check did not finish in 30 s: " + checkCommand);
      }
    } catch (InterruptedException e) {
      stop(check);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    if (check.exitValue() != 0) {
      throw new IllegalStateException(name + " rejects its config (exit " + check.exitValue()
          + ", " + checkCommand + "):\n" + tail(checkOut, LOG_LINES));
    }
    Path output = workDir.resolve(name + ".out");
    DaemonProcess daemon = new DaemonProcess(name, builder(command, env, workDir, output).start(),
        workDir, output, extraLogs);
    long deadline = System.nanoTime() + startTimeout.toNanos();
    while (!isUp.getAsBoolean()) {
      if (!daemon.process.isAlive()) {
        String logs = daemon.logs();
        daemon.close();
        throw new IllegalStateException(name + " exited with " + daemon.process.exitValue()
            + " while starting (" + command + "):\n" + logs);
      }
      if (System.nanoTime() > deadline) {
        String logs = daemon.logs();
        daemon.close();
        throw new IllegalStateException(name + " not up after " + startTimeout + ":\n" + logs);
      }
      sleep(50);
    }
    return daemon;
  }

  private static ProcessBuilder builder(List<String> command, Map<String, String> env, Path workDir,
      Path output) {
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectErrorStream(true).redirectOutput(output.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    pb.environment().putAll(env);
    return pb;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  Path workDir() {
    return workDir;
  }

  /** The last lines of the daemon's output and of its own log files, for failure messages. */
  String logs() {
    if (finalLogs != null) {
      return finalLogs;
    }
    StringBuilder sb = new StringBuilder();
    sb.append("---- ").append(name).append(" pid ").append(process.pid())
        .append(process.isAlive() ? " (running)" : " (exited " + process.exitValue() + ")")
        .append(", work dir ").append(workDir).append('\n');
    sb.append("---- ").append(output.getFileName()).append('\n').append(tail(output, LOG_LINES));
    for (Path log : extraLogs) {
      if (Files.exists(log)) {
        sb.append("---- ").append(log.getFileName()).append('\n').append(tail(log, LOG_LINES));
      }
    }
    return sb.toString();
  }

  /** Stops the daemon (TERM, KILL after 10 s) and removes its work dir unless kept. */
  @Override
  public void close() {
    stop(process);
    finalLogs = logs();
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to: nothing left to undo
    }
    if (!KEEP_DIRS) {
      deleteRecursively(workDir);
    }
  }

  private static void stop(Process p) {
    if (!p.isAlive()) {
      return;
    }
    p.destroy(); // SIGTERM to this PID
    try {
      if (!p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly(); // SIGKILL to this PID
        p.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  static String tail(Path file, int lines) {
    try {
      if (!Files.exists(file)) {
        return "(no " + file.getFileName() + ")\n";
      }
      byte[] bytes = Files.readAllBytes(file);
      List<String> all = List.of(new String(bytes, StandardCharsets.UTF_8).split("\n", -1));
      List<String> last = new ArrayList<>(all.subList(Math.max(0, all.size() - lines - 1), all.size()));
      return String.join("\n", last) + (last.isEmpty() || last.get(last.size() - 1).isEmpty() ? "" : "\n");
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")\n";
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // a leftover temp dir is not worth failing a test for
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
