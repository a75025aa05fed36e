package vn.soctinh.collector.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A copy of a journal taken while its server may be writing it and deleting consumed segments
 * ({@code soctinh backup}). It pins segment files by opening them (on Linux an open file stays
 * readable after the retention deletes it), copies the consumers' offsets on their own, and later
 * copies the pinned segments and checks that the copy is one unbroken chain of records.
 *
 * <p>Order, as the backup uses it: {@link #pin} first, then {@link #copyOffsets}, then whatever
 * depends on those offsets (the store), then {@link #copyTo}. A segment deleted before the pin held
 * only records every consumer had passed before the offsets were read, so the copy starts at or
 * below every copied offset; a segment that appeared after the pin is pinned by {@link #pinNew}
 * (called often while the backup runs). Only a segment that is created, filled, consumed and
 * deleted between two such calls can be missed: {@link #copyTo} then finds the gap and refuses,
 * it never returns a copy with a hole.
 *
 * <p>It never writes into the journal it copies.
 */
public final class JournalCopy implements AutoCloseable {
  private final Path dir;
  private final TreeMap<Long, FileChannel> pinned = new TreeMap<>();
  private boolean closed;

  private JournalCopy(Path dir) {
    this.dir = dir;
  }

  /** What a copy holds: records {@code firstOffset} up to (not including) {@code nextOffset}. */
  public record Range(long firstOffset, long nextOffset, int segments, long bytes) {}

  /** A copy that would have a hole: a segment was consumed and deleted before it could be pinned. */
  public static final class GapException extends IOException {
    GapException(String message) {
      super(message);
    }
  }

  /** Opens every segment file of the journal in {@code journalDir}. */
  public static JournalCopy pin(Path journalDir) throws IOException {
    JournalCopy c = new JournalCopy(journalDir);
    c.pinNew();
    return c;
  }

  /** Opens the segment files that appeared since the last call (a vanished one was consumed: it is simply not pinned). */
  public synchronized void pinNew() throws IOException {
    if (closed) return;
    for (Map.Entry<Long, Path> e : SegmentChainReader.listSegments(dir).entrySet()) {
      if (pinned.containsKey(e.getKey())) continue;
      try {
        pinned.put(e.getKey(), FileChannel.open(e.getValue(), StandardOpenOption.READ));
      } catch (NoSuchFileException consumed) {
        // deleted between the listing and the open: copyTo tells whether it was needed
      }
    }
  }

  /** Copies the consumers' committed offsets into {@code target}/consumers and returns them. */
  public static Map<String, Long> copyOffsets(Path journalDir, Path target) throws IOException {
    Map<String, Long> offsets = ConsumerOffsets.readAll(journalDir);
    Path d = Files.createDirectories(target.resolve(ConsumerOffsets.DIR));
    for (Map.Entry<String, Long> e : offsets.entrySet()) {
      Files.writeString(d.resolve(e.getKey() + ConsumerOffsets.SUFFIX), e.getValue() + "\n", java.nio.charset.StandardCharsets.US_ASCII);
    }
    return offsets;
  }

  /**
   * Copies the pinned segments into {@code target} and checks them record by record: each segment
   * must end where the next begins, and the records must reach {@code mustReach} (the highest offset
   * anything else in the backup refers to). A half-written last record is cut from the copy, as
   * recovery would cut it.
   *
   * @param mustStartBy the copy must hold every record from this offset on (the lowest copied consumer offset)
   */
  public synchronized Range copyTo(Path target, long mustStartBy, long mustReach) throws IOException {
    pinNew();
    Files.createDirectories(target);
    List<Long> bases = new ArrayList<>(pinned.keySet());
    List<Path> copied = new ArrayList<>();
    long first = bases.isEmpty() ? 0 : bases.get(0);
    long bytes = 0;
    long next = bases.isEmpty() ? 0 : -1;
    for (int i = 0; i < bases.size(); i++) {
      long base = bases.get(i);
      if (next >= 0 && base != next) {
        if (base > mustStartBy) {
          throw new GapException("journal segment " + JournalSegment.fileName(base) + " starts at offset " + base + " but the copy before it ends at "
              + next + ": the segment between them was consumed and deleted while the backup ran");
        }
        // a hole below every copied offset: nothing needs what lies before it
        for (Path p : copied) Files.delete(p);
        copied.clear();
        bytes = 0;
        first = base;
      }
      FileChannel src = pinned.get(base);
      Path out = target.resolve(JournalSegment.fileName(base));
      long size = src.size();
      try (FileChannel dst = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
        copied.add(out);
        long pos = 0;
        while (pos < size) pos += src.transferTo(pos, size - pos, dst);
        SegmentScanner scanner = new SegmentScanner(dst, 0, base);
        SegmentScanner.Status st;
        while ((st = scanner.next(size)) == SegmentScanner.Status.RECORD) {
          // walk to the end, checking each record
        }
        if (st != SegmentScanner.Status.END) {
          if (i < bases.size() - 1) {
            throw new IOException("journal segment " + out.getFileName() + " is corrupt at position " + scanner.position() + ": "
                + (st == SegmentScanner.Status.CORRUPT ? scanner.problem() : "record cut short"));
          }
          dst.truncate(scanner.position()); // the writer's record in progress: not part of the copy
        }
        dst.force(true);
        next = scanner.expectedOffset();
        bytes += dst.size();
      }
    }
    if (first > mustStartBy) {
      throw new GapException("the journal copy starts at offset " + first + " but a consumer's copied offset is " + mustStartBy
          + ": the records between were consumed and deleted while the backup ran");
    }
    if (next < mustReach) {
      throw new GapException("the journal copy ends at offset " + next + " but the backup refers to offset " + mustReach);
    }
    return new Range(first, next, copied.size(), bytes);
  }

  @Override
  public synchronized void close() throws IOException {
    closed = true;
    IOException first = null;
    for (FileChannel c : pinned.values()) {
      try {
        c.close();
      } catch (IOException e) {
        if (first == null) first = e;
      }
    }
    pinned.clear();
    if (first != null) throw first;
  }
}
