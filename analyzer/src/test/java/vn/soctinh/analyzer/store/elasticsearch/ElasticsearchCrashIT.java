package vn.soctinh.analyzer.store.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.store.Aggregation;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.SearchRequest;
import vn.soctinh.analyzer.store.StoreException;

/**
 * Elasticsearch killed with SIGKILL in the middle of a bulk load, then started again on its data:
 * every document is there exactly once. Needs the node of {@code es-test-server.sh} (it is the one
 * this test kills and resumes); skipped against any other node.
 */
class ElasticsearchCrashIT {
  private static final int DOCS = 60_000;

  @Test
  void sigkillDuringABulkLoadLosesAndDoublesNothing() throws Exception {
    String url = TestElasticsearch.url();
    Path root = Path.of("").toAbsolutePath().getParent();
    Path script = root.resolve("deploy/test-services/es-test-server.sh");
    vn.soctinh.collector.testing.RequiredTools.assume(Files.exists(script) && url.endsWith(":19200") && hasPidFile(root),
        "needs the node that deploy/test-services/es-test-server.sh runs (this test kills it)");
    EsSettings s = EsSettings.of(url).withPrefix("crash" + ProcessHandle.current().pid()).withReplicas(0)
        .withStallTimeout(Duration.ofSeconds(180));
    Instant t0 = Instant.parse("2026-11-23T00:00:00Z");
    try (ElasticsearchEventStore store = ElasticsearchEventStore.open(s)) {
      try {
        java.util.concurrent.CountDownLatch killed = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<Throwable> killerFailure = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean downAfterKill = new java.util.concurrent.atomic.AtomicBoolean();
        Thread killer = new Thread(() -> {
          try {
            // kill once the load is well under way; the loader holds its second half until the
            // node is dead, so writes surely fail; resume once some have been sent again
            while (store.acknowledged() < DOCS / 4) Thread.sleep(20);
            run(root, script, "kill");
            downAfterKill.set(!store.reachable());
            killed.countDown();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (store.retried() == 0 && System.nanoTime() < until) Thread.sleep(50);
            Thread.sleep(1000); // the outage itself: the node stays down a while after the first retry, which is the scenario
            run(root, script, "resume");
          } catch (Throwable e) {
            killerFailure.set(e);
            killed.countDown();
          }
        });
        killer.start();
        List<Event> batch = new ArrayList<>();
        for (int i = 0; i < DOCS; i++) {
          if (i == DOCS / 2) assertTrue(killed.await(4, TimeUnit.MINUTES), "the node was killed");
          batch.add(new Event().put("@timestamp", t0.plusMillis(i * 1000L)).put("event.id", "c" + i)
              .put("event.action", "ssh_login_failed").put("source.ip", "10.0." + (i % 250) + "." + (i % 200)).put("message", "line " + i));
          if (batch.size() == 2000) {
            store.index(DocKind.EVENTS, batch);
            batch = new ArrayList<>();
            commitRetrying(store, Integer.toString(i + 1));
          }
        }
        killer.join(TimeUnit.MINUTES.toMillis(4));
        if (killerFailure.get() != null) throw new AssertionError("killing or resuming the node failed", killerFailure.get());
        assertTrue(downAfterKill.get(), "the node refused requests right after the kill");
        commitRetrying(store, Integer.toString(DOCS));
        assertTrue(store.retried() > 0, "the kill made some requests fail and be sent again (acknowledged "
            + store.acknowledged() + ", pending " + store.pending() + ")");
        store.refresh();
        var r = store.search(SearchRequest.of(DocKind.EVENTS, "", 0)
            .withAggregations(List.of(new Aggregation.Cardinality("ids", "event.id"))));
        assertEquals(DOCS, r.total(), "every document once");
        // cardinality is approximate above 3000: check distinct ids exactly by paging
        assertEquals(DOCS, ids(store).size());
        assertEquals(String.valueOf(DOCS), store.checkpoint().orElseThrow());
      } finally {
        store.deleteAll();
      }
    }
  }

  /** The distinct event ids of the store, page by page. */
  static Set<String> ids(ElasticsearchEventStore store) throws Exception {
    Set<String> ids = new HashSet<>();
    SearchRequest page = SearchRequest.of(DocKind.EVENTS, "", 10_000).withSort("event.id", false);
    var res = store.search(page);
    while (true) {
      for (Event e : res.hits()) ids.add(e.getString("event.id"));
      if (res.nextCursor() == null) return ids;
      res = store.search(page.after(res.nextCursor()));
    }
  }

  /** As the pipeline does: a commit that times out is tried again; the documents stay pending meanwhile. */
  static void commitRetrying(ElasticsearchEventStore store, String cp) throws Exception {
    long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
    while (true) {
      try {
        store.commit(cp);
        return;
      } catch (StoreException e) {
        if (System.nanoTime() > end) throw e;
        Thread.sleep(500);
      }
    }
  }

  static boolean hasPidFile(Path root) throws Exception {
    try (var s = Files.walk(root.resolve("target/es"), 2)) {
      return s.anyMatch(p -> p.getFileName().toString().equals("es.pid"));
    } catch (java.io.IOException e) {
      return false;
    }
  }

  static void run(Path root, Path script, String what) throws Exception {
    Process p = new ProcessBuilder("bash", script.toString(), what).directory(root.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) throw new IllegalStateException(what + " failed: " + out);
  }
}
