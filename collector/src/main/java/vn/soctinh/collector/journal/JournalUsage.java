package vn.soctinh.collector.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the journal holds on disk, from the directory alone (file sizes and the consumers' committed
 * offsets, no record is read): safe while a server writes it, and cheap on a large journal. Bytes
 * every registered consumer has passed are "consumed": the journal deletes them itself
 * ({@code journal.keep_consumed_secs} after the last consumer passed them). The rest, and
 * everything while no consumer is registered, the journal never deletes.
 *
 * @param segments segment files
 * @param bytes bytes of all segments
 * @param consumedBytes bytes of sealed segments every consumer has committed past
 * @param unconsumedBytes bytes some consumer has still to read (the active segment counts here)
 * @param consumers committed offset per registered consumer
 */
public record JournalUsage(int segments, long bytes, long consumedBytes, long unconsumedBytes, Map<String, Long> consumers) {

  public static JournalUsage of(Path dir) throws IOException {
    TreeMap<Long, Path> files = SegmentChainReader.listSegments(dir);
    Map<String, Long> consumers = ConsumerOffsets.readAll(dir);
    long min = consumers.isEmpty() ? Long.MIN_VALUE : consumers.values().stream().mapToLong(Long::longValue).min().getAsLong();
    List<Long> bases = new ArrayList<>(files.keySet());
    long bytes = 0;
    long consumed = 0;
    int count = 0;
    for (int i = 0; i < bases.size(); i++) {
      long size;
      try {
        size = Files.size(files.get(bases.get(i)));
      } catch (NoSuchFileException gone) {
        continue; // deleted by the journal's own retention while we looked
      }
      count++;
      bytes += size;
      // as SegmentRetention decides: a sealed segment is consumed once every consumer is at or past the next one's base
      if (!consumers.isEmpty() && i + 1 < bases.size() && min >= bases.get(i + 1)) consumed += size;
    }
    return new JournalUsage(count, bytes, consumed, bytes - consumed, Map.copyOf(consumers));
  }
}
