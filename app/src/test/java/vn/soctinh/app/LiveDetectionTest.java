package vn.soctinh.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running server end to end: syslog over TCP → journal → parse → Sigma → store, and the alert on
 * the live feed (the event bus the console subscribes to); a rule file added while it runs takes
 * effect without a restart.
 */
class LiveDetectionTest {
  @TempDir Path tmp;

  private static void sendLines(Socket s, String... lines) throws Exception {
    OutputStream out = s.getOutputStream();
    for (String l : lines) out.write((l + "\n").getBytes(UTF_8));
    out.flush();
  }

  /** The first alert whose rule name starts with {@code ruleName} on the feed within the timeout, or null. */
  private static JsonObject await(BlockingQueue<JsonObject> feed, String ruleName, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      JsonObject a = feed.poll(200, TimeUnit.MILLISECONDS);
      if (a != null && a.getJsonObject("rule").getString("name").startsWith(ruleName)) return a;
    }
    return null;
  }

  @Test
  void alertsReachTheLiveFeedAndANewRuleFileTakesEffectWithoutARestart() throws Exception {
    Path extra = Files.createDirectories(tmp.resolve("extra-rules"));
    String yaml = "detection:\n  rules: [../rules/sigma, " + extra + "]\n  mapping: ../rules/sigma-mapping.yml\n  reload_ms: 200\n";
    try (SocTinh app = SocTinh.start(TestConfigs.loopback(tmp.resolve("data"), yaml));
        Socket s = new Socket("127.0.0.1", app.address("syslog_tcp").getPort())) {
      BlockingQueue<JsonObject> feed = new LinkedBlockingQueue<>();
      app.vertx().eventBus().<JsonArray>consumer(vn.soctinh.analyzer.detect.AlertBus.ADDRESS, m -> m.body().forEach(o -> feed.add((JsonObject) o)));

      for (int i = 0; i < 12; i++) {
        sendLines(s, "<38>Dec  3 10:00:" + (10 + i) + " portal-01 sshd[4242]: Failed password for root from 203.0.113.9 port " + (40000 + i) + " ssh2");
      }
      JsonObject brute = await(feed, "SSH brute force", 60);
      assertNotNull(brute, "the brute force reached the live feed");
      assertEquals("203.0.113.9", brute.getJsonObject("labels").getString("group_source_ip"));

      // a rule file dropped in while the server runs
      Files.writeString(extra.resolve("hot.yml"), String.join("\n",
          "title: Login attempt for the honey account",
          "id: test-honey-account",
          "logsource: {product: linux, service: auth}",
          "detection:",
          "  sel: {user.name: honey-admin}",
          "  condition: sel",
          "level: critical",
          ""));
      JsonObject honey = null;
      for (int i = 0; honey == null && i < 60; i++) {
        sendLines(s, "<38>Dec  3 10:01:" + String.format("%02d", i) + " portal-01 sshd[4243]: Failed password for honey-admin from 198.51.100.7 port 50000 ssh2");
        honey = await(feed, "Login attempt for the honey account", 1);
      }
      assertNotNull(honey, "the new rule fired without a restart");
      assertEquals("critical", honey.getJsonObject("labels").getString("level"));
      assertTrue(app.registry().scrape().contains("soctinh_detection_rules_reloads_total"), "reloads are a metric");
    }
  }

  /**
   * With the organisation file: an attack on a known system carries the system, its agency and a
   * priority from its security level; raising the level in the file (reloaded while running) raises
   * the priority of the next alert.
   */
  @Test
  void alertsCarryTheSystemAndAPriorityFromItsSecurityLevel() throws Exception {
    Path data = tmp.resolve("data");
    Path org = Files.createDirectories(data.resolve("org")).resolve("directory.yml");
    // the test's sender (loopback) is one of Sở Tài chính's: only a recognised sender is believed about a system
    String example = Files.readString(Path.of("../deploy/org.example.yml")).replace("cidrs: [10.20.0.0/16]", "cidrs: [10.20.0.0/16, 127.0.0.0/8]");
    Files.writeString(org, example);
    // no indicator feed: the example feed lists 203.0.113.9, and a hit would raise the priority this test reads
    String yaml = "detection:\n  rules: [../rules/sigma]\n  mapping: ../rules/sigma-mapping.yml\n  ioc: []\norganizations:\n  reload_ms: 200\n";
    try (SocTinh app = SocTinh.start(TestConfigs.loopback(data, yaml));
        Socket s = new Socket("127.0.0.1", app.address("syslog_tcp").getPort())) {
      BlockingQueue<JsonObject> feed = new LinkedBlockingQueue<>();
      app.vertx().eventBus().<JsonArray>consumer(vn.soctinh.analyzer.detect.AlertBus.ADDRESS, m -> m.body().forEach(o -> feed.add((JsonObject) o)));
      String sqli = "<14>Dec  3 10:00:00 ketoan-stc nginx: %s - - [03/Dec/2026:10:00:00 +0700] \"GET /?id=1%%27%%20UNION%%20SELECT%%20pass%%20FROM%%20users-- HTTP/1.1\" 200 12 \"-\" \"Mozilla/5.0\"";
      sendLines(s, String.format(sqli, "203.0.113.9"));
      JsonObject a = await(feed, "SQL injection attempt in a URL", 60);
      assertNotNull(a);
      assertEquals("ke-toan-stc", a.getJsonObject("labels").getString("system_id"));
      assertEquals("2", a.getJsonObject("labels").getString("security_level"));
      assertEquals("P3", a.getJsonObject("labels").getString("priority"), "a high rule on a level 2 system");
      assertEquals("so-tai-chinh", a.getJsonObject("organization").getString("id"), "the recognised sender's agency");
      assertEquals("Sở Tài chính", a.getJsonObject("organization").getString("name"));

      Files.writeString(org, example.replace("    level: 2\n    type: application", "    level: 5\n    type: application"));
      JsonObject b = null;
      for (int i = 1; b == null && i < 60; i++) {
        // another attacker each time: a new alert, not a firing folded into the first
        sendLines(s, String.format(sqli, "198.51.100." + i));
        JsonObject x = await(feed, "SQL injection attempt in a URL", 1);
        if (x != null && "5".equals(x.getJsonObject("labels").getString("security_level"))) b = x;
      }
      assertNotNull(b, "the edited organisation file was reloaded");
      assertEquals("P1", b.getJsonObject("labels").getString("priority"), "a high rule on a level 5 system");
    }
  }

  /** A real sender that stops: its silence is an alert on the live feed and on /sources; when it sends again, a recovery. */
  @Test
  void aSenderThatStopsIsReportedSilentThenRecovered() throws Exception {
    String yaml = "silence:\n  min_silence_secs: 1\n  max_silence_secs: 3\n  factor: 2\n  check_secs: 1\n";
    try (SocTinh app = SocTinh.start(TestConfigs.loopback(tmp.resolve("data"), yaml));
        Socket s = new Socket("127.0.0.1", app.address("syslog_tcp").getPort())) {
      BlockingQueue<JsonObject> feed = new LinkedBlockingQueue<>();
      app.vertx().eventBus().<JsonArray>consumer(vn.soctinh.analyzer.detect.AlertBus.ADDRESS, m -> m.body().forEach(o -> feed.add((JsonObject) o)));
      for (int i = 0; i < 15; i++) {
        sendLines(s, "<13>Dec  3 10:00:00 fw-silent kernel: heartbeat " + i);
        Thread.sleep(100); // the sender's rhythm, which the silence detector learns: part of what is tested
      }
      JsonObject silent = await(feed, "Log source silent: fw-silent (unassigned), nothing for ", 30);
      assertNotNull(silent, "the silence reached the live feed");
      assertEquals("soctinh-source-silent", silent.getJsonObject("rule").getString("id"));
      var http = java.net.http.HttpClient.newHttpClient();
      String status = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + app.address("http").getPort() + "/sources")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      JsonObject fw = null;
      for (Object o : new JsonArray(status)) if ("fw-silent".equals(((JsonObject) o).getString("host"))) fw = (JsonObject) o;
      assertNotNull(fw, status);
      assertTrue(fw.getBoolean("silent"), status);
      assertEquals(15L, fw.getLong("events"));

      sendLines(s, "<13>Dec  3 10:01:00 fw-silent kernel: back");
      JsonObject back = await(feed, "Log source back: fw-silent (unassigned)", 30);
      assertNotNull(back, "the recovery reached the live feed");
      assertEquals("P4", back.getJsonObject("labels").getString("priority"));
    }
  }
}
