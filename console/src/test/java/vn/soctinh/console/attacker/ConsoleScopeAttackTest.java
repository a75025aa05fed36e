package vn.soctinh.console.attacker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.incident.Incident;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.console.Client;
import vn.soctinh.console.ConsoleFixture;

/**
 * Issue #17, item 5: what an agency viewer reads is its agency's. An incident spanning two agencies
 * gives the viewer of one its own alerts only, in the STIX bundle and in the report; a drill's
 * alerts and incidents do not reach agency viewers (their agency may be the drill's target), not by
 * search, by id, nor on the live feed. The analyst, province-wide, sees everything.
 */
class ConsoleScopeAttackTest {
  @TempDir Path dir;

  static Event alert(String id, Instant at, String org, String ip, String title) {
    return new Event().put("@timestamp", at).put("event.id", id).put("event.kind", "alert").put("event.start", at).put("event.end", at)
        .put("rule.id", "r-scope").put("rule.name", title).put("labels.level", "high").put("labels.priority", "P2").put("organization.id", org)
        .put("labels.group_source_ip", ip).put("soctinh.event_ids", List.of());
  }

  @Test
  void aViewerReadsOnlyItsAgencysPartOfAnIncidentAndNoDrill() throws Exception {
    try (ConsoleFixture f = new ConsoleFixture(dir)) {
      Instant now = f.clock.instant();
      Event own = alert("ma-own", now.minusSeconds(10), "so-khcn", "198.51.100.50", "Shared attack");
      Event other = alert("ma-other", now.minusSeconds(9), "so-tai-chinh", "198.51.100.51", "Shared attack " + ConsoleFixture.OTHER_MARK);
      Event drill = alert("drill-alert", now.minusSeconds(8), "so-khcn", "192.0.2.77", "Drill step").put("labels.drill_id", "DR-9")
          .put("labels.drill", "true");
      f.store.index(DocKind.ALERTS, List.of(own, other, drill));
      f.store.refresh();
      Incident shared = f.incidents.fromAlert(own);
      shared = f.incidents.update(shared.id(), i -> i.withAlert("ma-other", List.of(), "so-tai-chinh", null, 0, 2));
      assertEquals(List.of("so-khcn", "so-tai-chinh"), shared.orgs());
      Incident drillIncident = f.incidents.fromAlert(drill);
      assertTrue(drillIncident.drill());
      f.store.refresh();

      Client viewer = f.loggedIn("viewer");
      Client analyst = f.loggedIn("analyst");
      String stix = viewer.get("/api/v1/incidents/" + shared.id() + "/stix").body();
      assertTrue(stix.contains("198.51.100.50"), "its own attacker: " + stix);
      assertFalse(stix.contains("198.51.100.51"), "not the other agency's");
      assertTrue(analyst.get("/api/v1/incidents/" + shared.id() + "/stix").body().contains("198.51.100.51"), "the analyst sees both");
      Client.Response report = viewer.get("/api/v1/incidents/" + shared.id() + "/report?format=json");
      assertEquals(200, report.status(), report.body());
      assertFalse(report.body().contains(ConsoleFixture.OTHER_MARK) || report.body().contains("198.51.100.51") || report.body().contains("Sở Tài chính"),
          "the report carries nothing of the other agency: " + report.body());

      String seen = viewer.get("/api/v1/alerts?size=100").body();
      assertTrue(seen.contains("ma-own"), "the viewer's search works: " + seen);
      assertFalse(seen.contains("drill-alert"), "no drill alert in the viewer's search");
      assertEquals(404, viewer.get("/api/v1/alerts/drill-alert").status());
      assertFalse(viewer.get("/api/v1/incidents").body().contains(drillIncident.id()), "no drill incident in the viewer's list");
      assertEquals(404, viewer.get("/api/v1/incidents/" + drillIncident.id()).status());
      String all = analyst.get("/api/v1/alerts?size=100").body();
      assertTrue(all.contains("drill-alert"), "the analyst sees the drill: " + all);
      assertEquals(200, analyst.get("/api/v1/incidents/" + drillIncident.id()).status());

      // on the live feed: a drill's alert, then an ordinary one; the viewer gets only the second
      List<JsonObject> got = new CopyOnWriteArrayList<>();
      java.util.concurrent.CompletableFuture<Void> ordinary = new java.util.concurrent.CompletableFuture<>();
      java.util.concurrent.CompletableFuture<Void> hello = new java.util.concurrent.CompletableFuture<>();
      HttpClient.newBuilder().sslContext(Client.trusting(f.server.certFile())).build().newWebSocketBuilder()
          .header("Cookie", "__Host-soctinh_sid=" + viewer.cookie).header("Origin", f.base())
          .buildAsync(URI.create("wss://127.0.0.1:" + f.server.port() + "/api/v1/live"), new WebSocket.Listener() {
            @Override
            public java.util.concurrent.CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
              JsonObject m = new JsonObject(data.toString());
              got.add(m);
              if ("hello".equals(m.getString("kind"))) hello.complete(null);
              if (m.encode().contains("after-drill")) ordinary.complete(null);
              ws.request(1);
              return null;
            }
          }).get(10, TimeUnit.SECONDS);
      // the feed greets a viewer once it is subscribed: alerts published before that would not reach it
      hello.get(10, TimeUnit.SECONDS);
      f.server.publishAlerts(new JsonArray().add(new JsonObject().put("event", new JsonObject().put("id", "feed-drill"))
          .put("organization", new JsonObject().put("id", "so-khcn")).put("labels", new JsonObject().put("drill", "true"))));
      f.server.publishAlerts(new JsonArray().add(new JsonObject().put("event", new JsonObject().put("id", "after-drill"))
          .put("organization", new JsonObject().put("id", "so-khcn"))));
      ordinary.get(10, TimeUnit.SECONDS);
      assertFalse(got.toString().contains("feed-drill"), "the drill's alert was not pushed before the ordinary one: " + got);
    }
  }
}
