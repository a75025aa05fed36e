package vn.soctinh.collector.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One segment file ({@code <20-digit first offset>.seg}) and what the process knows about it: how
 * many bytes readers may see and a sparse offset→position index. The writer thread owns the write
 * channel and {@link #writtenBytes}; readers only ever look at {@link #visibleBytes()}, which never
 * covers a partially written or not yet durable record.
 */
final class JournalSegment {
  static final String SUFFIX = ".seg";
  /** One index entry per this many bytes: ~2k entries for a 128 MiB segment. */
  static final long INDEX_INTERVAL_BYTES = 64 * 1024;

  private final long baseOffset;
  private final Path path;
  private volatile long visibleBytes;
  /** Writer thread only: bytes written to the file (≥ visibleBytes). */
  long writtenBytes;
  /** Writer thread only: open while this is the active segment. */
  FileChannel channel;
  /** When retention first saw every consumer past this segment (0 = not yet). */
  volatile long consumedSinceNanos;

  private long[] indexOffsets = new long[16];
  private long[] indexPositions = new long[16];
  private int indexCount;
  private long lastIndexedPosition = -INDEX_INTERVAL_BYTES;

  JournalSegment(Path dir, long baseOffset, long bytes) {
    this.baseOffset = baseOffset;
    this.path = dir.resolve(fileName(baseOffset));
    this.visibleBytes = bytes;
    this.writtenBytes = bytes;
  }

  static String fileName(long baseOffset) {
    String digits = Long.toString(baseOffset);
    return "0".repeat(20 - digits.length()) + digits + SUFFIX;
  }

  /** The base offset encoded in a segment file name, or -1 if the name is not a segment's. */
  static long parseFileName(String name) {
    if (name.length() != 20 + SUFFIX.length() || !name.endsWith(SUFFIX)) return -1;
    for (int i = 0; i < 20; i++) {
      if (name.charAt(i) < '0' || name.charAt(i) > '9') return -1;
    }
    try {
      return Long.parseLong(name, 0, 20, 10);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  long baseOffset() {
    return baseOffset;
  }

  Path path() {
    return path;
  }

  long visibleBytes() {
    return visibleBytes;
  }

  void publishVisible(long bytes) {
    visibleBytes = bytes;
  }

  FileChannel openForAppend(SegmentChannels channels) throws IOException {
    channel = channels.openForAppend(path);
    channel.position(writtenBytes);
    return channel;
  }

  void closeChannel() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }

  /** Notes that the record with {@code offset} starts at {@code position}; keeps one entry per interval. */
  synchronized void maybeIndex(long offset, long position) {
    if (position - lastIndexedPosition < INDEX_INTERVAL_BYTES) return;
    if (indexCount == indexOffsets.length) {
      indexOffsets = Arrays.copyOf(indexOffsets, indexCount * 2);
      indexPositions = Arrays.copyOf(indexPositions, indexCount * 2);
    }
    indexOffsets[indexCount] = offset;
    indexPositions[indexCount] = position;
    indexCount++;
    lastIndexedPosition = position;
  }

  /** Forgets entries at or past {@code position} (the writer truncated the file there). */
  synchronized void dropIndexFrom(long position) {
    while (indexCount > 0 && indexPositions[indexCount - 1] >= position) indexCount--;
    lastIndexedPosition = indexCount == 0 ? -INDEX_INTERVAL_BYTES : indexPositions[indexCount - 1];
  }

  /** {offset, position} of the closest indexed record at or before {@code offset} (segment start if none). */
  synchronized long[] seek(long offset) {
    int lo = 0;
    int hi = indexCount - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (indexOffsets[mid] <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? new long[] {baseOffset, 0} : new long[] {indexOffsets[found], indexPositions[found]};
  }

  @Override
  public String toString() {
    return path.getFileName().toString();
  }
}
