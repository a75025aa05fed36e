package vn.soctinh.app.grafana;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.app.SocTinh;
import vn.soctinh.app.TestConfigs;

/** deploy/grafana/soctinh.json only queries metrics SOC Tỉnh exports (a renamed metric breaks this, not a dashboard at 3 a.m.). */
class GrafanaDashboardTest {
  @TempDir Path tmp;
  private static final Set<String> PROMQL = Set.of("sum", "rate", "max", "min", "avg", "by", "without", "increase", "irate", "count");

  @Test
  void everyQueriedMetricIsExported() throws Exception {
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
    String scrape;
    try (SocTinh app = SocTinh.start(TestConfigs.loopback(tmp.resolve("data"), "detection:\n  rules: [../rules/sigma]\n  mapping: ../rules/sigma-mapping.yml\n"));
        java.net.Socket s = new java.net.Socket("127.0.0.1", app.address("syslog_tcp").getPort())) {
      s.getOutputStream().write("<38>Dec  3 10:00:00 web-01 sshd[1]: Failed password for root from 203.0.113.9 port 22 ssh2\n".getBytes());
      s.getOutputStream().flush();
      long end = System.nanoTime() + 30_000_000_000L;
      while (!app.registry().scrape().contains("soctinh_analyzer_stored_events_total") && System.nanoTime() < end) Thread.sleep(100);
      scrape = app.registry().scrape();
    }
    String sources = javaSources();
    List<String> missing = new ArrayList<>();
    for (String n : names) {
      boolean exported = scrape.lines().anyMatch(l -> l.startsWith(n + "{") || l.startsWith(n + " "));
      // counters with a tag per value (level, stage) appear on their first increment: their name must at least be registered in the code
      String dotted = n.replaceAll("_total$", "").replace('_', '.');
      if (!exported && !sources.contains("\"" + dotted + "\"")) missing.add(n);
    }
    assertEquals(List.of(), missing, "queried by the dashboard but exported nowhere");
  }

  private static String javaSources() throws IOException {
    StringBuilder b = new StringBuilder();
    for (String module : List.of("collector", "analyzer", "app", "console")) {
      try (Stream<Path> s = Files.walk(Path.of("..", module, "src", "main", "java"))) {
        for (Path p : s.filter(f -> f.toString().endsWith(".java")).toList()) b.append(Files.readString(p));
      }
    }
    return b.toString();
  }
}
