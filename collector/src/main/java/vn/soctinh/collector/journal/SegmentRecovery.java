package vn.soctinh.collector.journal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Start-up recovery: finds the segments and checks the last one record by record (the only one a
 * crash can have left half written when the fsync policy is not NONE). At the first bad record the
 * file is cut there. Earlier segments are trusted, because scanning gigabytes at every start is
 * slow; readers still check every record they read and refuse to skip a bad one.
 */
final class SegmentRecovery {
  /** @param tornRecords 1 if a torn tail was cut (its length cannot be trusted, so neither can a count) */
  record Result(List<JournalSegment> segments, long nextOffset, long tornRecords) {}

  private SegmentRecovery() {}

  static Result recover(Path dir, Logger log) throws IOException {
    TreeMap<Long, Path> files = SegmentChainReader.listSegments(dir);
    List<JournalSegment> segments = new ArrayList<>();
    if (files.isEmpty()) {
      JournalSegment first = new JournalSegment(dir, 0, 0);
      first.openForAppend(SegmentChannels.FILES);
      first.closeChannel();
      segments.add(first);
      return new Result(segments, 0, 0);
    }
    Map.Entry<Long, Path> last = files.lastEntry();
    for (Map.Entry<Long, Path> e : files.headMap(last.getKey()).entrySet()) {
      segments.add(new JournalSegment(dir, e.getKey(), java.nio.file.Files.size(e.getValue())));
    }
    JournalSegment tail = new JournalSegment(dir, last.getKey(), 0);
    long torn = 0;
    long next;
    try (FileChannel ch = FileChannel.open(last.getValue(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      SegmentScanner scanner = new SegmentScanner(ch, 0, last.getKey());
      long recordStart = 0;
      SegmentScanner.Status st;
      while ((st = scanner.next(size)) == SegmentScanner.Status.RECORD) {
        tail.maybeIndex(scanner.recordOffset(), recordStart);
        recordStart = scanner.position();
      }
      long good = scanner.position();
      if (st != SegmentScanner.Status.END) {
        String why = st == SegmentScanner.Status.CORRUPT ? scanner.problem() : "record cut short";
        log.log(Level.WARNING, "journal recovery: torn tail in " + last.getValue() + " at position " + good + " (offset "
            + scanner.expectedOffset() + "): " + why + "; cutting " + (size - good) + " bytes");
        ch.truncate(good);
        ch.force(true);
        torn = 1;
      }
      next = scanner.expectedOffset();
      tail.writtenBytes = good;
      tail.publishVisible(good);
    }
    segments.add(tail);
    return new Result(segments, next, torn);
  }
}
