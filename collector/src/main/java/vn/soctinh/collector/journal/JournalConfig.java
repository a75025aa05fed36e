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
    return new Builder().dir(dir).segmentBytes(DEFAULT_SEGMENT_BYTES).maxBytes(DEFAULT_MAX_BYTES).minFreeDiskBytes(DEFAULT_MIN_FREE_DISK_BYTES)
        .fsync(FsyncPolicy.EVERY_BATCH).fsyncIntervalMs(DEFAULT_FSYNC_INTERVAL_MS).maxWriteBytes(DEFAULT_MAX_WRITE_BYTES)
        .maxPendingBytes(DEFAULT_MAX_PENDING_BYTES).keepConsumedSecs(DEFAULT_KEEP_CONSUMED_SECS).build();
  }

  public JournalConfig withDir(Path d) {
    return toBuilder().dir(d).build();
  }

  public JournalConfig withFsync(FsyncPolicy p) {
    return toBuilder().fsync(p).build();
  }

  public JournalConfig withSegmentBytes(long s) {
    return toBuilder().segmentBytes(s).build();
  }

  public JournalConfig withMaxBytes(long m) {
    return toBuilder().maxBytes(m).build();
  }

  public JournalConfig withMinFreeDiskBytes(long b) {
    return toBuilder().minFreeDiskBytes(b).build();
  }

  public JournalConfig withFsyncIntervalMs(long ms) {
    return toBuilder().fsyncIntervalMs(ms).build();
  }

  public JournalConfig withMaxWriteBytes(int b) {
    return toBuilder().maxWriteBytes(b).build();
  }

  public JournalConfig withMaxPendingBytes(long b) {
    return toBuilder().maxPendingBytes(b).build();
  }

  public JournalConfig withKeepConsumedSecs(long s) {
    return toBuilder().keepConsumedSecs(s).build();
  }

  /** This value's components in a builder, to change a few of them by name. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.dir = dir;
    b.segmentBytes = segmentBytes;
    b.maxBytes = maxBytes;
    b.minFreeDiskBytes = minFreeDiskBytes;
    b.fsync = fsync;
    b.fsyncIntervalMs = fsyncIntervalMs;
    b.maxWriteBytes = maxWriteBytes;
    b.maxPendingBytes = maxPendingBytes;
    b.keepConsumedSecs = keepConsumedSecs;
    return b;
  }

  /** JournalConfig by name: 9 positions are easy to swap. */
  public static final class Builder {
    private Path dir;
    private long segmentBytes;
    private long maxBytes;
    private long minFreeDiskBytes;
    private FsyncPolicy fsync;
    private long fsyncIntervalMs;
    private int maxWriteBytes;
    private long maxPendingBytes;
    private long keepConsumedSecs;

    public Builder dir(Path v) {
      dir = v;
      return this;
    }

    public Builder segmentBytes(long v) {
      segmentBytes = v;
      return this;
    }

    public Builder maxBytes(long v) {
      maxBytes = v;
      return this;
    }

    public Builder minFreeDiskBytes(long v) {
      minFreeDiskBytes = v;
      return this;
    }

    public Builder fsync(FsyncPolicy v) {
      fsync = v;
      return this;
    }

    public Builder fsyncIntervalMs(long v) {
      fsyncIntervalMs = v;
      return this;
    }

    public Builder maxWriteBytes(int v) {
      maxWriteBytes = v;
      return this;
    }

    public Builder maxPendingBytes(long v) {
      maxPendingBytes = v;
      return this;
    }

    public Builder keepConsumedSecs(long v) {
      keepConsumedSecs = v;
      return this;
    }

    public JournalConfig build() {
      return new JournalConfig(dir, segmentBytes, maxBytes, minFreeDiskBytes, fsync, fsyncIntervalMs, maxWriteBytes, maxPendingBytes, keepConsumedSecs);
    }
  }
}
