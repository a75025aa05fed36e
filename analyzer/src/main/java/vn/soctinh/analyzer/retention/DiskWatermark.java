package vn.soctinh.analyzer.retention;

import vn.soctinh.collector.metrics.Metrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import vn.soctinh.analyzer.event.Event;

/**
 * Warns before the data directory's disk is full: the share used as a metric
 * ({@code soctinh_disk_used_ratio}), and on each crossing of {@code disk_warn_percent} or
 * {@code disk_critical_percent} upwards one WARNING line and one alert that analysts see (live feed,
 * alerts, notifications), as a silent source does. Going back below is logged once; the next
 * crossing alerts again. The journal stops taking data at {@code journal.min_free_disk_bytes}: this
 * comes first.
 */
public final class DiskWatermark {
  private static final System.Logger LOG = System.getLogger(DiskWatermark.class.getName());
  public static final String RULE = "soctinh-disk-watermark";

  /** A file system's size and what is still usable; {@code path} is what was asked about. */
  public record Usage(String path, long totalBytes, long usableBytes) {
    public double usedRatio() {
      return totalBytes <= 0 ? 0 : (double) (totalBytes - usableBytes) / totalBytes;
    }

    /** The real numbers of the file system holding {@code dir}. */
    public static Supplier<Usage> of(Path dir) {
      return () -> {
        try {
          Path p = dir;
          while (p != null && !Files.exists(p)) p = p.getParent();
          FileStore fs = Files.getFileStore(p == null ? dir.toAbsolutePath().getRoot() : p);
          return new Usage(dir.toString(), fs.getTotalSpace(), fs.getUsableSpace());
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      };
    }
  }

  /** Where the disk stands: below both marks, past the warning, past the critical one. */
  public enum Level { OK, WARNING, CRITICAL }

  private final RetentionSettings.Disk config;
  private final Supplier<Usage> usage;
  private final Consumer<List<Event>> alerts;
  private final Clock clock;
  private volatile double ratio;
  private Level level = Level.OK;

  /** @param alerts where an alert goes (the server: the store, the live feed, notifications) */
  public DiskWatermark(RetentionSettings.Disk config, Supplier<Usage> usage, MeterRegistry registry, Consumer<List<Event>> alerts, Clock clock) {
    this.config = config;
    this.usage = usage;
    this.alerts = alerts;
    this.clock = clock;
    if (registry != null) {
      Metrics.DISK_USED_RATIO.gauge(registry, this, w -> w.ratio);
    }
  }

  /** Looks once; returns where the disk stands now. */
  public synchronized Level check() {
    Usage u;
    try {
      u = usage.get();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "disk watermark: cannot read the file system's use: " + e.getMessage());
      return level;
    }
    ratio = u.usedRatio();
    double percent = ratio * 100;
    Level now = percent >= config.criticalPercent() ? Level.CRITICAL : percent >= config.warnPercent() ? Level.WARNING : Level.OK;
    if (now.compareTo(level) > 0) {
      int mark = now == Level.CRITICAL ? config.criticalPercent() : config.warnPercent();
      String text = "Disk " + Math.round(percent) + "% used on " + u.path() + " (" + (now == Level.CRITICAL ? "critical" : "warning") + " at " + mark
          + "%): " + gib(u.usableBytes()) + " free of " + gib(u.totalBytes());
      LOG.log(System.Logger.Level.WARNING, text);
      try {
        alerts.accept(List.of(alert(u, now, mark, text, clock.instant())));
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "disk watermark: the alert could not be raised: " + e.getMessage());
      }
    } else if (now.compareTo(level) < 0) {
      LOG.log(System.Logger.Level.INFO, "disk: " + Math.round(percent) + "% used on " + u.path() + ", back below the " + level.name().toLowerCase()
          + " mark");
    }
    level = now;
    return now;
  }

  public double ratio() {
    return ratio;
  }

  static Event alert(Usage u, Level level, int mark, String text, Instant at) {
    boolean critical = level == Level.CRITICAL;
    return new Event()
        .put("@timestamp", at)
        .put("event.id", "alert:" + RULE + ":" + level.name().toLowerCase() + ":" + at.toEpochMilli())
        .put("event.kind", "alert")
        .put("event.start", at)
        .put("event.end", at)
        .put("event.sequence", 1L)
        .put("event.severity", critical ? 4L : 3L)
        .put("rule.id", RULE)
        .put("rule.name", text)
        .put("labels.level", critical ? "high" : "medium")
        .put("labels.priority", critical ? "P2" : "P3")
        .put("labels.correlation", "false")
        .put("labels.disk_path", u.path())
        .put("labels.disk_used_percent", Long.toString(Math.round(u.usedRatio() * 100)))
        .put("labels.disk_mark_percent", Integer.toString(mark))
        .put("labels.disk_free", gib(u.usableBytes()))
        .put("labels.disk_total", gib(u.totalBytes()))
        .put("host.name", HOST)
        .put("soctinh.event_ids", List.of());
  }

  private static final String HOST = host();

  private static String host() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  private static String gib(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
  }
}
