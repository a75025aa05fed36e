package vn.soctinh.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The periodic monitoring report: the province's figures, an agency's subtree only for its viewer, and the PDF's Vietnamese text. */
class MonitoringReportTest {
  @TempDir Path dir;

  static long count(JsonArray buckets, String key) {
    for (Object o : buckets) if (((JsonObject) o).getString("key").equals(key)) return ((JsonObject) o).getLong("count");
    return 0;
  }

  @Test
  void theProvinceAndAnAgencyPeriod() throws Exception {
    try (ConsoleFixture f = new ConsoleFixture(dir)) {
      String period = "from=" + enc(f.clock.instant().minus(Duration.ofDays(7)).toString()) + "&to=" + enc(f.clock.instant().plusSeconds(60).toString());
      Client a = f.loggedIn("analyst");
      JsonObject m = a.get("/api/v1/reports/monitoring?" + period).json();
      assertEquals(3, m.getLong("events"));
      assertEquals(2, m.getLong("alerts"));
      assertEquals(1, count(m.getJsonArray("events_per_agency"), "so-tai-chinh"));
      assertEquals(2, count(m.getJsonArray("alerts_per_level"), "high"));
      assertEquals(2, count(m.getJsonArray("top_attackers"), "203.0.113.9"));
      assertEquals(2, m.getInteger("incidents_opened"));
      assertEquals(2, m.getInteger("sources_watched"));
      assertEquals(2, m.getJsonArray("sources_silent").size());
      assertEquals("toàn tỉnh", m.getString("scope"));

      Client v = f.loggedIn("viewer");
      JsonObject mine = v.get("/api/v1/reports/monitoring?" + period).json();
      assertEquals(2, mine.getLong("events"), "so-khcn and its unit");
      assertEquals(1, mine.getInteger("incidents_opened"));
      assertEquals(1, mine.getInteger("sources_watched"));
      assertFalse(mine.encode().contains(ConsoleFixture.OTHER_MARK) || mine.encode().contains("so-tai-chinh"), mine.encode());
      assertEquals(404, v.get("/api/v1/reports/monitoring?org=so-tai-chinh&" + period).status(), "another agency's report does not exist for it");
      JsonObject unit = a.get("/api/v1/reports/monitoring?org=ttcds&" + period).json();
      assertEquals(1, unit.getLong("events"));
      assertEquals("Trung tâm Chuyển đổi số", unit.getString("scope"));
      assertEquals(400, a.get("/api/v1/reports/monitoring?format=docx").status());

      Client.Response pdf = a.send("GET", "/api/v1/reports/monitoring?format=pdf&" + period, null, null);
      assertEquals(200, pdf.status());
      vn.soctinh.collector.testing.RequiredTools.assume(Files.isExecutable(Path.of("/usr/bin/pdftotext")), "pdftotext (poppler-utils) not installed");
      String text = IncidentReportTest.pdfText(f, a, "/api/v1/reports/monitoring?format=pdf&" + period);
      for (String s : new String[] {"BÁO CÁO GIÁM SÁT AN TOÀN THÔNG TIN MẠNG ĐỊNH KỲ", "Sự kiện theo cơ quan", "Sở Tài chính", "Sở Khoa học và Công nghệ",
          "Nguồn log im lặng", "203.0.113.9", f.ownIncident.id()}) {
        assertTrue(text.contains(s), s + " in:\n" + text);
      }
    }
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
