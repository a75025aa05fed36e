package vn.soctinh.dist;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** External commands for the package tests: run with a deadline, everything they print kept for the failure message. */
final class Commands {
  private Commands() {}

  record Result(List<String> command, int code, String out, String err) {
    /** The command, its exit code and its output, for assertion messages. */
    String describe() {
      return String.join(" ", command) + " -> exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  static Result run(String... command) throws IOException, InterruptedException {
    return run(null, Map.of(), Duration.ofSeconds(60), List.of(command));
  }

  /** Runs {@code command} in {@code dir} (null: ours) with {@code env} added; a command still running at the deadline is killed and fails. */
  static Result run(Path dir, Map<String, String> env, Duration timeout, List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("soctinh-dist-out", ".txt");
    Path err = Files.createTempFile("soctinh-dist-err", ".txt");
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      if (dir != null) pb.directory(dir.toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor();
        throw new AssertionError(String.join(" ", command) + " still running after " + timeout + "\n--- stdout\n"
            + Files.readString(out, StandardCharsets.UTF_8) + "--- stderr\n" + Files.readString(err, StandardCharsets.UTF_8));
      }
      return new Result(List.copyOf(command), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** Runs and asserts exit code 0; returns standard output. */
  static String ok(String... command) throws IOException, InterruptedException {
    Result r = run(command);
    assertTrue(r.code() == 0, r.describe());
    return r.out();
  }

  /** Whether {@code program} is on the PATH. */
  static boolean available(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) return true;
    }
    // runuser, useradd and dpkg-statoverride live in sbin, which a user's PATH may lack
    return Files.isExecutable(Path.of("/usr/sbin", program)) || Files.isExecutable(Path.of("/sbin", program));
  }

  static boolean isRoot() throws IOException, InterruptedException {
    return run("id", "-u").out().trim().equals("0");
  }

  /** {@code command} run as {@code user} through runuser when we are root and it is another user; as it is otherwise. */
  static List<String> as(String user, List<String> command) {
    if (user == null) return command;
    List<String> c = new ArrayList<>(List.of("runuser", "-u", user, "--"));
    c.addAll(command);
    return c;
  }
}
