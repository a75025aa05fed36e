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
 * the parser makes it has {@code winlog.event_data.Status} both in the map and as a field, so its
 * JSON has the key {@code event_data} twice and the node refuses it (to the quarantine); guarded, it
 * is stored.
 */
class FieldGuardElasticsearchIT {

  @Test
  void aWindowsEventWithAKeyWrittenTwiceIsQuarantinedUnguardedAndStoredGuarded() throws Exception {
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
        assertEquals(1, es.quarantined(), "the node refuses a key written twice");
        es.append(DocKind.EVENTS, List.of(guarded));
        es.commit("2");
        es.refresh();
        assertEquals(1, es.quarantined(), "the guarded copy is not refused");
        Event back = es.get(DocKind.EVENTS, "w2").orElseThrow().doc();
        assertEquals("admin", ((Map<?, ?>) back.get("winlog.event_data")).get("TargetUserName"));
        assertEquals(1, es.search(SearchRequest.of(DocKind.EVENTS, "winlog.event_data.Status:0xc000006d", 10)).total());
      } finally {
        es.deleteAll();
      }
    }
  }
}
