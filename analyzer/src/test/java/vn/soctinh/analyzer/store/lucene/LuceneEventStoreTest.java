package vn.soctinh.analyzer.store.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.analyzer.store.EventStoreContract;
import vn.soctinh.analyzer.store.SearchRequest;
import vn.soctinh.collector.testing.Await;

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

  private static List<vn.soctinh.analyzer.event.Event> offsets(int from, int to) {
    List<vn.soctinh.analyzer.event.Event> out = new java.util.ArrayList<>();
    for (int o = from; o <= to; o++) out.add(event("o" + o, o % 2 == 0 ? DAY1 : DAY2, "x", "10.0.0.1", "u", o, "a", "m").put("log.offset", (long) o));
    return out;
  }

  private static long count(EventStore s) throws Exception {
    s.refresh();
    return s.search(SearchRequest.of(DocKind.EVENTS, "", 0)).total();
  }

  /** Issue #17, item 8: a search is stopped at its time limit and refused with the key to change; the same search within it runs. */
  @Test
  void aSearchPastItsTimeLimitIsStoppedAndRefused() throws Exception {
    try (LuceneEventStore s = LuceneEventStore.open(dir.resolve("timed"))) {
      s.append(DocKind.EVENTS, offsets(0, 199));
      s.commit("200");
      assertEquals(200, count(s));
      SearchRequest costly = SearchRequest.of(DocKind.EVENTS, "event.id:*1*", 10);
      long found = s.search(costly).total();
      assertTrue(found > 0, "within the limit it runs");
      s.queryTimeout(0); // already over: the first term or document read stops it
      vn.soctinh.analyzer.store.InvalidQueryException e = org.junit.jupiter.api.Assertions.assertThrows(vn.soctinh.analyzer.store.InvalidQueryException.class,
          () -> s.search(costly));
      assertTrue(e.getMessage().startsWith("invalid query: it ran past the time limit") && e.getMessage().contains("analyzer.query_timeout_ms"),
          e.getMessage());
    }
  }

  /** Issue #17, item 10: a batch appended again after a failure (some of it may have been added) is stored once. */
  @Test
  void aRetriedAppendStoresEachEventOnce() throws Exception {
    try (LuceneEventStore s = LuceneEventStore.open(dir.resolve("retry"))) {
      s.append(DocKind.EVENTS, offsets(0, 3));
      s.append(DocKind.EVENTS, offsets(0, 3)); // the pipeline re-reads from its committed offset
      s.append(DocKind.EVENTS, offsets(4, 5));
      s.commit("6");
      assertEquals(6, count(s));
    }
  }

  /** Issue #17, item 10: a crash after one day's partition committed and before the other did; the replay stores each event once. */
  @Test
  void aCrashBetweenTwoPartitionsCommitsStoresNothingTwice() throws Exception {
    Path root = dir.resolve("crash");
    try (LuceneEventStore s = LuceneEventStore.open(root)) {
      s.append(DocKind.EVENTS, offsets(0, 3));
      s.commit("4"); // a checkpoint is the next offset to read
      s.append(DocKind.EVENTS, offsets(4, 7));
      List<LucenePartition> parts = s.partitionsForTest();
      parts.get(0).commit("8"); // the first day's commit went through
      parts.get(1).writer().rollback(); // the second day's did not: the process died
    }
    try (LuceneEventStore s = LuceneEventStore.open(root)) {
      assertEquals("4", s.checkpoint().orElseThrow(), "the store's checkpoint is the last one every partition reached");
      s.append(DocKind.EVENTS, offsets(4, 7)); // the replay from offset 4
      s.commit("8");
      assertEquals(8, count(s));
      for (int o = 0; o <= 7; o++) assertEquals(1, s.search(SearchRequest.of(DocKind.EVENTS, "event.id:o" + o, 0)).total(), "o" + o);
    }
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
      // two rounds of the refresher: the second began after the append, so it had its chance to refresh
      long rounds = idle.refresherRoundsForTest();
      Await.until(Duration.ofSeconds(20), () -> idle.refresherRoundsForTest() >= rounds + 2, "two background refresher rounds");
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

  @Test
  void readingIncidentsDoesNotFlushTheEventsBeingIngested() throws Exception {
    store.append(DocKind.EVENTS, List.of(event("r1", DAY1, "x", "10.0.0.1", "u", 1, "a", "m")));
    store.index(DocKind.INCIDENTS, List.of(new vn.soctinh.analyzer.event.Event().put("event.id", "INC-1").put("@timestamp", DAY1)));
    assertTrue(store.get(DocKind.INCIDENTS, "INC-1").isPresent());
    store.search(SearchRequest.of(DocKind.INCIDENTS, "", 10));
    LucenePartition events = ((LuceneEventStore) store).partitionsForTest().stream().filter(p -> p.name.startsWith("events-")).findFirst().orElseThrow();
    var searcher = events.searchers().acquire();
    try {
      assertEquals(0, searcher.getIndexReader().numDocs(), "the events partition was not refreshed (a refresh flushes a segment)");
    } finally {
      events.searchers().release(searcher);
    }
    assertEquals(1, store.search(SearchRequest.of(DocKind.EVENTS, "event.id:r1", 0)).total(), "a search of events refreshes them");
  }

  @Test
  void newPartitionsAreSortedNewestFirstAndRecordTheirFormat() throws Exception {
    store.append(DocKind.EVENTS, List.of(event("s1", DAY1, "x", "10.0.0.1", "u", 1, "a", "m"),
        event("s3", DAY1.plusSeconds(20), "x", "10.0.0.1", "u", 1, "a", "m"), event("s2", DAY1.plusSeconds(10), "x", "10.0.0.1", "u", 1, "a", "m")));
    store.commit("3");
    try (var d = org.apache.lucene.store.FSDirectory.open(dir.resolve("store/events-2026.11.22"));
        var r = org.apache.lucene.index.DirectoryReader.open(d)) {
      assertEquals(Integer.toString(LucenePartition.FORMAT), r.getIndexCommit().getUserData().get(LucenePartition.FORMAT_KEY));
      assertEquals(LucenePartition.INDEX_SORT, r.leaves().get(0).reader().getMetaData().getSort());
    }
    List<String> newest = store.search(SearchRequest.of(DocKind.EVENTS, "", 2).withSort("@timestamp", true)).hits().stream()
        .map(e -> e.getString("event.id")).toList();
    assertEquals(List.of("s3", "s2"), newest);
  }

  @Test
  void aPartitionOfTheEarlierFormatIsStillReadAndWritten() throws Exception {
    store.close();
    Path legacy = dir.resolve("store/events-2026.11.22");
    try (var d = org.apache.lucene.store.FSDirectory.open(legacy);
        var w = new org.apache.lucene.index.IndexWriter(d, new org.apache.lucene.index.IndexWriterConfig(new FoldingAnalyzer()))) {
      var e = event("old1", DAY1, "x", "10.0.0.1", "u", 1, "a", "m");
      w.addDocument(LuceneDocuments.toDocument("old1", e, 1, vn.soctinh.analyzer.store.FieldType.Mapping.ecs()));
      w.commit();
    }
    store = newStore();
    LucenePartition p = ((LuceneEventStore) store).partitionsForTest().get(0);
    assertEquals(1, p.format, "an index without the format key and with documents is of the earlier format");
    store.append(DocKind.EVENTS, List.of(event("new1", DAY1.plusSeconds(5), "x", "10.0.0.1", "u", 1, "a", "m")));
    store.commit("1");
    assertEquals(2, store.search(SearchRequest.of(DocKind.EVENTS, "", 10)).total());
  }

  /**
   * A @timestamp that is no date cannot go into a partition sorted by it. Alone in a segment, Lucene 9
   * failed the whole commit with a NullPointerException (apache/lucene#15125); it is quarantined
   * instead, and the partition takes the next events.
   */
  @Test
  void anEventWhoseTimestampIsNotADateIsQuarantinedAndTheCommitSucceeds() throws Exception {
    store.append(DocKind.EVENTS, List.of(new vn.soctinh.analyzer.event.Event().put("@timestamp", "hôm qua").put("event.id", "t1").put("message", "m")));
    assertEquals(1, store.quarantined());
    store.commit("1");
    store.append(DocKind.EVENTS, List.of(event("t2", java.time.Instant.EPOCH, "x", "10.0.0.1", "u", 1, "a", "m")));
    store.commit("2");
    store.refresh();
    assertEquals(1, store.search(SearchRequest.of(DocKind.EVENTS, "", 0)).total());
    var kept = store.search(SearchRequest.of(DocKind.QUARANTINE, "event.id:t1", 1)).hits();
    assertEquals(1, kept.size());
    assertTrue(kept.get(0).getString("error.message").contains("@timestamp is not a date"), kept.get(0).toString());
  }
}
