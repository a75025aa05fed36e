package vn.soctinh.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.soctinh.app.cli.CliTest.soctinh;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.incident.Incident;
import vn.soctinh.analyzer.incident.IncidentRules;
import vn.soctinh.analyzer.incident.IncidentService;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.lucene.LuceneEventStore;
import vn.soctinh.app.TestConfigs;

/** {@code soctinh report incident}: the initial report of a stored incident as JSON and as a PDF whose text is the Vietnamese form. */
class ReportCommandTest {
  @TempDir Path tmp;

  @Test
  void theProvincesTemplatesDirectoryInTheConfigurationIsUsed() throws Exception {
    Path data = tmp.resolve("data");
    Path tpl = Files.createDirectories(tmp.resolve("mau-cua-tinh"));
    String builtIn = new String(ReportCommandTest.class.getResourceAsStream("/reports/monitoring.html").readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    Files.writeString(tpl.resolve("monitoring.html"), builtIn.replace("<h1>{{title}}</h1>", "<h1>{{title}}</h1><p>MẪU RIÊNG CỦA TỈNH THỬ NGHIỆM</p>"));
    Path cfg = tmp.resolve("soctinh.yml");
    Files.writeString(cfg, TestConfigs.loopbackYaml(data, "incidents:\n  regulation_dir: ../rules/regulation\nreports:\n  templates_dir: " + tpl + "\n"));
    try (LuceneEventStore store = LuceneEventStore.open(data.resolve("store"))) {
      store.commit("0");
    }
    Path out = tmp.resolve("m.html");
    CliTest.Run r = soctinh("report", "monitoring", "-c", cfg.toString(), "--from", "2026-12-01", "--to", "2026-12-08", "--format", "html", "-o", out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.readString(out).contains("MẪU RIÊNG CỦA TỈNH THỬ NGHIỆM"), "the adapted template, not the built-in one");
    Files.writeString(cfg, TestConfigs.loopbackYaml(data, "reports:\n  templates_dir: " + tmp.resolve("no-such-dir") + "\n"));
    CliTest.Run bad = soctinh("report", "monitoring", "-c", cfg.toString(), "--period", "weekly", "-o", out.toString());
    assertTrue(bad.code() != 0 && bad.err().contains("reports.templates_dir") && bad.err().contains("no such directory"), bad.err());
  }

  @Test
  void writesTheInitialReportFromTheStore() throws Exception {
    Path data = tmp.resolve("data");
    Files.createDirectories(data.resolve("org"));
    Files.writeString(data.resolve("org/directory.yml"), Files.readString(Path.of("../deploy/org.example.yml")));
    Path cfg = tmp.resolve("soctinh.yml");
    Files.writeString(cfg, TestConfigs.loopbackYaml(data, "incidents:\n  regulation_dir: ../rules/regulation\n"));
    String id = storeIncident(data);
    Path json = tmp.resolve("r.json");
    CliTest.Run r = soctinh("report", "incident", id, "-c", cfg.toString(), "--format", "json", "-o", json.toString(), "--field", "impact=Không đáng kể");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("for the agency to fill"), r.out());
    JsonObject report = new JsonObject(Files.readString(json));
    assertEquals("initial", report.getString("kind"));
    String text = report.encode();
    assertTrue(text.contains("Sở Tài chính") && text.contains("Phần mềm kế toán Sở Tài chính") && text.contains("Không đáng kể"), text);

    Path stix = tmp.resolve("r.stix.json");
    assertEquals(0, soctinh("report", "incident", id, "-c", cfg.toString(), "--format", "stix", "-o", stix.toString()).code());
    assertTrue(Files.readString(stix).contains("[ipv4-addr:value = '203.0.113.9']"), "the STIX bundle's indicator");

    Path pdf = tmp.resolve("r.pdf");
    assertEquals(0, soctinh("report", "incident", id, "-c", cfg.toString(), "-o", pdf.toString()).code());
    assertTrue(new String(Files.readAllBytes(pdf), 0, 5).startsWith("%PDF-"));
    Files.copy(pdf, Path.of("target/report-initial.pdf"), java.nio.file.StandardCopyOption.REPLACE_EXISTING); // to look at
    vn.soctinh.collector.testing.RequiredTools.assume(Files.isExecutable(Path.of("/usr/bin/pdftotext")), "pdftotext (poppler-utils) not installed");
    Process p = new ProcessBuilder("pdftotext", "-enc", "UTF-8", pdf.toString(), "-").start();
    String t = java.text.Normalizer.normalize(new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
        java.text.Normalizer.Form.NFC);
    assertEquals(0, p.waitFor());
    assertTrue(t.contains("BÁO CÁO BAN ĐẦU SỰ CỐ AN TOÀN THÔNG TIN MẠNG") && t.contains("Phần mềm kế toán Sở Tài chính") && t.contains(id), t);

    // the monitoring report of the day of the alert, for the province and for the finance department
    Path mon = tmp.resolve("m.json");
    CliTest.Run m = soctinh("report", "monitoring", "-c", cfg.toString(), "--from", "2026-12-03", "--to", "2026-12-04", "--format", "json", "-o", mon.toString());
    assertEquals(0, m.code(), m.err());
    JsonObject mj = new JsonObject(Files.readString(mon));
    assertEquals(1, mj.getLong("alerts"));
    assertEquals(1, mj.getInteger("incidents_opened"));
    CliTest.Run other = soctinh("report", "monitoring", "-c", cfg.toString(), "--from", "2026-12-03", "--to", "2026-12-04", "--org", "so-khcn",
        "--format", "json", "-o", mon.toString());
    assertEquals(0, other.code(), other.err());
    assertEquals(0, new JsonObject(Files.readString(mon)).getLong("alerts"), "so-khcn had none");
    Path monPdf = tmp.resolve("m.pdf");
    assertEquals(0, soctinh("report", "monitoring", "-c", cfg.toString(), "--from", "2026-12-03", "--to", "2026-12-04", "-o", monPdf.toString()).code());
    Files.copy(monPdf, Path.of("target/report-monitoring.pdf"), java.nio.file.StandardCopyOption.REPLACE_EXISTING); // to look at
    assertEquals(2, soctinh("report", "monitoring", "-c", cfg.toString(), "--period", "yearly", "-o", mon.toString()).code());
    assertEquals(2, soctinh("report", "monitoring", "-c", cfg.toString(), "--from", "yesterday", "--to", "2026-12-04", "-o", mon.toString()).code());
    assertEquals(0, soctinh("report", "monitoring", "-c", cfg.toString(), "--period", "weekly", "-o", tmp.resolve("w.pdf").toString()).code());

    CliTest.Run bad = soctinh("report", "incident", id, "-c", cfg.toString(), "--kind", "weekly", "-o", pdf.toString());
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--kind"), bad.err());
    CliTest.Run none = soctinh("report", "incident", "INC-2026-999999", "-c", cfg.toString(), "-o", pdf.toString());
    assertEquals(1, none.code());
  }

  /** One P2 incident of Sở Tài chính, from an alert detected at 2026-12-03T02:00:00Z; returns its id. */
  private static String storeIncident(Path data) throws Exception {
    try (LuceneEventStore store = LuceneEventStore.open(data.resolve("store"))) {
      Instant t = Instant.parse("2026-12-03T02:00:00Z");
      Event alert = new Event().put("@timestamp", t).put("event.id", "alert-1").put("event.kind", "alert").put("event.start", t)
          .put("rule.id", "ssh-bf").put("rule.name", "SSH brute force").put("labels.level", "high").put("labels.priority", "P2")
          .put("organization.id", "so-tai-chinh").put("labels.system_id", "ke-toan-stc").put("labels.security_level", "2")
          .put("labels.group_source_ip", "203.0.113.9");
      store.index(DocKind.ALERTS, List.of(alert));
      store.commit("1");
      store.refresh();
      IncidentService s = new IncidentService(store, new IncidentRules(IncidentRules.load(Path.of("../rules/regulation")), "legacy-2017"),
          IncidentService.Grouping.defaults(), Clock.systemUTC());
      Incident i = s.fromAlert(alert);
      store.commit("1");
      return i.id();
    }
  }

  @Test
  void theConfiguredTimezoneIsTheZoneOfTheReportsAndOfTheIncidentsTimes() throws Exception {
    Path data = tmp.resolve("data");
    Files.createDirectories(data.resolve("org"));
    Files.writeString(data.resolve("org/directory.yml"), Files.readString(Path.of("../deploy/org.example.yml")));
    Path vnCfg = tmp.resolve("vnCfg.yml");
    Files.writeString(vnCfg, TestConfigs.loopbackYaml(data, "incidents:\n  regulation_dir: ../rules/regulation\n"));
    Path parisCfg = tmp.resolve("parisCfg.yml");
    Files.writeString(parisCfg, TestConfigs.loopbackYaml(data, "timezone: Europe/Paris\nincidents:\n  regulation_dir: ../rules/regulation\n"));
    String id = storeIncident(data);

    // the report's "detected" field: 02:00 UTC is 09:00 in Hà Nội (the default), 03:00 in Paris
    Path json = tmp.resolve("r.json");
    assertEquals(0, soctinh("report", "incident", id, "-c", vnCfg.toString(), "--format", "json", "-o", json.toString()).code());
    assertTrue(Files.readString(json).contains("03/12/2026 09:00:00"), Files.readString(json));
    CliTest.Run r = soctinh("report", "incident", id, "-c", parisCfg.toString(), "--format", "json", "-o", json.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.readString(json).contains("03/12/2026 03:00:00"), Files.readString(json));

    // the monitoring report's period, given as UTC instants, is written in the configured zone
    Path html = tmp.resolve("m.html");
    assertEquals(0, soctinh("report", "monitoring", "-c", parisCfg.toString(), "--from", "2026-12-01T00:00:00Z", "--to", "2026-12-08T00:00:00Z",
        "--format", "html", "-o", html.toString()).code());
    assertTrue(Files.readString(html).contains("từ 01/12/2026 01:00 đến 08/12/2026 01:00"), Files.readString(html));

    // soctinh incidents show: the same deadline, written in each zone's local time
    CliTest.Run showVn = soctinh("incidents", "show", id, "-c", vnCfg.toString());
    CliTest.Run showParis = soctinh("incidents", "show", id, "-c", parisCfg.toString());
    assertEquals(0, showParis.code(), showParis.err());
    java.util.regex.Pattern due = java.util.regex.Pattern.compile("due (\\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d)");
    java.util.regex.Matcher a = due.matcher(showVn.out());
    java.util.regex.Matcher b = due.matcher(showParis.out());
    assertTrue(a.find() && b.find(), showVn.out() + "\n" + showParis.out());
    java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");
    assertEquals(java.time.LocalDateTime.parse(a.group(1), f).atZone(vn.soctinh.analyzer.DisplayZone.DEFAULT).toInstant(),
        java.time.LocalDateTime.parse(b.group(1), f).atZone(java.time.ZoneId.of("Europe/Paris")).toInstant(), "one instant: " + a.group(1) + " / " + b.group(1));
    assertTrue(!a.group(1).equals(b.group(1)), "six hours apart in December: " + a.group(1));
  }
}
