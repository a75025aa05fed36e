package vn.soctinh.analyzer.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.incident.Incident;
import vn.soctinh.analyzer.incident.IncidentRules;
import vn.soctinh.analyzer.incident.IncidentService;
import vn.soctinh.analyzer.incident.Priority;
import vn.soctinh.analyzer.sources.SilenceMonitor;

/**
 * The server's notifications: the channels of {@code notify:}, what triggers them (a new P1/P2
 * incident, a silent source, a deadline due soon or passed), and the timer that watches
 * deadlines. A deadline notice is recorded on the incident's timeline, so it goes out once, also
 * across restarts.
 */
public final class Notifications implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Notifications.class.getName());

  private final Notifier notifier;
  /** Times in messages: local in the config's {@code timezone}, as the recipients read their clocks. */
  private final DateTimeFormatter local;
  private ScheduledExecutorService timer;

  public Notifications(Notifier notifier, ZoneId zone) {
    this.notifier = notifier;
    this.local = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm").withZone(zone);
  }

  public Notifier notifier() {
    return notifier;
  }

  /** New P1 and P2 incidents. */
  public void opened(Incident i) {
    if (i.priority() > 2) return;
    Map<String, String> f = new LinkedHashMap<>();
    f.put("incident_id", i.id());
    f.put("title", i.title());
    f.put("priority", Priority.label(i.priority()));
    f.put("agencies", String.join(", ", i.orgs()));
    f.put("systems", String.join(", ", i.systems()));
    f.put("detected", local.format(i.time("detected")));
    f.put("pack", i.pack());
    notifier.send(new Notification("incident_opened", f, i.drill()));
  }

  /** Silence alerts (not recoveries). */
  public void published(List<Event> docs) {
    for (Event d : docs) {
      if (!SilenceMonitor.SILENT_RULE.equals(d.getString("rule.id"))) continue;
      Map<String, String> f = new LinkedHashMap<>();
      f.put("host", d.getString("host.name"));
      f.put("agency", d.getString("organization.name") != null ? d.getString("organization.name") : d.getString("organization.id"));
      Instant last = d.getInstant("event.start");
      f.put("last_seen", last == null ? "?" : local.format(last));
      f.put("priority", d.getString("labels.priority"));
      notifier.send(new Notification("source_silent", f, false));
    }
  }

  /** The disk watermark's alerts (the data directory's file system filling up); the caller picks them. */
  public void disk(List<Event> docs) {
    for (Event d : docs) {
      Map<String, String> f = new LinkedHashMap<>();
      f.put("host", d.getString("host.name") == null ? "" : d.getString("host.name"));
      f.put("path", d.getString("labels.disk_path"));
      f.put("percent", d.getString("labels.disk_used_percent"));
      f.put("level", "high".equals(d.getString("labels.level")) ? "critical" : "warning");
      f.put("mark", d.getString("labels.disk_mark_percent"));
      f.put("free", d.getString("labels.disk_free"));
      f.put("total", d.getString("labels.disk_total"));
      notifier.send(new Notification("disk_watermark", f, false));
    }
  }

  /** Checks the open incidents' deadlines every {@code everySecs}. */
  public void watchDeadlines(IncidentService incidents, Duration warnLead, long everySecs) {
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "soctinh-deadlines");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(() -> {
      try {
        checkDeadlines(incidents, warnLead, Instant.now());
      } catch (Exception e) {
        LOG.log(System.Logger.Level.WARNING, "deadline check failed, tried again next time: " + e);
      }
    }, everySecs, everySecs, TimeUnit.SECONDS);
  }

  /** Sends each warning and each overdue notice once: the incident's timeline says which went out. */
  public int checkDeadlines(IncidentService incidents, Duration warnLead, Instant now) throws Exception {
    int sent = 0;
    for (Incident i : incidents.list("labels.open:true", 10_000)) {
      for (IncidentRules.DeadlineStatus d : incidents.rules().deadlines(i, now, warnLead)) {
        if (!d.status().equals("warning") && !d.status().equals("overdue")) continue;
        String mark = "deadline " + d.deadline().id() + " " + d.status();
        if (i.timeline().stream().anyMatch(e -> e.what().equals("notify") && e.detail().equals(mark))) continue;
        Map<String, String> f = new LinkedHashMap<>();
        f.put("incident_id", i.id());
        f.put("title", i.title());
        f.put("deadline", d.deadline().vi());
        f.put("due", local.format(d.due()));
        notifier.send(new Notification(d.status().equals("warning") ? "deadline_warning" : "deadline_overdue", f, i.drill()));
        incidents.update(i.id(), x -> x.timeline().stream().anyMatch(e -> e.what().equals("notify") && e.detail().equals(mark)) ? x
            : x.withEntry(now, "system", "notify", mark));
        sent++;
      }
    }
    return sent;
  }

  @Override
  public void close() {
    if (timer != null) timer.shutdownNow();
    notifier.close();
  }
}
