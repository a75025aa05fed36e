package vn.soctinh.analyzer.detect.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vn.soctinh.analyzer.detect.sigma.SigmaCorrelationTest.BASE;
import static vn.soctinh.analyzer.detect.sigma.SigmaCorrelationTest.BRUTE;
import static vn.soctinh.analyzer.detect.sigma.SigmaCorrelationTest.MAPPING;
import static vn.soctinh.analyzer.detect.sigma.SigmaCorrelationTest.T0;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.event.Event;

/**
 * What the share costs under the flood it is for (opt-in: {@code -Dsoctinh.slow=true}): 1,000,000
 * failed logins from one sender, each from a new address, through one correlation capped at 100,000
 * keys, so that after the first 10,000 (with the share) or 100,000 (without) every event evicts.
 * Prints the engine's CPU time and allocation per event; asserts only the evictions, not timings.
 */
@EnabledIfSystemProperty(named = "soctinh.slow", matches = "true")
class SenderShareCostTest {
  @TempDir Path dir;
  private static final int EVENTS = 1_000_000;
  private static final int CHUNK = 10_000;

  @Test
  void aMillionUniqueKeysFromOneSenderWithAndWithoutTheShare() throws Exception {
    Files.writeString(dir.resolve("base.yml"), BASE);
    Files.writeString(dir.resolve("corr.yml"), BRUTE);
    SigmaRules rules = SigmaRules.load(List.of(dir), MAPPING, Map.of());
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int round = 1; round <= 3; round++) { // the first round warms the JIT up
      for (int share : new int[] {100_000, 10_000}) {
        SigmaEngine en = new SigmaEngine(rules, Duration.ofSeconds(30), 100_000, share);
        long cpu = 0;
        long bytes = 0;
        Event[] chunk = new Event[CHUNK];
        for (int from = 0; from < EVENTS; from += CHUNK) {
          for (int j = 0; j < CHUNK; j++) {
            int i = from + j;
            // all within one minute of event time: nothing expires, every new key evicts once full
            chunk[j] = new Event().put("@timestamp", T0.plusMillis(i / 20)).put("event.id", "f" + i).put("event.dataset", "system.auth")
                .put("event.action", "ssh_login_failed").put("source.ip", "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255))
                .put("user.name", "u" + i).put("organization.id", "so-tttt").put("log.source.address", "10.10.0.7:40000");
          }
          long c0 = threads.getCurrentThreadCpuTime();
          long b0 = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
          for (Event e : chunk) en.process(e);
          cpu += threads.getCurrentThreadCpuTime() - c0;
          bytes += threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - b0;
        }
        assertEquals(share == 100_000 ? EVENTS - 100_000 : 0, en.evictedGroups());
        assertEquals(share == 100_000 ? 0 : EVENTS - 10_000, en.evictedForSenderShare());
        System.out.printf("round %d, %s: %.0f ns CPU and %.0f bytes allocated per event (%d windows held)%n", round,
            share == 100_000 ? "no share (100,000)     " : "share of 10,000 per sender", cpu / (double) EVENTS, bytes / (double) EVENTS,
            en.groups());
      }
    }
  }
}
