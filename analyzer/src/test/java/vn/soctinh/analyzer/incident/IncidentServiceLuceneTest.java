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

  /**
   * Issue #17, item 10: an analyst's change is in the committed store when the call returns, as a
   * crash right after it would find it (read here from the last commit, as a process that restarts
   * does), not left for the pipeline's next commit.
   */
  @org.junit.jupiter.api.Test
  void aPersonsChangeIsCommittedWhenItReturns() throws Exception {
    EventStore store = store();
    IncidentService s = new IncidentService(store, new IncidentRules(IncidentRulesTest.PACKS, "legacy-2017"), IncidentService.Grouping.defaults(),
        java.time.Clock.fixed(T0.plusSeconds(600), java.time.ZoneOffset.UTC));
    String id = s.onAlerts(List.of(alert("a1", "brute", "203.0.113.9", "cong-dvc", "P2", T0))).get(0).id();
    store.flush(vn.soctinh.analyzer.store.DocKind.INCIDENTS); // as detection's commit does for its own
    s.transition(id, "verifying", "analyst-1");
    try (LuceneEventStore lastCommit = LuceneEventStore.openReadOnly(dir.resolve("store0"))) {
      Incident seen = new IncidentService(lastCommit, new IncidentRules(IncidentRulesTest.PACKS, "legacy-2017"), IncidentService.Grouping.defaults(),
          java.time.Clock.systemUTC()).get(id).orElseThrow();
      org.junit.jupiter.api.Assertions.assertEquals("verifying", seen.state());
    }
  }

  @AfterEach
  void close() throws Exception {
    for (EventStore s : open) s.close();
  }
}
