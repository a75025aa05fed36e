package vn.soctinh.app.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.analyzer.store.SearchRequest;
import vn.soctinh.analyzer.store.SearchResult;
import vn.soctinh.analyzer.store.lucene.LuceneEventStore;
import vn.soctinh.app.TestStores;
import vn.soctinh.app.forwarders.InputLines;
import vn.soctinh.app.forwarders.RsyslogDaemon;
import vn.soctinh.collector.journal.Journal;
import vn.soctinh.collector.journal.JournalReader;
import vn.soctinh.collector.journal.JournalRecord;
import vn.soctinh.collector.testing.TestSeed;

/**
 * The crash test: rsyslog forwards over RELP at full speed, SOC Tỉnh is killed with SIGKILL in the
 * middle, restarted on the same port and data, and rsyslog retransmits what was not acknowledged.
 * No line may be missing from the journal; duplicates are allowed there (RELP is at-least-once) and
 * reported. The analyzer was storing events when the kill came: after the restart the store (the
 * embedded one, then Elasticsearch) holds every journal record exactly once.
 */
@ExtendWith(TestSeed.class)
class RelpCrashIT {
  @TempDir Path tmp;

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }

  private static List<byte[]> journaled(Path journalDir) {
    List<byte[]> out = new ArrayList<>();
    if (!Files.isDirectory(journalDir)) return out;
    try (Journal j = Journal.openReadOnly(journalDir); JournalReader r = j.reader(0)) {
      JournalRecord rec;
      while ((rec = r.next()) != null) out.add(rec.payload());
    } catch (Exception e) {
      // a segment being created or truncated by the restarted process: read again next poll
    }
    return out;
  }

  /** Every event.id in the store's last commit (read-only, while the server runs); a repeated id fails the test. */
  private static Set<String> storedIds(Path store, String esPrefix) throws Exception {
    Set<String> ids = new HashSet<>();
    if (esPrefix == null && !Files.isDirectory(store)) return ids;
    try (EventStore s = esPrefix == null ? LuceneEventStore.openReadOnly(store) : TestStores.openEs(esPrefix)) {
      SearchRequest req = SearchRequest.of(DocKind.EVENTS, "", 10_000).withSort("@timestamp", false);
      SearchResult page = s.search(req);
      while (true) {
        for (Event e : page.hits()) assertTrue(ids.add(e.getString("event.id")), "event.id " + e.getString("event.id") + " stored twice");
        if (page.nextCursor() == null) break;
        page = s.search(req.after(page.nextCursor()));
      }
    }
    return ids;
  }

  @ParameterizedTest(name = "store: {0}")
  @ValueSource(strings = {"lucene", "elasticsearch"})
  void killMinus9DuringRelpLoadLosesNoLine(String store) throws Exception {
    vn.soctinh.collector.testing.RequiredTools.assume(RsyslogDaemon.unavailableReason(RsyslogDaemon.Template.RELP).isEmpty(),
        RsyslogDaemon.unavailableReason(RsyslogDaemon.Template.RELP).orElse(""));
    int lines = Integer.getInteger("soctinh.crash.lines", 60_000);
    int port = freePort();
    String prefix = TestStores.uniquePrefix("crash");
    String esPrefix = store.equals("elasticsearch") ? prefix : null;
    Path data = tmp.resolve("data");
    Path cfg = tmp.resolve("soctinh.yml");
    Files.writeString(cfg, "data_dir: " + data + "\n"
        + "listeners:\n"
        + "  syslog_udp: { enabled: false }\n  syslog_tcp: { enabled: false }\n  syslog_tls: { enabled: false }\n"
        + "  http: { enabled: false }\n  netflow: { enabled: false }\n  ipfix: { enabled: false }\n"
        + "  relp: { listen: \"tcp://127.0.0.1:" + port + "\" }\n" + TestStores.analyzerYaml(store, prefix));
    InputLines input = InputLines.generate(lines, TestSeed.seed());
    Path file = input.writeTo(tmp.resolve("input.log"));
    Path journalDir = data.resolve("journal");

    SocTinhProcess first = SocTinhProcess.start(cfg, tmp);
    try (RsyslogDaemon rsyslog = RsyslogDaemon.forward(RsyslogDaemon.Template.RELP, "127.0.0.1", port, file, Map.of())) {
      long deadline = System.currentTimeMillis() + 60_000;
      int before;
      while ((before = journaled(journalDir).size()) < lines / 4 && System.currentTimeMillis() < deadline) Thread.sleep(20);
      assertTrue(before >= lines / 4 && before < lines, "the kill must land mid-stream; journaled " + before + "\n" + rsyslog.logs());
      first.kill();

      try (SocTinhProcess second = SocTinhProcess.start(cfg, tmp)) {
        InputLines.Delivery d = input.awaitDelivery(() -> journaled(journalDir), Duration.ofSeconds(3), Duration.ofSeconds(180));
        System.out.println("crash test: killed at " + before + " of " + lines + " journaled; after restart " + d.summary());
        assertEquals(0, d.missing(), d.summary() + "\n" + rsyslog.logs() + "\n" + second.logs());
        assertTrue(d.atLeastOnce(), d.summary());
        assertEquals(lines, d.delivered());

        // The analyzer was indexing when the first process died: every journal record must end up
        // in the store exactly once, as the document whose event.id is its offset.
        int records = journaled(journalDir).size();
        Set<String> ids = Set.of();
        long storeDeadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < storeDeadline) {
          ids = storedIds(data.resolve("store"), esPrefix);
          if (ids.size() >= records) break;
          Thread.sleep(500);
        }
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < records; i++) expected.add(Integer.toString(i));
        assertEquals(expected, ids, "each journal record stored once, by offset\n" + second.logs());
        System.out.println("crash test: " + ids.size() + " events in the store for " + records + " journal records");
      }
    } finally {
      first.close();
      if (esPrefix != null) TestStores.dropEs(esPrefix);
    }
  }
}
