package vn.soctinh.app.retention;

import vn.soctinh.analyzer.retention.RetentionPolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.incident.IncidentRules;
import vn.soctinh.analyzer.incident.RegulationPack;
import vn.soctinh.analyzer.org.InfoSystem;
import vn.soctinh.analyzer.org.OrgDirectory;
import vn.soctinh.analyzer.org.Organization;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.app.config.ConfigException;
import vn.soctinh.app.config.ConfigLoader;
import vn.soctinh.app.config.SocTinhConfig;

/** The retention figures: the shipped pack's minimum at the agency's highest level, raised but never lowered by the configuration. */
class RetentionPolicyTest {
  private static final java.time.ZoneId VN = vn.soctinh.analyzer.DisplayZone.DEFAULT;

  @TempDir Path tmp;

  /** The shipped current pack (level 1-2: 30 days, 3: 90, 4: 180, 5: 365). */
  static RegulationPack pack() throws Exception {
    return new IncidentRules(IncidentRules.load(Path.of("..", "rules", "regulation")), "current-2026").active();
  }

  /** so-a owns a level-2 and a level-4 system; so-b operates a level-3 one owned by the province; so-c has none; so-old merged into so-a. */
  static OrgDirectory directory() {
    List<Organization> orgs = List.of(new Organization("tinh", null, "Tỉnh", null, "province", List.of(), null),
        new Organization("so-a", null, "Sở A", "tinh", "department", List.of(), null),
        new Organization("so-b", null, "Sở B", "tinh", "department", List.of(), null),
        new Organization("so-c", null, "Sở C", "tinh", "department", List.of(), null),
        new Organization("so-old", null, "Sở cũ", "so-a", "department", List.of(), "so-a"));
    List<InfoSystem> systems = List.of(new InfoSystem("a-web", "Web A", "so-a", 2, "website", null, List.of("10.1.0.1"), List.of()),
        new InfoSystem("a-db", "CSDL A", "so-a", 4, "database", null, List.of("10.1.0.2"), List.of()),
        new InfoSystem("portal", "Cổng", "tinh", 3, "portal", "so-b", List.of("10.2.0.1"), List.of()));
    return new OrgDirectory(orgs, systems);
  }

  private SocTinhConfig config(String retention) throws Exception {
    Path f = tmp.resolve("soctinh.yml");
    Files.writeString(f, "data_dir: " + tmp.resolve("data") + "\n" + retention);
    return ConfigLoader.load(f);
  }

  @Test
  void theHighestLevelOfAnAgencysSystemsPicksThePacksMinimum() throws Exception {
    RetentionPolicy p = vn.soctinh.app.config.RetentionPolicies.of(SocTinhConfig.defaults().retention().days(), pack(), null, VN);
    OrgDirectory d = directory();
    assertEquals(4, RetentionPolicy.levelOf(d, "so-a"), "level 4 beats level 2");
    assertEquals(3, RetentionPolicy.levelOf(d, "so-b"), "the system it operates");
    assertEquals(3, RetentionPolicy.levelOf(d, "tinh"), "the system it owns");
    assertEquals(0, RetentionPolicy.levelOf(d, "so-c"));
    assertEquals(4, RetentionPolicy.levelOf(d, "so-old"), "merged: the absorbing agency's systems count");

    RetentionPolicy.AgencyDays a = p.of(d, "so-a");
    assertEquals(180, a.events());
    assertEquals(365, a.alerts(), "alerts_days 365 is more than 180");
    assertEquals(180, a.quarantine(), "quarantine_days 90 is less than the events' 180: the events' figure");
    assertEquals("pack current-2026, level 4", a.basis());
    assertEquals(90, p.of(d, "so-b").events());
    RetentionPolicy.AgencyDays c = p.of(d, "so-c");
    assertEquals(90, c.events(), "no level: default_days");
    assertEquals("retention.default_days", c.basis());
    assertEquals(90, p.of(d, "not-in-the-directory").events());
    assertEquals(90, p.of(d, null).events(), "documents of no agency");
    assertEquals(365, p.incidentHoldDays(), "0 = the pack's longest minimum");
    assertThrows(IllegalArgumentException.class, () -> a.days(DocKind.INCIDENTS), "incidents never age out");
  }

  @Test
  void overridesOnlyRaise() throws Exception {
    SocTinhConfig c = config("retention:\n  level_days: {3: 120, 4: 0}\n  default_days: 60\n  alerts_days: 100\n  quarantine_days: 200\n  incident_hold_days: 400\n");
    RetentionPolicy p = vn.soctinh.app.config.RetentionPolicies.of(c.retention().days(), pack(), c.source(), VN);
    OrgDirectory d = directory();
    assertEquals(120, p.of(d, "so-b").events());
    assertEquals("retention.level_days.3", p.of(d, "so-b").basis());
    assertEquals(180, p.of(d, "so-a").events(), "0 keeps the pack's figure");
    assertEquals(60, p.of(d, "so-c").events());
    assertEquals(180, p.of(d, "so-a").alerts(), "alerts never less than the agency's events");
    assertEquals(100, p.of(d, "so-c").alerts());
    assertEquals(200, p.of(d, "so-a").quarantine());
    assertEquals(400, p.incidentHoldDays());
    assertEquals(java.util.Map.of(1, 30, 2, 30, 3, 120, 4, 180, 5, 365), p.levels());
  }

  @Test
  void aFigureBelowThePackIsAConfigErrorWithKeyAndLine() throws Exception {
    SocTinhConfig c = config("retention:\n  default_days: 10\n  level_days:\n    2: 31\n    4: 100\n");
    ConfigException e = assertThrows(ConfigException.class, () -> vn.soctinh.app.config.RetentionPolicies.of(c.retention().days(), pack(), c.source(), VN));
    assertEquals(2, e.problems().size(), e.getMessage());
    assertEquals("retention.default_days", e.problems().get(0).key());
    assertEquals(3, e.problems().get(0).line(), e.getMessage()); // line 1 is data_dir
    assertEquals("retention.level_days.4", e.problems().get(1).key());
    assertEquals(6, e.problems().get(1).line());
    assertEquals(tmp.resolve("soctinh.yml").toString(), e.file());
    assertTrue(e.getMessage().contains("soctinh.yml:6:8: retention.level_days.4: 100 days is less than the 180 days regulation pack current-2026 requires"),
        e.getMessage());
    // without a pack nothing is below it: the section's figures alone
    RetentionPolicy none = vn.soctinh.app.config.RetentionPolicies.of(c.retention().days(), null, c.source(), VN);
    assertEquals(10, none.of(directory(), "so-b").events(), "level 3, no pack figure, no override: default_days");
    assertEquals(100, none.of(directory(), "so-a").events());
  }

  @Test
  void theLoaderRefusesBadRetentionKeysWithTheirLines() {
    ConfigException e = assertThrows(ConfigException.class, () -> config(
        "retention:\n  run_at: \"25:00\"\n  disk_warn_percent: 90\n  disk_critical_percent: 80\n  level_days: {6: 10}\n  default_days: 0\n"));
    List<String> keys = e.problems().stream().map(p -> p.key() + "@" + p.line()).toList();
    assertEquals(List.of("retention.run_at@3", "retention.disk_critical_percent@5", "retention.level_days.6@6", "retention.default_days@7"), keys,
        e.getMessage());
  }

  @Test
  void theCutOffIsAVietnameseMidnight() throws Exception {
    RetentionPolicy p = vn.soctinh.app.config.RetentionPolicies.of(SocTinhConfig.defaults().retention().days(), null, null, VN);
    // 18:00 UTC on 24 May is 01:00 on 25 May in Vietnam: 30 days back from 25 May, at 00:00 +07:00
    assertEquals(Instant.parse("2026-04-24T17:00:00Z"), p.cutoff(Instant.parse("2026-05-24T18:00:00Z"), 30));
    assertEquals(Instant.parse("2026-04-23T17:00:00Z"), p.cutoff(Instant.parse("2026-05-24T16:59:59Z"), 30));
  }

  @Test
  void theCutOffIsAMidnightOfTheConfiguredZone() throws Exception {
    SocTinhConfig c = vn.soctinh.app.config.ConfigLoader.loadString("timezone: Europe/Paris\n", "test");
    RetentionPolicy p = vn.soctinh.app.config.RetentionPolicies.of(c.retention().days(), null, c.source(), c.zone());
    // 18:00 UTC on 24 May is 20:00 the same day in Paris (summer, +02:00): 30 days back from 24 May, at 00:00 +02:00
    assertEquals(Instant.parse("2026-04-23T22:00:00Z"), p.cutoff(Instant.parse("2026-05-24T18:00:00Z"), 30));
  }
}
