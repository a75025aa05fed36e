package vn.soctinh.collector.journal;

import java.util.Map;

/**
 * The journal's size and positions without counting its records ({@link JournalStats} reads every
 * record; this reads at most the last segment), for a status view that must answer at once.
 *
 * @param bytes bytes of all segments
 * @param segments number of segment files
 * @param firstOffset offset of the oldest record kept (= nextOffset when empty)
 * @param nextOffset offset the next record will get
 * @param consumers committed offset per registered consumer
 */
public record JournalSummary(long bytes, int segments, long firstOffset, long nextOffset, Map<String, Long> consumers) {
  /** Records a consumer has not committed yet (0 for an unknown consumer). */
  public long lag(String consumer) {
    Long at = consumers.get(consumer);
    return at == null ? 0 : Math.max(0, nextOffset - at);
  }
}
