package vn.soctinh.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import vn.soctinh.app.SocTinh;
import vn.soctinh.app.TestConfigs;

/** The {@code soctinh} commands as a user runs them (same parser, same exit codes). */
class CliTest {
  @TempDir Path tmp;
  private static final ObjectMapper JSON = new ObjectMapper();

  record Run(int code, String out, String err) {}

  static Run soctinh(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void versionPrintsJson() throws Exception {
    Run r = soctinh("version", "--json");
    assertEquals(0, r.code());
    JsonNode v = JSON.readTree(r.out());
    assertTrue(v.get("version").asText().startsWith("0."), r.out());
    assertEquals(System.getProperty("java.version"), v.get("java").asText());
  }

  /** Every command that reads the store says the same when there is none, with its own name. */
  @Test
  void aMissingStoreIsOneClearErrorForEveryReader(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
    String nowhere = tmp.resolve("nowhere").toString();
    for (String[] cmd : new String[][] {{"search", "--dir", nowhere, "x"}, {"incidents", "list", "--dir", nowhere}}) {
      Run r = soctinh(cmd);
      assertEquals(1, r.code(), String.join(" ", cmd) + ": " + r.err());
      assertTrue(r.err().contains("soctinh " + cmd[0] + ": no store at " + nowhere), r.err());
    }
  }

  @Test
  void everyCommandHasHelp() {
    for (String[] cmd : new String[][] {{"run"}, {"send"}, {"journal"}, {"journal", "stats"}, {"journal", "dump"}, {"config"},
        {"config", "check"}, {"version"}, {"parse"}, {"search"}, {"backup"}, {"restore"}}) {
      String[] args = java.util.Arrays.copyOf(cmd, cmd.length + 1);
      args[cmd.length] = "--help";
      Run r = soctinh(args);
      assertEquals(0, r.code(), String.join(" ", cmd));
      assertTrue(r.out().contains("Usage: soctinh " + String.join(" ", cmd)), r.out());
    }
  }

  @Test
  void searchOfAnUnreachableClusterSaysSoAndExitsWith1() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    Run r = soctinh("search", "--es", "http://127.0.0.1:" + port, "event.action:x");
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("soctinh search: Elasticsearch unreachable"), r.err());
    Run bad = soctinh("search", "--es", "http://127.0.0.1:" + port, "destination.port:abc");
    assertEquals(1, bad.code());
    assertTrue(bad.err().contains("destination.port: expected a whole number"), "the query is checked before the cluster is asked: " + bad.err());
  }

  /** Issue #19: `search --alerts '*'` lists the alerts (it once printed "0 of 0"), each by its level and rule. */
  @Test
  void searchOfAlertsWithABareStarListsThemByRule(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    java.nio.file.Path dir = tmp.resolve("store");
    try (var store = vn.soctinh.analyzer.store.lucene.LuceneEventStore.open(dir)) {
      store.index(vn.soctinh.analyzer.store.DocKind.ALERTS, java.util.List.of(new vn.soctinh.analyzer.event.Event()
          .put("@timestamp", java.time.Instant.parse("2026-12-07T09:49:36Z")).put("event.id", "a1").put("organization.id", "so-tttt")
          .put("labels.level", "high").put("rule.name", "SSH brute force")));
      store.commit("1");
    }
    Run r = soctinh("search", "--dir", dir.toString(), "--alerts", "*");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("2026-12-07T09:49:36Z  so-tttt  high  SSH brute force"), r.out());
    assertTrue(r.out().contains("1 of 1 alerts"), r.out());
  }

  @Test
  void aMissingCommandIsAUsageError() {
    Run r = soctinh();
    assertEquals(2, r.code());
    assertTrue(r.err().contains("missing a command"), r.err());
  }

  @Test
  void configCheckNamesTheKeyAndLineAndExitsWith2() throws Exception {
    Path bad = tmp.resolve("soctinh.yml");
    Files.writeString(bad, "listeners:\n  syslog_tcp:\n    max_frame_bytes: lots\n");
    Run r = soctinh("config", "check", "--config", bad.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("soctinh.yml:3") && r.err().contains("listeners.syslog_tcp.max_frame_bytes"), r.err());

    Run j = soctinh("config", "check", "--config", bad.toString(), "--json");
    assertEquals(2, j.code());
    JsonNode n = JSON.readTree(j.out());
    assertEquals(false, n.get("ok").asBoolean());
    assertTrue(n.get("errors").get(0).asText().contains("max_frame_bytes"));

    Path good = tmp.resolve("good.yml");
    Files.writeString(good, "data_dir: " + tmp.resolve("d") + "\n");
    Run ok = soctinh("config", "check", "--config", good.toString(), "--json");
    assertEquals(0, ok.code(), ok.err());
    assertEquals(tmp.resolve("d").resolve("journal").toString(), JSON.readTree(ok.out()).get("journal_dir").asText());
  }

  @Test
  void sendThenJournalStatsAndDumpShowWhatArrived() throws Exception {
    Path data = tmp.resolve("data");
    try (SocTinh app = SocTinh.start(TestConfigs.loopback(data, ""))) {
      Run s = soctinh("send", "--transport", "relp", "--port", String.valueOf(app.address("relp").getPort()), "--count", "25",
          "--template", "<13>1 - h t - - - Xin chào {seq}\\ttab", "--json");
      assertEquals(0, s.code(), s.out() + s.err());
      JsonNode sent = JSON.readTree(s.out());
      assertEquals(25, sent.get("acked").asInt());

      Run udpBad = soctinh("send", "--transport", "carrier-pigeon");
      assertEquals(2, udpBad.code());

      Run stats = soctinh("journal", "stats", "--dir", data.resolve("journal").toString(), "--json");
      assertEquals(0, stats.code(), stats.err());
      JsonNode st = JSON.readTree(stats.out());
      assertEquals(25, st.get("records").asLong());
      assertEquals(25, st.get("by_transport").get("relp").asLong());
      assertEquals(25, st.get("by_agency").get("unassigned").asLong());

      Run dump = soctinh("journal", "dump", "--dir", data.resolve("journal").toString(), "--from", "3", "--limit", "2", "--json");
      assertEquals(0, dump.code(), dump.err());
      String[] lines = dump.out().strip().split("\n");
      assertEquals(2, lines.length);
      JsonNode first = JSON.readTree(lines[0]);
      assertEquals(3, first.get("offset").asLong());
      assertEquals("relp", first.get("transport").asText());
      assertTrue(first.get("payload").asText().startsWith("<13>1 - h t - - - Xin chào 0000000003"), lines[0]);

      Run text = soctinh("journal", "dump", "--dir", data.resolve("journal").toString(), "--limit", "1");
      assertTrue(text.out().startsWith("0 ") && text.out().contains("relp relp 127.0.0.1:"), text.out());
    }
  }

  @Test
  void dumpEscapesControlBytesAndNonUtf8() {
    assertEquals("a\\nb\\tc\\\\d\\x1B[31m", PayloadText.escape("a\nb\tc\\d\u001b[31m".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertEquals("ok\\xFF\\xFE\\x00", PayloadText.escape(new byte[] {'o', 'k', (byte) 0xff, (byte) 0xfe, 0}));
    assertEquals("Sở Y tế", PayloadText.escape("Sở Y tế".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }
}
