package vn.soctinh.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.incident.Incident;
import vn.soctinh.analyzer.incident.IncidentRules;
import vn.soctinh.analyzer.incident.IncidentService;
import vn.soctinh.analyzer.notify.Notifications;
import vn.soctinh.analyzer.store.lucene.LuceneEventStore;
import vn.soctinh.collector.testing.Await;

/** Notifications from the running server to a real SMTP server, and deadline notices sent once. */
class NotificationsTest {
  @RegisterExtension
  static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("soc@tinh.test", "soc", "s3cret"));

  @TempDir Path tmp;

  /** An SQL injection on a level 4 system: high × 4 = P1, an incident opens, and the duty officer gets an e-mail in Vietnamese. */
  @Test
  void aNewP1IncidentIsMailed() throws Exception {
    Path data = tmp.resolve("data");
    Path org = Files.createDirectories(data.resolve("org")).resolve("directory.yml");
    // the web server of the data centre (level 4), known by its host name, sends its own logs (from
    // 127.0.0.1 here): a sender at a system's own address is that system's, and believed
    Files.writeString(org, Files.readString(Path.of("../deploy/org.example.yml"))
        .replace("addresses: [10.10.0.0/16]", "addresses: [10.10.0.0/16, web-ttdl, 127.0.0.1]"));
    String yaml = "detection:\n  rules: [../rules/sigma]\n  mapping: ../rules/sigma-mapping.yml\n"
        + "incidents:\n  regulation_dir: ../rules/regulation\n"
        + "notify:\n  mail:\n    host: 127.0.0.1\n    port: " + mail.getSmtp().getPort() + "\n    starttls: optional\n    username: soc\n"
        + "    password: s3cret\n    from: soc@tinh.test\n    to: [truc-ban@tinh.test]\n";
    try (SocTinh app = SocTinh.start(TestConfigs.loopback(data, yaml));
        Socket s = new Socket("127.0.0.1", app.address("syslog_tcp").getPort())) {
      OutputStream out = s.getOutputStream();
      out.write(("<14>Dec  3 10:00:00 web-ttdl nginx: 203.0.113.9 - - [03/Dec/2026:10:00:00 +0700] \"GET /?id=1%27%20UNION%20SELECT%20pass%20FROM%20users-- "
          + "HTTP/1.1\" 200 12 \"-\" \"Mozilla/5.0\"\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      assertTrue(mail.waitForIncomingEmail(60_000, 1), "an e-mail for the new P1 incident");
      MimeMessage got = mail.getReceivedMessages()[0];
      assertTrue(got.getSubject().startsWith("[P1] Sự cố mới INC-20"), got.getSubject());
      assertTrue(String.valueOf(got.getContent()).contains("Hệ thống: ttdl"), String.valueOf(got.getContent()));
    }
  }

  @Test
  void eachDeadlineNoticeGoesOutOnceWithItsDueTimeInTheConfiguredZone() throws Exception {
    Instant t0 = Instant.parse("2026-12-01T02:00:00Z");
    var packs = IncidentRules.load(Path.of("../rules/regulation"));
    try (LuceneEventStore store = LuceneEventStore.open(tmp.resolve("store"))) {
      IncidentService s = new IncidentService(store, new IncidentRules(packs, "current-2026"), IncidentService.Grouping.defaults(),
          Clock.fixed(t0, ZoneOffset.UTC));
      Event alert = new Event().put("event.id", "a1").put("rule.id", "r").put("rule.name", "Ransomware precursor").put("labels.priority", "P1")
          .put("event.start", t0).put("organization.id", "so-khcn").put("labels.system_id", "ttdl").put("labels.security_level", "4");
      Incident i = s.onAlerts(List.of(alert)).get(0);
      Path dead = tmp.resolve("dead.ndjson");
      List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
      List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
      var notifier = new vn.soctinh.analyzer.notify.Notifier(List.of(new vn.soctinh.analyzer.notify.Channel() {
        @Override
        public String name() {
          return "test";
        }

        @Override
        public void deliver(vn.soctinh.analyzer.notify.Notification n, String subject, String body) {
          sent.add(subject);
          bodies.add(body);
        }
      }), new vn.soctinh.analyzer.notify.Templates("vi"), 1, Duration.ofMillis(10), dead, Clock.systemUTC());
      try (Notifications n = new Notifications(notifier, java.time.ZoneId.of("Europe/Paris"))) {
        // 23 h after detection: the 24 h initial notice is due soon (warning within 2 h)
        assertEquals(1, n.checkDeadlines(s, Duration.ofHours(2), t0.plus(Duration.ofHours(23))));
        assertEquals(0, n.checkDeadlines(s, Duration.ofHours(2), t0.plus(Duration.ofHours(23)).plusSeconds(60)), "not twice");
        // 25 h: now overdue, a second notice; 71 h: the 72 h report is due soon too
        assertEquals(1, n.checkDeadlines(s, Duration.ofHours(2), t0.plus(Duration.ofHours(25))));
        assertEquals(1, n.checkDeadlines(s, Duration.ofHours(2), t0.plus(Duration.ofHours(71))));
        Await.until(Duration.ofSeconds(10), () -> sent.size() >= 3, () -> "three sent: " + sent);
        assertEquals(3, sent.size(), sent.toString());
        assertTrue(sent.get(0).startsWith("Sắp đến hạn: Thông báo ban đầu sự cố nghiêm trọng"), sent.get(0));
        assertTrue(sent.stream().anyMatch(x -> x.startsWith("QUÁ HẠN:")), sent.toString());
        // due 24 h after 02:00 UTC: 03:00 in Paris (it would read 09:00 in the default Asia/Ho_Chi_Minh)
        assertTrue(bodies.get(0).contains("02/12/2026 03:00"), bodies.get(0));
        assertEquals(3, s.get(i.id()).orElseThrow().timeline().stream().filter(e -> e.what().equals("notify")).count(), "recorded on the timeline");
      }
    }
  }
  @Test
  void aDiskWatermarkAlertIsToldWithItsFigures() throws Exception {
    List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
    var notifier = new vn.soctinh.analyzer.notify.Notifier(List.of(new vn.soctinh.analyzer.notify.Channel() {
      @Override
      public String name() {
        return "test";
      }

      @Override
      public void deliver(vn.soctinh.analyzer.notify.Notification n, String subject, String body) {
        sent.add(subject + "\n" + body);
      }
    }), new vn.soctinh.analyzer.notify.Templates("en"), 1, Duration.ofMillis(10), tmp.resolve("dead-disk.ndjson"), Clock.systemUTC());
    try (Notifications n = new Notifications(notifier, java.time.ZoneOffset.UTC)) {
      n.disk(List.of(new Event().put("rule.id", vn.soctinh.analyzer.retention.DiskWatermark.RULE).put("host.name", "soc-01")
          .put("labels.disk_path", "/var/lib/soctinh").put("labels.disk_used_percent", "91").put("labels.level", "high")
          .put("labels.disk_mark_percent", "90").put("labels.disk_free", "9 GB").put("labels.disk_total", "100 GB")));
      Await.until(Duration.ofSeconds(10), () -> !sent.isEmpty(), () -> "nothing sent");
      assertTrue(sent.get(0).startsWith("Disk 91% used on soc-01: /var/lib/soctinh"), sent.get(0));
      assertTrue(sent.get(0).contains("9 GB free of 100 GB"), sent.get(0));
    }
  }
}
