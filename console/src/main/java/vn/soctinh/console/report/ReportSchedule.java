package vn.soctinh.console.report;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import vn.soctinh.analyzer.incident.IncidentService;
import vn.soctinh.analyzer.notify.MailChannel;
import vn.soctinh.analyzer.org.OrgDirectory;
import vn.soctinh.analyzer.store.EventStore;

/**
 * Sends the periodic monitoring reports: once a minute it looks whether a week (Monday to Monday) or
 * a month has ended, in the configured zone ({@code timezone}), at least {@code send_hour} hours ago; if so and that period
 * was not sent yet, it makes the province's report as PDF and mails it. Sent periods are kept in
 * {@code data_dir/reports/sent.json}, so a restart neither repeats nor skips one.
 */
public final class ReportSchedule {
  private static final System.Logger LOG = System.getLogger(ReportSchedule.class.getName());

  /**
   * Section {@code reports:} of the configuration: periodic monitoring reports sent by e-mail
   * ({@code weekly}, {@code monthly}) to {@code to}, {@code sendHour} hours after the period ends, and
   * the province's adapted report templates ({@code templates_dir}; null: the built-in ones).
   */
  public record Settings(List<String> schedule, List<String> to, int sendHour, Path templatesDir) {}

  private final Settings config;
  private final MailChannel mail;
  private final EventStore store;
  private final IncidentService incidents;
  private final Supplier<OrgDirectory> orgs;
  private final Supplier<JsonArray> sources;
  private final Path state;
  private final ZoneId zone;

  public ReportSchedule(Settings config, MailChannel mail, EventStore store, IncidentService incidents, Supplier<OrgDirectory> orgs,
      Supplier<JsonArray> sources, Path dataDir, ZoneId zone) {
    this.config = config;
    this.zone = zone;
    this.mail = mail;
    this.store = store;
    this.incidents = incidents;
    this.orgs = orgs;
    this.sources = sources;
    this.state = dataDir.resolve("reports").resolve("sent.json");
  }

  /** Starts the minute check on a worker thread. */
  public void start(Vertx vertx) {
    vertx.setPeriodic(60_000, id -> vertx.executeBlocking(() -> {
      check(Instant.now());
      return null;
    }, false));
  }

  /** The period of {@code kind} that ended last before {@code now}: [start, end) as dates in {@code zone}. */
  public static LocalDate[] lastPeriod(String kind, Instant now, ZoneId zone) {
    LocalDate today = LocalDate.ofInstant(now, zone);
    if (kind.equals("weekly")) {
      LocalDate end = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      return new LocalDate[] {end.minusWeeks(1), end};
    }
    LocalDate end = today.withDayOfMonth(1);
    return new LocalDate[] {end.minusMonths(1), end};
  }

  /** Sends what is due at {@code now}; returns the periods sent (tests call it with a chosen time). */
  public synchronized List<String> check(Instant now) {
    List<String> sent = new ArrayList<>();
    JsonObject done = readState();
    for (String kind : config.schedule()) {
      LocalDate[] p = lastPeriod(kind, now, zone);
      String key = kind + ":" + p[0];
      Instant due = p[1].atStartOfDay(zone).plusHours(config.sendHour()).toInstant();
      if (now.isBefore(due) || done.containsKey(key)) continue;
      try {
        Instant from = p[0].atStartOfDay(zone).toInstant();
        Instant to = p[1].atStartOfDay(zone).toInstant();
        OrgDirectory d = orgs.get();
        JsonObject m = MonitoringReport.build(store, incidents, d, sources.get(), from, to, "toàn tỉnh", null, now);
        byte[] pdf = new ReportRenderer(config.templatesDir(), zone).monitoring(m, d, "pdf", LocalDate.ofInstant(now, zone));
        String label = kind.equals("weekly") ? "tuần" : "tháng";
        String subject = "[SOC Tỉnh] Báo cáo giám sát " + label + " " + p[0] + " – " + p[1].minusDays(1);
        String body = "Báo cáo giám sát an toàn thông tin mạng định kỳ (" + label + ") từ " + p[0] + " đến hết " + p[1].minusDays(1) + ": "
            + m.getLong("events") + " sự kiện, " + m.getLong("alerts") + " cảnh báo, " + m.getInteger("incidents_opened") + " sự cố phát sinh, "
            + m.getInteger("deadlines_overdue") + " thời hạn quá hạn. Chi tiết trong tệp đính kèm.";
        mail.sendFile(config.to(), subject, body, "bao-cao-giam-sat-" + kind + "-" + p[0] + ".pdf", pdf, "application/pdf");
        done.put(key, now.toString());
        writeState(done);
        sent.add(key);
        LOG.log(System.Logger.Level.INFO, "reports: sent the " + kind + " monitoring report for " + p[0] + ".." + p[1]);
      } catch (Exception e) {
        // tried again at the next check: a mail server down for an hour delays the report, never loses it
        LOG.log(System.Logger.Level.WARNING, "reports: the " + kind + " report for " + p[0] + " was not sent yet: " + e.getMessage());
      }
    }
    return sent;
  }

  private JsonObject readState() {
    try {
      return Files.exists(state) ? new JsonObject(Files.readString(state)) : new JsonObject();
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "reports: " + state + " unreadable (" + e.getMessage() + "); starting a new list");
      return new JsonObject();
    }
  }

  private void writeState(JsonObject s) throws IOException {
    Files.createDirectories(state.getParent());
    Path tmp = state.resolveSibling("sent.json.tmp");
    Files.writeString(tmp, s.encodePrettily());
    Files.move(tmp, state, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
