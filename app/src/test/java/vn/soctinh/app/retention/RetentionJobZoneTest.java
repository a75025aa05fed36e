package vn.soctinh.app.retention;

import vn.soctinh.analyzer.retention.RetentionJob;
import vn.soctinh.analyzer.retention.RetentionPlanner;
import vn.soctinh.analyzer.retention.RetentionPolicy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.app.config.ConfigLoader;
import vn.soctinh.app.config.SocTinhConfig;

/** {@code retention.run_at} is a time of day in the configured {@code timezone}. */
class RetentionJobZoneTest {
  @TempDir Path tmp;

  private RetentionJob job(String timezone) throws Exception {
    SocTinhConfig c = ConfigLoader.loadString("timezone: " + timezone + "\nretention:\n  run_at: \"02:00\"\n", "test.yml");
    RetentionPolicy policy = vn.soctinh.app.config.RetentionPolicies.of(c.retention().days(), null, c.source(), c.zone());
    RetentionPlanner planner = new RetentionPlanner(null, policy, null, null, 0, null);
    return new RetentionJob(c.retention(), planner, null, tmp.resolve(timezone.replace('/', '-')), Clock.systemUTC());
  }

  @Test
  void runAtIsReadInTheConfiguredZone() throws Exception {
    // 00:30 UTC on 8 Dec: 07:30 in Hà Nội (past 02:00), 01:30 in Paris and 00:30 in UTC (not yet)
    Instant early = Instant.parse("2026-12-08T00:30:00Z");
    assertTrue(job(vn.soctinh.analyzer.DisplayZone.DEFAULT.getId()).due(early));
    assertFalse(job("Europe/Paris").due(early));
    assertFalse(job(ZoneId.of("UTC").getId()).due(early));
    // an hour later it is 02:30 in Paris
    assertTrue(job("Europe/Paris").due(Instant.parse("2026-12-08T01:30:00Z")));
  }
}
