package vn.soctinh.analyzer.store.lucene;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedNumericSortField;
import org.apache.lucene.search.SortedSetSortField;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.util.BytesRef;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.store.Aggregation;
import vn.soctinh.analyzer.store.FieldType;
import vn.soctinh.analyzer.store.SearchRequest;
import vn.soctinh.analyzer.store.SearchResult;

/** Running one search over several partitions: sort with an id tiebreak, search-after paging, aggregations from doc values. */
final class LuceneSearch {
  private LuceneSearch() {}

  interface SearcherFunction<T> {
    T apply(IndexSearcher searcher) throws IOException;
  }

  static <T> T withSearcher(List<LucenePartition> parts, SearcherFunction<T> fn) throws IOException {
    return withTimedSearcher(parts, -1, fn);
  }

  /**
   * As {@link #withSearcher(List, SearcherFunction)}, for a user's query ({@code timeoutMs} ≥ 0): the
   * readers stop it (an ExitingReaderException) once {@code timeoutMs} have passed, whether it is
   * enumerating the terms of a leading wildcard or scoring documents, so no query holds a thread
   * and the store for long.
   */
  static <T> T withTimedSearcher(List<LucenePartition> parts, long timeoutMs, SearcherFunction<T> fn) throws IOException {
    List<IndexSearcher> acquired = new ArrayList<>();
    try {
      org.apache.lucene.index.QueryTimeout timeout = timeoutMs < 0 ? null : new org.apache.lucene.index.QueryTimeoutImpl(timeoutMs);
      List<IndexReader> readers = new ArrayList<>();
      for (LucenePartition p : parts) {
        IndexSearcher s = p.searchers().acquire();
        acquired.add(s);
        readers.add(timeout == null ? s.getIndexReader()
            : org.apache.lucene.index.ExitableDirectoryReader.wrap((org.apache.lucene.index.DirectoryReader) s.getIndexReader(), timeout));
      }
      IndexSearcher searcher = new IndexSearcher(LuceneEventStore.multi(readers));
      if (timeout == null) return fn.apply(searcher);
      searcher.setTimeout(timeout);
      T out = fn.apply(searcher);
      if (searcher.timedOut()) throw new org.apache.lucene.index.ExitableDirectoryReader.ExitingReaderException("the query ran past its time limit");
      return out;
    } finally {
      for (int i = 0; i < acquired.size(); i++) parts.get(i).searchers().release(acquired.get(i));
    }
  }

  static SearchResult run(IndexSearcher searcher, Query q, SearchRequest r, FieldType.Mapping mapping) throws IOException {
    long total = searcher.count(q);
    FieldType sortType = mapping.forQuery(r.sortField());
    boolean numeric = sortType == FieldType.LONG || sortType == FieldType.DATE || sortType == FieldType.DOUBLE;
    SortField primary = numeric
        ? new SortedNumericSortField(r.sortField(), SortField.Type.LONG, r.descending())
        : new SortedSetSortField(r.sortField(), r.descending());
    Sort sort = new Sort(primary, new SortedSetSortField(LuceneDocuments.ID, r.descending()));
    List<Event> hits = new ArrayList<>();
    List<Object> next = null;
    if (r.size() > 0) {
      // The id tiebreak makes sort values unique; after.doc = the last doc keeps an exact tie (the cursor's own document) out.
      FieldDoc after = null;
      if (!r.searchAfter().isEmpty()) {
        Object v = r.searchAfter().get(0);
        Object first = numeric ? (Object) ((Number) v).longValue() : new BytesRef(String.valueOf(v));
        after = new FieldDoc(Math.max(-1, searcher.getIndexReader().maxDoc() - 1), Float.NaN, new Object[] {first, new BytesRef(String.valueOf(r.searchAfter().get(1)))});
      }
      TopFieldDocs top = after == null ? searcher.search(q, r.size(), sort) : (TopFieldDocs) searcher.searchAfter(after, q, r.size(), sort);
      var stored = searcher.storedFields();
      for (ScoreDoc sd : top.scoreDocs) {
        hits.add(LuceneDocuments.fromSource(stored.document(sd.doc).getBinaryValue(LuceneDocuments.SOURCE)));
      }
      if (top.scoreDocs.length == r.size()) {
        FieldDoc last = (FieldDoc) top.scoreDocs[top.scoreDocs.length - 1];
        Object v = last.fields[0];
        Object key = v instanceof BytesRef br ? (Object) br.utf8ToString() : v == null ? (Object) "" : v;
        next = List.of(key, ((BytesRef) last.fields[1]).utf8ToString());
      }
    }
    Map<String, Map<Object, Long>> aggs = new LinkedHashMap<>();
    for (Aggregation a : r.aggregations()) aggs.put(a.name(), aggregate(searcher, q, a, mapping));
    return new SearchResult(total, hits, next, aggs);
  }

  private static Map<Object, Long> aggregate(IndexSearcher searcher, Query q, Aggregation a, FieldType.Mapping mapping) throws IOException {
    String field = a instanceof Aggregation.Terms t ? t.field()
        : a instanceof Aggregation.DateHistogram d ? d.field() : ((Aggregation.Cardinality) a).field();
    FieldType type = mapping.forQuery(field);
    boolean numeric = type == FieldType.LONG || type == FieldType.DATE;
    Map<Object, Long> counts = new HashMap<>();
    long interval = a instanceof Aggregation.DateHistogram h ? h.interval().toMillis() : 0;
    // Keyword values are counted by segment ordinal and resolved to strings once per segment:
    // looking each document's value up would decompress a terms block per hit.
    searcher.search(q, new SimpleCollector() {
      SortedNumericDocValues nums;
      SortedSetDocValues terms;
      SortedSetDocValues leafTerms;
      long[] ordCounts;
      Map<Long, Long> sparseCounts;

      @Override
      protected void doSetNextReader(LeafReaderContext ctx) throws IOException {
        flushOrds();
        if (numeric) {
          nums = DocValues.getSortedNumeric(ctx.reader(), field);
        } else {
          terms = DocValues.getSortedSet(ctx.reader(), field);
          leafTerms = DocValues.getSortedSet(ctx.reader(), field);
          long n = terms.getValueCount();
          ordCounts = n <= 1 << 20 ? new long[(int) n] : null;
          sparseCounts = ordCounts == null ? new HashMap<>() : null;
        }
      }

      private void flushOrds() throws IOException {
        if (leafTerms == null) return;
        if (ordCounts != null) {
          for (int o = 0; o < ordCounts.length; o++) {
            if (ordCounts[o] > 0) counts.merge(leafTerms.lookupOrd(o).utf8ToString(), ordCounts[o], Long::sum);
          }
        } else {
          for (Map.Entry<Long, Long> e : sparseCounts.entrySet()) counts.merge(leafTerms.lookupOrd(e.getKey()).utf8ToString(), e.getValue(), Long::sum);
        }
        leafTerms = null;
      }

      @Override
      public void collect(int doc) throws IOException {
        if (numeric) {
          if (!nums.advanceExact(doc)) return;
          for (int i = 0; i < nums.docValueCount(); i++) {
            long v = nums.nextValue();
            Object key = interval > 0 ? Math.floorDiv(v, interval) * interval : (Object) v;
            counts.merge(key, 1L, Long::sum);
          }
        } else {
          if (!terms.advanceExact(doc)) return;
          for (int i = 0; i < terms.docValueCount(); i++) {
            long ord = terms.nextOrd();
            if (ordCounts != null) ordCounts[(int) ord]++;
            else sparseCounts.merge(ord, 1L, Long::sum);
          }
        }
      }

      @Override
      public void finish() throws IOException {
        flushOrds();
      }

      @Override
      public ScoreMode scoreMode() {
        return ScoreMode.COMPLETE_NO_SCORES;
      }
    });
    if (a instanceof Aggregation.Terms t) return top(counts, t.size());
    if (a instanceof Aggregation.DateHistogram) return new java.util.TreeMap<>(counts);
    return Map.of("value", (long) new HashSet<>(counts.keySet()).size());
  }

  /** The n largest counts, largest first, ties by key. */
  private static Map<Object, Long> top(Map<Object, Long> counts, int n) {
    List<Map.Entry<Object, Long>> list = new ArrayList<>(counts.entrySet());
    list.sort((x, y) -> y.getValue().equals(x.getValue()) ? String.valueOf(x.getKey()).compareTo(String.valueOf(y.getKey()))
        : Long.compare(y.getValue(), x.getValue()));
    Map<Object, Long> out = new LinkedHashMap<>();
    for (int i = 0; i < Math.min(n, list.size()); i++) out.put(list.get(i).getKey(), list.get(i).getValue());
    return out;
  }

}
