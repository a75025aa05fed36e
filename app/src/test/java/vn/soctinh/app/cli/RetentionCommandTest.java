package vn.soctinh.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.incident.Incident;
import vn.soctinh.analyzer.incident.IncidentRules;
import vn.soctinh.analyzer.incident.IncidentService;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.analyzer.store.SearchRequest;
import vn.soctinh.analyzer.store.lucene.LuceneEventStore;

/**
 * Retention end to end through the CLI on a real Lucene store: two agencies of different security
 * levels (so-a level 4: 180 days; so-b level 2: 30 days), events of several ages, documents of no
 * agency, and an open incident holding an old alert of so-b and the event it names. The plan counts
 * exactly what the run then deletes; the held ones and the incident stay; each deletion is in the
 * audit trail, which still verifies.
 */
class RetentionCommandTest {
  @TempDir Path tmp;

  private static Event event(String id, Instant at, String agency) {
    Event e = new Event().put("@timestamp", at).put("event.id", id).put("message", "line " + id).put("event.original", "<13>line " + id);
    return agency == null ? e : e.put("organization.id", agency);
  }

  private static Event alert(String id, Instant at, String agency, String eventId) {
    return new Event().put("@timestamp", at).put("event.id", id).put("event.kind", "alert").put("event.start", at).put("event.end", at)
        .put("rule.id", "r-" + id).put("rule.name", "SSH brute force " + id).put("labels.level", "high").put("labels.priority", "P2")
        .put("organization.id", agency).put("soctinh.event_ids", List.of(eventId));
  }

  private static Set<String> ids(EventStore s, DocKind kind) throws Exception {
    Set<String> out = new TreeSet<>();
    for (Event e : s.search(SearchRequest.of(kind, "", 100)).hits()) out.add(e.getString("event.id"));
    return out;
  }

  @Test
  void planCountsWhatRunDeletesAndIncidentsHoldTheirs() throws Exception {
    Path data = tmp.resolve("data");
    Path cfg = tmp.resolve("soctinh.yml");
    Files.writeString(cfg, "data_dir: " + data + "\nretention:\n  alerts_days: 40\n");
    Files.createDirectories(data.resolve("org"));
    Files.writeString(data.resolve("org/directory.yml"), """
        organizations:
          - {id: so-a, name: Sở A, kind: department}
          - {id: so-b, name: Sở B, kind: department}
        systems:
          - {id: a-db, name: CSDL A, org: so-a, level: 4, type: database, addresses: [10.1.0.2]}
          - {id: b-web, name: Web B, org: so-b, level: 2, type: website, addresses: [10.2.0.1]}
        """);
    Instant now = Instant.now();
    Instant d200 = now.minus(Duration.ofDays(200));
    Instant d100 = now.minus(Duration.ofDays(100));
    Instant d60 = now.minus(Duration.ofDays(60));
    Instant d10 = now.minus(Duration.ofDays(10));
    String heldIncident;
    try (LuceneEventStore store = LuceneEventStore.open(data.resolve("store"))) {
      store.index(DocKind.EVENTS, List.of(event("a-200", d200, "so-a"), event("a-100", d100, "so-a"), event("b-60", d60, "so-b"),
          event("b-60-held", d60.plusSeconds(5), "so-b"), event("b-10", d10, "so-b"), event("none-100", d100, null), event("none-10", d10, null)));
      Event held = alert("alert-held", d60.plusSeconds(10), "so-b", "b-60-held");
      store.index(DocKind.ALERTS, List.of(held, alert("alert-free", d60.plusSeconds(20), "so-b", "b-60"), alert("alert-new", d10, "so-b", "b-10")));
      store.commit("1");
      store.refresh();
      IncidentRules rules = new IncidentRules(IncidentRules.load(Path.of("..", "rules", "regulation")), "current-2026");
      Incident i = new IncidentService(store, rules, IncidentService.Grouping.defaults(), Clock.systemUTC()).fromAlert(held);
      heldIncident = i.id();
      store.commit("1");
    }

    CliTest.Run plan = CliTest.soctinh("retention", "plan", "-c", cfg.toString(), "--json");
    assertEquals(0, plan.code(), plan.err());
    JsonObject p = new JsonObject(plan.out());
    Map<String, JsonObject> rows = new HashMap<>();
    for (Object o : p.getJsonArray("rows")) {
      JsonObject r = (JsonObject) o;
      rows.put(r.getString("agency") + "/" + r.getString("kind"), r);
    }
    assertEquals(180, rows.get("so-a/events").getInteger("days"));
    assertEquals(4, rows.get("so-a/events").getInteger("level"));
    assertEquals(1, rows.get("so-a/events").getLong("count"), "a-200; a-100 is younger than 180 days");
    assertEquals(30, rows.get("so-b/events").getInteger("days"));
    assertEquals(1, rows.get("so-b/events").getLong("count"), "b-60; b-60-held is held");
    assertEquals(1, rows.get("so-b/events").getLong("held"));
    assertEquals(40, rows.get("so-b/alerts").getInteger("days"), "alerts_days 40 is more than level 2's 30");
    assertEquals("retention.alerts_days", rows.get("so-b/alerts").getString("basis"));
    assertEquals(1, rows.get("so-b/alerts").getLong("count"));
    assertEquals(1, rows.get("so-b/alerts").getLong("held"));
    assertEquals(90, rows.get("null/events").getInteger("days"), "no agency: default_days");
    assertEquals(1, rows.get("null/events").getLong("count"));
    assertEquals(4, p.getLong("total"));
    assertEquals(heldIncident, p.getJsonObject("holds").getJsonArray("incidents").getJsonObject(0).getString("incident"));
    assertTrue(p.getJsonObject("disk").getLong("total_bytes") > 0, "the real disk: " + p);

    CliTest.Run text = CliTest.soctinh("retention", "plan", "-c", cfg.toString());
    assertEquals(0, text.code(), text.err());
    assertTrue(text.out().contains("held by 1 incidents: 1 alerts, 1 events (" + heldIncident + " open)"), text.out());
    assertTrue(text.out().contains("4 documents to delete"), text.out());
    assertTrue(text.out().lines().anyMatch(l -> l.startsWith("so-b") && l.contains("alerts") && l.endsWith("retention.alerts_days")), text.out());
    assertTrue(text.out().lines().anyMatch(l -> l.startsWith("so-b") && l.contains("events") && l.contains("pack current-2026, level 2")), text.out());

    // while a server holds the store, run says what to do instead
    try (LuceneEventStore server = LuceneEventStore.open(data.resolve("store"))) {
      CliTest.Run refused = CliTest.soctinh("retention", "run", "-c", cfg.toString());
      assertEquals(1, refused.code());
      assertTrue(refused.err().contains("the server is running") && refused.err().contains("POST /api/v1/retention/run"), refused.err());
    }
    CliTest.Run dry = CliTest.soctinh("retention", "run", "--dry-run", "-c", cfg.toString(), "--json");
    assertEquals(4, new JsonObject(dry.out()).getLong("total"), "a dry run deletes nothing");

    CliTest.Run run = CliTest.soctinh("retention", "run", "-c", cfg.toString());
    assertEquals(0, run.code(), run.err() + run.out());
    assertTrue(run.out().contains("4 documents deleted; kept for 1 incidents: 1 alerts, 1 events"), run.out());

    try (LuceneEventStore after = LuceneEventStore.openReadOnly(data.resolve("store"))) {
      assertEquals(Set.of("a-100", "b-60-held", "b-10", "none-10"), ids(after, DocKind.EVENTS));
      assertEquals(Set.of("alert-held", "alert-new"), ids(after, DocKind.ALERTS));
      assertTrue(after.get(DocKind.INCIDENTS, heldIncident).isPresent(), "incidents are never deleted by age");
    }
    CliTest.Run again = CliTest.soctinh("retention", "plan", "-c", cfg.toString(), "--json");
    assertEquals(0, new JsonObject(again.out()).getLong("total"), "nothing left to delete");

    CliTest.Run audit = CliTest.soctinh("audit", "list", "-c", cfg.toString());
    List<String> deletions = audit.out().lines().filter(l -> l.contains("retention.delete")).toList();
    assertEquals(4, deletions.size(), audit.out());
    String who = "cli:" + System.getProperty("user.name");
    assertTrue(deletions.stream().allMatch(l -> l.contains(who)), audit.out());
    assertTrue(deletions.stream().anyMatch(l -> l.contains("agency:so-b") && l.contains("alerts older than") && l.contains(": 1 deleted")), audit.out());
    assertTrue(audit.out().contains("retention.run"), audit.out());
    CliTest.Run verify = CliTest.soctinh("audit", "verify", "-c", cfg.toString());
    assertEquals(0, verify.code(), verify.out());
    assertTrue(verify.out().contains("audit trail intact"), verify.out());
  }
}
