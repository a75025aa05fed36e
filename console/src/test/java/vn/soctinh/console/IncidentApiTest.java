package vn.soctinh.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The incident workflow through the API: moves the pack allows, comments, evidence, classification, audit. */
class IncidentApiTest {
  @TempDir Path dir;

  @Test
  void anIncidentIsWalkedThroughItsStatesWithCommentsAndEvidence() throws Exception {
    try (ConsoleFixture f = new ConsoleFixture(dir)) {
      Client c = f.loggedIn("analyst");
      String id = f.ownIncident.id();
      JsonObject inc = c.get("/api/v1/incidents/" + id).json();
      assertEquals("P2", inc.getString("priority_label"));
      JsonArray allowed = inc.getJsonArray("allowed");
      assertFalse(allowed.isEmpty(), inc.encode());
      Client.Response illegal = c.post("/api/v1/incidents/" + id + "/transition", new JsonObject().put("to", "closed"));
      assertEquals(409, illegal.status(), "closing a fresh incident is not a legal move: " + illegal);
      assertTrue(illegal.json().getString("message").contains(allowed.getJsonObject(0).getString("id")), "the refusal lists the allowed moves");
      // walk forward through the first allowed move each time until a terminal state
      String state = inc.getString("state");
      int moves = 0;
      while (!inc.getJsonArray("allowed").isEmpty() && moves < 10) {
        String to = inc.getJsonArray("allowed").getJsonObject(0).getString("id");
        Client.Response r = c.post("/api/v1/incidents/" + id + "/transition", new JsonObject().put("to", to));
        assertEquals(200, r.status(), r.body());
        inc = r.json();
        assertEquals(to, inc.getString("state"));
        moves++;
      }
      assertTrue(moves >= 2, "moved " + moves + " times from " + state);

      String xss = "<img src=x onerror=alert(1)> [link](javascript:alert(2)) **bold**";
      JsonObject after = c.post("/api/v1/incidents/" + id + "/comments", new JsonObject().put("text", xss)).json();
      String html = after.getJsonArray("comments").getJsonObject(0).getString("html");
      assertFalse(html.contains("<img"), html);
      assertFalse(html.contains("javascript:"), html);
      assertTrue(html.contains("<strong>bold</strong>"), html);

      byte[] file = "pcap bytes, or a screenshot\n".getBytes(StandardCharsets.UTF_8);
      Client.Response up = c.send("POST", "/api/v1/incidents/" + id + "/evidence?name=" + "capture%20%3Cx%3E.txt", new String(file, StandardCharsets.UTF_8),
          "application/octet-stream");
      assertEquals(200, up.status(), up.body());
      JsonObject ev = up.json().getJsonArray("evidence").getJsonObject(0);
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));
      assertEquals(sha, ev.getString("sha256"));
      Client.Response down = c.get("/api/v1/incidents/" + id + "/evidence/" + sha);
      assertEquals(200, down.status());
      assertEquals(new String(file, StandardCharsets.UTF_8), down.body());
      assertTrue(down.header("Content-Disposition").startsWith("attachment"), "evidence is never rendered in the page");
      assertEquals("application/octet-stream", down.header("Content-Type"));

      JsonObject classified = c.post("/api/v1/incidents/" + id + "/classify", new JsonObject().put("type", inc.getJsonArray("incident_types")
          .getJsonObject(0).getString("id"))).json();
      assertEquals(inc.getJsonArray("incident_types").getJsonObject(0).getString("id"), classified.getString("type"));
      assertEquals(400, c.post("/api/v1/incidents/" + id + "/serious", new JsonObject().put("serious", true)).status(), "a reason is required");
      assertTrue(c.post("/api/v1/incidents/" + id + "/serious", new JsonObject().put("serious", true).put("reason", "cổng dịch vụ công ngừng"))
          .json().getBoolean("serious"));

      // every action is in the audit trail, with who did it
      Client auditor = f.loggedIn("auditor");
      String trail = auditor.get("/api/v1/audit?limit=500&who=analyst").body();
      for (String action : new String[] {"incident_transition", "incident_comment", "incident_evidence", "incident_classify", "incident_serious", "login"}) {
        assertTrue(trail.contains("\"" + action + "\""), action + " in " + trail);
      }
      assertTrue(auditor.get("/api/v1/audit/verify").json().getBoolean("ok"));
    }
  }

  @Test
  void anAnalystOpensAnIncidentFromAnAlertBelowTheAutomaticPriority() throws Exception {
    try (ConsoleFixture f = new ConsoleFixture(dir)) {
      vn.soctinh.analyzer.event.Event low = ConsoleFixture.alert("alert-low", f.clock.instant(), "so-khcn", "Port scan").put("labels.priority", "P4")
          .put("labels.group_source_ip", "198.51.100.7");
      f.store.index(vn.soctinh.analyzer.store.DocKind.ALERTS, java.util.List.of(low));
      f.store.refresh();
      Client c = f.loggedIn("analyst");
      Client.Response r = c.post("/api/v1/incidents", new JsonObject().put("alert_id", "alert-low"));
      assertEquals(200, r.status(), r.body());
      assertTrue(r.json().getJsonArray("alert_ids").contains("alert-low"));
      Client.Response again = c.post("/api/v1/incidents", new JsonObject().put("alert_id", "alert-low"));
      assertEquals(r.json().getString("id"), again.json().getString("id"), "the same alert gives the same incident");
      assertEquals(404, c.post("/api/v1/incidents", new JsonObject().put("alert_id", "no-such-alert")).status());
    }
  }
}
