package vn.soctinh.collector.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The three-broker Kafka cluster the cluster tests run against: {@code KAFKA_BOOTSTRAP} (set by
 * {@code deploy/test-services/with-test-services.sh}, which starts it with
 * {@code kafka-test-cluster.sh}). Without it a test is skipped, or fails under
 * {@code SOCTINH_REQUIRE_KAFKA=1} (set by {@code .ci/run}). Fault tests kill and resume brokers
 * through the same script.
 */
public final class TestKafka {
  private TestKafka() {}

  /** The brokers, or the test stops here (skipped, or failed where Kafka is required). */
  public static List<String> bootstrap() {
    String env = System.getenv("KAFKA_BOOTSTRAP");
    if (env != null && !env.isBlank()) return Arrays.asList(env.split(","));
    String why = "no Kafka cluster: set KAFKA_BOOTSTRAP (bash deploy/test-services/kafka-test-cluster.sh start)";
    if ("1".equals(System.getenv("SOCTINH_REQUIRE_KAFKA"))) throw new AssertionError(why + ", and SOCTINH_REQUIRE_KAFKA=1 says it must run");
    Assumptions.abort(why);
    return List.of();
  }

  /** SIGKILLs broker {@code node} (1-3); returns once it no longer answers. */
  public static void kill(int node) throws IOException, InterruptedException {
    script("kill", Integer.toString(node));
  }

  /** Starts broker {@code node} again on its data; returns once it answers. */
  public static void resume(int node) throws IOException, InterruptedException {
    script("resume", Integer.toString(node));
  }

  private static void script(String... args) throws IOException, InterruptedException {
    Path root = repositoryRoot();
    String[] cmd = new String[args.length + 2];
    cmd[0] = "bash";
    cmd[1] = root.resolve("deploy/test-services/kafka-test-cluster.sh").toString();
    System.arraycopy(args, 0, cmd, 2, args.length);
    Process p = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException(String.join(" ", cmd) + " failed: " + out);
  }

  /** Tests run in their module's directory; the scripts are at the repository's root. */
  private static Path repositoryRoot() throws IOException {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("deploy/test-services/kafka-test-cluster.sh"))) return p;
    }
    throw new IOException("no deploy/test-services/kafka-test-cluster.sh above " + Path.of("").toAbsolutePath());
  }
}
