package vn.soctinh.app;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.analyzer.store.elasticsearch.ElasticsearchEventStore;
import vn.soctinh.analyzer.store.elasticsearch.EsSettings;

/**
 * The two stores the end-to-end tests run against: the embedded one, and the Elasticsearch node
 * of {@code ES_URL} (started by the README's test command through
 * {@code deploy/test-services/with-elasticsearch.sh}). Without it the Elasticsearch case is skipped
 * with the reason, or fails when {@code SOCTINH_REQUIRE_ES=1} (as in CI).
 */
public final class TestStores {
  private static final AtomicInteger N = new AtomicInteger();

  private TestStores() {}

  public static String esUrl() {
    String env = System.getenv("ES_URL");
    if (env != null && env.matches("https?://.+")) return env;
    String why = "no Elasticsearch: set ES_URL (bash deploy/test-services/es-test-server.sh start)";
    if ("1".equals(System.getenv("SOCTINH_REQUIRE_ES"))) throw new IllegalStateException(why + " (SOCTINH_REQUIRE_ES=1)");
    Assumptions.abort(why);
    return null;
  }

  /** A fresh index prefix, so that tests never see each other's documents. */
  public static String uniquePrefix(String what) {
    return what + ProcessHandle.current().pid() + "-" + N.incrementAndGet();
  }

  /** The {@code analyzer:} section of soctinh.yml for {@code store} ("lucene" or "elasticsearch"). */
  public static String analyzerYaml(String store, String prefix) {
    if (store.equals("lucene")) return "";
    return "analyzer:\n  store: elasticsearch\n  elasticsearch:\n    urls: [" + esUrl() + "]\n    index_prefix: " + prefix
        + "\n    replicas: 0\n";
  }

  public static EventStore openEs(String prefix) throws Exception {
    return ElasticsearchEventStore.openForReading(EsSettings.of(esUrl()).withPrefix(prefix).withReplicas(0));
  }

  /** Drops the indices of a test prefix. */
  public static void dropEs(String prefix) throws Exception {
    try (ElasticsearchEventStore s = ElasticsearchEventStore.openForReading(EsSettings.of(esUrl()).withPrefix(prefix))) {
      s.deleteAll();
    }
  }
}
