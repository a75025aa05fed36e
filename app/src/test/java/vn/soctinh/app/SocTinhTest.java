package vn.soctinh.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.collector.journal.FsyncPolicy;
import vn.soctinh.collector.journal.Journal;
import vn.soctinh.collector.journal.JournalConfig;
import vn.soctinh.collector.journal.JournalReader;
import vn.soctinh.collector.journal.JournalRecord;
import vn.soctinh.collector.syslog.SyslogSender;
import vn.soctinh.collector.testing.Await;

/** The whole process, in-process: every listener, a real journal, the HTTP server. */
class SocTinhTest {
  @TempDir Path tmp;
  private final HttpClient http = HttpClient.newHttpClient();

  private static List<JournalRecord> readAll(Journal j) throws Exception {
    List<JournalRecord> out = new ArrayList<>();
    try (JournalReader r = j.reader(0)) {
      JournalRecord rec;
      while ((rec = r.next()) != null) out.add(rec);
    }
    return out;
  }

  private static SyslogSender.Result send(SyslogSender.Transport t, int port, int count, String tag) throws Exception {
    SyslogSender.Options o = SyslogSender.Options.of(t, "127.0.0.1", port).withCount(count)
        .withTemplate("<13>1 {ts} host " + tag + " - - - seq={seq}").withTimeoutMillis(20_000);
    if (t == SyslogSender.Transport.TLS) o = o.withTrustAll(true); // for RELP, any TLS option means RELP over TLS
    return new SyslogSender(o).run();
  }

  @Test
  void everyTransportLandsInTheJournalAndACleanShutdownKeepsIt() throws Exception {
    Path data = tmp.resolve("data");
    Map<String, Integer> expected = new TreeMap<>();
    try (SocTinh app = SocTinh.start(TestConfigs.loopback(data, ""))) {
      assertNull(send(SyslogSender.Transport.TCP, app.address("syslog_tcp").getPort(), 3000, "tcp").error());
      assertNull(send(SyslogSender.Transport.TLS, app.address("syslog_tls").getPort(), 2000, "tls").error());
      SyslogSender.Result relp = send(SyslogSender.Transport.RELP, app.address("relp").getPort(), 2000, "relp");
      assertEquals(2000, relp.acked());
      // UDP: few and paced, so that a loss would be ours and not the kernel's
      SyslogSender.Options udp = SyslogSender.Options.of(SyslogSender.Transport.UDP, "127.0.0.1", app.address("syslog_udp").getPort())
          .withCount(300).withRate(3000).withTemplate("<13>1 {ts} host udp - - - seq={seq}");
      assertNull(new SyslogSender(udp).run().error());
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.address("http").getPort() + "/api/v1/ingest"))
          .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString("{\"m\":\"Sở Y tế\"}\n{\"m\":2}\n")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      expected.put("http", 2);
      expected.put("relp", 2000);
      expected.put("syslog_tcp", 3000);
      expected.put("syslog_tls", 2000);
      expected.put("syslog_udp", 300);
      Await.until(Duration.ofSeconds(20), () -> app.journal().nextOffset() >= 7302, () -> "journaled " + app.journal().nextOffset() + " of 7302");

      String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.address("http").getPort() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertTrue(metrics.contains("soctinh_received_messages_total{agency=\"unassigned\",listener=\"syslog_tcp\",transport=\"tcp\"} 3000.0"), metrics);
      assertTrue(metrics.contains("soctinh_journal_fsync_seconds_bucket"));
      assertTrue(metrics.contains("soctinh_udp_kernel_drops{listener=\"syslog_udp\"}"));
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.address("http").getPort() + "/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode());
      assertTrue(health.body().contains("\"status\" : \"ok\""), health.body());
    }
    // after close, a fresh open sees everything, in per-listener order, with no torn tail
    try (Journal j = Journal.open(JournalConfig.defaults(data.resolve("journal")).withFsync(FsyncPolicy.EVERY_BATCH), null)) {
      List<JournalRecord> all = readAll(j);
      Map<String, Integer> counts = new TreeMap<>();
      Map<String, Integer> nextSeq = new TreeMap<>();
      for (JournalRecord rec : all) {
        String l = rec.meta().listener();
        counts.merge(l, 1, Integer::sum);
        String text = new String(rec.payload(), StandardCharsets.UTF_8);
        if (!l.equals("http") && !l.equals("syslog_udp")) {
          int seq = Integer.parseInt(text.substring(text.indexOf("seq=") + 4));
          assertEquals(nextSeq.getOrDefault(l, 0), seq, "order on " + l);
          nextSeq.put(l, seq + 1);
        }
      }
      assertEquals(expected, counts);
      assertEquals(0, j.stats().tornRecords());
    }
  }

  @Test
  void closingRightAfterASenderFinishesKeepsEveryLineItWrote() throws Exception {
    // the sender's bytes can all sit in the kernel's socket buffer when shutdown starts: they must be read, not reset
    Path data = tmp.resolve("data");
    SocTinh app = SocTinh.start(TestConfigs.loopback(data, ""));
    SyslogSender.Result r = send(SyslogSender.Transport.TCP, app.address("syslog_tcp").getPort(), 20_000, "burst");
    assertNull(r.error());
    app.close();
    try (Journal j = Journal.openReadOnly(data.resolve("journal"))) {
      assertEquals(20_000, j.stats().nextOffset(), "every line was journaled (the analyzer may already have consumed and dropped some)");
    }
  }

  @Test
  void aBusyPortFailsTheStartWithTheListenersNameAndKey() throws Exception {
    try (SocTinh first = SocTinh.start(TestConfigs.loopback(tmp.resolve("a"), ""))) {
      int busy = first.address("syslog_tcp").getPort();
      String yaml = TestConfigs.loopbackYaml(tmp.resolve("b"), "").replace("tcp://127.0.0.1:0\" }\n  syslog_tls", "tcp://127.0.0.1:" + busy + "\" }\n  syslog_tls");
      assertTrue(yaml.contains(":" + busy), yaml);
      java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
          () -> SocTinh.start(vn.soctinh.app.config.ConfigLoader.loadString(yaml, "b.yml")));
      assertTrue(e.getMessage().contains("syslog_tcp") && e.getMessage().contains("listeners.syslog_tcp.listen"), e.getMessage());
    }
  }
}
