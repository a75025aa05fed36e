package vn.soctinh.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import vn.soctinh.analyzer.pipeline.AnalyzerPipeline;
import vn.soctinh.analyzer.store.Aggregation;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.analyzer.store.SearchRequest;
import vn.soctinh.analyzer.store.StoreException;
import vn.soctinh.analyzer.store.elasticsearch.EsSettings;
import vn.soctinh.collector.journal.Journal;
import vn.soctinh.collector.journal.JournalReader;
import vn.soctinh.collector.journal.JournalRecord;
import vn.soctinh.collector.journal.JournalStats;

/**
 * Per agency, over the records the journal still holds: received = stored + quarantined + in
 * flight. Stored counts records (the first event of each, by {@code log.offset}) in the store's
 * last commit, unparsed those tagged {@code _unparsed}; quarantined those the store refused for
 * what they contain and kept in {@link DocKind#QUARANTINE}; in flight are records after the
 * analyzer's committed offset. A difference means a record was lost between journal and store: a bug.
 */
final class LossAccounting {
  /** One agency's line. */
  record Row(long received, long stored, long unparsed, long quarantined, long inFlight) {
    boolean balanced() {
      return received == stored + quarantined + inFlight;
    }
  }

  private LossAccounting() {}

  /** Against the embedded store in {@code storeDir}, or the cluster of {@code es} when not null. */
  static Map<String, Row> compute(Journal journal, JournalStats s, Path storeDir, EsSettings es) throws IOException, StoreException {
    Long committed = s.consumers().get(AnalyzerPipeline.CONSUMER);
    long from = s.firstOffset();
    long upTo = committed == null ? from : Math.max(from, committed);
    Map<String, Long> inFlight = new TreeMap<>();
    try (JournalReader r = journal.reader(upTo)) {
      JournalRecord rec;
      while ((rec = r.next()) != null) inFlight.merge(rec.meta().agency(), 1L, Long::sum);
    }
    Map<Object, Long> stored = Map.of();
    Map<Object, Long> unparsed = Map.of();
    Map<Object, Long> quarantined = Map.of();
    if (upTo > from && (es != null || Files.isDirectory(storeDir))) {
      try (EventStore store = vn.soctinh.analyzer.store.Stores.openForReading(es, storeDir)) {
        String range = "log.offset:[" + from + " TO " + (upTo - 1) + "] AND NOT event.id:*-*";
        List<Aggregation> agg = List.of(new Aggregation.Terms("a", "organization.id", 100_000));
        stored = store.search(SearchRequest.of(DocKind.EVENTS, range, 0).withAggregations(agg)).aggregations().get("a");
        unparsed = store.search(SearchRequest.of(DocKind.EVENTS, range + " AND tags:_unparsed", 0).withAggregations(agg))
            .aggregations().get("a");
        quarantined = store.search(SearchRequest.of(DocKind.QUARANTINE, range, 0).withAggregations(agg)).aggregations().get("a");
      }
    }
    Map<String, Row> rows = new TreeMap<>();
    TreeSet<String> agencies = new TreeSet<>(s.byAgency().keySet());
    for (Object a : stored.keySet()) agencies.add(String.valueOf(a));
    for (Object a : quarantined.keySet()) agencies.add(String.valueOf(a));
    for (String a : agencies) {
      rows.put(a, new Row(s.byAgency().getOrDefault(a, 0L), stored.getOrDefault(a, 0L), unparsed.getOrDefault(a, 0L),
          quarantined.getOrDefault(a, 0L), inFlight.getOrDefault(a, 0L)));
    }
    return rows;
  }
}
