package vn.soctinh.bench;

import java.io.DataOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import vn.soctinh.analyzer.detect.sigma.SigmaEngine;
import vn.soctinh.analyzer.detect.sigma.SigmaMapping;
import vn.soctinh.analyzer.detect.sigma.SigmaRules;
import vn.soctinh.analyzer.event.Event;

/**
 * Memory of correlation state per group key: an engine with the shipped correlation rules sees
 * {@code keys} distinct source addresses, {@code per} failed SSH logins each (none reaches a
 * threshold), and the heap after a full GC is compared with the heap before. Also the size of the
 * saved state. Run from the repository root:
 *
 * <pre>java -Xmx2g -cp bench/target/benchmarks.jar vn.soctinh.bench.CorrelationMemory [keys] [per]</pre>
 */
public final class CorrelationMemory {
  private CorrelationMemory() {}

  public static void main(String[] args) throws Exception {
    int keys = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int per = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    SigmaMapping mapping = SigmaMapping.parse(Files.readString(Path.of("rules/sigma-mapping.yml")), "rules/sigma-mapping.yml");
    SigmaRules rules = SigmaRules.load(List.of(Path.of("rules/sigma")), mapping, Map.of());
    SigmaEngine engine = new SigmaEngine(rules, Duration.ofMinutes(1), keys * 2);
    Event[] sample = new Event[per];
    long before = usedAfterGc();
    Instant t0 = Instant.parse("2026-12-03T03:00:00Z");
    for (int k = 0; k < keys; k++) {
      String ip = "10." + (k >> 16 & 255) + "." + (k >> 8 & 255) + "." + (k & 255);
      for (int i = 0; i < per; i++) {
        // all within one minute of event time, so that no window expires while we fill
        Event e = new Event().put("@timestamp", t0.plusMillis((long) k * 60_000 / keys)).put("event.id", k + "-" + i)
            .put("event.dataset", "system.auth").put("event.action", "ssh_login").put("event.outcome", "failure")
            .put("system.auth.ssh.event", "Failed").put("process.name", "sshd")
            .put("source.ip", ip).put("user.name", "user" + i).put("organization.id", "so-bench");
        sample[i] = e;
        engine.process(e);
      }
    }
    long after = usedAfterGc();
    long groups = engine.groups();
    long[] bytes = {0};
    OutputStream counter = new OutputStream() {
      @Override
      public void write(int b) {
        bytes[0]++;
      }

      @Override
      public void write(byte[] b, int off, int len) {
        bytes[0] += len;
      }
    };
    engine.writeState(new DataOutputStream(counter), 0);
    System.out.printf("%d keys x %d events: %d group windows (over %d correlation rules), heap +%.1f MB = %.0f bytes per window; saved state %.1f MB%n",
        keys, per, groups, rules.correlations().size(), (after - before) / 1e6, (after - before) / (double) groups, bytes[0] / 1e6);
    if (sample[0] == null) throw new IllegalStateException();
  }

  private static long usedAfterGc() throws InterruptedException {
    var mem = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return mem.getHeapMemoryUsage().getUsed();
  }
}
