package vn.soctinh.app.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import vn.soctinh.collector.metrics.Metric;
import vn.soctinh.collector.metrics.Metrics;

/**
 * Metric names live in collector's Metrics and nowhere else in main code: no other file names a
 * declared metric in a string, and none registers a meter itself (so none with a name of its own).
 */
class MetricLiteralsTest {
  private static final Path CATALOGUE = Path.of("vn", "soctinh", "collector", "metrics");
  private static final Pattern LITERAL = Pattern.compile("\"(soctinh[._][A-Za-z0-9._]*)\"");
  private static final Pattern REGISTRATION = Pattern.compile(
      "\\b(?:Counter|Gauge|Timer|FunctionCounter|FunctionTimer|DistributionSummary|LongTaskTimer|TimeGauge|MultiGauge)\\.builder\\("
          + "|\\.more\\(\\)\\.|\\.(?:counter|gauge|timer|summary|gaugeCollectionSize|gaugeMapSize)\\(\\s*\""
          + "|\\b[A-Za-z]*[Rr]egistry(?:\\(\\))?\\.(?:counter|gauge|timer|summary|gaugeCollectionSize|gaugeMapSize)\\(");

  @Test
  void noMainSourceOutsideTheCatalogueNamesOrRegistersAMetric() throws IOException {
    List<String> found = new ArrayList<>();
    for (String module : List.of("collector", "analyzer", "app", "console", "bench")) {
      Path root = Path.of("..", module, "src", "main", "java");
      if (!Files.isDirectory(root)) continue;
      try (Stream<Path> s = Files.walk(root)) {
        for (Path p : s.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
          if (module.equals("collector") && root.relativize(p).getParent().equals(CATALOGUE)) continue;
          found.addAll(offences(p.toString(), Files.readString(p)));
        }
      }
    }
    assertEquals(List.of(), found, "declare metrics in collector/.../metrics/Metrics.java and register them through Metric");
  }

  @Test
  void theScanSeesALiteralAndARegistration() {
    String source = "class X {\n  void f(MeterRegistry r) {\n    Counter.builder(\"soctinh.new.thing\").register(r);\n"
        + "    r.find(\"soctinh.errors\");\n    r.gauge(\"other\", 1);\n    r.more().counter(n, List.of(), this, x -> 1);\n"
        + "    String ok = \"soctinh.event_ids\";\n    metrics.registry().timer(NAME);\n  }\n}\n";
    assertEquals(List.of("X.java:3: registers a meter: Counter.builder(", "X.java:4: names a metric: \"soctinh.errors\"",
        "X.java:5: registers a meter: .gauge(\"", "X.java:6: registers a meter: .more().",
        "X.java:8: registers a meter: registry().timer("), offences("X.java", source));
  }

  static List<String> offences(String file, String source) {
    Set<String> names = new HashSet<>();
    for (Metric m : Metrics.all()) {
      names.add(m.name());
      names.add(m.prometheusName());
      names.add(m.prometheusName().replaceFirst("_total$", ""));
    }
    List<String> found = new ArrayList<>();
    String[] lines = source.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher r = REGISTRATION.matcher(lines[i]);
      while (r.find()) found.add(file + ":" + (i + 1) + ": registers a meter: " + r.group());
      Matcher l = LITERAL.matcher(lines[i]);
      while (l.find()) if (names.contains(l.group(1))) found.add(file + ":" + (i + 1) + ": names a metric: " + l.group());
    }
    return found;
  }
}
