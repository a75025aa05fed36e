package vn.soctinh.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.soctinh.app.cli.CliTest.soctinh;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.drill.DrillScenario;
import vn.soctinh.analyzer.drill.DrillScenarioParser;
import vn.soctinh.analyzer.drill.DrillScore;
import vn.soctinh.analyzer.drill.DrillView;
import vn.soctinh.app.SocTinh;
import vn.soctinh.app.TestConfigs;
import vn.soctinh.console.auth.Role;
import vn.soctinh.console.auth.UserStore;

/**
 * A whole drill programme against a running SOC Tỉnh: every shipped scenario is injected through
 * the real syslog TCP listener (one by the CLI, the others by the console's start button), every
 * step with an expected rule must be detected by it with a positive time to detect, incidents must
 * open (marked as drills), the blue team's moves and a referee's score must count, and the three
 * PDF reports must render with the Vietnamese headings and the step rows.
 */
class DrillEndToEndTest {
  @TempDir Path tmp;
  private static final String PASSWORD = "Trọng tài diễn tập 2026!";
  private static final double SPEED = 200;

  private HttpClient http;
  private String base;
  private String cookie;
  private String csrf;

  @Test
  void everyShippedScenarioIsDetectedScoredAndReported() throws Exception {
    Map<String, DrillScenario> scenarios = DrillScenarioParser.readDir(Path.of("../rules/drills"));
    assertTrue(scenarios.size() >= 5, "at least five scenarios ship: " + scenarios.keySet());
    String yaml = "detection:\n  rules: [../rules/sigma]\n  mapping: ../rules/sigma-mapping.yml\n  ioc: [../rules/ioc]\n"
        + "incidents:\n  regulation_dir: ../rules/regulation\ndrills:\n  scenarios_dir: ../rules/drills\n";
    Path data = tmp.resolve("data");
    Path cfg = tmp.resolve("soctinh.yml");
    Files.writeString(cfg, TestConfigs.loopbackYaml(data, yaml));
    new UserStore(data.resolve("console"), Clock.systemUTC()).add("trongtai", Role.ANALYST, null, PASSWORD.toCharArray(), false);

    try (SocTinh app = SocTinh.start(TestConfigs.loopback(data, yaml))) {
      login(app.console().port());
      assertEquals(0, soctinh("drill", "validate", "-c", cfg.toString(), "../rules/drills/" + "ssh-brute-force-privesc.yml").code());

      // 1. the CLI over RELP (acknowledged delivery): inject, wait for the pipeline, print per-step results
      CliTest.Run cli = soctinh("drill", "run", "../rules/drills/ssh-brute-force-privesc.yml", "--transport", "relp",
          "--target", "127.0.0.1:" + app.address("relp").getPort(),
          "--speed", String.valueOf(SPEED), "--json", "--wait", "90", "-c", cfg.toString());
      assertEquals(0, cli.code(), cli.out() + cli.err());
      JsonObject cliScore = new JsonObject(cli.out().strip().lines().reduce((a, b) -> b).orElseThrow());
      assertTrue(cliScore.getBoolean("all_detected"), cliScore.encodePrettily());
      for (Object o : cliScore.getJsonArray("steps")) {
        JsonObject s = (JsonObject) o;
        assertEquals("detected", s.getString("status"), s.encode());
        assertTrue(s.getLong("time_to_detect_ms") >= 0 && s.getString("detected_at").compareTo(s.getString("injected_at")) >= 0, s.encode());
      }
      Map<String, String> drillOf = new LinkedHashMap<>();
      drillOf.put("ssh-brute-force-privesc", cliScore.getString("drill_id"));

      // 2. the console: plan each other scenario and start it
      for (DrillScenario sc : scenarios.values()) {
        if (drillOf.containsKey(sc.id())) continue;
        JsonObject plan = post("/api/v1/drills", new JsonObject().put("scenario", sc.id()).put("speed", SPEED)
            .put("roles", new JsonObject().put("committee", new JsonArray().add("Ban tổ chức Sở TT&TT")).put("referees", new JsonArray().add("trongtai"))
                .put("red_team", new JsonArray().add("Đội tấn công Viettel")).put("blue_team", new JsonArray().add("Đội ứng cứu tỉnh"))));
        assertEquals("planned", plan.getString("status"), plan.encode());
        JsonObject started = post("/api/v1/drills/" + plan.getString("id") + "/start", new JsonObject());
        assertEquals("running", started.getString("status"));
        drillOf.put(sc.id(), plan.getString("id"));
      }

      // every step with an expected rule is detected by one of them, after its injection; incidents open as drills
      for (DrillScenario sc : scenarios.values()) {
        String id = drillOf.get(sc.id());
        DrillScore score = awaitDetected(app, id, 90);
        for (DrillScore.Row r : score.rows()) {
          if (r.step().expectRules().isEmpty()) {
            assertEquals(DrillScore.Status.NOT_EXPECTED, r.status());
            continue;
          }
          assertEquals(DrillScore.Status.DETECTED, r.status(), sc.id() + "/" + r.step().id() + ": " + r);
          assertTrue(r.toDetect().toNanos() > 0, sc.id() + "/" + r.step().id() + ": a positive time to detect, not " + r.toDetect());
          assertTrue(r.step().expectRules().containsAll(r.rules()) && !r.rules().isEmpty(), r.toString());
          assertEquals(r.step().messages(), r.injected(), "every line of " + r.step().id() + " was stored with its mark");
          if (r.step().expectIncident()) {
            assertNotNull(r.incidentId(), sc.id() + "/" + r.step().id() + " opened an incident");
            JsonObject inc = get("/api/v1/incidents/" + r.incidentId());
            assertTrue(inc.getBoolean("drill"), "a drill incident pages nobody: " + inc.encode());
          }
        }
        assertTrue(score.blue().points() > 0 && score.red().points() == 0, sc.id() + ": " + score.blue() + " " + score.red());
      }

      // 3. the blue team acknowledges and contains one incident; a referee adds points and notes
      String win = drillOf.get("windows-ransomware-precursor");
      JsonObject before = get("/api/v1/drills/" + win).getJsonObject("score");
      JsonObject vss = step(before, "shadow-copy-delete");
      String inc = vss.getString("incident");
      post("/api/v1/incidents/" + inc + "/transition", new JsonObject().put("to", "triage"));
      post("/api/v1/incidents/" + inc + "/transition", new JsonObject().put("to", "containing"));
      post("/api/v1/drills/" + win + "/referee", new JsonObject().put("team", "blue").put("points", 50).put("note", "Cô lập máy chủ FS01 nhanh"));
      post("/api/v1/drills/" + win + "/notes", new JsonObject().put("lessons", "Cần khóa tài khoản sau 5 lần đăng nhập sai.")
          .put("organisation", "Tổ trực SOC 24/7, trưởng ca điều phối.").put("verdict", "Tấn công có chủ đích, dấu hiệu mã độc tống tiền."));
      JsonObject after = get("/api/v1/drills/" + win).getJsonObject("score");
      JsonObject vssAfter = step(after, "shadow-copy-delete");
      assertNotNull(vssAfter.getLong("time_to_acknowledge_ms"), vssAfter.encode());
      assertNotNull(vssAfter.getLong("time_to_contain_ms"), vssAfter.encode());
      assertTrue(vssAfter.getDouble("points") > vss.getDouble("points"), "acknowledging and containing score: " + vss + " → " + vssAfter);
      assertEquals(50.0, after.getJsonObject("blue").getDouble("manual"));
      assertTrue(after.getJsonObject("blue").getDouble("percent") > before.getJsonObject("blue").getDouble("percent"));

      // a drill list names them all, in the console and on the command line (the CLI's drill has no plan)
      JsonArray listed = get("/api/v1/drills").getJsonArray("drills");
      CliTest.Run list = soctinh("drill", "list", "-c", cfg.toString());
      assertEquals(0, list.code(), list.err());
      for (String id : drillOf.values()) {
        assertTrue(listed.encode().contains(id), id + " in " + listed.encode());
        assertTrue(list.out().contains(id), id + " in " + list.out());
      }
      assertTrue(list.out().contains(drillOf.get("ssh-brute-force-privesc") + "  injected (no plan)"), list.out());

      // 4. the reports: blue, red, committee as PDF, through the API and the CLI
      vn.soctinh.collector.testing.RequiredTools.assume(Files.isExecutable(Path.of("/usr/bin/pdftotext")),
          "pdftotext (poppler-utils) is needed for the PDF checks");
      for (DrillScenario sc : scenarios.values()) {
        String id = drillOf.get(sc.id());
        String blue = pdfText(bytes("/api/v1/drills/" + id + "/report?kind=blue&format=pdf"));
        assertTrue(blue.contains("Báo cáo của đội phòng thủ") && blue.contains("Diễn biến tấn công và xử lý") && blue.contains(id), blue);
        for (DrillScenario.Step s : sc.steps()) assertTrue(squash(blue).contains(squash(s.name())), "blue report row for " + s.id() + ":\n" + blue);
        assertTrue(blue.contains("Đã phát hiện"), blue);
        String red = pdfText(bytes("/api/v1/drills/" + id + "/report?kind=red&format=pdf"));
        assertTrue(red.contains("Báo cáo của đội tấn công") && red.contains("Khuyến nghị"), red);
        for (DrillScenario.Step s : sc.steps()) if (s.finding() != null) assertTrue(squash(red).contains(squash(s.finding().name())), s.id() + ":\n" + red);
        Path committee = tmp.resolve(sc.id() + "-committee.pdf");
        CliTest.Run r = soctinh("drill", "report", id, "--kind", "committee", "-o", committee.toString(), "-c", cfg.toString());
        assertEquals(0, r.code(), r.err());
        String ct = pdfText(Files.readAllBytes(committee));
        assertTrue(ct.contains("Báo cáo tổng kết diễn tập của Ban tổ chức") && ct.contains("Đội phòng thủ") && ct.contains("Kết quả chấm điểm"), ct);
      }
      String winCommittee = pdfText(bytes("/api/v1/drills/" + win + "/report?kind=committee&format=pdf"));
      assertTrue(winCommittee.contains("Cô lập máy chủ FS01 nhanh") && winCommittee.contains("Tấn công có chủ đích"), winCommittee);
      String winBlue = pdfText(bytes("/api/v1/drills/" + win + "/report?kind=blue&format=pdf"));
      assertTrue(winBlue.contains("Cần khóa tài khoản sau 5 lần đăng nhập sai.") && winBlue.contains("Tổ trực SOC 24/7"), winBlue);
      Files.write(Path.of("target/drill-blue.pdf"), bytes("/api/v1/drills/" + win + "/report?kind=blue&format=pdf")); // to look at
    }
  }

  @Test
  void aDrillMarkFromAnAddressNotInInjectorsIsIgnored() throws Exception {
    String yaml = "detection:\n  rules: [../rules/sigma]\n  mapping: ../rules/sigma-mapping.yml\n"
        + "incidents:\n  regulation_dir: ../rules/regulation\ndrills:\n  scenarios_dir: ../rules/drills\n  injectors: [192.0.2.0/24]\n";
    Path data = tmp.resolve("data");
    Path cfg = tmp.resolve("soctinh.yml");
    Files.writeString(cfg, TestConfigs.loopbackYaml(data, yaml));
    try (SocTinh app = SocTinh.start(TestConfigs.loopback(data, yaml))) {
      CliTest.Run r = soctinh("drill", "run", "../rules/drills/ssh-brute-force-privesc.yml", "--target", "127.0.0.1:" + app.address("syslog_tcp").getPort(),
          "--speed", String.valueOf(SPEED), "--wait", "3", "--id", "DR-FAKE-1", "-c", cfg.toString());
      assertEquals(1, r.code(), "no step was scored as a drill: " + r.out());
      // the attack is still there, as a real one: its alert is not a drill's and may page
      long deadline = System.nanoTime() + 60_000_000_000L;
      String refused = "";
      CliTest.Run alerts = null;
      while (System.nanoTime() < deadline) {
        refused = soctinh("search", "-c", cfg.toString(), "--json", "tags:_drill_mark_refused").out();
        alerts = soctinh("search", "-c", cfg.toString(), "--alerts", "--json", "rule.id:\"5b7f4a2e-9c1d-4e6b-8a3f-sshb-0016\"");
        if (refused.contains("\"total\":15") && alerts.out().contains("\"total\":1")) break;
        Thread.sleep(500);
      }
      assertTrue(refused.contains("\"total\":15"), "every marked line kept and tagged: " + refused);
      assertTrue(alerts.out().contains("\"total\":1"), alerts.out());
      assertFalse(alerts.out().contains("drill"), "no drill label on a refused mark's alert: " + alerts.out());
      assertTrue(app.registry().scrape().contains("soctinh_drill_marks_refused_total 15.0"), "refusals are counted");

      // a plan marked auto_start starts by itself once its window has opened; one whose window has closed does not
      java.time.Instant now = java.time.Instant.now();
      vn.soctinh.analyzer.drill.DrillPlan due = vn.soctinh.analyzer.drill.DrillPlanBuilder.builder().id("DR-AUTO-1").scenarioId("phishing-malicious-domain")
          .title("tự động").windowStart(now.minusSeconds(5)).windowEnd(now.plusSeconds(3600)).autoStart(true).speed(100).createdBy("test").createdAt(now).build();
      app.drills().add(due);
      app.drills().add(vn.soctinh.analyzer.drill.DrillPlanBuilder.builder().id("DR-AUTO-2").scenarioId("phishing-malicious-domain")
          .title("quá hạn").windowStart(now.minusSeconds(7200)).windowEnd(now.minusSeconds(3600)).autoStart(true).speed(100).createdBy("test").createdAt(now).build());
      long until = System.nanoTime() + 60_000_000_000L;
      String status = "planned";
      while (System.nanoTime() < until && !status.equals("injected")) {
        Thread.sleep(500);
        status = app.drills().plans().stream().filter(p -> p.id().equals("DR-AUTO-1")).findFirst().orElseThrow().status();
      }
      assertEquals("injected", status, "started by the schedule and sent in full");
      assertEquals("planned", app.drills().plans().stream().filter(p -> p.id().equals("DR-AUTO-2")).findFirst().orElseThrow().status());
    }
  }

  private static DrillScore awaitDetected(SocTinh app, String id, int seconds) throws Exception {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    DrillView v = null;
    while (System.nanoTime() < deadline) {
      v = app.drills().view(id);
      if (v != null && v.score().allDetected() && v.score().rows().stream().allMatch(r -> r.injectedAt() != null)
          && v.score().rows().stream().allMatch(r -> !r.step().expectIncident() || r.incidentId() != null)) {
        return v.score();
      }
      Thread.sleep(300);
    }
    return v == null ? null : v.score();
  }

  private static JsonObject step(JsonObject score, String id) {
    for (Object o : score.getJsonArray("steps")) if (((JsonObject) o).getString("id").equals(id)) return (JsonObject) o;
    throw new AssertionError("no step " + id + " in " + score.encode());
  }

  /** Text without white space: a table cell may wrap a name over lines anywhere. */
  private static String squash(String s) {
    return s.replaceAll("\\s+", "");
  }

  private static String pdfText(byte[] pdf) throws Exception {
    assertTrue(new String(pdf, 0, 5, StandardCharsets.US_ASCII).startsWith("%PDF-"));
    Path f = Files.createTempFile("drill", ".pdf");
    Files.write(f, pdf);
    Process p = new ProcessBuilder("pdftotext", "-raw", "-enc", "UTF-8", f.toString(), "-").start();
    String t = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor());
    Files.delete(f);
    // pdftotext gives ligature glyphs (ﬀ, ﬁ, ﬂ, ﬃ, ﬄ) as such: a drill id with "ff" in its hex came out as "ﬀ"
    return java.text.Normalizer.normalize(t, java.text.Normalizer.Form.NFC).replace("\uFB03", "ffi").replace("\uFB04", "ffl")
        .replace("\uFB00", "ff").replace("\uFB01", "fi").replace("\uFB02", "fl")
        .replaceAll("(?m)^Trang \\d+/\\d+$", "").replaceAll("[ \\t]+", " ");
  }

  private void login(int consolePort) throws Exception {
    http = HttpClient.newBuilder().sslContext(UsersCommandTest.trustAll()).build();
    base = "https://127.0.0.1:" + consolePort;
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login")).header("Content-Type", "application/json")
        .header("Origin", base).POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("user", "trongtai").put("password", PASSWORD).encode()))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    csrf = new JsonObject(r.body()).getString("csrf");
    cookie = r.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("__Host-soctinh_sid=")).findFirst().orElseThrow().split(";")[0];
  }

  private HttpRequest.Builder req(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie).header("Origin", base).header("X-CSRF-Token", csrf);
  }

  private JsonObject get(String path) throws Exception {
    HttpResponse<String> r = http.send(req(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return new JsonObject(r.body());
  }

  private byte[] bytes(String path) throws Exception {
    HttpResponse<byte[]> r = http.send(req(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode(), path + ": " + new String(r.body(), StandardCharsets.UTF_8));
    return r.body();
  }

  private JsonObject post(String path, JsonObject body) throws Exception {
    HttpResponse<String> r = http.send(req(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return new JsonObject(r.body());
  }
}
