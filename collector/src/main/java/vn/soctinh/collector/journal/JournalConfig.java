package vn.soctinh.collector.journal;

import java.nio.file.Path;
import vn.soctinh.collector.ByName;

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
@ByName
public record JournalConfig(
    Path dir,
    long segmentBytes,
    long maxBytes,
    long minFreeDiskBytes,
    FsyncPolicy fsync,
    long fsyncIntervalMs,
    int maxWriteBytes,
    long maxPendingBytes,
    long keepConsumedSecs) implements JournalConfigBuilder.With {

  public static final long DEFAULT_SEGMENT_BYTES = 128L * 1024 * 1024;
  public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024 * 1024;
  public static final long DEFAULT_MIN_FREE_DISK_BYTES = 1024L * 1024 * 1024;
  public static final long DEFAULT_FSYNC_INTERVAL_MS = 1000;
  public static final int DEFAULT_MAX_WRITE_BYTES = 4 * 1024 * 1024;
  public static final long DEFAULT_MAX_PENDING_BYTES = 64L * 1024 * 1024;
  public static final long DEFAULT_KEEP_CONSUMED_SECS = 0;

  public static JournalConfig defaults(Path dir) {
    return JournalConfigBuilder.builder().dir(dir).segmentBytes(DEFAULT_SEGMENT_BYTES).maxBytes(DEFAULT_MAX_BYTES).minFreeDiskBytes(DEFAULT_MIN_FREE_DISK_BYTES)
        .fsync(FsyncPolicy.EVERY_BATCH).fsyncIntervalMs(DEFAULT_FSYNC_INTERVAL_MS).maxWriteBytes(DEFAULT_MAX_WRITE_BYTES)
        .maxPendingBytes(DEFAULT_MAX_PENDING_BYTES).keepConsumedSecs(DEFAULT_KEEP_CONSUMED_SECS).build();
  }
}
