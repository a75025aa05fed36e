package vn.soctinh.analyzer.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.incident.Priority;

/**
 * The per-sender share through the detector, with the shipped rules cut into shards: the settings
 * reach every shard's engine, and evictions are counted on one meter with the reason as a tag.
 */
class DetectorSenderShareTest {
  private static final Instant T0 = Instant.parse("2026-11-23T03:00:00Z");

  private static Event sshFailed(String from, String agency, String ip, int second) {
    return new Event().put("@timestamp", T0.plusSeconds(second)).put("event.id", ip + "-" + second).put("event.dataset", "system.auth")
        .put("event.action", "ssh_login").put("event.outcome", "failure").put("system.auth.ssh.event", "Failed").put("process.name", "sshd").put("source.ip", ip).put("user.name", "root")
        .put("organization.id", agency).put("log.source.address", from);
  }

  /** A brute force (5 attempts, a flood of 200 addresses from another sender, 5 attempts); the brute force alerts raised. */
  private static List<Event> run(Detector d) {
    return run(d, "so-tttt");
  }

  /** As {@link #run(Detector)}, the flood's events counted for {@code floodAgency}. */
  private static List<Event> run(Detector d, String floodAgency) {
    List<Event> out = new ArrayList<>();
    List<Event> batch = new ArrayList<>();
    for (int i = 0; i < 5; i++) batch.add(sshFailed("10.20.0.5:514", "so-yte", "203.0.113.9", i));
    for (int i = 0; i < 200; i++) batch.add(sshFailed("10.10.0.7:514", floodAgency, "198.18.0." + i, 10));
    for (int i = 0; i < 5; i++) batch.add(sshFailed("10.20.0.5:514", "so-yte", "203.0.113.9", 20 + i));
    for (Event a : d.process(batch)) if ("SSH brute force".equals(a.getString("rule.name"))) out.add(a);
    return out;
  }

  private static double evicted(SimpleMeterRegistry registry, String reason) {
    return registry.get("soctinh.detection.evicted.groups").tag("reason", reason).functionCounter().count();
  }

  @Test
  void aFloodingSenderRecyclesItsOwnWindowsInEveryShardAndTheMeterSaysWhy() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Detector d = new Detector(ShippedRules.load(), Detector.Settings.defaults().withShards(3).withGroups(100, 10), null,
        Priority.defaults(), null, registry);
    List<Event> alerts = run(d);
    assertEquals(1, alerts.size(), alerts.toString());
    assertEquals("so-yte", alerts.get(0).getString("organization.id"));
    assertEquals(10L, alerts.get(0).get("event.sequence"));
    double share = evicted(registry, "sender_share");
    assertTrue(share >= 190 && share % 190 == 0, "190 per correlation that SSH failures feed, summed over the shards: " + share);
    assertEquals(0.0, evicted(registry, "max_groups"));
  }

  /**
   * The control: a share as large as the total lets the flood push the brute force out, when the
   * flood counts for the same agency (another agency's flood recycles its own pool's windows).
   */
  @Test
  void withoutAShareTheFloodEvictsTheBruteForceForMaxGroups() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Detector d = new Detector(ShippedRules.load(), Detector.Settings.defaults().withShards(3).withGroups(100, 100), null,
        Priority.defaults(), null, registry);
    assertEquals(List.of(), run(d, "so-yte"));
    assertEquals(0.0, evicted(registry, "sender_share"));
    assertTrue(evicted(registry, "max_groups") >= 102, "at least the brute force's correlation evicted 102: " + evicted(registry, "max_groups"));
  }

  @Test
  void theDefaultShareIsATenthOfTheTotal() {
    assertEquals(10_000, Detector.Settings.defaults().maxGroupsPerSender());
    assertEquals(1, Detector.Settings.defaultShare(5));
  }
}
