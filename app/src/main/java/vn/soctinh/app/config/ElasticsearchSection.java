package vn.soctinh.app.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import vn.soctinh.analyzer.store.elasticsearch.EsSettings;
import vn.soctinh.analyzer.store.elasticsearch.EsSettingsBuilder;

/**
 * {@code analyzer.elasticsearch}: where the scale-out store is, how to authenticate, and the bulk
 * limits. Read only when {@code analyzer.store: elasticsearch}; every problem names its key.
 */
final class ElasticsearchSection {
  private ElasticsearchSection() {}

  static EsSettings read(ConfigNode an, boolean used) {
    ConfigNode es = an.section("elasticsearch");
    List<String> urls = new ArrayList<>();
    for (var u : es.strings("urls")) {
      if (u.value().matches("https?://[^\\s/]+(:\\d+)?/?")) urls.add(u.value());
      else es.error(u, "expected a URL like http://127.0.0.1:9200 but was " + Parsed.quote(u.value()));
    }
    String username = empty(es.string("username", ""));
    String password = empty(es.string("password", ""));
    Path passwordFile = es.filePath("password_file", "");
    if (passwordFile != null) {
      try {
        password = Files.readString(passwordFile).strip();
      } catch (java.io.IOException e) {
        es.error("password_file", "cannot read " + passwordFile + ": " + e.getMessage());
      }
    }
    String apiKey = empty(es.string("api_key", ""));
    Path ca = es.filePath("ca_file", "");
    if (ca != null && !Files.isReadable(ca)) es.error("ca_file", "cannot read " + ca);
    String prefix = es.string("index_prefix", "soctinh");
    if (!prefix.matches("[a-z0-9][a-z0-9._-]*")) es.error("index_prefix", "expected lower-case letters, digits, . _ - but was " + Parsed.quote(prefix));
    int shards = es.intValue("shards", 1, 1, 1024);
    int replicas = es.intValue("replicas", 1, 0, 16);
    int ops = es.intValue("bulk_operations", EsSettings.DEFAULT_BULK_OPERATIONS, 1, 100_000);
    long bytes = es.size("bulk_bytes", EsSettings.DEFAULT_BULK_BYTES, 1024, 1L << 30);
    int concurrent = es.intValue("concurrent_requests", EsSettings.DEFAULT_CONCURRENT_REQUESTS, 1, 64);
    int pending = es.intValue("pending_limit", EsSettings.DEFAULT_PENDING_LIMIT, 1, 10_000_000);
    if (pending < ops) es.error("pending_limit", "must be at least bulk_operations (" + ops + ")");
    long stall = es.duration("stall_timeout_ms", EsSettings.DEFAULT_STALL_TIMEOUT.toMillis(), 100, 3_600_000);
    es.finish();
    if (!used) return null;
    if (urls.isEmpty()) {
      an.error("elasticsearch.urls", "analyzer.store is elasticsearch: give at least one URL, e.g. [http://127.0.0.1:9200]");
      return null;
    }
    if (username != null && apiKey != null) {
      an.error("elasticsearch.api_key", "use either username/password or api_key, not both");
    }
    try {
      return EsSettingsBuilder.builder().urls(urls).username(username).password(password).apiKey(apiKey).caCertificate(ca)
          .indexPrefix(prefix.matches("[a-z0-9][a-z0-9._-]*") ? prefix : "soctinh").shards(shards).replicas(replicas).bulkOperations(ops)
          .bulkBytes(bytes).concurrentRequests(concurrent).pendingLimit(Math.max(pending, ops)).stallTimeout(Duration.ofMillis(stall)).build();
    } catch (IllegalArgumentException e) {
      an.error("elasticsearch", e.getMessage());
      return null;
    }
  }

  private static String empty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
