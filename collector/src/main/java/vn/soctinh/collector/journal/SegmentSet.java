package vn.soctinh.collector.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The segments of an open journal, by base offset, plus the totals other parts read without
 * asking the writer. Only the writer adds (always a new last segment, after the previous one is
 * final); only retention removes, and never the last one. Readers look segments up here.
 */
final class SegmentSet {
  private final Path dir;
  private final ConcurrentSkipListMap<Long, JournalSegment> segments = new ConcurrentSkipListMap<>();
  private final AtomicLong totalBytes = new AtomicLong();
  /** Offset after the last record readers may see. */
  private volatile long visibleNextOffset;

  SegmentSet(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  void add(JournalSegment s) {
    segments.put(s.baseOffset(), s);
    totalBytes.addAndGet(s.writtenBytes);
  }

  /** The writer changed {@code s}'s file size by {@code delta} bytes. */
  void grew(long delta) {
    totalBytes.addAndGet(delta);
  }

  long totalBytes() {
    return totalBytes.get();
  }

  int count() {
    return segments.size();
  }

  JournalSegment active() {
    Map.Entry<Long, JournalSegment> e = segments.lastEntry();
    return e == null ? null : e.getValue();
  }

  /** The segment that holds {@code offset} (if it is kept at all), else null. */
  JournalSegment containing(long offset) {
    Map.Entry<Long, JournalSegment> e = segments.floorEntry(offset);
    return e == null ? null : e.getValue();
  }

  /** The segment starting exactly at {@code baseOffset}, else null. */
  JournalSegment startingAt(long baseOffset) {
    return segments.get(baseOffset);
  }

  long firstOffset() {
    Map.Entry<Long, JournalSegment> e = segments.firstEntry();
    return e == null ? visibleNextOffset : e.getKey();
  }

  long visibleNextOffset() {
    return visibleNextOffset;
  }

  void publishVisibleNextOffset(long next) {
    visibleNextOffset = next;
  }

  /** Segments in offset order (a snapshot). */
  List<JournalSegment> snapshot() {
    return new ArrayList<>(segments.values());
  }

  /** Removes and deletes a sealed segment; its bytes leave the total. */
  void delete(JournalSegment s) throws IOException {
    if (s == active()) throw new IllegalStateException("never delete the active segment " + s);
    long size = Files.size(s.path());
    Files.deleteIfExists(s.path());
    segments.remove(s.baseOffset());
    totalBytes.addAndGet(-size);
  }
}
