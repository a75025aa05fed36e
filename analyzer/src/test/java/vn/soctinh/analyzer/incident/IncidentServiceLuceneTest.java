package vn.soctinh.analyzer.incident;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.analyzer.store.lucene.LuceneEventStore;

class IncidentServiceLuceneTest extends IncidentServiceContract {
  @TempDir Path dir;
  private final List<EventStore> open = new ArrayList<>();

  @Override
  EventStore store() throws Exception {
    EventStore s = LuceneEventStore.open(dir.resolve("store" + open.size()));
    open.add(s);
    return s;
  }

  @AfterEach
  void close() throws Exception {
    for (EventStore s : open) s.close();
  }
}
