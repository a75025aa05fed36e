package vn.soctinh.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.soctinh.app.cli.CliTest.soctinh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SlowCodecReaderWrapper;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.SearchRequest;
import vn.soctinh.analyzer.store.lucene.LuceneEventStore;
import vn.soctinh.app.TestConfigs;

/** {@code soctinh store status|reindex} on a store whose first day was written by an earlier release. */
class StoreCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LEGACY = "events-2026.12.01";
  private static final String CURRENT = "events-2026.12.02";
  @TempDir Path tmp;

  /** 40 events on the first day, 10 on the second; the first day's partition then rewritten as an earlier release kept it. */
  private Path storeWithALegacyDay() throws Exception {
    Path data = tmp.resolve("data");
    Path store = data.resolve("store");
    try (LuceneEventStore s = LuceneEventStore.open(store)) {
      List<Event> events = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        Instant at = Instant.parse(i < 40 ? "2026-12-01T08:00:00Z" : "2026-12-02T08:00:00Z").plusSeconds(i * 37L % 3000);
        events.add(new Event().put("@timestamp", at).put("event.id", "e" + i).put("event.action", "ssh_login_failed").put("message", "Sai mật khẩu " + i));
      }
      s.append(DocKind.EVENTS, events);
      s.commit("50");
    }
    toEarlierFormat(store.resolve(LEGACY));
    Files.writeString(tmp.resolve("soctinh.yml"), TestConfigs.loopbackYaml(data, ""));
    return store;
  }

  /** The same documents without the index sort or the format in the commit: what a release before format 2 wrote. */
  private void toEarlierFormat(Path partition) throws IOException {
    toEarlierFormat(partition, tmp.resolve("legacy-copy"));
  }

  /** Rewrites {@code partition} as a release before format 2 kept it, through {@code copy} (a path that does not exist yet). */
  static void toEarlierFormat(Path partition, Path copy) throws IOException {
    try (var src = FSDirectory.open(partition); var r = DirectoryReader.open(src); var dst = FSDirectory.open(copy);
        var w = new IndexWriter(dst, new IndexWriterConfig())) {
      List<CodecReader> leaves = new ArrayList<>();
      for (LeafReaderContext l : r.leaves()) leaves.add(SlowCodecReaderWrapper.wrap(l.reader()));
      w.addIndexes(leaves.toArray(new CodecReader[0]));
      Map<String, String> data = new HashMap<>(r.getIndexCommit().getUserData());
      data.remove("soctinh.format");
      w.setLiveCommitData(data.entrySet());
      w.commit();
    }
    try (var files = Files.list(partition)) {
      for (Path f : files.toList()) Files.delete(f);
    }
    Files.delete(partition);
    Files.move(copy, partition);
  }

  private String cfg() {
    return tmp.resolve("soctinh.yml").toString();
  }

  private static JsonNode partition(JsonNode status, String name) {
    for (JsonNode p : status.get("partitions")) if (p.get("name").asText().equals(name)) return p;
    throw new AssertionError(name + " not in " + status);
  }

  @Test
  void statusShowsTheLegacyPartitionAndReindexRewritesItKeepingEveryEvent() throws Exception {
    Path store = storeWithALegacyDay();

    CliTest.Run st = soctinh("store", "status", "-c", cfg(), "--json");
    assertEquals(0, st.code(), st.err());
    JsonNode s = JSON.readTree(st.out());
    assertEquals(2, s.get("current_format").asInt());
    assertEquals(1, partition(s, LEGACY).get("format").asInt());
    assertEquals(40, partition(s, LEGACY).get("documents").asLong());
    assertTrue(partition(s, LEGACY).get("bytes").asLong() > 0);
    assertEquals(2, partition(s, CURRENT).get("format").asInt());
    assertEquals(10, partition(s, CURRENT).get("documents").asLong());
    assertEquals(1, s.get("to_reindex").asInt());

    CliTest.Run table = soctinh("store", "status", "-c", cfg());
    assertEquals(0, table.code(), table.err());
    assertTrue(table.out().contains(LEGACY) && table.out().contains("(earlier format)") && table.out().contains("1 of 2 partitions"), table.out());

    CliTest.Run dry = soctinh("store", "reindex", "--dir", store.toString(), "--dry-run", "--json");
    assertEquals(0, dry.code(), dry.err());
    JsonNode d = JSON.readTree(dry.out());
    assertEquals(List.of(LEGACY), names(d.get("partitions")));
    assertEquals(40, d.get("documents").asLong());
    assertEquals(1, JSON.readTree(soctinh("store", "status", "-c", cfg(), "--json").out()).get("to_reindex").asInt(), "a dry run changes nothing");

    CliTest.Run r = soctinh("store", "reindex", "-c", cfg(), "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode sum = JSON.readTree(r.out());
    assertEquals(List.of(LEGACY), names(sum.get("partitions")));
    assertEquals(40, sum.get("documents").asLong());
    assertEquals(0, sum.get("quarantined").asLong());
    assertTrue(sum.get("bytes_before").asLong() > 0 && sum.get("bytes_after").asLong() > 0, r.out());
    assertTrue(r.err().startsWith(LEGACY + ": 40 documents, "), "one progress line per partition on stderr when it is no terminal: " + r.err());

    JsonNode after = JSON.readTree(soctinh("store", "status", "-c", cfg(), "--json").out());
    assertEquals(2, partition(after, LEGACY).get("format").asInt());
    assertEquals(40, partition(after, LEGACY).get("documents").asLong());
    assertEquals(0, after.get("to_reindex").asInt());
    try (LuceneEventStore s2 = LuceneEventStore.openReadOnly(store)) {
      List<String> newest = s2.search(SearchRequest.of(DocKind.EVENTS, "", 50).withSort("@timestamp", true)).hits().stream().map(e -> e.getString("event.id")).toList();
      assertEquals(50, newest.size());
      assertEquals(50, newest.stream().distinct().count());
    }

    CliTest.Run again = soctinh("store", "reindex", "-c", cfg());
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("nothing to rewrite"), again.out());
  }

  @Test
  void reindexRefusesWhileTheServerHoldsTheStore() throws Exception {
    Path store = storeWithALegacyDay();
    try (LuceneEventStore server = LuceneEventStore.open(store)) {
      CliTest.Run r = soctinh("store", "reindex", "-c", cfg());
      assertEquals(1, r.code());
      assertTrue(r.err().contains("soctinh store reindex: ") && r.err().contains("stop the server first"), r.err());
      CliTest.Run st = soctinh("store", "status", "-c", cfg(), "--json");
      assertEquals(0, st.code(), "status only reads: " + st.err());
    }
    assertEquals(1, JSON.readTree(soctinh("store", "status", "-c", cfg(), "--json").out()).get("to_reindex").asInt());
  }

  @Test
  void withElasticsearchConfiguredItSaysItIsForTheEmbeddedStoreOnly() throws Exception {
    Path data = tmp.resolve("data");
    Files.writeString(tmp.resolve("soctinh.yml"),
        TestConfigs.loopbackYaml(data, "analyzer:\n  store: elasticsearch\n  elasticsearch:\n    urls: [http://127.0.0.1:9200]\n"));
    for (String sub : List.of("reindex", "status")) {
      CliTest.Run r = soctinh("store", sub, "-c", cfg());
      assertEquals(2, r.code(), r.err());
      assertTrue(r.err().contains("soctinh store " + sub + ": applies to the embedded store only"), r.err());
      assertFalse(Files.exists(data.resolve("store")), "nothing was created");
    }
  }

  @Test
  void everyStoreCommandHasHelpAndAMissingStoreIsAClearError() {
    for (String[] cmd : new String[][] {{"store"}, {"store", "status"}, {"store", "reindex"}}) {
      String[] args = java.util.Arrays.copyOf(cmd, cmd.length + 1);
      args[cmd.length] = "--help";
      CliTest.Run r = soctinh(args);
      assertEquals(0, r.code(), String.join(" ", cmd));
      assertTrue(r.out().contains("Usage: soctinh " + String.join(" ", cmd)), r.out());
    }
    CliTest.Run missing = soctinh("store", "reindex", "--dir", tmp.resolve("nowhere").toString());
    assertEquals(1, missing.code());
    assertTrue(missing.err().contains("soctinh store reindex: no store at"), missing.err());
  }

  private static List<String> names(JsonNode partitions) {
    List<String> out = new ArrayList<>();
    for (JsonNode p : partitions) out.add(p.get("name").asText());
    return out;
  }
}
