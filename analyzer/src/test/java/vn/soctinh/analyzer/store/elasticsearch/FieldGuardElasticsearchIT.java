package vn.soctinh.analyzer.store.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.FieldGuard;
import vn.soctinh.analyzer.store.FieldType;
import vn.soctinh.analyzer.store.SearchRequest;

/**
 * The guard on a real Elasticsearch node (see {@link TestElasticsearch}): a Windows failed logon as
 * the parser makes it has {@code winlog.event_data.Status} both in the map and as a field. Unguarded,
 * the store writes the key twice; whether the node takes that or refuses it (to the quarantine), the
 * pipeline goes on. Guarded, the field joins the map once and the event is stored and searchable.
 */
class FieldGuardElasticsearchIT {

  @Test
  void aWindowsEventWithAKeyWrittenTwiceIsStoredOnceGuarded() throws Exception {
    FieldGuard guard = new FieldGuard(FieldType.Mapping.ecs(), FieldGuard.Limits.DEFAULTS, FieldGuard.Counters.NONE);
    String prefix = "guard" + ProcessHandle.current().pid();
    try (ElasticsearchEventStore es = ElasticsearchEventStore.open(EsSettings.of(TestElasticsearch.url()).withPrefix(prefix).withReplicas(0))) {
      try {
        Event unguarded = new Event().put("@timestamp", Instant.parse("2026-11-23T10:00:00Z")).put("event.id", "w1")
            .put("winlog.event_data", Map.of("Status", "0xc000006d", "TargetUserName", "admin")).put("winlog.event_data.Status", "0xc000006d");
        Event guarded = unguarded.copy().put("event.id", "w2");
        assertTrue(guard.check(guarded));
        es.append(DocKind.EVENTS, List.of(unguarded));
        es.commit("1");
        es.refresh();
        long refused = es.quarantined();
        assertTrue(refused == 1 || es.get(DocKind.EVENTS, "w1").isPresent(), "unguarded: stored or quarantined, never lost");
        assertEquals(Map.of("Status", "0xc000006d", "TargetUserName", "admin"), guarded.get("winlog.event_data"), "guarded: the field joined the map once");
        assertTrue(guarded.get("winlog.event_data.Status") == null, "and is no longer a field of its own");
        es.append(DocKind.EVENTS, List.of(guarded));
        es.commit("2");
        es.refresh();
        assertEquals(refused, es.quarantined(), "the guarded copy is not refused");
        Event back = es.get(DocKind.EVENTS, "w2").orElseThrow().doc();
        assertEquals("admin", ((Map<?, ?>) back.get("winlog.event_data")).get("TargetUserName"));
        assertTrue(es.search(SearchRequest.of(DocKind.EVENTS, "event.id:w2 AND winlog.event_data.Status:0xc000006d", 10)).total() == 1);
      } finally {
        es.deleteAll();
      }
    }
  }
}
