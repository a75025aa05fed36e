package vn.soctinh.analyzer.store.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.analyzer.store.EventStoreContract;
import vn.soctinh.analyzer.store.SearchRequest;

class LuceneEventStoreTest extends EventStoreContract {
  @TempDir Path dir;

  @Override
  protected EventStore newStore() throws Exception {
    return LuceneEventStore.open(dir.resolve("store"));
  }

  @Test
  void eventsArePartitionedByDayAndOldDaysAreDroppedAsDirectories() throws Exception {
    indexSample();
    assertEquals(List.of("events-2026.11.22", "events-2026.11.23"), store.stats().partitions());
    assertTrue(Files.isDirectory(dir.resolve("store/events-2026.11.22")));
    store.deleteOlderThan(DocKind.EVENTS, java.time.Instant.parse("2026-11-23T00:00:00Z"), null);
    assertFalse(Files.exists(dir.resolve("store/events-2026.11.22")));
  }

  @Test
  void aReadOnlyStoreSeesTheLastCommitWhileTheWriterRuns() throws Exception {
    indexSample();
    try (EventStore ro = LuceneEventStore.openReadOnly(dir.resolve("store"))) {
      assertEquals(6, ro.search(SearchRequest.of(DocKind.EVENTS, "", 0)).total());
      assertEquals("6", ro.checkpoint().orElseThrow());
    }
  }

  @Test
  void newDocumentsBecomeSearchableWithoutAnExplicitRefresh() throws Exception {
    store.index(DocKind.EVENTS, List.of(event("n1", DAY1, "x", "10.0.0.1", "u", 1, "a", "m")));
    long deadline = System.nanoTime() + 5_000_000_000L;
    long found = 0;
    while (found == 0 && System.nanoTime() < deadline) {
      found = store.search(SearchRequest.of(DocKind.EVENTS, "event.id:n1", 0)).total();
      Thread.sleep(50);
    }
    assertEquals(1, found, "the background refresher makes it visible");
  }

  @Test
  void theRefresherRestsWhileNobodySearchesAndASearchAfterwardsSeesEverything() throws Exception {
    try (LuceneEventStore idle = LuceneEventStore.open(dir.resolve("idle"), 0)) {
      idle.append(DocKind.EVENTS, List.of(event("i1", DAY1, "x", "10.0.0.1", "u", 1, "a", "m")));
      Thread.sleep(3 * LuceneEventStore.REFRESH_MS);
      LucenePartition p = idle.partitionsForTest().get(0);
      var searcher = p.searchers().acquire();
      try {
        assertEquals(0, searcher.getIndexReader().numDocs(), "no background refresh ran: nobody searched");
      } finally {
        p.searchers().release(searcher);
      }
      assertEquals(1, idle.search(SearchRequest.of(DocKind.EVENTS, "event.id:i1", 0)).total(), "the search refreshed first");
    }
  }
}
