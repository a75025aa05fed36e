package vn.soctinh.app.config;

import static vn.soctinh.app.config.Sizes.GIB;
import static vn.soctinh.app.config.Sizes.KIB;
import static vn.soctinh.app.config.Sizes.MIB;
import static vn.soctinh.app.config.Sizes.TIB;

import java.nio.file.Path;
import vn.soctinh.collector.journal.FsyncPolicy;
import vn.soctinh.collector.journal.JournalConfig;
import vn.soctinh.collector.journal.JournalConfigBuilder;

/** The {@code journal:} section. An empty {@code dir} means {@code <data_dir>/journal}. */
final class JournalSection {
  private static final String FSYNC_EXPECTED = "expected one of every-batch, interval, none";

  private JournalSection() {}

  static JournalConfig read(ConfigNode root, Path dataDir) {
    ConfigNode n = root.section("journal");
    Path dir = n.filePath("dir", "");
    long segment = n.size("segment_bytes", JournalConfig.DEFAULT_SEGMENT_BYTES, MIB, 8 * GIB);
    long max = n.size("max_bytes", JournalConfig.DEFAULT_MAX_BYTES, 2 * MIB, 1024 * TIB);
    long minFree = n.size("min_free_disk_bytes", JournalConfig.DEFAULT_MIN_FREE_DISK_BYTES, 0, 64 * TIB);
    FsyncPolicy fsync = n.value("fsync", FsyncPolicy.EVERY_BATCH, FSYNC_EXPECTED, JournalSection::fsync);
    long interval = n.duration("fsync_interval_ms", JournalConfig.DEFAULT_FSYNC_INTERVAL_MS, 1, 60_000);
    int maxWrite = n.intSize("max_write_bytes", JournalConfig.DEFAULT_MAX_WRITE_BYTES, (int) (64 * KIB), (int) (256 * MIB));
    long maxPending = n.size("max_pending_bytes", JournalConfig.DEFAULT_MAX_PENDING_BYTES, MIB, 16 * GIB);
    long keep = n.duration("keep_consumed_secs", JournalConfig.DEFAULT_KEEP_CONSUMED_SECS, 0, 10L * 365 * 86_400);
    // a full segment plus the one being written must fit in the budget
    if (max < 2 * segment) {
      n.error("max_bytes", "must be at least twice segment_bytes (" + Sizes.format(2 * segment) + ") but was " + Sizes.format(max));
    }
    if (maxPending < maxWrite) {
      n.error("max_pending_bytes", "must be at least max_write_bytes (" + Sizes.format(maxWrite) + ") but was " + Sizes.format(maxPending));
    }
    n.finish();
    return JournalConfigBuilder.builder().dir(dir != null ? dir : dataDir.resolve("journal")).segmentBytes(segment).maxBytes(max).minFreeDiskBytes(minFree)
        .fsync(fsync).fsyncIntervalMs(interval).maxWriteBytes(maxWrite).maxPendingBytes(maxPending).keepConsumedSecs(keep).build();
  }

  private static Parsed<FsyncPolicy> fsync(String text) {
    for (FsyncPolicy p : FsyncPolicy.values()) {
      if (p.configName().equals(text)) return Parsed.ok(p);
    }
    return Parsed.expected(FSYNC_EXPECTED, text);
  }
}
