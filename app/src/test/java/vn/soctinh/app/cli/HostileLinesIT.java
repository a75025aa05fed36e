package vn.soctinh.app.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.soctinh.app.TestStores;
import vn.soctinh.app.process.SocTinhProcess;

/**
 * Lines written to break the store, sent over plain TCP with no token to a real {@code soctinh run}
 * process, on each store, with the field guard on (the default: what does not fit is moved aside and
 * the event stored) and off (the store refuses the document and quarantines it). Either way the
 * pipeline keeps moving: the normal line sent after them is searchable, and every record is stored
 * or quarantined, exactly once (received = stored + quarantined, nothing in flight).
 */
class HostileLinesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  /** The lines, each one way we know for a document to be refused by a store that trusts its input. */
  private static List<String> hostile() throws Exception {
    List<String> out = new ArrayList<>();
    out.add("{\"source\":{\"port\":[1,\"x\"]},\"message\":\"poison\"}"); // a number field that is also a word
    out.add("{\"@timestamp\":\"not a date\",\"message\":\"bad-date\"}"); // the partition's sort key is not a date
    out.add("{\"source\":{\"ip\":\"not-an-address\"},\"destination\":{\"port\":\"http\"},\"message\":\"bad-types\"}");
    out.add("{\"host\":{\"name\":{\"x\":{\"y\":1}}},\"message\":\"object-where-a-value-goes\"}");
    out.add(JSON.writeValueAsString(java.util.Map.of("user", java.util.Map.of("name", "A".repeat(40_000)), "message", "immense-term")));
    StringBuilder deep = new StringBuilder();
    for (int i = 0; i < 60; i++) deep.append("{\"a\":");
    deep.append("1");
    for (int i = 0; i < 60; i++) deep.append('}');
    out.add("{\"winlog\":{\"event_data\":" + deep + "},\"message\":\"deep\"}");
    return out;
  }

  private static String config(Path data, String store, String prefix, boolean guard) {
    String analyzer = "analyzer:\n  field_guard: " + guard + "\n";
    if (store.equals("elasticsearch")) {
      analyzer += "  store: elasticsearch\n  elasticsearch:\n    urls: [" + TestStores.esUrl() + "]\n    index_prefix: " + prefix + "\n    replicas: 0\n";
    }
    return "data_dir: " + data + "\n"
        + "listeners:\n"
        + "  syslog_udp: { enabled: false }\n  syslog_tls: { enabled: false }\n  relp: { enabled: false }\n"
        + "  http: { enabled: false }\n  netflow: { enabled: false }\n  ipfix: { enabled: false }\n"
        + "  syslog_tcp: { listen: \"tcp://127.0.0.1:0\" }\n"
        + "console: { enabled: false }\n"
        + "detection:\n  rules: [" + Path.of("../rules/sigma").toAbsolutePath() + "]\n  mapping: " + Path.of("../rules/sigma-mapping.yml").toAbsolutePath() + "\n"
        + analyzer;
  }

  private static JsonNode json(CliTest.Run r) throws Exception {
    return JSON.readTree(r.out());
  }

  @ParameterizedTest(name = "store: {0}, field guard: {1}")
  @CsvSource({"lucene, true", "lucene, false", "elasticsearch, true", "elasticsearch, false"})
  void hostileLinesNeverStopThePipelineAndEveryRecordIsStoredOrQuarantinedOnce(String store, boolean guard) throws Exception {
    String prefix = TestStores.uniquePrefix("hostile");
    Path data = tmp.resolve("data");
    Path cfg = tmp.resolve("soctinh.yml");
    Files.writeString(cfg, config(data, store, prefix, guard));
    List<String> lines = new ArrayList<>();
    lines.add("<38>Dec  7 10:00:00 web-01 sshd[1]: Failed password for root from 203.0.113.9 port 4000 ssh2 zzbeforezz");
    lines.addAll(hostile());
    lines.add("<38>Dec  7 10:00:01 web-01 sshd[1]: Failed password for root from 203.0.113.9 port 4001 ssh2 zzafterzz");
    try (SocTinhProcess p = SocTinhProcess.start(cfg, tmp)) {
      try (Socket s = new Socket("127.0.0.1", p.port("syslog_tcp"))) {
        OutputStream out = s.getOutputStream();
        for (String l : lines) out.write((l + "\n").getBytes(UTF_8));
        out.flush();
      }
      JsonNode stats = null;
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (System.nanoTime() < deadline) {
        stats = json(CliTest.soctinh("journal", "stats", "--json", "-c", cfg.toString()));
        JsonNode row = stats.at("/accounting/unassigned");
        // a cluster shows what it took after its refresh: wait until the books balance, or time runs out
        if (row.path("received").asLong() == lines.size() && row.path("in_flight").asLong(-1) == 0 && stats.path("balanced").asBoolean()) break;
        Thread.sleep(500);
      }
      JsonNode row = stats.at("/accounting/unassigned");
      assertEquals(lines.size(), row.path("received").asLong(), stats + "\n" + p.logs());
      assertEquals(0, row.path("in_flight").asLong(), "the pipeline went past every hostile line: " + stats + "\n" + p.logs());
      assertEquals(lines.size(), row.path("stored").asLong() + row.path("quarantined").asLong(), "each record stored or quarantined: " + stats);
      assertTrue(stats.get("balanced").asBoolean(), stats.toString());

      CliTest.Run after = CliTest.soctinh("search", "-c", cfg.toString(), "--json", "zzafterzz");
      assertTrue(after.out().contains("\"total\":1"), "the line after them is searchable: " + after.out() + after.err());
      CliTest.Run quarantined = CliTest.soctinh("search", "-c", cfg.toString(), "--quarantine", "--json", "--limit", "100");
      if (guard) {
        assertEquals(0, row.path("quarantined").asLong(), "the guard made every event fit: " + quarantined.out());
        CliTest.Run poison = CliTest.soctinh("search", "-c", cfg.toString(), "--json", "tags:_mistyped AND message:poison");
        assertTrue(poison.out().contains("\"total\":1"), "the poison line is stored, its odd value moved aside: " + poison.out());
        assertTrue(poison.out().contains("\"mistyped\""), poison.out());
      } else {
        assertTrue(row.path("quarantined").asLong() >= 1, "the store refused at least the poison line: " + stats);
        assertTrue(quarantined.out().contains("poison"), "the refused line is kept with its original text: " + quarantined.out());
        assertTrue(quarantined.out().contains("store_refused"), quarantined.out());
      }
    } finally {
      if (store.equals("elasticsearch")) TestStores.dropEs(prefix);
    }
  }
}
