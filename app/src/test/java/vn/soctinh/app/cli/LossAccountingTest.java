package vn.soctinh.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.lucene.LuceneEventStore;
import vn.soctinh.app.SocTinh;
import vn.soctinh.app.TestConfigs;
import vn.soctinh.app.config.ConfigLoader;
import vn.soctinh.collector.testing.Await;

/** {@code soctinh journal stats}: per agency, received = stored + quarantined + in flight; a lost event shows as a mismatch. */
class LossAccountingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  @Test
  void receivedEqualsStoredPlusInFlightAndALossIsReported() throws Exception {
    Path yml = tmp.resolve("soctinh.yml");
    Files.writeString(yml, TestConfigs.loopbackYaml(tmp.resolve("data"), "sources:\n  - agency: so-test\n    cidrs: [127.0.0.1/32]\n"));
    try (SocTinh app = SocTinh.start(ConfigLoader.load(yml))) {
      CliTest.Run sent = CliTest.soctinh("send", "--transport", "tcp", "--host", "127.0.0.1", "--port",
          Integer.toString(app.address("syslog_tcp").getPort()), "--count", "300");
      assertEquals(0, sent.code(), sent.err());
      Await.until(Duration.ofSeconds(30), () -> app.pipeline().committedOffset() >= 300, "300 records stored");
      assertEquals(300, app.pipeline().committedOffset());
    }
    JsonNode s = stats(yml);
    JsonNode row = s.at("/accounting/so-test");
    assertEquals(300, row.get("received").asLong());
    assertEquals(300, row.get("stored").asLong());
    assertEquals(0, row.get("in_flight").asLong());
    assertTrue(s.get("balanced").asBoolean());

    // Lose the events behind the pipeline's back: the accounting must notice.
    try (LuceneEventStore store = LuceneEventStore.open(tmp.resolve("data/store"))) {
      store.deleteOlderThan(DocKind.EVENTS, Instant.now().plusSeconds(86_400), "so-test");
      store.commit("300");
    }
    JsonNode after = stats(yml);
    assertEquals(0, after.at("/accounting/so-test/stored").asLong());
    assertFalse(after.get("balanced").asBoolean());
    CliTest.Run text = CliTest.soctinh("journal", "stats", "--config", yml.toString());
    assertTrue(text.out().contains("MISMATCH: received != stored + quarantined + in flight"), text.out());
  }

  /**
   * The line that stalled the pipeline: the store refuses it, keeps it in quarantine, stores the
   * lines after it, and the accounting counts it as quarantined, not lost.
   */
  @Test
  void aLineTheStoreRefusesIsCountedAsQuarantinedNotLost() throws Exception {
    Path yml = tmp.resolve("soctinh.yml");
    // the field guard off: the store itself must refuse the poison (the guard would make it fit)
    Files.writeString(yml, TestConfigs.loopbackYaml(tmp.resolve("data"), "sources:\n  - agency: so-test\n    cidrs: [127.0.0.1/32]\n"
        + "analyzer:\n  field_guard: false\n"));
    try (SocTinh app = SocTinh.start(ConfigLoader.load(yml))) {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", app.address("syslog_tcp").getPort())) {
        // the first line gives source.port its numbers in the day's partition; the second is the poison
        s.getOutputStream().write(("{\"event\":{\"action\":\"probe\"},\"source\":{\"port\":22},\"message\":\"fine\"}\n"
            + "{\"source\":{\"port\":[1,\"x\"]},\"message\":\"poison\"}\n"
            + "{\"event\":{\"action\":\"probe\"},\"source\":{\"port\":23},\"message\":\"after\"}\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      Await.until(Duration.ofSeconds(30), () -> app.pipeline().committedOffset() >= 3, "the pipeline went past the poison");
      assertEquals(3, app.pipeline().committedOffset(), "the pipeline went past the poison");
    }
    JsonNode s = stats(yml);
    JsonNode row = s.at("/accounting/so-test");
    assertEquals(3, row.get("received").asLong());
    assertEquals(2, row.get("stored").asLong());
    assertEquals(1, row.get("quarantined").asLong());
    assertTrue(s.get("balanced").asBoolean(), s.toString());
  }

  private static JsonNode stats(Path yml) throws Exception {
    CliTest.Run r = CliTest.soctinh("journal", "stats", "--json", "--config", yml.toString());
    assertEquals(0, r.code(), r.err());
    return JSON.readTree(r.out());
  }
}
