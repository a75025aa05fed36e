package vn.soctinh.app.config;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import vn.soctinh.analyzer.incident.RegulationPack;
import vn.soctinh.analyzer.retention.RetentionPolicy;
import vn.soctinh.analyzer.retention.RetentionSettings;

/**
 * The retention policy a configuration gives: its {@code retention:} figures under the active
 * regulation pack, a figure below the pack's minimum refused with its key's place in the file.
 */
public final class RetentionPolicies {
  private RetentionPolicies() {}

  /** The policy of {@code days} under {@code pack} (null: none); {@code configFile} names the keys of refused figures. */
  public static RetentionPolicy of(RetentionSettings.Days days, RegulationPack pack, Path configFile, ZoneId zone) throws ConfigException {
    List<ConfigProblem> problems = new ArrayList<>();
    for (RetentionPolicy.BelowPack b : RetentionPolicy.belowPack(days, pack)) problems.add(ConfigLoader.problemAt(configFile, b.key(), b.message()));
    problems.sort(java.util.Comparator.comparingInt(ConfigProblem::line)); // file order, as the loader reports
    if (!problems.isEmpty()) throw new ConfigException(problems);
    return RetentionPolicy.of(days, pack, zone);
  }

  /**
   * The policy of a configuration: its {@code retention:} figures under the active regulation pack
   * ({@code incidents.pack} in {@code incidents.regulation_dir}; none when that directory is switched off or absent).
   *
   * @throws IOException the packs do not load
   */
  public static RetentionPolicy of(SocTinhConfig c) throws IOException, ConfigException {
    return of(c.retention().days(), pack(c), c.source(), c.zone());
  }

  private static RegulationPack pack(SocTinhConfig c) throws IOException {
    Path dir = c.incidents().regulationDir();
    if (dir == null || !java.nio.file.Files.isDirectory(dir)) {
      System.getLogger(RetentionPolicies.class.getName()).log(System.Logger.Level.WARNING,
          "retention: no regulation pack (incidents.regulation_dir " + dir + "): only the retention: figures apply");
      return null;
    }
    try {
      return new vn.soctinh.analyzer.incident.IncidentRules(vn.soctinh.analyzer.incident.IncidentRules.load(dir), c.incidents().pack()).active();
    } catch (RegulationPack.PackException | IllegalArgumentException e) {
      throw new IOException("incidents.regulation_dir " + dir + ": " + e.getMessage(), e);
    }
  }
}
