package vn.soctinh.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.console.api.Access;
import vn.soctinh.console.api.ApiRouter;

/**
 * Every API route × every role × the own and the other agency's objects. The agency viewer
 * (so-khcn) must get 404 for the other agency's objects and never see a byte of its data; every role
 * gets 403 exactly where its access level says so. Read-only routes are called for real; routes that
 * change things are called with an empty body, which is enough to pass or fail the access check.
 */
class TenantIsolationTest {
  @TempDir static Path dir;
  static ConsoleFixture f;
  static final List<String> ROLES = List.of("admin", "analyst", "viewer", "auditor");

  @BeforeAll
  static void start() throws Exception {
    f = new ConsoleFixture(dir);
  }

  @AfterAll
  static void stop() throws Exception {
    f.close();
  }

  /** Path parameters for the own (so-khcn) and the other (so-tai-chinh) agency. */
  static Map<String, String> params(boolean own) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("{id}", "");
    p.put("{name}", "auditor");
    p.put("{sha256}", "0".repeat(64));
    return p;
  }

  static String idFor(String path, boolean own) {
    if (path.startsWith("/events/")) return own ? "ev-own" : "ev-other";
    if (path.startsWith("/alerts/")) return own ? "alert-own" : "alert-other";
    if (path.startsWith("/incidents/")) return own ? f.ownIncident.id() : f.otherIncident.id();
    if (path.startsWith("/orgs/")) return own ? "so-khcn" : "so-tai-chinh";
    if (path.startsWith("/rules/")) return "no-such-rule";
    if (path.startsWith("/tokens/")) return "no-such-token";
    return "x";
  }

  static boolean isObjectRoute(String path) {
    return path.contains("{id}") && (path.startsWith("/events") || path.startsWith("/alerts") || path.startsWith("/incidents") || path.startsWith("/orgs"));
  }

  @Test
  void everyRouteEveryRoleOwnAndOtherAgency() throws Exception {
    Map<String, Client> clients = new LinkedHashMap<>();
    for (String r : ROLES) clients.put(r, f.loggedIn(r));
    List<String> failures = new ArrayList<>();
    int calls = 0;
    for (ApiRouter.Route route : f.server.routes()) {
      String path = route.path();
      if (path.startsWith("/auth/") || path.equals("/live")) continue; // login flow and WebSocket: own tests
      if (route.method().name().equals("DELETE") && path.equals("/users/{name}")) continue; // would remove a test user
      for (boolean own : new boolean[] {true, false}) {
        if (!own && !isObjectRoute(path)) continue;
        String concrete = path.replace("{id}", idFor(path, own)).replace("{name}", "nobody-here").replace("{sha256}", "0".repeat(64));
        for (String role : ROLES) {
          Client c = clients.get(role);
          Client.Response r = switch (route.method().name()) {
            case "GET" -> c.get(ApiRouter.PREFIX + concrete + (concrete.endsWith("/terms") ? "?field=organization.id" : ""));
            case "DELETE" -> c.delete(ApiRouter.PREFIX + concrete);
            default -> c.post(ApiRouter.PREFIX + concrete, new JsonObject());
          };
          calls++;
          String what = route.method() + " " + concrete + " as " + role + ": " + r;
          boolean allowed = allowed(route.access(), role);
          if (!allowed) {
            if (r.status() != 403) failures.add("expected 403: " + what);
            continue;
          }
          if (role.equals("viewer") && !own) {
            if (r.status() != 404) failures.add("expected 404 for the other agency: " + what);
          } else if (r.status() == 403 || r.status() == 401 || r.status() >= 500) {
            failures.add("refused or failed: " + what);
          }
          if (role.equals("viewer") && r.body().contains(ConsoleFixture.OTHER_MARK)) failures.add("the other agency's data leaked: " + what);
          if (role.equals("viewer") && r.body().contains("so-tai-chinh") && !concrete.contains("so-tai-chinh")) failures.add("the other agency is named: " + what);
        }
      }
    }
    assertTrue(calls > 150, "the matrix ran " + calls + " calls");
    assertEquals(List.of(), failures);
  }

  static boolean allowed(Access a, String role) {
    return switch (a) {
      case READ -> true;
      case READ_ALL -> !role.equals("viewer");
      case WORK -> role.equals("admin") || role.equals("analyst");
      case AUDIT -> role.equals("admin") || role.equals("auditor");
      case ADMIN -> role.equals("admin");
    };
  }

  @Test
  void theViewerSeesItsSubtreeAndCountsOnlyItsOwn() throws Exception {
    Client v = f.loggedIn("viewer");
    JsonObject events = v.get("/api/v1/events").json();
    assertEquals(2, events.getLong("total"), "so-khcn and its unit ttcds: " + events);
    Client.Response widened = v.get("/api/v1/events?q=" + java.net.URLEncoder.encode("*:* OR organization.id:so-tai-chinh", "UTF-8"));
    assertEquals(2, widened.json().getLong("total"), "a query cannot widen the scope");
    assertEquals(1, v.get("/api/v1/incidents").array().size());
    Client a = f.loggedIn("analyst");
    assertEquals(3, a.get("/api/v1/events").json().getLong("total"));
    assertEquals(2, a.get("/api/v1/incidents").array().size());
    assertNotEquals(v.get("/api/v1/overview").json().getLong("alerts_last_day"), a.get("/api/v1/overview").json().getLong("alerts_last_day"));
    assertFalse(v.get("/api/v1/orgs").body().contains("so-tai-chinh"));
    assertTrue(v.get("/api/v1/orgs").body().contains("ttcds"));
  }

  /**
   * The matrix for a drill of the viewer's own agency (issue #17, item 5): every route that reads an
   * alert or an incident by id, with a drill's alert and incident, gives the agency viewer 404 (its
   * agency is the drill's target and must not be warned) and every other role what it asks for.
   */
  @Test
  void everyReadRouteOfADrillEveryRole(@TempDir Path drillDir) throws Exception {
    try (ConsoleFixture d = new ConsoleFixture(drillDir)) {
      java.time.Instant now = d.clock.instant();
      vn.soctinh.analyzer.event.Event alert = ConsoleFixture.alert("alert-drill", now.minusSeconds(5), "so-khcn", "Drill: SSH brute force")
          .put("labels.drill_id", "DR-MATRIX").put("labels.drill", "true");
      d.store.index(vn.soctinh.analyzer.store.DocKind.ALERTS, List.of(alert));
      d.store.refresh();
      String incident = d.incidents.fromAlert(alert).id();
      d.store.refresh();
      List<String> failures = new ArrayList<>();
      int calls = 0;
      for (ApiRouter.Route route : d.server.routes()) {
        String path = route.path();
        if (!route.method().name().equals("GET") || !path.contains("{id}") || !(path.startsWith("/alerts") || path.startsWith("/incidents"))) continue;
        String concrete = path.replace("{id}", path.startsWith("/alerts") ? "alert-drill" : incident).replace("{sha256}", "0".repeat(64));
        for (String role : ROLES) {
          Client.Response r = d.loggedIn(role).get(ApiRouter.PREFIX + concrete);
          calls++;
          String what = "GET " + concrete + " as " + role + ": " + r;
          if (role.equals("viewer")) {
            if (r.status() != 404) failures.add("expected 404 for a drill: " + what);
            if (r.body().contains("DR-MATRIX")) failures.add("the drill leaked: " + what);
          } else if (r.status() == 404 && !path.contains("{sha256}") || r.status() == 403 || r.status() >= 500) {
            failures.add("refused or failed: " + what);
          }
        }
      }
      assertTrue(calls >= 20, "the matrix ran " + calls + " calls");
      assertEquals(List.of(), failures);
    }
  }
}
