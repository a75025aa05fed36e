package vn.soctinh.analyzer.store;

import java.time.Instant;
import java.util.List;
import vn.soctinh.collector.ByName;

/**
 * A search: a Lucene-syntax query over ECS fields ({@code source.ip:10.0.0.0/8 AND
 * event.action:ssh_login AND event.outcome:failure AND NOT user.name:root}; empty or {@code *} matches all), a time
 * range on {@code @timestamp} (from inclusive, to exclusive; null = open), a sort, a page size and
 * the search-after cursor of the previous page, and aggregations.
 */
@ByName
public record SearchRequest(DocKind kind, String query, Instant from, Instant to, String sortField, boolean descending, int size,
    List<Object> searchAfter, List<Aggregation> aggregations, java.util.Set<String> orgScope) implements SearchRequestBuilder.With {

  public static final int MAX_SIZE = 10_000;

  public SearchRequest {
    if (size < 0 || size > MAX_SIZE) throw new IllegalArgumentException("size must be 0.." + MAX_SIZE + " but was " + size);
    query = query == null ? "" : query;
    sortField = sortField == null ? "@timestamp" : sortField;
    searchAfter = searchAfter == null ? List.of() : List.copyOf(searchAfter);
    aggregations = aggregations == null ? List.of() : List.copyOf(aggregations);
    orgScope = orgScope == null ? null : java.util.Set.copyOf(orgScope);
  }

  /**
   * Only documents whose {@code organization.id} is one of {@code orgs} (an agency viewer's subtree):
   * a filter beside the query, never text joined to it, so no query can widen it. Null: every agency.
   */
  public SearchRequest withOrgScope(java.util.Collection<String> orgs) {
    return with().orgScope(orgs == null ? null : java.util.Set.copyOf(orgs)).build();
  }

  /** Newest first, {@code size} hits, no aggregations. */
  public static SearchRequest of(DocKind kind, String query, int size) {
    return SearchRequestBuilder.builder().kind(kind).query(query).sortField("@timestamp").descending(true).size(size).build();
  }

  public SearchRequest withRange(Instant from, Instant to) {
    return with().from(from).to(to).build();
  }

  public SearchRequest withSort(String field, boolean desc) {
    return with().sortField(field).descending(desc).build();
  }

  public SearchRequest after(List<Object> cursor) {
    return with().searchAfter(cursor).build();
  }
}
