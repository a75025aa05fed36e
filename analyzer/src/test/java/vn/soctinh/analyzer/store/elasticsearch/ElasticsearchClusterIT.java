package vn.soctinh.analyzer.store.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.SearchRequest;

/**
 * The store on a real three-node Elasticsearch cluster (es-test-cluster.sh, {@code ES_CLUSTER_URLS}):
 * indices get their copies, and a node SIGKILLed during a bulk load loses and doubles nothing while
 * the cluster goes on with two (yellow), then green again once the node is back. Skipped without the
 * cluster, failed without it under {@code SOCTINH_REQUIRE_ES_CLUSTER=1}.
 */
class ElasticsearchClusterIT {
  private static final int DOCS = 20_000;

  private static List<String> urls() {
    String env = System.getenv("ES_CLUSTER_URLS");
    if (env != null && !env.isBlank()) return List.of(env.split(","));
    String why = "no Elasticsearch cluster: set ES_CLUSTER_URLS (bash deploy/test-services/es-test-cluster.sh start)";
    if ("1".equals(System.getenv("SOCTINH_REQUIRE_ES_CLUSTER"))) throw new AssertionError(why + ", and SOCTINH_REQUIRE_ES_CLUSTER=1 says it must run");
    Assumptions.abort(why);
    return List.of();
  }

  @Test
  void aNodeKilledDuringABulkLoadLosesAndDoublesNothingAndTheCopiesComeBack() throws Exception {
    List<String> urls = urls();
    Path root = Path.of("").toAbsolutePath().getParent();
    Path script = root.resolve("deploy/test-services/es-test-cluster.sh");
    assertTrue(Files.exists(script), script.toString());
    EsSettings s = EsSettingsBuilder.builder().urls(urls).indexPrefix("cluster" + ProcessHandle.current().pid()).shards(3).replicas(1)
        .bulkOperations(EsSettings.DEFAULT_BULK_OPERATIONS).bulkBytes(EsSettings.DEFAULT_BULK_BYTES)
        .concurrentRequests(EsSettings.DEFAULT_CONCURRENT_REQUESTS).pendingLimit(EsSettings.DEFAULT_PENDING_LIMIT)
        .stallTimeout(Duration.ofSeconds(180)).build();
    Instant t0 = Instant.parse("2026-11-23T00:00:00Z");
    try (ElasticsearchEventStore store = ElasticsearchEventStore.open(s)) {
      boolean killed = false;
      try {
        List<Event> batch = new ArrayList<>();
        for (int i = 0; i < DOCS; i++) {
          if (i == DOCS / 3) {
            script(root, script, "kill", "2");
            killed = true;
          }
          batch.add(new Event().put("@timestamp", t0.plusMillis(i * 1000L)).put("event.id", "n" + i).put("message", "line " + i));
          if (batch.size() == 1000) {
            store.index(DocKind.EVENTS, batch);
            batch = new ArrayList<>();
            ElasticsearchCrashIT.commitRetrying(store, Integer.toString(i + 1));
          }
        }
        ElasticsearchCrashIT.commitRetrying(store, Integer.toString(DOCS));
        Map<String, Object> h = store.clusterHealth();
        assertEquals(2, ((Number) h.get("number_of_nodes")).intValue(), "one node is down: " + h);
        store.refresh();
        assertEquals(DOCS, store.search(SearchRequest.of(DocKind.EVENTS, "", 0)).total(), "every document once, with a node away");
        assertEquals(DOCS, ElasticsearchCrashIT.ids(store).size());
      } finally {
        if (killed) script(root, script, "resume", "2");
      }
      // the node back: its copies are made again and the cluster is green
      long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      Map<String, Object> h = store.clusterHealth();
      while (!"green".equals(h.get("status")) && System.nanoTime() < until) {
        Thread.sleep(500);
        h = store.clusterHealth();
      }
      assertEquals("green", h.get("status"), h.toString());
      assertEquals(3, ((Number) h.get("number_of_nodes")).intValue(), h.toString());
      store.deleteAll();
    }
  }

  private static void script(Path root, Path script, String what, String node) throws Exception {
    Process p = new ProcessBuilder("bash", script.toString(), what, node).directory(root.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) throw new IllegalStateException(what + " " + node + " failed: " + out);
  }
}
