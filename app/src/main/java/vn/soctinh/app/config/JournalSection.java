package vn.soctinh.app.config;

import static vn.soctinh.app.config.Sizes.GIB;
import static vn.soctinh.app.config.Sizes.KIB;
import static vn.soctinh.app.config.Sizes.MIB;
import static vn.soctinh.app.config.Sizes.TIB;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import vn.soctinh.collector.journal.FsyncPolicy;
import vn.soctinh.collector.journal.JournalConfig;
import vn.soctinh.collector.journal.JournalConfigBuilder;
import vn.soctinh.collector.journal.KafkaSettings;

/**
 * The {@code journal:} section. An empty {@code dir} means {@code <data_dir>/journal}. With
 * {@code kind: kafka} the listeners append to the cluster's journal ({@code journal.kafka:}) and the
 * embedded one holds this node's share of it while it is analysed.
 */
final class JournalSection {
  private static final String FSYNC_EXPECTED = "expected one of every-batch, interval, none";
  private static final String KIND_EXPECTED = "expected embedded or kafka";

  /** The embedded journal's settings, and the cluster's journal's (null with {@code kind: embedded}). */
  record Read(JournalConfig journal, KafkaSettings kafka) {}

  private JournalSection() {}

  static Read read(ConfigNode root, Path dataDir) {
    ConfigNode n = root.section("journal");
    String kind = n.value("kind", "embedded", KIND_EXPECTED,
        t -> t.equals("embedded") || t.equals("kafka") ? Parsed.ok(t) : Parsed.expected(KIND_EXPECTED, t));
    KafkaSettings kafka = kafka(n, kind.equals("kafka"));
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
    return new Read(JournalConfigBuilder.builder().dir(dir != null ? dir : dataDir.resolve("journal")).segmentBytes(segment).maxBytes(max).minFreeDiskBytes(minFree)
        .fsync(fsync).fsyncIntervalMs(interval).maxWriteBytes(maxWrite).maxPendingBytes(maxPending).keepConsumedSecs(keep).build(), kafka);
  }

  /** {@code journal.kafka:}, checked always (a mistake is found before the day it is switched on), used when {@code used}. */
  private static KafkaSettings kafka(ConfigNode journal, boolean used) {
    ConfigNode k = journal.section("kafka");
    List<String> bootstrap = new ArrayList<>();
    boolean bad = false;
    for (ConfigNode.Located<String> b : k.strings("bootstrap")) {
      if (b.value().matches("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}")) bootstrap.add(b.value());
      else {
        k.error(b, "expected host:port but was " + Parsed.quote(b.value()));
        bad = true;
      }
    }
    String topic = k.string("topic", KafkaSettings.DEFAULT_TOPIC);
    if (!topic.matches("[A-Za-z0-9._-]{1,249}")) k.error("topic", "expected letters, digits, . _ - but was " + Parsed.quote(topic));
    int partitions = k.intValue("partitions", KafkaSettings.DEFAULT_PARTITIONS, 1, 10_000);
    int replication = k.intValue("replication", KafkaSettings.DEFAULT_REPLICATION, 1, 32);
    int minInsync = k.intValue("min_insync_replicas", KafkaSettings.DEFAULT_MIN_INSYNC_REPLICAS, 1, 32);
    long maxPending = k.size("max_pending_bytes", KafkaSettings.DEFAULT_MAX_PENDING_BYTES, MIB, 16 * GIB);
    int delivery = (int) k.duration("delivery_timeout_ms", KafkaSettings.DEFAULT_DELIVERY_TIMEOUT_MS, 1000, 3_600_000);
    String group = k.string("group", KafkaSettings.DEFAULT_GROUP);
    if (minInsync > replication) k.error("min_insync_replicas", "must be at most replication (" + replication + ") but was " + minInsync);
    if (used && bootstrap.isEmpty() && !bad) k.error("bootstrap", "journal.kind: kafka needs the brokers, e.g. [\"kafka-1:9092\", \"kafka-2:9092\"]");
    k.finish();
    if (!used || bootstrap.isEmpty() || minInsync > replication) return null;
    return new KafkaSettings(bootstrap, topic, partitions, (short) replication, minInsync, maxPending, delivery, group);
  }

  private static Parsed<FsyncPolicy> fsync(String text) {
    for (FsyncPolicy p : FsyncPolicy.values()) {
      if (p.configName().equals(text)) return Parsed.ok(p);
    }
    return Parsed.expected(FSYNC_EXPECTED, text);
  }
}
