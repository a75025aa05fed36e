package vn.soctinh.analyzer.drill;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.incident.Incident;
import vn.soctinh.analyzer.incident.IncidentDocs;
import vn.soctinh.analyzer.store.Aggregation;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.analyzer.store.SearchRequest;
import vn.soctinh.analyzer.store.StoreException;

/**
 * What the store holds of one drill: its marked events (when each step arrived), its alerts and
 * the incidents holding them. Read from the store, so the server's board and the CLI (on a
 * read-only store) score the same facts.
 */
public record DrillFacts(String drillId, String scenarioId, Map<String, DrillScorer.Injected> injected, List<Event> alerts,
    List<Incident> incidents) {

  public static DrillFacts read(EventStore store, String drillId) throws StoreException {
    String q = "labels.drill_id:\"" + drillId.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    Map<String, Instant> first = new LinkedHashMap<>();
    Map<String, Long> count = new LinkedHashMap<>();
    String scenario = null;
    var events = store.search(SearchRequest.of(DocKind.EVENTS, q, SearchRequest.MAX_SIZE).withSort("@timestamp", false)
        .withAggregations(List.of(new Aggregation.Terms("steps", "labels.drill_step", 200))));
    for (Event e : events.hits()) {
      String step = e.getString("labels.drill_step");
      Instant t = e.getInstant("event.created");
      if (step == null || t == null) continue;
      if (scenario == null) scenario = e.getString("labels.drill_scenario");
      first.merge(step, t, (a, b) -> a.isBefore(b) ? a : b);
    }
    Map<Object, Long> counted = events.aggregations().getOrDefault("steps", Map.of());
    counted.forEach((k, v) -> count.put(String.valueOf(k), v));
    Map<String, DrillScorer.Injected> injected = new LinkedHashMap<>();
    first.forEach((step, t) -> injected.put(step, new DrillScorer.Injected(t, count.getOrDefault(step, 0L))));
    List<Event> alerts = store.search(SearchRequest.of(DocKind.ALERTS, q, 1000)).hits();
    List<String> alertIds = new ArrayList<>();
    for (Event a : alerts) alertIds.add(a.getString("event.id"));
    List<Incident> incidents = new ArrayList<>();
    if (!alertIds.isEmpty()) {
      for (Event d : store.search(SearchRequest.of(DocKind.INCIDENTS, "labels.doc:incident AND labels.drill:true", 1000)).hits()) {
        Incident i = IncidentDocs.fromDoc(d);
        for (String id : i.alertIds()) {
          if (alertIds.contains(id)) {
            incidents.add(i);
            break;
          }
        }
      }
    }
    return new DrillFacts(drillId, scenario, injected, alerts, incidents);
  }

  /** Drill ids seen in the store's events, newest activity first is not known here: by count. */
  public static List<String> seen(EventStore store) throws StoreException {
    var r = store.search(SearchRequest.of(DocKind.EVENTS, "labels.drill_id:*", 0)
        .withAggregations(List.of(new Aggregation.Terms("drills", "labels.drill_id", 500))));
    List<String> out = new ArrayList<>();
    for (Object k : r.aggregations().getOrDefault("drills", Map.of()).keySet()) out.add(String.valueOf(k));
    return out;
  }

  public DrillScore score(DrillScenario sc, List<DrillScore.RefereeEntry> referee, Instant now) {
    return DrillScorer.score(sc, drillId, injected, alerts, incidents, referee, now);
  }
}
