package vn.soctinh.analyzer.store;

import java.util.List;
import java.util.Map;
import vn.soctinh.analyzer.event.Event;

/**
 * Hits of one page, the total number of matches, the cursor for the next page (null when this was
 * the last) and the aggregations: bucket key → count for terms and date histograms (date keys as
 * epoch milliseconds), {@code "value"} → count for cardinality.
 */
public record SearchResult(long total, List<Event> hits, List<Object> nextCursor, Map<String, Map<Object, Long>> aggregations) {}
