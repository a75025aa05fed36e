package vn.soctinh.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.incident.RegulationPack;

/**
 * Initial and closing incident reports through the API: every field each pack asks for is there,
 * filled from the data or marked for a human; the PDF's text (pdftotext) has the Vietnamese form;
 * log-line text stays text; another agency's incident has no report for a viewer.
 */
class IncidentReportTest {
  @TempDir Path dir;

  @Test
  void reportsHaveEveryFieldOfThePackAndRenderInVietnamese() throws Exception {
    try (ConsoleFixture f = new ConsoleFixture(dir)) {
      Client c = f.loggedIn("analyst");
      String id = f.ownIncident.id();
      c.post("/api/v1/incidents/" + id + "/comments", new JsonObject().put("text", "Đã chặn <script>alert(1)</script> tại tường lửa"));
      Map<String, RegulationPack> packs = vn.soctinh.analyzer.incident.IncidentRules.load(Path.of("").toAbsolutePath().getParent().resolve("rules/regulation"));
      RegulationPack pack = packs.get(f.ownIncident.pack());
      for (String kind : List.of("initial", "closing")) {
        JsonObject r = c.get("/api/v1/incidents/" + id + "/report?kind=" + kind + "&format=json").json();
        JsonArray fields = r.getJsonArray("fields");
        List<String> ids = fields.stream().map(o -> ((JsonObject) o).getString("id")).toList();
        assertEquals(pack.reports().get(kind), ids, "every field of the " + kind + " form, in the pack's order");
        for (Object o : fields) {
          JsonObject fld = (JsonObject) o;
          assertTrue(fld.getBoolean("needs_human") || !fld.getString("value", "").isBlank(), "filled or marked: " + fld);
          assertFalse(fld.getString("label").isBlank());
        }
      }
      JsonObject initial = c.get("/api/v1/incidents/" + id + "/report?kind=initial&format=json").json();
      assertEquals("Sở Khoa học và Công nghệ", value(initial, "reporting_org"));
      assertTrue(value(initial, "contact").contains("Nguyễn Văn An"), "the agency's contact from the organisation file");
      assertTrue(value(initial, "detection_method").contains("SSH brute force"));
      assertEquals(null, value(initial, "impact"), "impact is a human's judgement");
      assertFalse(initial.getBoolean("complete"));

      Client.Response filled = c.post("/api/v1/incidents/" + id + "/report", new JsonObject().put("kind", "initial").put("format", "json")
          .put("fields", new JsonObject().put("impact", "Gián đoạn đăng nhập 15 phút").put("support_requested", "Không")));
      assertEquals("Gián đoạn đăng nhập 15 phút", value(filled.json(), "impact"));

      String html = c.get("/api/v1/incidents/" + id + "/report?kind=initial&format=html").body();
      assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "text from comments and logs is escaped");
      assertFalse(html.contains("<script>alert"));

      Client.Response pdf = c.send("GET", "/api/v1/incidents/" + id + "/report?kind=initial&format=pdf", null, null);
      assertEquals(200, pdf.status());
      vn.soctinh.collector.testing.RequiredTools.assume(Files.isExecutable(Path.of("/usr/bin/pdftotext")),
          "pdftotext (poppler-utils) checks the PDF's text");
      String text = pdfText(f, c, "/api/v1/incidents/" + id + "/report?kind=initial&format=pdf");
      for (String s : new String[] {"BÁO CÁO BAN ĐẦU SỰ CỐ AN TOÀN THÔNG TIN MẠNG", "Độc lập - Tự do - Hạnh phúc", "Đơn vị báo cáo",
          "Sở Khoa học và Công nghệ", "Cần đơn vị bổ sung", "Ủy ban nhân dân tỉnh Thử Nghiệm".toUpperCase(java.util.Locale.forLanguageTag("vi")), id}) {
        // the issuing authority may wrap within its column, as official headings do
        assertTrue(text.contains(s) || text.replace('\n', ' ').contains(s), s + " in the PDF text:\n" + text);
      }
      // the national heading stays on one line, and every row has its Vietnamese label, not a key (issue #19)
      assertTrue(text.lines().anyMatch(l -> l.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")), "the heading on one line:\n" + text);
      assertFalse(text.contains("national_security"), text);
      String closing = pdfText(f, c, "/api/v1/incidents/" + id + "/report?kind=closing&format=pdf");
      assertTrue(closing.contains("BÁO CÁO KẾT THÚC ỨNG CỨU SỰ CỐ") && closing.contains("Diễn biến"), closing);

      // sending freezes the PDF as evidence, versioned, and meets the report's deadline
      JsonObject sent = c.post("/api/v1/incidents/" + id + "/report/send", new JsonObject().put("kind", "initial")
          .put("fields", new JsonObject().put("impact", "Không đáng kể"))).json();
      JsonObject rep = sent.getJsonObject("report");
      assertEquals(1, rep.getInteger("version"));
      assertTrue(sent.getJsonObject("times").containsKey("initial_report_sent"), sent.encode());
      Client.Response frozen = c.send("GET", "/api/v1/incidents/" + id + "/evidence/" + rep.getString("sha256"), null, null);
      assertEquals(200, frozen.status());
      String again = c.post("/api/v1/incidents/" + id + "/report/send", new JsonObject().put("kind", "initial")).json().getJsonObject("report")
          .getString("name");
      assertTrue(again.endsWith("-initial-v2.pdf"), again);
      assertTrue(f.loggedIn("auditor").get("/api/v1/audit?action=report_sent").body().contains(rep.getString("sha256")));

      Client viewer = f.loggedIn("viewer");
      assertEquals(404, viewer.get("/api/v1/incidents/" + f.otherIncident.id() + "/report?kind=initial&format=json").status());
      assertEquals(200, viewer.get("/api/v1/incidents/" + id + "/report?kind=initial&format=json").status(), "the agency reads its own");
      assertEquals(400, c.get("/api/v1/incidents/" + id + "/report?kind=weekly&format=json").status());
    }
  }

  @Test
  void anAnalystsDraftIsKeptBetweenEditsAndTheSentReportStartsFromIt() throws Exception {
    try (ConsoleFixture f = new ConsoleFixture(dir)) {
      Client c = f.loggedIn("analyst");
      String id = f.ownIncident.id();
      String base = "/api/v1/incidents/" + id + "/report";
      JsonObject empty = c.get(base + "/draft?kind=initial").json();
      assertTrue(empty.getJsonObject("fields").isEmpty());
      assertEquals(null, value(empty.getJsonObject("report"), "impact"));
      Client.Response saved = c.post(base + "/draft", new JsonObject().put("kind", "initial")
          .put("fields", new JsonObject().put("impact", "Cổng dịch vụ công gián đoạn 20 phút").put("support_requested", "Không")));
      assertEquals(200, saved.status(), saved.body());
      // a second edit changes one field and keeps the other; an empty text removes a field
      c.post(base + "/draft", new JsonObject().put("kind", "initial").put("fields", new JsonObject().put("support_requested", "")
          .put("actions_taken", "Mật khẩu yếu <b>admin</b>")));
      JsonObject d = c.get(base + "/draft?kind=initial").json();
      assertEquals("Cổng dịch vụ công gián đoạn 20 phút", d.getJsonObject("fields").getString("impact"));
      assertFalse(d.getJsonObject("fields").containsKey("support_requested"));
      assertEquals("analyst", d.getString("by"));
      assertEquals("Cổng dịch vụ công gián đoạn 20 phút", value(d.getJsonObject("report"), "impact"));
      assertEquals("Cổng dịch vụ công gián đoạn 20 phút", value(c.get(base + "?kind=initial&format=json").json(), "impact"), "rendering starts from the draft");
      assertTrue(c.get(base + "/draft?kind=closing").json().getJsonObject("fields").isEmpty(), "drafts are per report kind");
      assertTrue(c.get(base + "?kind=initial&format=html").body().contains("Mật khẩu yếu &lt;b&gt;admin&lt;/b&gt;"), "a draft is escaped like any text");
      assertEquals(400, c.post(base + "/draft", new JsonObject().put("kind", "../../users")).status(), "no path from the kind");
      assertEquals(403, f.loggedIn("auditor").post(base + "/draft", new JsonObject().put("kind", "initial")).status(), "read-only roles cannot edit");
      long stillMissing = c.get(base + "?kind=initial&format=json").json().getJsonArray("fields").stream()
          .filter(o -> ((JsonObject) o).getBoolean("needs_human")).count();
      Client.Response sent = c.post(base + "/send", new JsonObject().put("kind", "initial"));
      assertEquals(200, sent.status(), sent.body());
      assertEquals(stillMissing, (long) sent.json().getJsonObject("report").getInteger("fields_missing"), "the drafted fields count as written");
      if (java.nio.file.Files.isExecutable(Path.of("/usr/bin/pdftotext"))) {
        String sha = sent.json().getJsonObject("report").getString("sha256");
        String text = pdfText(f, c, "/api/v1/incidents/" + id + "/evidence/" + sha, "application/octet-stream");
        assertTrue(text.contains("Cổng dịch vụ công gián đoạn 20 phút"), "the frozen PDF holds the draft's text: " + text);
      }
    }
  }

  static String value(JsonObject report, String field) {
    for (Object o : report.getJsonArray("fields")) {
      JsonObject f = (JsonObject) o;
      if (f.getString("id").equals(field)) return f.getString("value");
    }
    throw new AssertionError("no field " + field);
  }

  /** The PDF as the console serves it, through pdftotext (text NFC-normalised for the comparison). */
  static String pdfText(ConsoleFixture f, Client c, String path) throws Exception {
    return pdfText(f, c, path, "application/pdf");
  }

  /** As above; evidence downloads are served as application/octet-stream, whatever they hold. */
  static String pdfText(ConsoleFixture f, Client c, String path, String type) throws Exception {
    javax.net.ssl.SSLContext ctx = Client.trusting(f.server.certFile());
    HttpResponse<byte[]> r = java.net.http.HttpClient.newBuilder().sslContext(ctx).build().send(HttpRequest.newBuilder(URI.create(f.base() + path))
        .header("Cookie", "__Host-soctinh_sid=" + c.cookie).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode());
    assertEquals(type, r.headers().firstValue("Content-Type").orElse(""));
    Path pdf = Files.createTempFile(f.dir, "report", ".pdf");
    Files.write(pdf, r.body());
    Process p = new ProcessBuilder("pdftotext", "-enc", "UTF-8", pdf.toString(), "-").redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor());
    return java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFC);
  }

  /** Issue #19: every field of every shipped pack's incident forms has its Vietnamese label (row 13 once read "national_security"). */
  @Test
  void everyFieldOfEveryShippedFormHasAVietnameseLabel() throws Exception {
    java.util.List<String> missing = new java.util.ArrayList<>();
    try (var files = Files.list(Path.of("../rules/regulation"))) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".yml"))::iterator) {
        var pack = vn.soctinh.analyzer.incident.RegulationPack.parse(Files.readString(f), f.toString());
        for (var form : pack.reports().entrySet()) {
          if (!vn.soctinh.console.report.IncidentReport.TITLES.containsKey(form.getKey())) continue; // monitoring: MonitoringReport's own
          for (String field : form.getValue()) {
            if (!vn.soctinh.console.report.IncidentReport.LABELS.containsKey(field)) missing.add(pack.id() + "/" + form.getKey() + "/" + field);
          }
        }
      }
    }
    assertTrue(missing.isEmpty(), "fields without a label: " + missing);
  }
}
