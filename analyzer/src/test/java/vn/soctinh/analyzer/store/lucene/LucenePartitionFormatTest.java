package vn.soctinh.analyzer.store.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.StoreException;

/** A partition a later release wrote (a higher format in its commit) is refused by the server and by searches, naming it, untouched. */
class LucenePartitionFormatTest {
  @TempDir Path root;

  @Test
  void aPartitionOfALaterFormatIsRefusedNamingItAndLeftAsItWas() throws Exception {
    try (LuceneEventStore s = LuceneEventStore.open(root)) {
      s.append(DocKind.EVENTS, List.of(new Event().put("@timestamp", Instant.parse("2026-12-07T03:00:00Z")).put("event.id", "e1").put("message", "x")));
      s.commit("1");
    }
    Path day = root.resolve("events-2026.12.07");
    int later = LucenePartition.FORMAT + 1;
    Map<String, String> data;
    try (var d = FSDirectory.open(day); var w = new IndexWriter(d, new IndexWriterConfig().setOpenMode(IndexWriterConfig.OpenMode.APPEND)
        .setIndexSort(LucenePartition.INDEX_SORT))) {
      data = new HashMap<>(w.getLiveCommitData() == null ? Map.of() : toMap(w.getLiveCommitData()));
      data.put(LucenePartition.FORMAT_KEY, Integer.toString(later));
      w.setLiveCommitData(data.entrySet());
      w.commit();
    }
    long generation = generation(day);
    for (StoreException e : List.of(assertThrows(StoreException.class, () -> LuceneEventStore.open(root)),
        assertThrows(StoreException.class, () -> LuceneEventStore.openReadOnly(root)))) {
      assertTrue(e.getMessage().contains(day + ": store partition of format " + later + ", newer than this release"), e.getMessage());
    }
    assertEquals(generation, generation(day), "no commit was added");
    assertEquals(later, LuceneReindex.status(root).partitions().stream().filter(p -> p.name().equals(day.getFileName().toString())).findFirst()
        .orElseThrow().format());
  }

  private static Map<String, String> toMap(Iterable<Map.Entry<String, String>> entries) {
    Map<String, String> m = new HashMap<>();
    for (Map.Entry<String, String> e : entries) m.put(e.getKey(), e.getValue());
    return m;
  }

  private static long generation(Path partition) throws Exception {
    try (var d = FSDirectory.open(partition); var r = DirectoryReader.open(d)) {
      return r.getIndexCommit().getGeneration();
    }
  }
}
