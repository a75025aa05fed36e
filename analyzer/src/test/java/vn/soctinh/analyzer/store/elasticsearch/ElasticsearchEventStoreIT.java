package vn.soctinh.analyzer.store.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.analyzer.store.EventStoreContract;
import vn.soctinh.analyzer.store.Quarantine;
import vn.soctinh.analyzer.store.SearchRequest;

/**
 * The store contract on a real Elasticsearch node: the one {@code deploy/test-services/es-test-server.sh}
 * starts (the README's test command does), passed as {@code ES_URL}; else a Testcontainers node when
 * Docker exists; else skipped, saying why.
 */
class ElasticsearchEventStoreIT extends EventStoreContract {
  private static final AtomicInteger N = new AtomicInteger();
  private ElasticsearchEventStore es;

  @Override
  protected EventStore newStore() throws Exception {
    String prefix = "it" + ProcessHandle.current().pid() + "-" + N.incrementAndGet();
    es = ElasticsearchEventStore.open(EsSettings.of(TestElasticsearch.url()).withPrefix(prefix).withReplicas(0));
    return es;
  }

  @AfterEach
  void dropIndices() throws Exception {
    if (es == null) return;
    try (ElasticsearchEventStore cleanup = ElasticsearchEventStore.open(EsSettings.of(TestElasticsearch.url())
        .withPrefix(es.indexPrefix()).withReplicas(0))) {
      cleanup.deleteAll();
    }
  }

  @Test
  void eventsGoToDailyIndicesBehindOneAlias() throws Exception {
    indexSample();
    assertEquals(List.of("events-2026.11.22", "events-2026.11.23"), store.stats().partitions());
    store.deleteOlderThan(DocKind.EVENTS, java.time.Instant.parse("2026-11-23T00:00:00Z"), null);
    assertEquals(List.of("events-2026.11.23"), store.stats().partitions(), "a day past retention is dropped as an index");
  }

  @Test
  void aDocumentElasticsearchRefusesIsQuarantinedWithTheReasonNotDropped() throws Exception {
    // source.port is a number in the first document and a word in the second: the index cannot take it
    store.index(DocKind.EVENTS, List.of(new Event().put("@timestamp", DAY1).put("event.id", "ok").put("source.port", 22L)));
    store.commit("1");
    store.index(DocKind.EVENTS, List.of(new Event().put("@timestamp", DAY1).put("event.id", "poison").put("source.port", "ssh")
        .put("log.offset", 7L)));
    store.commit("2");
    assertEquals(0, es.pending(), "commit returned after the quarantine document was acknowledged");
    store.refresh();
    assertEquals(Set.of("ok"), Set.copyOf(store.search(SearchRequest.of(DocKind.EVENTS, "", 10)).hits().stream()
        .map(e -> e.getString("event.id")).toList()));
    assertEquals(1, store.quarantined());
    var q = store.search(SearchRequest.of(DocKind.QUARANTINE, "", 10)).hits();
    assertEquals(1, q.size());
    assertTrue(q.get(0).getString("error.message").contains("source.port"), q.get(0).toString());
    assertEquals("events", q.get(0).getString("labels.kind"));
    assertTrue(q.get(0).getString(Quarantine.DOCUMENT).contains("\"poison\""), "the refused document is kept whole");
    assertEquals(1, store.search(SearchRequest.of(DocKind.QUARANTINE, "error.message:\"source.port\" AND log.offset:7", 10)).total(),
        "searchable by its reason and offset");
    assertEquals("poison", store.get(DocKind.QUARANTINE, "poison").orElseThrow().doc().getString("event.id"), "its id is the refused one's");
    assertEquals(List.of("events-2026.11.22", "quarantine"), store.stats().partitions());
  }

  @Test
  void aReplayRewritesTheQuarantineDocumentInsteadOfAddingOne() throws Exception {
    Event poison = new Event().put("@timestamp", DAY1).put("event.id", "p1").put("source.ip", "not an address");
    store.index(DocKind.EVENTS, List.of(poison));
    store.commit("1");
    store.index(DocKind.EVENTS, List.of(poison));
    store.commit("1");
    store.refresh();
    assertEquals(1, store.search(SearchRequest.of(DocKind.QUARANTINE, "event.id:p1", 10)).total());
  }

  /** A quarantine index created by the earlier version (no log.offset, labels.kind…) gets the new fields at open. */
  @Test
  void aQuarantineIndexOfTheEarlierVersionGetsTheNewFields() throws Exception {
    String prefix = es.indexPrefix() + "-old";
    String old = "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0},\"mappings\":{\"dynamic\":false,\"properties\":{"
        + "\"@timestamp\":{\"type\":\"date\"},\"event\":{\"properties\":{\"id\":{\"type\":\"keyword\",\"ignore_above\":4096}}},"
        + "\"error\":{\"properties\":{\"message\":{\"type\":\"text\"}}},\"labels\":{\"properties\":{\"index\":{\"type\":\"keyword\","
        + "\"ignore_above\":4096}}},\"document\":{\"type\":\"text\",\"index\":false}}}}";
    var http = java.net.http.HttpClient.newHttpClient();
    var created = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(TestElasticsearch.url() + "/" + prefix + "-quarantine"))
        .header("Content-Type", "application/json").PUT(java.net.http.HttpRequest.BodyPublishers.ofString(old)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, created.statusCode(), created.body());
    try (ElasticsearchEventStore upgraded = ElasticsearchEventStore.open(EsSettings.of(TestElasticsearch.url()).withPrefix(prefix).withReplicas(0))) {
      try {
        upgraded.index(DocKind.EVENTS, List.of(new Event().put("@timestamp", DAY1).put("event.id", "p").put("source.port", "ssh")
            .put("log.offset", 7L).put("organization.id", "so-tttt")));
        upgraded.commit("7");
        upgraded.refresh();
        assertEquals(1, upgraded.search(SearchRequest.of(DocKind.QUARANTINE, "log.offset:7 AND organization.id:so-tttt", 0)).total());
      } finally {
        upgraded.deleteAll();
      }
    }
  }

  /**
   * Issue #17, item 8: the node stops a search past {@code analyzer.query_timeout_ms} and the store
   * refuses the partial answer rather than show it as complete. The test node reads its clock
   * without the 200 ms cache (es-test-server.sh), so a limit of 0 ms is passed within the search.
   */
  @Test
  void aSearchPastItsTimeLimitIsStoppedByTheNodeAndRefused() throws Exception {
    java.util.Random random = new java.util.Random(17);
    List<Event> many = new java.util.ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      many.add(new Event().put("@timestamp", DAY1).put("event.id", new java.math.BigInteger(128, random).toString(16)));
    }
    store.index(DocKind.EVENTS, many);
    store.commit("2000");
    store.refresh();
    SearchRequest costly = SearchRequest.of(DocKind.EVENTS, "event.id:*a*b*", 10);
    assertTrue(store.search(costly).total() > 0, "within the limit it answers");
    es.queryTimeout(0);
    vn.soctinh.analyzer.store.InvalidQueryException e = org.junit.jupiter.api.Assertions.assertThrows(
        vn.soctinh.analyzer.store.InvalidQueryException.class, () -> store.search(costly));
    assertTrue(e.getMessage().contains("analyzer.query_timeout_ms"), e.getMessage());
  }
}
