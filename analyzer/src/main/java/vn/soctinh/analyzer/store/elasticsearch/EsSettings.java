package vn.soctinh.analyzer.store.elasticsearch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import vn.soctinh.collector.ByName;

/**
 * How to reach and write to an Elasticsearch cluster ({@code analyzer.elasticsearch} in soctinh.yml).
 *
 * @param urls one or more node URLs, {@code http://} or {@code https://}
 * @param username basic authentication user, or null
 * @param password basic authentication password, or null
 * @param apiKey an encoded API key (sent as {@code Authorization: ApiKey …}), or null
 * @param caCertificate a PEM file of the CA that signed the cluster's certificate, or null for the JVM's trust store
 * @param indexPrefix names of all indices and templates start with it ({@code soctinh-events-2026.11.23})
 * @param shards primary shards per index
 * @param replicas replicas per index (0 on a single node)
 * @param bulkOperations at most this many documents per bulk request (a cap for tiny documents; bytes bound a request first)
 * @param bulkBytes at most this many bytes per bulk request body; only a single document larger than that goes alone
 * @param concurrentRequests bulk requests in flight at once
 * @param pendingLimit documents sent but not yet acknowledged before writers wait (the memory bound)
 * @param stallTimeout how long a write or commit waits for Elasticsearch before it fails (the pipeline then retries)
 */
@ByName
public record EsSettings(List<String> urls, String username, String password, String apiKey, Path caCertificate, String indexPrefix,
    int shards, int replicas, int bulkOperations, long bulkBytes, int concurrentRequests, int pendingLimit, Duration stallTimeout) implements EsSettingsBuilder.With {

  /**
   * About 50,000 events/s of ~1 KiB each is 50 MiB/s: ten requests of 5 MiB a second (Elasticsearch's
   * advice is a few MiB to a few tens of MiB per bulk request), three in flight so one being parsed,
   * one indexing and one on the wire keep a node busy. Requests are bounded by bytes; the document
   * cap only matters for documents under about 500 bytes.
   */
  public static final long DEFAULT_BULK_BYTES = 5L << 20;
  public static final int DEFAULT_BULK_OPERATIONS = 10_000;
  public static final int DEFAULT_CONCURRENT_REQUESTS = 3;
  /** Enough for every request in flight plus a full one being filled, at the document cap; about 50 MiB of 1 KiB events. */
  public static final int DEFAULT_PENDING_LIMIT = 50_000;
  public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(30);

  public EsSettings {
    if (urls == null || urls.isEmpty()) throw new IllegalArgumentException("at least one Elasticsearch URL is needed");
    for (String u : urls) {
      if (!u.startsWith("http://") && !u.startsWith("https://")) throw new IllegalArgumentException("not an http(s) URL: " + u);
    }
    urls = List.copyOf(urls);
    if (indexPrefix == null || indexPrefix.isBlank() || !indexPrefix.equals(indexPrefix.toLowerCase(java.util.Locale.ROOT))
        || indexPrefix.startsWith("_") || indexPrefix.startsWith("-") || indexPrefix.contains("*") || indexPrefix.contains(",")) {
      throw new IllegalArgumentException("index prefix must be lower case, without * or , and not start with _ or -: " + indexPrefix);
    }
    if (shards < 1) throw new IllegalArgumentException("shards must be at least 1");
    if (replicas < 0) throw new IllegalArgumentException("replicas must not be negative");
    if (bulkOperations < 1 || bulkBytes < 1024 || concurrentRequests < 1 || pendingLimit < bulkOperations) {
      throw new IllegalArgumentException("bulk limits must be positive and pending_limit at least bulk_operations");
    }
  }

  public static EsSettings of(String url) {
    return EsSettingsBuilder.builder().urls(List.of(url)).indexPrefix("soctinh").shards(1).replicas(1).bulkOperations(DEFAULT_BULK_OPERATIONS)
        .bulkBytes(DEFAULT_BULK_BYTES).concurrentRequests(DEFAULT_CONCURRENT_REQUESTS).pendingLimit(DEFAULT_PENDING_LIMIT)
        .stallTimeout(DEFAULT_STALL_TIMEOUT).build();
  }

  public EsSettings withPrefix(String prefix) {
    return with().indexPrefix(prefix).build();
  }

  public EsSettings withUrl(String url) {
    return with().urls(List.of(url)).build();
  }

  /** The bulk limits: documents and bytes per request, requests in flight, documents unacknowledged. */
  public EsSettings withBulk(int operations, long bytes, int concurrent, int pending) {
    return with().bulkOperations(operations).bulkBytes(bytes).concurrentRequests(concurrent).pendingLimit(pending).build();
  }

}
