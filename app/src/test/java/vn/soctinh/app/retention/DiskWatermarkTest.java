package vn.soctinh.app.retention;

import vn.soctinh.analyzer.retention.DiskWatermark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.app.config.SocTinhConfig;

/** The disk watermark: one alert and one WARNING per upward crossing, the metric always, from a fake file system and from the real one. */
class DiskWatermarkTest {
  @TempDir Path tmp;

  @Test
  void eachCrossingUpwardsAlertsOnceAndTheMetricFollows() {
    AtomicLong used = new AtomicLong(50);
    List<Event> alerts = new ArrayList<>();
    List<LogRecord> warnings = new ArrayList<>();
    Logger jul = Logger.getLogger(DiskWatermark.class.getName());
    Handler h = new Handler() {
      @Override
      public void publish(LogRecord r) {
        if (r.getLevel().intValue() >= Level.WARNING.intValue()) warnings.add(r);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    jul.addHandler(h);
    try {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      DiskWatermark w = new DiskWatermark(new vn.soctinh.analyzer.retention.RetentionSettings.Disk(85, 95, 60), () -> new DiskWatermark.Usage("/data", 100, 100 - used.get()),
          registry, alerts::addAll, Clock.fixed(Instant.parse("2026-05-24T03:00:00Z"), ZoneOffset.UTC));
      assertEquals(DiskWatermark.Level.OK, w.check());
      assertEquals(0.50, registry.get("soctinh.disk.used.ratio").gauge().value(), 1e-9);
      assertEquals(0, alerts.size());

      used.set(86);
      assertEquals(DiskWatermark.Level.WARNING, w.check());
      used.set(90);
      assertEquals(DiskWatermark.Level.WARNING, w.check());
      assertEquals(1, alerts.size(), "one alert per crossing, not per check");
      assertEquals(1, warnings.size());
      Event a = alerts.get(0);
      assertEquals(DiskWatermark.RULE, a.getString("rule.id"));
      assertEquals("P3", a.getString("labels.priority"));
      assertEquals("86", a.getString("labels.disk_used_percent"));
      assertTrue(a.getString("rule.name").startsWith("Disk 86% used on /data (warning at 85%)"), a.getString("rule.name"));
      assertEquals(0.90, registry.get("soctinh.disk.used.ratio").gauge().value(), 1e-9);

      used.set(96);
      assertEquals(DiskWatermark.Level.CRITICAL, w.check());
      assertEquals(2, alerts.size());
      assertEquals("P2", alerts.get(1).getString("labels.priority"));
      assertEquals("high", alerts.get(1).getString("labels.level"));

      used.set(40);
      assertEquals(DiskWatermark.Level.OK, w.check());
      assertEquals(2, alerts.size(), "going down alerts nobody");
      used.set(88);
      w.check();
      assertEquals(3, alerts.size(), "the next crossing alerts again");
      assertEquals(3, warnings.size());
    } finally {
      jul.removeHandler(h);
    }
  }

  @Test
  void theRealFileSystemsNumbersAreRead() throws Exception {
    FileStore fs = Files.getFileStore(tmp);
    DiskWatermark.Usage u = DiskWatermark.Usage.of(tmp.resolve("not/yet/created")).get();
    assertEquals(fs.getTotalSpace(), u.totalBytes(), "the nearest existing parent's file system");
    assertTrue(u.usableBytes() > 0 && u.usableBytes() <= u.totalBytes(), u.toString());
    double expected = (double) (fs.getTotalSpace() - fs.getUsableSpace()) / fs.getTotalSpace();
    assertEquals(expected, u.usedRatio(), 0.01, "within 1% of what the file system said a moment before");
    // marks at 1% and 2% are below any real disk's use here: the real numbers cross them
    List<Event> alerts = new ArrayList<>();
    DiskWatermark w = new DiskWatermark(new vn.soctinh.analyzer.retention.RetentionSettings.Disk(1, 2, 60), DiskWatermark.Usage.of(tmp), null, alerts::addAll, Clock.systemUTC());
    if (expected >= 0.02) {
      assertEquals(DiskWatermark.Level.CRITICAL, w.check());
      assertEquals(1, alerts.size());
    }
    assertEquals(expected, w.ratio(), 0.01);
  }
}
