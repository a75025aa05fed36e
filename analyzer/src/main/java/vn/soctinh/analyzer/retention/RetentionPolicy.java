package vn.soctinh.analyzer.retention;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vn.soctinh.analyzer.incident.RegulationPack;
import vn.soctinh.analyzer.org.InfoSystem;
import vn.soctinh.analyzer.org.OrgDirectory;
import vn.soctinh.analyzer.org.Organization;
import vn.soctinh.analyzer.store.DocKind;

/**
 * How long each agency keeps each kind of document: the regulation pack's minimum for the highest
 * security level among the agency's systems, raised (never lowered) by the {@code retention:}
 * section. Pure computation: no store, no clock of its own. Incidents are never deleted by age, so
 * they have no figure here.
 */
public final class RetentionPolicy {
  /** One agency's figures, and where the figure came from (for the plan and the audit trail). */
  public record AgencyDays(String agency, int level, int events, int alerts, int quarantine, String basis) {
    public int days(DocKind kind) {
      return switch (kind) {
        case EVENTS -> events;
        case ALERTS -> alerts;
        case QUARANTINE -> quarantine;
        case INCIDENTS -> throw new IllegalArgumentException("incidents are never deleted by age");
      };
    }
  }

  private final RetentionSettings.Days config;
  private final RegulationPack pack;
  /** Effective days per level 1..5 (index level-1). */
  private final int[] levelDays = new int[5];
  private final int holdDays;
  /** The config's {@code timezone}: a day's cut-off is a local midnight, the same for a plan and the run that follows it that day. */
  private final ZoneId zone;

  private RetentionPolicy(RetentionSettings.Days config, RegulationPack pack, ZoneId zone) {
    this.config = config;
    this.pack = pack;
    this.zone = zone;
    int longest = 0;
    for (int level = 1; level <= 5; level++) {
      int min = packMinimum(level);
      int set = config.level(level);
      levelDays[level - 1] = set > 0 ? Math.max(set, min) : min > 0 ? min : config.defaultDays();
      longest = Math.max(longest, min);
    }
    this.holdDays = config.incidentHoldDays() > 0 ? config.incidentHoldDays() : Math.max(longest, config.defaultDays());
  }

  /** A figure of the {@code retention:} section below the regulation pack's minimum: its key and why. */
  public record BelowPack(String key, String message) {}

  /**
   * The figures of {@code days} the pack does not allow (config may only raise the pack's minimums);
   * empty when there is no pack. The configuration refuses them with each key's place in its file.
   */
  public static List<BelowPack> belowPack(RetentionSettings.Days days, RegulationPack pack) {
    List<BelowPack> out = new ArrayList<>();
    if (pack == null) return out;
    for (int level = 1; level <= 5; level++) {
      Integer min = pack.retentionDays().get(level);
      int set = days.level(level);
      if (min != null && set > 0 && set < min) {
        out.add(new BelowPack("retention.level_days." + level, set + " days is less than the " + min
            + " days regulation pack " + pack.id() + " requires for security level " + level + " (0 means the pack's figure)"));
      }
    }
    Integer lowest = pack.retentionDays().get(1);
    if (lowest != null && days.defaultDays() < lowest) {
      out.add(new BelowPack("retention.default_days", days.defaultDays() + " days is less than the " + lowest
          + " days regulation pack " + pack.id() + " requires at the lowest security level"));
    }
    return out;
  }

  /**
   * The policy of {@code days} under {@code pack} (null: no pack, the section's figures alone), whose
   * figures {@link #belowPack} accepted. Days start at midnight in {@code zone}.
   */
  public static RetentionPolicy of(RetentionSettings.Days days, RegulationPack pack, ZoneId zone) {
    List<BelowPack> below = belowPack(days, pack);
    if (!below.isEmpty()) throw new IllegalArgumentException("retention figures below the pack's: " + below);
    return new RetentionPolicy(days, pack, zone);
  }

  /** The pack's minimum for a level, 0 when there is no pack or it names none. */
  public int packMinimum(int level) {
    if (pack == null) return 0;
    Integer d = pack.retentionDays().get(level);
    return d == null ? 0 : d;
  }

  /** The pack the figures come from, or null. */
  public RegulationPack pack() {
    return pack;
  }

  /** Days an incident holds its alerts and events after it closed. */
  public int incidentHoldDays() {
    return holdDays;
  }

  /** Events' days at a security level 1..5; 0 (no level known) gives {@code default_days}. */
  public int eventDays(int level) {
    return level >= 1 && level <= 5 ? levelDays[level - 1] : config.defaultDays();
  }

  /**
   * The highest level among the systems the agency owns or operates; for an agency merged into
   * another, the other's too (its history may concern the systems it handed over). 0: none known.
   */
  public static int levelOf(OrgDirectory d, String agency) {
    int level = 0;
    for (InfoSystem s : d.systems()) {
      if (agency.equals(s.org()) || agency.equals(s.operatingUnit())) level = Math.max(level, s.level());
    }
    Organization o = d.organization(agency);
    if (o != null && o.mergedInto() != null && !o.mergedInto().equals(agency)) {
      for (InfoSystem s : d.systems()) {
        if (o.mergedInto().equals(s.org()) || o.mergedInto().equals(s.operatingUnit())) level = Math.max(level, s.level());
      }
    }
    return level;
  }

  /** One agency's figures (agencies unknown to the directory, and "no agency", get {@code default_days}). */
  public AgencyDays of(OrgDirectory d, String agency) {
    int level = agency == null ? 0 : levelOf(d, agency);
    return new AgencyDays(agency, level, eventDays(level), days(level, DocKind.ALERTS), days(level, DocKind.QUARANTINE), basis(level, DocKind.EVENTS));
  }

  /** Where a figure comes from, in the words of the configuration: the pack and level, or the key that set it. */
  public String basis(int level, DocKind kind) {
    if (kind == DocKind.ALERTS && config.alertsDays() > eventDays(level)) return "retention.alerts_days";
    if (kind == DocKind.QUARANTINE && config.quarantineDays() > eventDays(level)) return "retention.quarantine_days";
    if (level < 1 || level > 5) return "retention.default_days";
    if (config.level(level) > packMinimum(level)) return "retention.level_days." + level;
    if (packMinimum(level) > 0) return "pack " + pack.id() + ", level " + level;
    return "retention.default_days (the pack names no figure for level " + level + ")";
  }

  /** Days a kind is kept at a level (0: no level known): alerts and quarantine never less than the events. */
  public int days(int level, DocKind kind) {
    int events = eventDays(level);
    return switch (kind) {
      case EVENTS -> events;
      case ALERTS -> Math.max(events, config.alertsDays());
      case QUARANTINE -> Math.max(events, config.quarantineDays());
      case INCIDENTS -> throw new IllegalArgumentException("incidents are never deleted by age");
    };
  }

  /** What is older than this goes: the start of today in the configured zone, {@code days} back. */
  public Instant cutoff(Instant now, int days) {
    return LocalDate.ofInstant(now, zone).minusDays(days).atStartOfDay(zone).toInstant();
  }

  /** The zone whose midnights are the cut-offs and whose clock {@code retention.run_at} reads. */
  public ZoneId zone() {
    return zone;
  }

  /** The effective figures per level, for the plan's header. */
  public Map<Integer, Integer> levels() {
    return Map.of(1, levelDays[0], 2, levelDays[1], 3, levelDays[2], 4, levelDays[3], 5, levelDays[4]);
  }

  public int defaultDays() {
    return config.defaultDays();
  }
}
