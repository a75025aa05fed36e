package vn.soctinh.analyzer.store.elasticsearch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.FieldGuard;
import vn.soctinh.analyzer.store.FieldType;
import vn.soctinh.analyzer.store.RandomEvents;

class ScratchGuardEsIT {
  @Test
  void explore() throws Exception {
    FieldGuard guard = new FieldGuard(FieldType.Mapping.ecs(), RandomEvents.LIMITS, FieldGuard.Counters.NONE);
    RandomEvents gen = new RandomEvents(20261207L);
    List<Event> evs = new ArrayList<>();
    for (int i = 0; i < 400; i++) { Event e = gen.next().put("@timestamp", Instant.parse("2026-11-23T10:00:00Z").plusSeconds(i)); guard.check(e); evs.add(e); }
    try (ElasticsearchEventStore es = ElasticsearchEventStore.open(EsSettings.of(TestElasticsearch.url()).withPrefix("scratchguard").withReplicas(0))) {
      for (int f = 0; f < evs.size(); f += 25) { es.append(DocKind.EVENTS, evs.subList(f, Math.min(evs.size(), f + 25))); es.commit("" + f); }
      System.out.println("QUARANTINED " + es.quarantined());
      for (Event q : es.quarantinedDocuments(200)) System.out.println("Q " + q.getString("error.message"));
      es.deleteAll();
    }
  }
}
