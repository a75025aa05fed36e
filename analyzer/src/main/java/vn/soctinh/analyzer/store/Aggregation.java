package vn.soctinh.analyzer.store;

import java.time.Duration;

/** What a search counts besides its hits. */
public sealed interface Aggregation {
  String name();

  /** The {@code size} most frequent values of a keyword/ip/long field, with counts. */
  record Terms(String name, String field, int size) implements Aggregation {}

  /** Counts per fixed interval of a date field. */
  record DateHistogram(String name, String field, Duration interval) implements Aggregation {}

  /** How many distinct values a field has (exact on Lucene; HyperLogLog++ on Elasticsearch, exact below 3000). */
  record Cardinality(String name, String field) implements Aggregation {}
}
