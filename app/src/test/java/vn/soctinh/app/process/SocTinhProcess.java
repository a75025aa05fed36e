package vn.soctinh.app.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code soctinh run} as a separate JVM (the shaded jar when failsafe provides it, else this test
 * classpath), for tests that signal or kill the process. Ports come from its {@code --json} line.
 */
public final class SocTinhProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final Map<String, Integer> ports = new HashMap<>();

  private SocTinhProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  public static SocTinhProcess start(Path config, Path workDir) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String jar = System.getProperty("soctinh.jar");
    List<String> cmd = jar != null && Files.isRegularFile(Path.of(jar))
        ? List.of(java, "-Xmx512m", "-jar", jar, "run", "--config", config.toString(), "--json")
        : List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), "vn.soctinh.app.cli.Main", "run", "--config",
            config.toString(), "--json");
    Files.createDirectories(workDir);
    Path log = Files.createTempFile(workDir, "soctinh-", ".err");
    Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectError(log.toFile()).start();
    SocTinhProcess sp = new SocTinhProcess(p, log);
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine(); // blocks until started (or the process died)
    if (line == null || !line.contains("\"started\"")) {
      p.waitFor(10, TimeUnit.SECONDS);
      throw new IllegalStateException("soctinh did not start: " + line + "\n" + sp.logs());
    }
    for (JsonNode l : new ObjectMapper().readTree(line).get("listeners")) sp.ports.put(l.get("name").asText(), l.get("port").asInt());
    Thread drain = new Thread(() -> {
      try {
        while (out.readLine() != null) {
          // keep the pipe from filling
        }
      } catch (IOException ignored) {
        // process ended
      }
    }, "soctinh-stdout");
    drain.setDaemon(true);
    drain.start();
    return sp;
  }

  public int port(String listener) {
    Integer p = ports.get(listener);
    if (p == null) throw new IllegalArgumentException("no listener " + listener + " in " + ports);
    return p;
  }

  public long pid() {
    return process.pid();
  }

  /** SIGTERM, then wait; returns the exit code. */
  public int terminate(long timeoutSecs) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeoutSecs, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new IllegalStateException("soctinh did not stop within " + timeoutSecs + " s after SIGTERM\n" + logs());
    }
    return process.exitValue();
  }

  /** SIGKILL: the crash the journal must survive. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  public String logs() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) kill();
  }
}
