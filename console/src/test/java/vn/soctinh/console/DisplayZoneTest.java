package vn.soctinh.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.nio.file.Path;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config's {@code timezone} reaches the console: the session tells the page which zone to show
 * times in, and the reports write their times in it (the same instant reads differently in Paris).
 */
class DisplayZoneTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  // two instants whose local text differs by zone: 00:00 UTC is 01:00 in Paris, 07:00 in Hà Nội
  private static final String PERIOD = "from=2026-12-01T00:00:00Z&to=2026-12-08T00:00:00Z";

  @TempDir Path dir;

  @Test
  void theSessionAndTheReportsUseTheConfiguredZone() throws Exception {
    try (ConsoleFixture f = new ConsoleFixture(dir, ConsoleSettings.forTests(dir).withZone(PARIS))) {
      Client c = f.loggedIn("analyst");
      assertEquals("Europe/Paris", c.get("/api/v1/auth/me").json().getString("time_zone"), "the page formats with the server's zone");
      String detected = IncidentReportTest.value(c.get("/api/v1/incidents/" + f.ownIncident.id() + "/report?kind=initial&format=json").json(), "detected");
      assertEquals(DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss").withZone(PARIS).format(f.ownIncident.time("detected")), detected);
      assertNotEquals(DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss").withZone(ZoneId.of("UTC")).format(f.ownIncident.time("detected")), detected);
      String html = c.get("/api/v1/reports/monitoring?format=html&" + PERIOD).body();
      assertTrue(html.contains("từ 01/12/2026 01:00 đến 08/12/2026 01:00"), html);
    }
  }

  @Test
  void withoutATimezoneKeyItIsVietnamTime() throws Exception {
    try (ConsoleFixture f = new ConsoleFixture(dir)) {
      Client c = f.loggedIn("analyst");
      JsonObject me = c.get("/api/v1/auth/me").json();
      assertEquals("Asia/Ho_Chi_Minh", me.getString("time_zone"));
      String html = c.get("/api/v1/reports/monitoring?format=html&" + PERIOD).body();
      assertTrue(html.contains("từ 01/12/2026 07:00 đến 08/12/2026 07:00"), html);
    }
  }
}
