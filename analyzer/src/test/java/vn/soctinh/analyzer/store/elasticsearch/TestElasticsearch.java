package vn.soctinh.analyzer.store.elasticsearch;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.elasticsearch.ElasticsearchContainer;

/**
 * The Elasticsearch node tests run against: {@code ES_URL} (the node that
 * {@code deploy/test-services/es-test-server.sh start} runs, as the README's test command does),
 * else a Testcontainers node when Docker is there, else the test is skipped with the reason — unless
 * {@code SOCTINH_REQUIRE_ES=1} (set by {@code .ci/run}), where a missing node is a failure.
 */
public final class TestElasticsearch {
  private static final String IMAGE = "docker.elastic.co/elasticsearch/elasticsearch:8.19.21";
  private static ElasticsearchContainer container;

  private TestElasticsearch() {}

  public static synchronized String url() {
    String env = System.getenv("ES_URL");
    if (env != null && env.matches("https?://.+")) return env;
    if (container != null) return "http://" + container.getHttpHostAddress();
    boolean docker;
    try {
      docker = DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      docker = false;
    }
    if (docker) {
      container = new ElasticsearchContainer(IMAGE).withEnv("xpack.security.enabled", "false");
      container.start();
      return "http://" + container.getHttpHostAddress();
    }
    String why = "no Elasticsearch: set ES_URL (bash deploy/test-services/es-test-server.sh start) or provide Docker";
    if ("1".equals(System.getenv("SOCTINH_REQUIRE_ES"))) throw new IllegalStateException(why + " (SOCTINH_REQUIRE_ES=1)");
    Assumptions.abort(why);
    return null;
  }
}
