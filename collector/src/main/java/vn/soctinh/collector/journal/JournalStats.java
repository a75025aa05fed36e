package vn.soctinh.collector.journal;

import java.util.Map;
import vn.soctinh.collector.ByName;

/**
 * What {@code soctinh journal stats} prints.
 *
 * @param records records currently in the journal's segments
 * @param bytes bytes of all segments
 * @param segments number of segment files
 * @param firstOffset offset of the oldest record kept (= nextOffset when empty)
 * @param nextOffset offset the next record will get
 * @param byTransport record counts per transport label
 * @param byAgency record counts per agency id
 * @param consumers committed offset per registered consumer
 * @param tornRecords torn tail records truncated at recovery since the journal was opened
 */
@ByName
public record JournalStats(
    long records,
    long bytes,
    int segments,
    long firstOffset,
    long nextOffset,
    Map<String, Long> byTransport,
    Map<String, Long> byAgency,
    Map<String, Long> consumers,
    long tornRecords) implements JournalStatsBuilder.With {}
