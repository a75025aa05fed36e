package vn.soctinh.analyzer.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.event.Event;

/** Silent sources on a fake clock: learned gaps, configured thresholds, one alert per silence, recovery, restart. */
class SilenceMonitorTest {
  @TempDir Path dir;
  private static final Instant T0 = Instant.parse("2026-12-03T00:00:00Z");
  private static final SilenceMonitor.Settings SETTINGS =
      new SilenceMonitor.Settings(Duration.ofSeconds(60), Duration.ofHours(1), 10, Map.of(), 1000);

  private static Event line(String agency, String host) {
    return new Event().put("organization.id", agency).put("host.hostname", host).put("log.source.address", "10.1.2.3:5514");
  }

  private static SilenceMonitor monitor(SilenceMonitor.Settings s) {
    return new SilenceMonitor(s, e -> {
      if ("fw-portal".equals(e.getString("host.name"))) e.put("labels.system_id", "cong-dvc").put("labels.security_level", "4");
    });
  }

  /** Ten events ten seconds apart: the typical gap is 10 s, so silence means 100 s of nothing. */
  private static Instant feed(SilenceMonitor m, String host) {
    Instant t = T0;
    for (int i = 0; i < 10; i++) {
      t = T0.plusSeconds(10L * i);
      m.observe(List.of(line("so-khcn", host)), t);
    }
    return t;
  }

  @Test
  void aLearnedGapDecidesSilenceAndOneAlertIsRaisedThenARecovery() {
    SilenceMonitor m = monitor(SETTINGS);
    Instant last = feed(m, "fw-portal");
    assertEquals(List.of(), m.check(last.plusSeconds(99)));
    List<Event> alerts = m.check(last.plusSeconds(101));
    assertEquals(1, alerts.size());
    Event a = alerts.get(0);
    assertEquals(SilenceMonitor.SILENT_RULE, a.get("rule.id"));
    assertEquals("so-khcn", a.get("organization.id"));
    assertEquals("P1", a.get("labels.priority"), "it covers a level 4 system");
    assertEquals("cong-dvc", a.get("labels.system_id"));
    assertTrue(a.getString("rule.name").contains("fw-portal"), a.getString("rule.name"));
    assertEquals(List.of(), m.check(last.plusSeconds(500)), "one alert per silence");
    assertTrue(m.status(last.plusSeconds(500)).get(0).silent());

    m.observe(List.of(line("so-khcn", "fw-portal")), last.plusSeconds(600));
    List<Event> back = m.check(last.plusSeconds(601));
    assertEquals(1, back.size());
    assertEquals(SilenceMonitor.RECOVERED_RULE, back.get(0).get("rule.id"));
    assertEquals("P4", back.get(0).get("labels.priority"));
    assertFalse(m.status(last.plusSeconds(601)).get(0).silent());
  }

  @Test
  void boundsConfiguredThresholdsAndFewEvents() {
    SilenceMonitor m = monitor(SETTINGS);
    m.observe(List.of(line("so-a", "new-host")), T0);
    assertEquals(List.of(), m.check(T0.plus(Duration.ofMinutes(59))), "not learned yet: the maximum applies");
    assertEquals(1, m.check(T0.plus(Duration.ofMinutes(61))).size());

    SilenceMonitor configured = monitor(new SilenceMonitor.Settings(Duration.ofSeconds(60), Duration.ofHours(1), 10,
        Map.of("so-khcn", Duration.ofMinutes(30)), 1000));
    Instant last = feed(configured, "fw-portal");
    assertEquals(List.of(), configured.check(last.plus(Duration.ofMinutes(29))), "the agency's configured 30 minutes, not the learned 100 s");
    assertEquals(1, configured.check(last.plus(Duration.ofMinutes(31))).size());
    assertEquals(Duration.ofMinutes(30), configured.status(last).get(0).threshold());
  }

  @Test
  void aBurstDoesNotTeachThatASourceIsAlwaysBusy() {
    SilenceMonitor m = monitor(SETTINGS);
    Instant last = feed(m, "web-1");
    for (int i = 0; i < 500; i++) m.observe(List.of(line("so-khcn", "web-1")), last.plusMillis(i)); // 500 lines in half a second
    assertEquals(Duration.ofSeconds(100), m.status(last).get(0).threshold(), "the gap learns at most once a second: the burst taught nothing");
    m.observe(List.of(line("so-khcn", "web-1")), last.plusSeconds(2));
    assertEquals(8.3, m.status(last).get(0).typicalGapSecs(), 0.01, "later it learns again: 0.8 x 10 + 0.2 x 1.5 (since the last line of the burst)");
  }

  @Test
  void aRestartRemembersSourcesAndDoesNotRaiseTheSameSilenceTwice() throws Exception {
    SilenceMonitor m = monitor(SETTINGS);
    Instant last = feed(m, "fw-portal");
    Event first = m.check(last.plusSeconds(200)).get(0);
    m.save(dir.resolve("sources.json"));
    SilenceMonitor again = monitor(SETTINGS);
    again.load(dir.resolve("sources.json"));
    assertEquals(List.of(), again.check(last.plusSeconds(300)), "still silent: no new alert");
    assertEquals(1, again.status(last).size());
    again.observe(List.of(line("so-khcn", "fw-portal")), last.plusSeconds(400));
    assertEquals(SilenceMonitor.RECOVERED_RULE, again.check(last.plusSeconds(401)).get(0).get("rule.id"));
    assertTrue(first.getString("event.id").startsWith("alert:soctinh-source-silent:so-khcn/fw-portal:"));
  }

  /**
   * Issue #17, item 4: a real source stops; then 100,000 forged host names are sprayed (unassigned,
   * as from anywhere). The real one is still remembered and is reported silent: the spray pushed
   * out only its own pool's entries.
   */
  @Test
  void aSprayOfForgedHostsDoesNotMakeARealSourceForgotten() {
    SilenceMonitor m = monitor(new SilenceMonitor.Settings(Duration.ofSeconds(60), Duration.ofHours(1), 10, Map.of(), 20_000, 5_000));
    Instant last = feed(m, "fw-real");
    Instant t = last;
    for (int i = 0; i < 100_000; i++) {
      if (i % 1000 == 0) t = t.plusSeconds(1);
      m.observe(List.of(new Event().put("organization.id", "unassigned").put("host.hostname", "forged-" + i)), t);
    }
    List<SilenceMonitor.Status> all = m.status(t);
    assertTrue(all.size() <= 20_000, "bounded: " + all.size());
    assertEquals(5_000, all.stream().filter(x -> x.agency().equals("unassigned")).count(), "the spray keeps only its own share");
    List<Event> silent = m.check(last.plusSeconds(1000));
    assertTrue(silent.stream().anyMatch(e -> "fw-real".equals(e.getString("host.name"))), "the real source is reported silent: " + silent.size());
  }
}
