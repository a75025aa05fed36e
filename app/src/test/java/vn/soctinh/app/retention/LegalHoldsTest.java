package vn.soctinh.app.retention;

import vn.soctinh.analyzer.retention.LegalHolds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.incident.Incident;
import vn.soctinh.analyzer.incident.IncidentRules;
import vn.soctinh.analyzer.incident.IncidentService;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.lucene.LuceneEventStore;

/** Which incidents hold: open ones always, closed ones for the hold period after closing; they hold their alerts and those alerts' events. */
class LegalHoldsTest {
  @TempDir Path tmp;

  private static Event alert(String id, Instant at, String eventId) {
    return new Event().put("@timestamp", at).put("event.id", id).put("event.kind", "alert").put("event.start", at).put("event.end", at)
        .put("rule.id", "r-" + id).put("rule.name", "rule " + id).put("labels.level", "high").put("labels.priority", "P2")
        .put("organization.id", "so-a").put("soctinh.event_ids", List.of(eventId, eventId + "-2"));
  }

  /** An incident opened from {@code a} and, when {@code closedAt} is given, moved to false_positive (which closes it) then. */
  private static Incident incident(LuceneEventStore store, IncidentRules rules, Event a, Instant closedAt) throws Exception {
    Incident i = new IncidentService(store, rules, IncidentService.Grouping.defaults(), Clock.systemUTC()).fromAlert(a);
    if (closedAt == null) return i;
    return new IncidentService(store, rules, IncidentService.Grouping.defaults(), Clock.fixed(closedAt, ZoneOffset.UTC))
        .transition(i.id(), "false_positive", "analyst");
  }

  @Test
  void openIncidentsHoldAndClosedOnesForTheirPeriod() throws Exception {
    Instant now = Instant.now();
    IncidentRules rules = new IncidentRules(IncidentRules.load(Path.of("..", "rules", "regulation")), "current-2026");
    try (LuceneEventStore store = LuceneEventStore.open(tmp.resolve("store"))) {
      Event open = alert("a-open", now.minus(Duration.ofDays(500)), "e-open");
      Event recent = alert("a-recent", now.minus(Duration.ofDays(400)), "e-recent");
      Event old = alert("a-old", now.minus(Duration.ofDays(600)), "e-old");
      store.index(DocKind.ALERTS, List.of(open, recent, old));
      store.commit("1");
      store.refresh();
      Incident i1 = incident(store, rules, open, null);
      Incident i2 = incident(store, rules, recent, now.minus(Duration.ofDays(10)));
      Incident i3 = incident(store, rules, old, now.minus(Duration.ofDays(400)));
      assertTrue(i2.time("closed") != null && i3.time("closed") != null, "false_positive closes");
      store.refresh();

      LegalHolds h = LegalHolds.find(store, now, 365);
      assertEquals(Set.of(i1.id(), i2.id()), Set.copyOf(h.incidents().stream().map(LegalHolds.Hold::incident).toList()));
      assertEquals(Set.of("a-open", "a-recent"), h.alertIds());
      assertEquals(Set.of("e-open", "e-open-2", "e-recent", "e-recent-2"), h.eventIds());
      assertEquals(h.alertIds(), h.keep(DocKind.ALERTS));
      assertEquals(Set.of(), h.keep(DocKind.QUARANTINE));
      LegalHolds.Hold held = h.incidents().stream().filter(x -> x.incident().equals(i2.id())).findFirst().orElseThrow();
      assertEquals(i2.time("closed").plus(Duration.ofDays(365)), held.until());

      LegalHolds shortHold = LegalHolds.find(store, now, 5);
      assertEquals(List.of(i1.id()), shortHold.incidents().stream().map(LegalHolds.Hold::incident).toList(), "closed 10 days ago, held 5: free");
    }
  }
}
