package vn.soctinh.analyzer.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.Vertx;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.collector.testing.Await;

/** Notifications to a real SMTP server (GreenMail, in-process) and a real HTTP receiver: texts, signature, retries, dead letters. */
class NotifierTest {
  @RegisterExtension
  static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("soc@tinh.test", "soc", "s3cret"));

  @TempDir Path dir;

  private static final Notification OPENED = new Notification("incident_opened", Map.of("incident_id", "INC-2026-000007", "title",
      "Tấn công SQL injection — Cổng dịch vụ công", "priority", "P1", "agencies", "so-khcn", "systems", "cong-dvc", "detected", "03/12/2026 09:00",
      "pack", "current-2026"), false);

  @Test
  void anEmailInVietnameseReachesTheSmtpServer() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (Notifier n = new Notifier(List.of(new MailChannel(vertx, new MailChannel.Settings("127.0.0.1", mail.getSmtp().getPort(), "optional", "soc",
        "s3cret", "soc@tinh.test", List.of("truc-ban@tinh.test"), false))), new Templates("vi"), 3, Duration.ofMillis(100), dir.resolve("dead.ndjson"),
        Clock.systemUTC())) {
      n.send(OPENED);
      assertTrue(mail.waitForIncomingEmail(15_000, 1));
      MimeMessage got = mail.getReceivedMessages()[0];
      assertEquals("[P1] Sự cố mới INC-2026-000007: Tấn công SQL injection — Cổng dịch vụ công", got.getSubject());
      assertTrue(String.valueOf(got.getContent()).contains("Hệ thống: cong-dvc"), String.valueOf(got.getContent()));
      assertEquals("truc-ban@tinh.test", got.getAllRecipients()[0].toString());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aWebhookIsSignedRetriedAndDeadLetteredWhenItNeverAnswers() throws Exception {
    byte[] secret = "chia-se-bi-mat".getBytes(StandardCharsets.UTF_8);
    BlockingQueue<String[]> received = new LinkedBlockingQueue<>();
    AtomicInteger calls = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/flaky", ex -> {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      int n = calls.incrementAndGet();
      received.add(new String[] {ex.getRequestHeaders().getFirst("X-SocTinh-Timestamp"), ex.getRequestHeaders().getFirst("X-SocTinh-Signature"), body});
      ex.sendResponseHeaders(n <= 2 ? 503 : 204, -1); // down twice, then up
      ex.close();
    });
    server.createContext("/down", ex -> {
      ex.getRequestBody().readAllBytes();
      ex.sendResponseHeaders(500, -1);
      ex.close();
    });
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    try (Notifier n = new Notifier(List.of(new WebhookChannel(URI.create(base + "/flaky"), secret, Clock.systemUTC()),
        new WebhookChannel(URI.create(base + "/down"), secret, Clock.systemUTC())), new Templates("en"), 3, Duration.ofMillis(50),
        dir.resolve("notify/dead-letter.ndjson"), Clock.systemUTC())) {
      n.send(OPENED);
      n.send(new Notification("incident_opened", Map.of("incident_id", "INC-2026-000008"), true)); // a drill: not sent
      Await.until(Duration.ofSeconds(20), () -> n.delivered() >= 1 && n.deadLettered() >= 1, "one delivered, one dead-lettered");
      assertEquals(1, n.delivered(), "the flaky receiver got it on the third attempt");
      assertEquals(3, calls.get());
      assertEquals(1, n.skippedDrills());
      String[] last = null;
      for (String[] r : received) last = r;
      assertEquals("sha256=" + WebhookChannel.sign(secret, last[0] + "." + last[2]), last[1], "the receiver can verify the signature");
      assertTrue(last[2].contains("\"subject\":\"[P1] New incident INC-2026-000007"), last[2]);
      assertEquals(1, n.deadLettered());
      String dead = Files.readString(dir.resolve("notify/dead-letter.ndjson"));
      assertTrue(dead.contains("\"channel\":\"webhook:" + base + "/down\"") && dead.contains("\"attempts\":3") && dead.contains("HTTP 500"), dead);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void templatesFillEveryKindInBothLanguages() {
    for (String lang : List.of("vi", "en")) {
      Templates t = new Templates(lang);
      for (String kind : Notification.KINDS) {
        Map<String, String> f = new java.util.HashMap<>();
        String[] kv = {"incident_id", "INC-1", "title", "T", "deadline", "D", "due", "X", "host", "fw-1", "agency", "so-a", "last_seen", "L", "priority",
            "P2", "agencies", "a", "systems", "s", "detected", "d", "pack", "p", "percent", "87", "path", "/var/lib/soctinh", "level", "warning",
            "mark", "85", "free", "1.0 GiB", "total", "8.0 GiB"};
        for (int i = 0; i < kv.length; i += 2) f.put(kv[i], kv[i + 1]);
        Notification n = new Notification(kind, f, false);
        assertTrue(!t.subject(n).contains("{") && !t.body(n).contains("{"), lang + " " + kind + ": " + t.subject(n) + " / " + t.body(n));
      }
    }
    assertEquals("a {missing} b", Templates.fill("a {missing} b", Map.of()));
  }

  /** STARTTLS required (the default) never falls back to plain text: a server without it gets nothing, and the mail is dead-lettered. */
  @Test
  void starttlsRequiredRefusesAServerWithoutIt() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (Notifier n = new Notifier(List.of(new MailChannel(vertx, new MailChannel.Settings("127.0.0.1", mail.getSmtp().getPort(), "required", "soc",
        "s3cret", "soc@tinh.test", List.of("truc-ban@tinh.test"), false))), new Templates("vi"), 2, Duration.ofMillis(50), dir.resolve("dead.ndjson"),
        Clock.systemUTC())) {
      n.send(OPENED);
      Await.until(Duration.ofSeconds(30), () -> n.deadLettered() >= 1, "the notification dead-lettered");
      assertEquals(1, n.deadLettered());
      assertEquals(0, mail.getReceivedMessages().length, "nothing went out in the clear");
      assertTrue(Files.readString(dir.resolve("dead.ndjson")).contains("mail:truc-ban@tinh.test"));
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
