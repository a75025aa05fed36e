package vn.soctinh.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.lucene.LuceneEventStore;
import vn.soctinh.app.SocTinh;
import vn.soctinh.app.TestConfigs;
import vn.soctinh.app.config.ConfigLoader;

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
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (app.pipeline().committedOffset() < 300 && System.nanoTime() < deadline) Thread.sleep(50);
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

  private static JsonNode stats(Path yml) throws Exception {
    CliTest.Run r = CliTest.soctinh("journal", "stats", "--json", "--config", yml.toString());
    assertEquals(0, r.code(), r.err());
    return JSON.readTree(r.out());
  }
}
