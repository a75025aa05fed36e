package vn.soctinh.analyzer.store;

import java.time.Instant;
import java.util.List;

/**
 * A search: a Lucene-syntax query over ECS fields ({@code source.ip:10.0.0.0/8 AND
 * event.action:ssh_login AND event.outcome:failure AND NOT user.name:root}; empty or {@code *} matches all), a time
 * range on {@code @timestamp} (from inclusive, to exclusive; null = open), a sort, a page size and
 * the search-after cursor of the previous page, and aggregations.
 */
public record SearchRequest(DocKind kind, String query, Instant from, Instant to, String sortField, boolean descending, int size,
    List<Object> searchAfter, List<Aggregation> aggregations, java.util.Set<String> orgScope) {

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
    return toBuilder().orgScope(orgs == null ? null : java.util.Set.copyOf(orgs)).build();
  }

  /** Newest first, {@code size} hits, no aggregations. */
  public static SearchRequest of(DocKind kind, String query, int size) {
    return new Builder().kind(kind).query(query).sortField("@timestamp").descending(true).size(size).build();
  }

  public SearchRequest withRange(Instant from, Instant to) {
    return toBuilder().from(from).to(to).build();
  }

  public SearchRequest withSort(String field, boolean desc) {
    return toBuilder().sortField(field).descending(desc).build();
  }

  public SearchRequest after(List<Object> cursor) {
    return toBuilder().searchAfter(cursor).build();
  }

  public SearchRequest withAggregations(List<Aggregation> aggs) {
    return toBuilder().aggregations(aggs).build();
  }

  /** This value's components in a builder, to change a few of them by name. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.kind = kind;
    b.query = query;
    b.from = from;
    b.to = to;
    b.sortField = sortField;
    b.descending = descending;
    b.size = size;
    b.searchAfter = searchAfter;
    b.aggregations = aggregations;
    b.orgScope = orgScope;
    return b;
  }

  /** SearchRequest by name: 10 positions are easy to swap. */
  public static final class Builder {
    private DocKind kind;
    private String query;
    private Instant from;
    private Instant to;
    private String sortField;
    private boolean descending;
    private int size;
    private List<Object> searchAfter;
    private List<Aggregation> aggregations;
    private java.util.Set<String> orgScope; // null: every agency

    public Builder kind(DocKind v) {
      kind = v;
      return this;
    }

    public Builder query(String v) {
      query = v;
      return this;
    }

    public Builder from(Instant v) {
      from = v;
      return this;
    }

    public Builder to(Instant v) {
      to = v;
      return this;
    }

    public Builder sortField(String v) {
      sortField = v;
      return this;
    }

    public Builder descending(boolean v) {
      descending = v;
      return this;
    }

    public Builder size(int v) {
      size = v;
      return this;
    }

    public Builder searchAfter(List<Object> v) {
      searchAfter = v;
      return this;
    }

    public Builder aggregations(List<Aggregation> v) {
      aggregations = v;
      return this;
    }

    public Builder orgScope(java.util.Set<String> v) {
      orgScope = v;
      return this;
    }

    public SearchRequest build() {
      return new SearchRequest(kind, query, from, to, sortField, descending, size, searchAfter, aggregations, orgScope);
    }
  }
}
