package vn.soctinh.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.soctinh.app.cli.CliTest.soctinh;

import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.store.lucene.LuceneReindex;
import vn.soctinh.app.SocTinh;
import vn.soctinh.app.Status;
import vn.soctinh.app.TestConfigs;
import vn.soctinh.app.config.ConfigLoader;

/**
 * {@code soctinh status} against a real server on loopback (its /status), then with the server
 * stopped (read from the data directory): the same journal and store figures either way.
 */
class StatusCommandTest {
  @TempDir Path tmp;

  @Test
  void statusAsksTheRunningServerAndReadsTheDataDirectoryOnceItHasStopped() throws Exception {
    Path data = tmp.resolve("data");
    String yaml = TestConfigs.loopbackYaml(data, "analyzer: {commit_interval_ms: 100}\n");
    Path configFile = tmp.resolve("soctinh.yml");
    int lines = 40;
    long next;
    try (SocTinh app = SocTinh.start(ConfigLoader.loadString(yaml, "test.yml"))) {
      // the CLI finds the server by the configured HTTP port
      Files.writeString(configFile, yaml.replace("http://127.0.0.1:0", "http://127.0.0.1:" + app.address("http").getPort()));
      try (Socket s = new Socket("127.0.0.1", app.address("syslog_tcp").getPort()); OutputStream out = s.getOutputStream()) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines; i++) {
          b.append("<38>Dec  7 10:00:00 web-01 sshd[").append(100 + i).append("]: Failed password for root from 203.0.113.9 port 5000 ssh2\n");
        }
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
      }
      JsonObject r = waitFor(configFile, x -> x.getJsonObject("journal").getLong("next_offset") >= lines
          && x.getJsonObject("journal").getJsonObject("consumers").stream().allMatch(c -> ((JsonObject) c.getValue()).getLong("lag") == 0)
          && x.getJsonObject("store").getLong("documents", 0L) >= lines);
      assertTrue(r.getJsonObject("server").getBoolean("running"), r.encodePrettily());
      assertTrue(r.getJsonArray("listeners").stream().anyMatch(l -> "syslog_tcp".equals(((JsonObject) l).getString("name"))), r.encodePrettily());
      assertFalse(r.getJsonObject("journal").getJsonObject("consumers").isEmpty(), "the analyzer's consumers are listed");
      JsonObject rules = r.getJsonObject("rules");
      assertTrue(rules.getInteger("loaded") > 10, rules.encode());
      assertEquals(0, rules.getInteger("failed"), rules.encode());
      assertEquals(1, r.getJsonObject("sources").getInteger("known"), "the one sender is a known source: " + r.encodePrettily());
      assertTrue(r.getJsonObject("disk").getLong("free_bytes") > 0, r.encodePrettily());
      next = r.getJsonObject("journal").getLong("next_offset");
      CliTest.Run text = soctinh("status", "--config", configFile.toString());
      assertEquals(0, text.code(), text.err());
      assertTrue(text.out().contains("running since"), text.out());
      assertTrue(text.out().contains("rules:     " + rules.getInteger("loaded") + " loaded, 0 failed"), text.out());
    }
    CliTest.Run stopped = soctinh("status", "--config", configFile.toString(), "--json");
    assertEquals(StatusCommand.NOT_RUNNING, stopped.code(), stopped.err());
    JsonObject r = new JsonObject(stopped.out());
    assertFalse(r.getJsonObject("server").getBoolean("running"));
    assertEquals(next, r.getJsonObject("journal").getLong("next_offset"), "the journal read from disk ends where the server's did");
    assertTrue(r.getJsonObject("store").getLong("documents") >= lines, r.encodePrettily());
    assertTrue(r.getJsonObject("rules").getInteger("loaded") > 10, "rules loaded from the files: " + r.encodePrettily());
    assertEquals(null, r.getJsonObject("sources"), "what only a running server knows is not made up");
    assertEquals(null, r.getJsonObject("backup").getString("last"));
    // a backup is recorded and shown
    Path backup = tmp.resolve("backup");
    CliTest.Run made = soctinh("backup", backup.toString(), "--config", configFile.toString());
    assertEquals(0, made.code(), made.out() + made.err());
    JsonObject after = new JsonObject(soctinh("status", "--config", configFile.toString(), "--json").out());
    assertEquals(backup.toString(), after.getJsonObject("backup").getString("dir"));
    assertTrue(soctinh("status", "--config", configFile.toString()).out().contains("backup:    last "), "the text says when");
  }

  @Test
  void growthPerDayIsTheMeanOfTheLastCompleteDaysAndGivesTheDaysLeft() {
    Instant now = Instant.parse("2026-12-07T10:00:00Z");
    List<LuceneReindex.PartitionStatus> parts = List.of(
        new LuceneReindex.PartitionStatus("events-2026.11.20", 2, 10, 9_000_000), // older than a week: not counted
        new LuceneReindex.PartitionStatus("events-2026.12.05", 2, 10, 1_000_000),
        new LuceneReindex.PartitionStatus("events-2026.12.06", 2, 10, 3_000_000),
        new LuceneReindex.PartitionStatus("events-2026.12.07", 2, 10, 500_000), // today, not complete
        new LuceneReindex.PartitionStatus("alerts", 2, 10, 7_000_000));
    assertEquals(2_000_000L, Status.bytesPerDay(parts, now));
    assertEquals(null, Status.bytesPerDay(parts.subList(3, 5), now), "no complete day yet: no forecast");
    JsonObject disk = Status.disk(tmp, 2_000_000L);
    assertNotNull(disk.getLong("free_bytes"));
    assertEquals(disk.getLong("free_bytes") / 2_000_000L, disk.getLong("days_until_full"));
  }

  private static JsonObject waitFor(Path configFile, java.util.function.Predicate<JsonObject> done) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    JsonObject last = null;
    while (System.nanoTime() < deadline) {
      CliTest.Run run = soctinh("status", "--config", configFile.toString(), "--json");
      if (run.code() == 0) {
        last = new JsonObject(run.out());
        if (done.test(last)) return last;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("status never showed it: " + (last == null ? "no answer" : last.encodePrettily()));
  }
}
