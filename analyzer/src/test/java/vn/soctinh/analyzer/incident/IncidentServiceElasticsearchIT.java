package vn.soctinh.analyzer.incident;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.analyzer.store.elasticsearch.ElasticsearchEventStore;
import vn.soctinh.analyzer.store.elasticsearch.EsSettings;
import vn.soctinh.analyzer.store.elasticsearch.TestElasticsearch;

/** The same incident contract on a real Elasticsearch node. */
class IncidentServiceElasticsearchIT extends IncidentServiceContract {
  private final List<ElasticsearchEventStore> open = new ArrayList<>();

  @Override
  EventStore store() throws Exception {
    ElasticsearchEventStore s = ElasticsearchEventStore.open(EsSettings.of(TestElasticsearch.url())
        .withPrefix("inc" + ProcessHandle.current().pid() + "x" + System.nanoTime()).withReplicas(0));
    open.add(s);
    return s;
  }

  @AfterEach
  void close() throws Exception {
    for (ElasticsearchEventStore s : open) {
      s.deleteAll();
      s.close();
    }
  }
}
