package vn.soctinh.analyzer.pipeline;

import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.analyzer.store.lucene.LuceneEventStore;

/** The whole-path fuzz contract on the embedded store. */
class LucenePipelineFuzzTest extends PipelineFuzzContract {
  @Override
  protected EventStore newStore() throws Exception {
    return LuceneEventStore.open(dir.resolve("store-" + System.nanoTime()));
  }
}
