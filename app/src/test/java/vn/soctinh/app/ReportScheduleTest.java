package vn.soctinh.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.console.report.ReportSchedule;

/** Scheduled monitoring reports, mailed to a real SMTP server as PDF, each period once, and not before it is due. */
class ReportScheduleTest {
  @RegisterExtension
  static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("soc@tinh.test", "soc", "s3cret"));

  @TempDir Path tmp;
  private static final java.time.ZoneId VN = vn.soctinh.analyzer.DisplayZone.DEFAULT;

  @Test
  void periodsAreTheLastFullWeekAndMonthInVietnamTime() {
    // Monday 7 Dec 2026 00:30 in Hà Nội is still Sunday 6 Dec in UTC
    Instant mondayEarly = Instant.parse("2026-12-06T17:30:00Z");
    assertArrayEquals(new LocalDate[] {LocalDate.parse("2026-11-30"), LocalDate.parse("2026-12-07")}, ReportSchedule.lastPeriod("weekly", mondayEarly, VN));
    assertArrayEquals(new LocalDate[] {LocalDate.parse("2026-11-01"), LocalDate.parse("2026-12-01")}, ReportSchedule.lastPeriod("monthly", mondayEarly, VN));
  }

  @Test
  void periodsFollowTheConfiguredZone() {
    // the same instant is still Sunday 6 Dec in Paris (18:30): the last full week ended on 30 Nov there
    Instant mondayEarly = Instant.parse("2026-12-06T17:30:00Z");
    java.time.ZoneId paris = java.time.ZoneId.of("Europe/Paris");
    assertArrayEquals(new LocalDate[] {LocalDate.parse("2026-11-23"), LocalDate.parse("2026-11-30")}, ReportSchedule.lastPeriod("weekly", mondayEarly, paris));
    // 1 Dec 00:30 in Hà Nội is still 30 Nov in Paris: October is the last full month there
    Instant firstEarly = Instant.parse("2026-11-30T17:30:00Z");
    assertArrayEquals(new LocalDate[] {LocalDate.parse("2026-11-01"), LocalDate.parse("2026-12-01")}, ReportSchedule.lastPeriod("monthly", firstEarly, VN));
    assertArrayEquals(new LocalDate[] {LocalDate.parse("2026-10-01"), LocalDate.parse("2026-11-01")}, ReportSchedule.lastPeriod("monthly", firstEarly, paris));
  }

  @Test
  void theWeeklyAndMonthlyReportsAreMailedOnceWhenDue() throws Exception {
    Path data = tmp.resolve("data");
    Files.createDirectories(data.resolve("org"));
    Files.writeString(data.resolve("org/directory.yml"), Files.readString(Path.of("../deploy/org.example.yml")));
    String yaml = "incidents:\n  regulation_dir: ../rules/regulation\n"
        + "notify:\n  mail:\n    host: 127.0.0.1\n    port: " + mail.getSmtp().getPort() + "\n    starttls: optional\n    username: soc\n"
        + "    password: s3cret\n    from: soc@tinh.test\n    to: [truc-ban@tinh.test]\n"
        + "reports:\n  schedule: [weekly, monthly]\n  to: [lanh-dao@tinh.test]\n  send_hour: 7\n";
    try (SocTinh app = SocTinh.start(TestConfigs.loopback(data, yaml))) {
      assertNotNull(app.reports());
      // Monday 7 Dec 2026 06:00 in Hà Nội: November is due (since 1 Dec 07:00), the week that ended 6 hours ago not yet (send_hour 7)
      assertEquals(List.of("monthly:2026-11-01"), app.reports().check(Instant.parse("2026-12-06T23:00:00Z")));
      // 09:00: the week of 30 Nov - 6 Dec
      assertEquals(List.of("weekly:2026-11-30"), app.reports().check(Instant.parse("2026-12-07T02:00:00Z")));
      assertEquals(List.of(), app.reports().check(Instant.parse("2026-12-07T03:00:00Z")), "each period once");
      assertTrue(mail.waitForIncomingEmail(30_000, 2));
      MimeMessage m = mail.getReceivedMessages()[1];
      assertTrue(m.getSubject().startsWith("[SOC Tỉnh] Báo cáo giám sát tuần 2026-11-30"), m.getSubject());
      assertEquals("lanh-dao@tinh.test", m.getAllRecipients()[0].toString());
      Multipart parts = (Multipart) m.getContent();
      BodyPart pdf = parts.getBodyPart(1);
      assertEquals("bao-cao-giam-sat-weekly-2026-11-30.pdf", pdf.getFileName());
      byte[] bytes = pdf.getInputStream().readAllBytes();
      assertEquals("%PDF-", new String(bytes, 0, 5));
      assertTrue(Files.readString(data.resolve("reports/sent.json")).contains("monthly:2026-11-01"));
    }
    // after a restart the sent periods are remembered
    try (SocTinh app = SocTinh.start(TestConfigs.loopback(data, yaml))) {
      assertEquals(List.of(), app.reports().check(Instant.parse("2026-12-08T02:00:00Z")));
      assertEquals(List.of("weekly:2026-12-07"), app.reports().check(Instant.parse("2026-12-14T02:00:00Z")));
    }
  }
}
