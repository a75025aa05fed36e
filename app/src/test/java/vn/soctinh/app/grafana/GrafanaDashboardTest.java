package vn.soctinh.app.grafana;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.app.SocTinh;
import vn.soctinh.app.TestConfigs;
import vn.soctinh.collector.metrics.Metric;
import vn.soctinh.collector.metrics.Metrics;

/**
 * deploy/grafana/soctinh.json only queries metrics SOC Tỉnh declares (a renamed metric breaks this,
 * not a dashboard at 3 a.m.), and a running server exports no SOC Tỉnh metric the catalogue lacks.
 */
class GrafanaDashboardTest {
  @TempDir Path tmp;
  private static final Set<String> PROMQL = Set.of("sum", "rate", "max", "min", "avg", "by", "without", "increase", "irate", "count", "deriv");
  /** The series Micrometer's Prometheus registry writes for a timer, after its name. */
  private static final List<String> TIMER_SERIES = List.of("", "_bucket", "_count", "_sum", "_max");

  @Test
  void everyQueriedMetricIsDeclaredAndEveryExportedOneIsInTheCatalogue() throws Exception {
    JsonObject dash = new JsonObject(Files.readString(Path.of("../deploy/grafana/soctinh.json")));
    assertEquals("soctinh", dash.getString("uid"));
    Set<String> names = new TreeSet<>();
    JsonArray panels = dash.getJsonArray("panels");
    assertTrue(panels.size() >= 10);
    Pattern metric = Pattern.compile("\\b([a-z_][a-z0-9_]*)\\s*(?=[{\\[)]|$)");
    for (int i = 0; i < panels.size(); i++) {
      for (Object t : panels.getJsonObject(i).getJsonArray("targets")) {
        String expr = ((JsonObject) t).getString("expr").replaceAll("\\{[^}]*}", "{}").replaceAll("by \\([^)]*\\)", "");
        Matcher m = metric.matcher(expr);
        while (m.find()) if (!PROMQL.contains(m.group(1))) names.add(m.group(1));
      }
    }
    assertTrue(names.contains("soctinh_received_messages_total"), names.toString());
    Map<String, Metric> series = series();
    String scrape;
    try (SocTinh app = SocTinh.start(TestConfigs.loopback(tmp.resolve("data"), "detection:\n  rules: [../rules/sigma]\n  mapping: ../rules/sigma-mapping.yml\n"));
        java.net.Socket s = new java.net.Socket("127.0.0.1", app.address("syslog_tcp").getPort())) {
      s.getOutputStream().write("<38>Dec  3 10:00:00 web-01 sshd[1]: Failed password for root from 203.0.113.9 port 22 ssh2\n".getBytes());
      s.getOutputStream().flush();
      long end = System.nanoTime() + 30_000_000_000L;
      while (!app.registry().scrape().contains("soctinh_analyzer_stored_events_total") && System.nanoTime() < end) Thread.sleep(100);
      scrape = app.registry().scrape();
    }
    assertTrue(scrape.contains("soctinh_analyzer_stored_events_total"), "the line was stored");
    List<String> missing = new ArrayList<>();
    for (String n : names) {
      // SOC Tỉnh's own metrics from the catalogue (tagged counters appear only on their first
      // increment); others (the JVM's) must be in a running server's scrape
      boolean known = n.startsWith("soctinh_") ? series.containsKey(n)
          : scrape.lines().anyMatch(l -> l.startsWith(n + "{") || l.startsWith(n + " "));
      if (!known) missing.add(n);
    }
    assertEquals(List.of(), missing, "queried by the dashboard but declared nowhere in Metrics");
    Set<String> undeclared = new TreeSet<>();
    for (String l : scrape.split("\n")) {
      String n = l.startsWith("soctinh") ? l.split("[{ ]", 2)[0] : null;
      if (n != null && !series.containsKey(n)) undeclared.add(n);
    }
    assertEquals(Set.of(), undeclared, "exported by a running server but not declared in Metrics");
  }

  /** Every series name the catalogue's metrics appear under in a scrape. */
  static Map<String, Metric> series() {
    Map<String, Metric> series = new TreeMap<>();
    for (Metric m : Metrics.all()) {
      if (m.type() == Metric.Type.TIMER) for (String suffix : TIMER_SERIES) series.put(m.prometheusName() + suffix, m);
      else series.put(m.prometheusName(), m);
    }
    return series;
  }
}
