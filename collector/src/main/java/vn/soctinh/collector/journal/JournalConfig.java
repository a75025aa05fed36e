package vn.soctinh.collector.journal;

import java.nio.file.Path;

/**
 * Journal settings (config section {@code journal:}).
 *
 * @param dir where segment files and consumer offsets live
 * @param segmentBytes a segment rolls once it would grow past this size
 * @param maxBytes disk budget for all segments; over it the journal stops accepting (listeners
 *     apply backpressure, UDP drops are counted) until consumers let old segments go
 * @param minFreeDiskBytes the journal also stops accepting when the file system has less free space
 * @param fsync when written records are forced to disk
 * @param fsyncIntervalMs the interval for {@link FsyncPolicy#INTERVAL}
 * @param maxWriteBytes upper bound for one group-committed write
 * @param maxPendingBytes bytes handed to the journal but not yet written; over it, listeners stop
 *     reading until the writer catches up
 * @param keepConsumedSecs a segment every consumer has passed is still kept this long (replay window)
 */
public record JournalConfig(
    Path dir,
    long segmentBytes,
    long maxBytes,
    long minFreeDiskBytes,
    FsyncPolicy fsync,
    long fsyncIntervalMs,
    int maxWriteBytes,
    long maxPendingBytes,
    long keepConsumedSecs) {

  public static final long DEFAULT_SEGMENT_BYTES = 128L * 1024 * 1024;
  public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024 * 1024;
  public static final long DEFAULT_MIN_FREE_DISK_BYTES = 1024L * 1024 * 1024;
  public static final long DEFAULT_FSYNC_INTERVAL_MS = 1000;
  public static final int DEFAULT_MAX_WRITE_BYTES = 4 * 1024 * 1024;
  public static final long DEFAULT_MAX_PENDING_BYTES = 64L * 1024 * 1024;
  public static final long DEFAULT_KEEP_CONSUMED_SECS = 0;

  public static JournalConfig defaults(Path dir) {
    return new JournalConfig(dir, DEFAULT_SEGMENT_BYTES, DEFAULT_MAX_BYTES, DEFAULT_MIN_FREE_DISK_BYTES,
        FsyncPolicy.EVERY_BATCH, DEFAULT_FSYNC_INTERVAL_MS, DEFAULT_MAX_WRITE_BYTES, DEFAULT_MAX_PENDING_BYTES,
        DEFAULT_KEEP_CONSUMED_SECS);
  }

  public JournalConfig withDir(Path d) {
    return new JournalConfig(d, segmentBytes, maxBytes, minFreeDiskBytes, fsync, fsyncIntervalMs, maxWriteBytes, maxPendingBytes, keepConsumedSecs);
  }

  public JournalConfig withFsync(FsyncPolicy p) {
    return new JournalConfig(dir, segmentBytes, maxBytes, minFreeDiskBytes, p, fsyncIntervalMs, maxWriteBytes, maxPendingBytes, keepConsumedSecs);
  }

  public JournalConfig withSegmentBytes(long s) {
    return new JournalConfig(dir, s, maxBytes, minFreeDiskBytes, fsync, fsyncIntervalMs, maxWriteBytes, maxPendingBytes, keepConsumedSecs);
  }

  public JournalConfig withMaxBytes(long m) {
    return new JournalConfig(dir, segmentBytes, m, minFreeDiskBytes, fsync, fsyncIntervalMs, maxWriteBytes, maxPendingBytes, keepConsumedSecs);
  }

  public JournalConfig withMinFreeDiskBytes(long b) {
    return new JournalConfig(dir, segmentBytes, maxBytes, b, fsync, fsyncIntervalMs, maxWriteBytes, maxPendingBytes, keepConsumedSecs);
  }

  public JournalConfig withFsyncIntervalMs(long ms) {
    return new JournalConfig(dir, segmentBytes, maxBytes, minFreeDiskBytes, fsync, ms, maxWriteBytes, maxPendingBytes, keepConsumedSecs);
  }

  public JournalConfig withMaxWriteBytes(int b) {
    return new JournalConfig(dir, segmentBytes, maxBytes, minFreeDiskBytes, fsync, fsyncIntervalMs, b, maxPendingBytes, keepConsumedSecs);
  }

  public JournalConfig withMaxPendingBytes(long b) {
    return new JournalConfig(dir, segmentBytes, maxBytes, minFreeDiskBytes, fsync, fsyncIntervalMs, maxWriteBytes, b, keepConsumedSecs);
  }

  public JournalConfig withKeepConsumedSecs(long s) {
    return new JournalConfig(dir, segmentBytes, maxBytes, minFreeDiskBytes, fsync, fsyncIntervalMs, maxWriteBytes, maxPendingBytes, s);
  }
}
