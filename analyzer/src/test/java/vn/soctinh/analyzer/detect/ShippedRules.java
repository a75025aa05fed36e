package vn.soctinh.analyzer.detect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import vn.soctinh.analyzer.detect.sigma.SigmaMapping;
import vn.soctinh.analyzer.detect.sigma.SigmaRules;

/** The rules and mapping that ship in {@code rules/}, as the tests of the analyzer module see them (run from {@code analyzer/}). */
public final class ShippedRules {
  private ShippedRules() {}

  public static SigmaRules load() throws Exception {
    SigmaMapping mapping = SigmaMapping.parse(Files.readString(Path.of("../rules/sigma-mapping.yml")), "mapping");
    return SigmaRules.load(List.of(Path.of("../rules/sigma")), mapping, Map.of());
  }
}
