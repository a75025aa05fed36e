package vn.soctinh.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retention routes: only an admin sees the plan or starts a pass, a pass needs an explicit
 * confirmation, and it runs under the admin's name. The plan's computation is the server's
 * (tested in the app module); here a recording one stands in.
 */
class RetentionApiTest {
  @TempDir Path dir;

  @Test
  void onlyAnAdminSeesThePlanAndStartsAConfirmedPass() throws Exception {
    List<String> runs = new CopyOnWriteArrayList<>();
    ConsoleBackend.Retention retention = new ConsoleBackend.Retention() {
      @Override
      public JsonObject plan() {
        return new JsonObject().put("total", 3).put("rows", new JsonArray().add(new JsonObject().put("agency", "so-khcn").put("kind", "events")
            .put("days", 90).put("count", 3).put("held", 1)));
      }

      @Override
      public JsonObject run(String who) {
        runs.add(who);
        return new JsonObject().put("who", who).put("deleted", 3);
      }
    };
    try (ConsoleFixture f = new ConsoleFixture(dir, ConsoleSettings.forTests(dir), retention)) {
      Client admin = f.loggedIn("admin");
      JsonObject plan = admin.get("/api/v1/retention/plan").json();
      assertEquals(true, plan.getBoolean("enabled"));
      assertEquals(3, plan.getLong("total"));
      assertEquals("so-khcn", plan.getJsonArray("rows").getJsonObject(0).getString("agency"));
      for (String role : List.of("analyst", "viewer", "auditor")) {
        Client c = f.loggedIn(role);
        assertEquals(403, c.get("/api/v1/retention/plan").status(), role);
        assertEquals(403, c.post("/api/v1/retention/run", new JsonObject().put("confirm", true)).status(), role);
      }
      Client.Response unconfirmed = admin.post("/api/v1/retention/run", new JsonObject());
      assertEquals(400, unconfirmed.status());
      assertTrue(unconfirmed.body().contains("confirm"), unconfirmed.body());
      assertEquals(List.of(), runs, "refused requests ran nothing");
      JsonObject done = admin.post("/api/v1/retention/run", new JsonObject().put("confirm", true)).json();
      assertEquals(3, done.getLong("deleted"));
      assertEquals(List.of("admin"), runs, "the pass runs under the admin's name (its deletions are audited so)");
    }
  }

  @Test
  void withoutRetentionThePlanSaysSoAndAPassIsNotFound() throws Exception {
    try (ConsoleFixture f = new ConsoleFixture(dir)) {
      Client admin = f.loggedIn("admin");
      assertEquals(false, admin.get("/api/v1/retention/plan").json().getBoolean("enabled"));
      assertEquals(404, admin.post("/api/v1/retention/run", new JsonObject().put("confirm", true)).status());
    }
  }
}
