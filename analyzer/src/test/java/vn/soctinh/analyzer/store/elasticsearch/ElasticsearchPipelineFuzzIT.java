package vn.soctinh.analyzer.store.elasticsearch;

import java.util.concurrent.atomic.AtomicInteger;
import vn.soctinh.analyzer.pipeline.PipelineFuzzContract;
import vn.soctinh.analyzer.store.EventStore;

/** The whole-path fuzz contract on a real Elasticsearch node ({@code ES_URL}). */
class ElasticsearchPipelineFuzzIT extends PipelineFuzzContract {
  private static final AtomicInteger N = new AtomicInteger();

  @Override
  protected EventStore newStore() throws Exception {
    String prefix = "fuzz" + ProcessHandle.current().pid() + "-" + N.incrementAndGet();
    return ElasticsearchEventStore.open(EsSettings.of(TestElasticsearch.url()).withPrefix(prefix).withReplicas(0));
  }

  @Override
  protected void dispose(EventStore store) throws Exception {
    ((ElasticsearchEventStore) store).deleteAll();
  }
}
