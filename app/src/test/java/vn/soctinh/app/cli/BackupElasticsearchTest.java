package vn.soctinh.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.app.TestConfigs;
import vn.soctinh.collector.journal.Journal;
import vn.soctinh.collector.journal.JournalConfig;

/**
 * With the store in Elasticsearch, {@code soctinh backup} copies everything else, says how to
 * snapshot the cluster, and starts the store's consumer over from the oldest copied record (the
 * pipeline then moves on to the restored cluster's checkpoint). No cluster is needed: the backup
 * never asks one.
 */
class BackupElasticsearchTest {
  @TempDir Path tmp;

  @Test
  void backupWithTheStoreInElasticsearchCoversTheRestAndPrintsTheSnapshotSteps() throws Exception {
    Path data = tmp.resolve("data");
    try (Journal j = Journal.open(JournalConfig.defaults(data.resolve("journal")).withMinFreeDiskBytes(0), new SimpleMeterRegistry())) {
      j.registerConsumer("analyzer").commit(0);
    }
    Files.createDirectories(data.resolve("console"));
    Files.writeString(data.resolve("console/users.json"), "{\"users\":[]}");
    Path cfg = Files.writeString(tmp.resolve("es.yml"), TestConfigs.loopbackYaml(data,
        "analyzer:\n  store: elasticsearch\n  elasticsearch: { urls: [\"http://127.0.0.1:9\"], index_prefix: tinh }\n"));
    CliTest.Run r = CliTest.soctinh("backup", tmp.resolve("b").toString(), "-c", cfg.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("/_snapshot/soctinh/") && r.out().contains("\"indices\":\"tinh-*\""), r.out());
    assertTrue(r.out().contains("BEFORE this backup"), r.out());
    assertFalse(Files.exists(tmp.resolve("b/store")), "nothing of the cluster's is copied");
    assertTrue(Files.readString(tmp.resolve("b/manifest.json")).contains("\"store\" : \"elasticsearch\""));
    assertEquals("0", Files.readString(tmp.resolve("b/journal/consumers/analyzer.offset")).strip());
    assertTrue(Files.exists(tmp.resolve("b/data/console/users.json")));
  }
}
