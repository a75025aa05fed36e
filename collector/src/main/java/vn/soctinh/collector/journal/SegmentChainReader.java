package vn.soctinh.collector.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.TreeMap;

/**
 * Reads records in offset order across segment files, from a starting offset up to what readers
 * may see: in the writing process, up to each segment's visible (durable) size; in a read-only
 * journal, up to what is on disk, where a partial or bad record in the last segment is simply "not
 * there yet" (it is what recovery would cut). A bad record anywhere else is an IOException naming
 * the file and position: records are never skipped silently.
 */
final class SegmentChainReader implements JournalReader {
  /** The sender block of the record read last: the next one from the same connection shares it. */
  private ConnectionMeta lastMeta;
  /** The open journal's segments, or null for a read-only journal (then the directory is listed). */
  private final SegmentSet segments;
  private final Path dir;
  private long wanted;
  private JournalSegment segment;
  private Path path;
  private long base;
  private FileChannel channel;
  private SegmentScanner scanner;
  private boolean closed;

  SegmentChainReader(SegmentSet segments, Path dir, long fromOffset) throws IOException {
    if (fromOffset < 0) throw new IllegalArgumentException("negative offset " + fromOffset);
    this.segments = segments;
    this.dir = dir;
    this.wanted = fromOffset;
    if (segments != null && segments.count() > 0 && fromOffset < segments.firstOffset()) {
      throw new IOException("offset " + fromOffset + " is no longer kept in " + dir + "; the oldest kept is "
          + segments.firstOffset());
    }
  }

  @Override
  public JournalRecord next() throws IOException {
    if (!advance()) return null;
    JournalRecord r = JournalRecord.decode(scanner.recordOffset(), scanner.body(), lastMeta);
    lastMeta = r.meta();
    return r;
  }

  /** Moves to the next record at or after the wanted offset; false if none is readable yet. */
  boolean advance() throws IOException {
    if (closed) throw new IllegalStateException("reader is closed");
    while (true) {
      if (scanner == null && !open()) return false;
      SegmentScanner.Status st = scanner.next(limit());
      if (st == SegmentScanner.Status.RECORD) {
        if (scanner.recordOffset() < wanted) continue; // walking from an index entry up to the start
        wanted = scanner.recordOffset() + 1;
        return true;
      }
      boolean hasNext = nextSegmentExists();
      if (hasNext && scanner.position() < limit()) {
        if (st == SegmentScanner.Status.END) continue; // the segment was sealed since we looked: read the rest
        if (segments == null) { // read-only: look again with the final size before calling it corrupt
          st = scanner.next(limit());
          if (st == SegmentScanner.Status.RECORD) {
            wanted = scanner.recordOffset() + 1;
            return true;
          }
        }
      }
      if (st == SegmentScanner.Status.END && hasNext) {
        moveToNextSegment();
        continue;
      }
      if (st == SegmentScanner.Status.END) return false;
      if (segments == null && !hasNext) return false; // read-only tail: being written, or torn
      String what = st == SegmentScanner.Status.CORRUPT ? scanner.problem() : "record cut short";
      throw new IOException("corrupt journal record in " + path + " at position " + scanner.position() + " (offset "
          + scanner.expectedOffset() + "): " + what);
    }
  }

  /** The scanner positioned on the record {@link #advance()} found (for stats). */
  SegmentScanner scanner() {
    return scanner;
  }

  private long limit() throws IOException {
    return segments != null ? segment.visibleBytes() : channel.size();
  }

  private boolean open() throws IOException {
    long startOffset;
    long startPosition;
    if (segments != null) {
      segment = segments.containing(wanted);
      if (segment == null) return false;
      long[] seek = segment.seek(wanted);
      base = segment.baseOffset();
      startOffset = seek[0];
      startPosition = seek[1];
      path = segment.path();
    } else {
      TreeMap<Long, Path> files = listSegments(dir);
      var e = files.floorEntry(wanted);
      if (e == null) {
        if (!files.isEmpty()) {
          throw new IOException("offset " + wanted + " is no longer kept in " + dir + "; the oldest kept is " + files.firstKey());
        }
        return false;
      }
      base = e.getKey();
      startOffset = base;
      startPosition = 0;
      path = e.getValue();
    }
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ);
    } catch (NoSuchFileException gone) {
      throw new IOException("offset " + wanted + " is no longer kept in " + dir + " (" + path.getFileName() + " was deleted)", gone);
    }
    scanner = new SegmentScanner(channel, startPosition, startOffset);
    assert startOffset >= base;
    return true;
  }

  private boolean nextSegmentExists() throws IOException {
    long expected = scanner.expectedOffset();
    if (expected == base) return false; // an empty segment is its own "successor"
    if (segments != null) {
      JournalSegment active = segments.active(); // read before the lookup: a roll adds the successor first
      if (segments.startingAt(expected) != null) return true;
      if (active != segment && segments.startingAt(segment.baseOffset()) == segment
          && scanner.position() == segment.visibleBytes()) {
        throw new IOException("journal gap: " + path + " ends before offset " + expected + " but no segment starts there");
      }
      return false;
    }
    return Files.exists(dir.resolve(JournalSegment.fileName(expected)));
  }

  private void moveToNextSegment() throws IOException {
    long expected = scanner.expectedOffset();
    channel.close();
    channel = null;
    scanner = null;
    wanted = Math.max(wanted, expected);
    if (!open()) throw new IOException("segment starting at offset " + expected + " vanished from " + dir);
  }

  /** Segment files in {@code dir} by base offset. */
  static TreeMap<Long, Path> listSegments(Path dir) throws IOException {
    TreeMap<Long, Path> files = new TreeMap<>();
    if (!Files.isDirectory(dir)) return files;
    try (var s = Files.newDirectoryStream(dir, "*" + JournalSegment.SUFFIX)) {
      for (Path p : s) {
        long base = JournalSegment.parseFileName(p.getFileName().toString());
        if (base >= 0) files.put(base, p);
      }
    }
    return files;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    if (channel != null) channel.close();
    channel = null;
  }
}
