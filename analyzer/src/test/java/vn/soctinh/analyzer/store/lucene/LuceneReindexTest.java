package vn.soctinh.analyzer.store.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.FieldType;
import vn.soctinh.analyzer.store.Quarantine;
import vn.soctinh.analyzer.store.SearchRequest;
import vn.soctinh.analyzer.store.StoreInUseException;
import vn.soctinh.collector.testing.TestSeed;

/**
 * {@code soctinh store reindex} on partitions written as an earlier release did (no index sort, no
 * format in the commit): the rewrite, what a crash at each step of the swap leaves, and the refusal
 * while a server holds the store.
 */
@ExtendWith(TestSeed.class)
class LuceneReindexTest {
  private static final String DAY = "events-2026.11.22";
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private static final int N = 300;
  @TempDir Path dir;

  /** N events of one day in shuffled time order (a stream of the run's seed), some at a later version, the way they were stored. */
  private static List<Event> events(String prefix, long seed) {
    List<Event> out = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      out.add(new Event().put("@timestamp", T0.plusMillis(i * 1000L + 7)).put("event.id", prefix + i).put("event.action", i % 3 == 0 ? "ssh_login_failed" : "http_request")
          .put("source.ip", "10.0." + (i % 7) + "." + (i % 250)).put("destination.port", (long) (i % 5 == 0 ? 22 : 443))
          .put("organization.id", i % 2 == 0 ? "so-tttt" : "ubnd-x").put("message", "Đăng nhập thất bại " + i).put("event.original", "<13>line " + i));
    }
    Collections.shuffle(out, TestSeed.random(seed));
    return out;
  }

  private static long version(Event e) {
    return e.getString("event.id").hashCode() % 4 == 0 ? 3 : 1;
  }

  /** A partition as an earlier release wrote it: no index sort, a checkpoint but no format in its commit. */
  static void legacyPartition(Path partition, List<Event> events, String checkpoint) throws IOException {
    try (var d = FSDirectory.open(partition); var w = new IndexWriter(d, new IndexWriterConfig(new FoldingAnalyzer()).setMaxBufferedDocs(64))) {
      for (Event e : events) w.addDocument(LuceneDocuments.toDocument(e.getString("event.id"), e, version(e), FieldType.Mapping.ecs()));
      w.setLiveCommitData(Map.of("checkpoint", checkpoint).entrySet());
      w.commit();
    }
  }

  private record Stored(long version, Map<String, Object> event) {}

  /** Every live document of a partition by id; fails on an id seen twice. */
  private static Map<String, Stored> documents(Path partition) throws IOException {
    Map<String, Stored> out = new TreeMap<>();
    try (var d = FSDirectory.open(partition); var r = DirectoryReader.open(d)) {
      for (LeafReaderContext leaf : r.leaves()) {
        StoredFields sf = leaf.reader().storedFields();
        for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
          if (leaf.reader().getLiveDocs() != null && !leaf.reader().getLiveDocs().get(doc)) continue;
          var stored = sf.document(doc);
          Event e = LuceneDocuments.fromSource(stored.getBinaryValue(LuceneDocuments.SOURCE));
          Stored was = out.put(e.getString("event.id"), new Stored(stored.getField(LuceneDocuments.VERSION).numericValue().longValue(), e.toMap()));
          assertEquals(null, was, "one document per id: " + e.getString("event.id"));
        }
      }
    }
    return out;
  }

  private static Map<String, Stored> expected(List<Event> events) {
    Map<String, Stored> out = new TreeMap<>();
    for (Event e : events) out.put(e.getString("event.id"), new Stored(version(e), e.toMap()));
    return out;
  }

  private static Map<String, String> userData(Path partition) throws IOException {
    try (var d = FSDirectory.open(partition); var r = DirectoryReader.open(d)) {
      return r.getIndexCommit().getUserData();
    }
  }

  private static List<String> dirs(Path root) throws IOException {
    try (var s = Files.list(root)) {
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aLegacyPartitionIsRewrittenSortedWithTheSameDocumentsVersionsAndCheckpoint() throws Exception {
    Path root = dir.resolve("store");
    List<Event> day = events("d", 1);
    legacyPartition(root.resolve(DAY), day, "4711");
    List<Event> alerts = events("a", 2).subList(0, 20);
    legacyPartition(root.resolve("alerts"), alerts, "4711");
    try (LuceneEventStore current = LuceneEventStore.open(root)) {
      current.append(DocKind.EVENTS, List.of(new Event().put("@timestamp", T0.plusSeconds(86_400)).put("event.id", "c1")));
      current.commit("4711");
    }
    assertEquals(1, LucenePartition.existingFormat(FSDirectory.open(root.resolve(DAY))), "the fixture is of the earlier format");

    List<String> reported = new ArrayList<>();
    Map<String, Long> lastDone = new HashMap<>();
    // three indexing threads over the fixture's segments (of 64 documents): the chunked path
    LuceneReindex.Summary s = LuceneReindex.run(root, new LuceneReindex.Progress() {
      @Override
      public void copying(String partition, long done, long total) {
        assertTrue(done <= total, done + " of " + total);
        lastDone.merge(partition, done, Math::max);
      }

      @Override
      public void rewritten(LuceneReindex.Rewritten p) {
        reported.add(p.name());
      }
    }, 3);

    assertEquals(List.of("alerts", DAY), reported, "only the partitions of the earlier format, each reported once");
    assertEquals(Map.of("alerts", 20L, DAY, (long) N), lastDone, "progress reaches every document");
    assertEquals(N + 20, s.documents());
    assertEquals(0, s.quarantined());
    assertTrue(s.bytesBefore() > 0 && s.bytesAfter() > 0, s.toString());
    assertEquals(List.of("alerts", DAY, "events-2026.11.23"), dirs(root),
        "no .reindex or .old left, no quarantine partition opened");

    for (String p : List.of(DAY, "alerts")) {
      Map<String, String> data = userData(root.resolve(p));
      assertEquals(Integer.toString(LucenePartition.FORMAT), data.get(LucenePartition.FORMAT_KEY), p);
      assertEquals("4711", data.get("checkpoint"), p + " keeps its checkpoint");
      try (var d = FSDirectory.open(root.resolve(p)); var r = DirectoryReader.open(d)) {
        assertFalse(r.leaves().isEmpty());
        for (LeafReaderContext leaf : r.leaves()) assertEquals(LucenePartition.INDEX_SORT, leaf.reader().getMetaData().getSort(), p);
        assertNewestFirst(r);
      }
    }
    assertEquals(expected(day), documents(root.resolve(DAY)), "same ids, versions and whole events");
    assertEquals(expected(alerts), documents(root.resolve("alerts")));

    try (LuceneEventStore store = LuceneEventStore.open(root)) {
      List<String> newest = store.search(SearchRequest.of(DocKind.EVENTS, "organization.id:so-tttt", 3).withRange(T0, T0.plusSeconds(3600))
          .withSort("@timestamp", true)).hits().stream().map(e -> e.getString("event.id")).toList();
      assertEquals(List.of("d298", "d296", "d294"), newest);
      assertEquals(N + 1, store.search(SearchRequest.of(DocKind.EVENTS, "", 0)).total());
    }

    String segments = userData(root.resolve(DAY)).toString() + Files.list(root.resolve(DAY)).map(Path::toString).sorted().toList();
    assertTrue(LuceneReindex.run(root, LuceneReindex.Progress.none()).partitions().isEmpty(), "a second run rewrites nothing");
    assertEquals(segments, userData(root.resolve(DAY)).toString() + Files.list(root.resolve(DAY)).map(Path::toString).sorted().toList());
  }

  /** The documents in index order have non-increasing @timestamp: the index itself is sorted, not only the search. */
  private static void assertNewestFirst(DirectoryReader r) throws IOException {
    for (LeafReaderContext leaf : r.leaves()) {
      SortedNumericDocValues t = leaf.reader().getSortedNumericDocValues("@timestamp");
      long previous = Long.MAX_VALUE;
      int seen = 0;
      for (int doc = t.nextDoc(); doc != SortedNumericDocValues.NO_MORE_DOCS; doc = t.nextDoc()) {
        long v = t.nextValue();
        assertTrue(v <= previous, "doc " + doc + " at " + v + " after " + previous);
        previous = v;
        seen++;
      }
      assertTrue(seen > 0);
    }
  }

  @Test
  void statusTellsEachPartitionsFormatAndDocumentsAndWhatIsLeftOfAnInterruptedReindex() throws Exception {
    Path root = dir.resolve("store");
    legacyPartition(root.resolve(DAY), events("d", 3), "9");
    Files.createDirectories(root.resolve("alerts.reindex"));
    LuceneReindex.Status st = LuceneReindex.status(root);
    assertEquals(1, st.partitions().size(), st.toString());
    LuceneReindex.PartitionStatus p = st.partitions().get(0);
    assertEquals(DAY, p.name());
    assertEquals(1, p.format());
    assertEquals(N, p.documents());
    assertTrue(p.bytes() > 0);
    assertEquals(List.of(p), st.toRewrite());
    assertEquals(List.of("alerts.reindex"), st.interrupted());
  }

  /** What a crash leaves at each step of {@link PartitionSwap}, built from a real copy. */
  enum Crash {
    /** step 1 cut short: the copy has segment files but no commit */
    WHILE_COPYING(1),
    /** after step 1: a complete copy beside the partition */
    AFTER_COPY(1),
    /** after step 2: X.old and a complete X.reindex, no X; the swap is finished */
    AFTER_MOVING_THE_OLD_ASIDE(2),
    /** what no step leaves, a hand might: X.old beside an incomplete X.reindex */
    OLD_ASIDE_WITH_AN_INCOMPLETE_COPY(1),
    /** only X.old */
    ONLY_THE_OLD(1),
    /** after step 3: the new X and X.old */
    AFTER_SWAPPING(2);

    /** The format of X once resolved: 1 where the old partition is kept, 2 where the copy is. */
    final int formatAfter;

    Crash(int formatAfter) {
      this.formatAfter = formatAfter;
    }
  }

  @ParameterizedTest
  @EnumSource(Crash.class)
  void aCrashAtAnyStepOfTheSwapLosesAndDoublesNothing(Crash crash) throws Exception {
    Path root = dir.resolve("store");
    List<Event> day = events("d", 4);
    legacyPartition(root.resolve(DAY), day, "77");
    Path done = dir.resolve("done");
    copyTree(root, done);
    LuceneReindex.run(done, LuceneReindex.Progress.none());
    Path x = root.resolve(DAY);
    Path old = root.resolve(DAY + ".old");
    Path next = root.resolve(DAY + ".reindex");
    switch (crash) {
      case WHILE_COPYING -> copyWithoutCommit(done.resolve(DAY), next);
      case AFTER_COPY -> copyTree(done.resolve(DAY), next);
      case AFTER_MOVING_THE_OLD_ASIDE -> {
        copyTree(done.resolve(DAY), next);
        Files.move(x, old);
      }
      case OLD_ASIDE_WITH_AN_INCOMPLETE_COPY -> {
        copyWithoutCommit(done.resolve(DAY), next);
        Files.move(x, old);
      }
      case ONLY_THE_OLD -> Files.move(x, old);
      case AFTER_SWAPPING -> {
        Files.move(x, old);
        copyTree(done.resolve(DAY), x);
      }
    }

    try (LuceneEventStore ro = LuceneEventStore.openReadOnly(root)) {
      assertEquals(Files.exists(x) ? N : 0, ro.search(SearchRequest.of(DocKind.EVENTS, "", 0)).total(),
          "a read-only store never opens .reindex or .old as partitions");
    }
    try (LuceneEventStore store = LuceneEventStore.open(root)) {
      assertEquals(N, store.search(SearchRequest.of(DocKind.EVENTS, "", 0)).total(), "nothing lost, nothing doubled");
      assertEquals(crash.formatAfter, store.partitionsForTest().get(0).format);
    }
    assertEquals(List.of(DAY), dirs(root), "the leftovers are resolved");
    assertEquals(expected(day), documents(x));
    assertEquals("77", userData(x).get("checkpoint"));

    LuceneReindex.run(root, LuceneReindex.Progress.none());
    assertEquals(expected(day), documents(x), "a reindex afterwards finishes the job");
    assertEquals(Integer.toString(LucenePartition.FORMAT), userData(x).get(LucenePartition.FORMAT_KEY));
  }

  @Test
  void aReindexRunAfterACrashResolvesTheLeftoversFirst() throws Exception {
    Path root = dir.resolve("store");
    List<Event> day = events("d", 5);
    legacyPartition(root.resolve(DAY), day, "5");
    Path done = dir.resolve("done");
    copyTree(root, done);
    LuceneReindex.run(done, LuceneReindex.Progress.none());
    copyTree(done.resolve(DAY), root.resolve(DAY + ".reindex"));
    Files.move(root.resolve(DAY), root.resolve(DAY + ".old"));

    LuceneReindex.Summary s = LuceneReindex.run(root, LuceneReindex.Progress.none());
    assertTrue(s.partitions().isEmpty(), "the interrupted swap was finished, so nothing was left to rewrite: " + s);
    assertEquals(List.of(DAY), dirs(root));
    assertEquals(expected(day), documents(root.resolve(DAY)));
  }

  @Test
  void refusesWhileAServerHoldsTheStoreAndChangesNothing() throws Exception {
    Path root = dir.resolve("store");
    legacyPartition(root.resolve(DAY), events("d", 6), "1");
    try (LuceneEventStore server = LuceneEventStore.open(root)) {
      StoreInUseException e = assertThrows(StoreInUseException.class, () -> LuceneReindex.run(root, LuceneReindex.Progress.none()));
      assertTrue(e.getMessage().contains("stop the server first"), e.getMessage());
      assertTrue(e.getCause() instanceof org.apache.lucene.store.LockObtainFailedException, String.valueOf(e.getCause()));
      assertEquals(N, server.search(SearchRequest.of(DocKind.EVENTS, "", 0)).total(), "the server goes on");
    }
    assertEquals(List.of(DAY), dirs(root));
    assertEquals(1, LuceneReindex.status(root).partitions().get(0).format());
  }

  @Test
  void refusesWhileAServerOfAnEarlierReleaseHoldsAPartition() throws Exception {
    Path root = dir.resolve("store");
    legacyPartition(root.resolve(DAY), events("d", 7), "1");
    // an earlier release locked its partitions only, not the store directory
    try (var d = FSDirectory.open(root.resolve(DAY)); var w = new IndexWriter(d, new IndexWriterConfig(new FoldingAnalyzer()))) {
      StoreInUseException e = assertThrows(StoreInUseException.class, () -> LuceneReindex.run(root, LuceneReindex.Progress.none()));
      assertTrue(e.getMessage().contains("partition " + DAY) && e.getMessage().contains("stop the server first"), e.getMessage());
    }
    assertEquals(List.of(DAY), dirs(root));
    assertEquals(1, LuceneReindex.run(root, LuceneReindex.Progress.none()).partitions().size(), "once it has stopped, the reindex runs");
  }

  @Test
  void aServerCannotOpenTheStoreWhileAReindexHoldsIt() throws Exception {
    Path root = dir.resolve("store");
    Files.createDirectories(root);
    try (var d = FSDirectory.open(root); var held = d.obtainLock(IndexWriter.WRITE_LOCK_NAME)) {
      StoreInUseException e = assertThrows(StoreInUseException.class, () -> LuceneEventStore.open(root));
      assertTrue(e.getMessage().contains("in use"), e.getMessage());
    }
    LuceneEventStore.open(root).close();
  }

  /**
   * A legacy partition can hold what the current format refuses: a @timestamp that is no date was
   * indexed as a keyword, which the index sort on @timestamp cannot take. It goes to quarantine, whole.
   */
  @Test
  void aDocumentTheNewIndexRefusesIsQuarantinedAndCounted() throws Exception {
    Path root = dir.resolve("store");
    Event odd = new Event().put("@timestamp", "hôm qua").put("event.id", "odd1").put("log.offset", 42L).put("event.original", "<13>hôm qua");
    Event plain = new Event().put("event.id", "plain1").put("message", "no time at all");
    Path epochDay = root.resolve("events-1970.01.01");
    try (var d = FSDirectory.open(epochDay); var w = new IndexWriter(d, new IndexWriterConfig(new FoldingAnalyzer()))) {
      w.addDocument(withAWordForItsTime(odd));
      w.addDocument(LuceneDocuments.toDocument("plain1", plain, 1, FieldType.Mapping.ecs()));
      w.commit();
    }
    LuceneReindex.Summary s = LuceneReindex.run(root, LuceneReindex.Progress.none());
    assertEquals(2, s.documents());
    assertEquals(1, s.quarantined());
    assertEquals(List.of("plain1"), List.copyOf(documents(epochDay).keySet()));
    Map<String, Stored> q = documents(root.resolve("quarantine"));
    assertEquals(List.of("odd1"), List.copyOf(q.keySet()));
    Map<String, Object> kept = q.get("odd1").event();
    assertEquals(Quarantine.REFUSED, kept.get("error.type"));
    assertEquals("events", kept.get("labels.kind"));
    assertEquals(42L, kept.get("log.offset"));
    assertTrue(kept.get(Quarantine.DOCUMENT).toString().contains("hôm qua"), kept.toString());
    assertEquals(Integer.toString(LucenePartition.FORMAT), userData(root.resolve("quarantine")).get(LucenePartition.FORMAT_KEY));
  }

  @Test
  void aLegacyQuarantinePartitionIsRewrittenBeforeTheOthersAddToIt() throws Exception {
    Path root = dir.resolve("store");
    Event refusedBefore = Quarantine.of(new Event().put("event.id", "q0").put("message", "x"), DocKind.EVENTS, "too big", T0);
    legacyPartition(root.resolve("quarantine"), List.of(refusedBefore), "3");
    Event odd = new Event().put("@timestamp", "not a time").put("event.id", "odd2");
    try (var d = FSDirectory.open(root.resolve(DAY)); var w = new IndexWriter(d, new IndexWriterConfig(new FoldingAnalyzer()))) {
      w.addDocument(withAWordForItsTime(odd));
      w.commit();
    }
    LuceneReindex.Summary s = LuceneReindex.run(root, LuceneReindex.Progress.none());
    assertEquals(List.of("quarantine", DAY), s.partitions().stream().map(LuceneReindex.Rewritten::name).toList());
    assertEquals(List.of("odd2", "q0"), List.copyOf(documents(root.resolve("quarantine")).keySet()));
    assertEquals("3", userData(root.resolve("quarantine")).get("checkpoint"));
    assertEquals(Integer.toString(LucenePartition.FORMAT), userData(root.resolve("quarantine")).get(LucenePartition.FORMAT_KEY));
  }

  /** As an earlier release stored an event whose @timestamp is no date: the whole event in _source, the time as a keyword. */
  private static org.apache.lucene.document.Document withAWordForItsTime(Event e) {
    Event timeless = e.copy();
    timeless.remove("@timestamp");
    var d = LuceneDocuments.toDocument(e.getString("event.id"), timeless, 1, FieldType.Mapping.ecs());
    d.removeField(LuceneDocuments.SOURCE);
    d.add(new org.apache.lucene.document.StoredField(LuceneDocuments.SOURCE, BinarySource.write(e)));
    var word = new org.apache.lucene.util.BytesRef(e.getString("@timestamp"));
    d.add(new org.apache.lucene.document.StringField("@timestamp", word, org.apache.lucene.document.Field.Store.NO));
    d.add(new org.apache.lucene.document.SortedSetDocValuesField("@timestamp", word));
    return d;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        if (p.getFileName().toString().equals(IndexWriter.WRITE_LOCK_NAME)) continue;
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(target);
        else Files.copy(p, target);
      }
    }
  }

  /** A copy cut short: its segment files, none of its commits. */
  private static void copyWithoutCommit(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (var s = Files.list(from)) {
      for (Path p : s.toList()) {
        String n = p.getFileName().toString();
        if (!n.startsWith("segments") && !n.equals(IndexWriter.WRITE_LOCK_NAME)) Files.copy(p, to.resolve(n));
      }
    }
    assertTrue(Files.list(to).findAny().isPresent(), "the copy has files");
  }
}
