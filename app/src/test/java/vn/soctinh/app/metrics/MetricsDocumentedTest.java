package vn.soctinh.app.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import vn.soctinh.collector.metrics.Metric;
import vn.soctinh.collector.metrics.Metrics;

/** The operator guide's metrics table lists exactly the catalogue: name, tag keys and type, so the docs cannot drift. */
class MetricsDocumentedTest {
  private static final Pattern ROW = Pattern.compile("^\\| `(soctinh_[a-z0-9_]+)(?:\\{([a-z_,]+)})?` \\| ([a-z]+) \\| .+ \\|$");

  @Test
  void theOperatorGuidesMetricsTableListsExactlyTheCatalogue() throws Exception {
    Map<String, String> documented = table(Files.readString(Path.of("../docs/operator-guide.md")));
    Map<String, String> declared = new TreeMap<>();
    for (Metric m : Metrics.all()) declared.put(m.prometheusName(), row(m));
    assertEquals(declared, documented, "docs/operator-guide.md, section Metrics: one row per metric in Metrics.java");
  }

  @Test
  void aMissingRowOrAWrongTagIsSeen() {
    String guide = "# Guide\n\n## Metrics (`GET /metrics`, Prometheus text format)\n\n| metric | type | meaning |\n|---|---|---|\n"
        + "| `soctinh_errors_total{stage,agency}` | counter | failures |\n\n## Next\n| `soctinh_connections{listener}` | gauge | x |\n";
    Map<String, String> documented = table(guide);
    assertEquals(Map.of("soctinh_errors_total", "{stage,agency} counter"), documented);
    assertTrue(!documented.get("soctinh_errors_total").equals(row(Metrics.ERRORS)), "the wrong tag set differs");
  }

  /** name → "{tags} type" of each row of the table after the "## Metrics" heading, up to the next blank line. */
  static Map<String, String> table(String guide) {
    int at = guide.indexOf("\n## Metrics (");
    assertTrue(at >= 0, "no '## Metrics' section");
    List<String> lines = guide.substring(at + 1).lines().toList();
    Map<String, String> rows = new TreeMap<>();
    List<String> unreadable = new ArrayList<>();
    int i = 1;
    while (i < lines.size() && !lines.get(i).startsWith("| metric ")) i++;
    for (i += 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      Matcher m = ROW.matcher(lines.get(i));
      if (!m.matches()) unreadable.add(lines.get(i));
      else if (rows.put(m.group(1), "{" + (m.group(2) == null ? "" : m.group(2)) + "} " + m.group(3)) != null) unreadable.add("twice: " + lines.get(i));
    }
    assertEquals(List.of(), unreadable, "rows are | `name{tag,...}` | counter/gauge/timer | meaning |");
    return rows;
  }

  private static String row(Metric m) {
    return "{" + String.join(",", m.tagKeys()) + "} " + m.type().name().toLowerCase(java.util.Locale.ROOT);
  }
}
