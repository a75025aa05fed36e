package vn.soctinh.analyzer.store.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.analyzer.store.FieldGuard;
import vn.soctinh.analyzer.store.FieldType;
import vn.soctinh.analyzer.store.RandomEvents;
import vn.soctinh.analyzer.store.SearchRequest;
import vn.soctinh.collector.testing.TestSeed;

/**
 * The guard protects a real store: what the guard let through, Lucene takes. Each test first shows
 * that the same input unguarded is refused, so that it could fail. "Refused" means the append threw
 * or the event is not among the stored events afterwards (a store that quarantines refused
 * documents keeps them out of the events).
 */
@ExtendWith(TestSeed.class)
class FieldGuardLuceneTest {
  private static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");
  private final FieldGuard guard = new FieldGuard(FieldType.Mapping.ecs(), RandomEvents.LIMITS, FieldGuard.Counters.NONE);

  @TempDir Path dir;

  private static Event poison(String id) {
    // {"source":{"port":[1,"x"]},"message":"poison"} as the JSON parser makes it
    return new Event().put("@timestamp", AT).put("event.id", id).put("source.port", List.of(1L, "x")).put("message", "poison");
  }

  private static Event normal(String id) {
    return new Event().put("@timestamp", AT).put("event.id", id).put("source.port", 22L).put("message", "ok");
  }

  /**
   * Closes a store fed unguarded events. A refused document can be a tragic error for Lucene's
   * IndexWriter (the writer closes itself and its lock), so closing may fail too: that is the point.
   */
  private static void closeBroken(EventStore store) {
    try {
      store.close();
    } catch (Exception alreadyBroken) {
      // expected for a store that met the poison
    }
  }

  /** Appends one event and commits; whether the store refused it. */
  private static boolean refused(EventStore store, Event e) {
    try {
      store.append(DocKind.EVENTS, List.of(e));
      store.commit("1");
      store.refresh();
      return store.search(SearchRequest.of(DocKind.EVENTS, "event.id:\"" + e.getString("event.id") + "\"", 1)).total() == 0;
    } catch (Exception refusedWithAnException) {
      return true;
    }
  }

  @Test
  void thePoisonLineIsRefusedUnguardedAndStoredGuarded() throws Exception {
    EventStore unguarded = LuceneEventStore.open(dir.resolve("unguarded"));
    try {
      assertFalse(refused(unguarded, normal("n1")));
      assertTrue(refused(unguarded, poison("p1")), "source.port as a long and as a term: Lucene refuses");
    } finally {
      closeBroken(unguarded);
    }
    try (EventStore store = LuceneEventStore.open(dir.resolve("guarded"))) {
      Event first = normal("n1");
      Event p = poison("p1");
      assertFalse(guard.check(first));
      assertTrue(guard.check(p));
      assertFalse(refused(store, first));
      assertFalse(refused(store, p));
      assertEquals(1, store.search(SearchRequest.of(DocKind.EVENTS, "source.port:1", 10)).total());
      Event back = store.get(DocKind.EVENTS, "p1").orElseThrow().doc();
      assertEquals(Map.of("source.port", "x"), back.get(FieldGuard.MISTYPED), "read back as an object");
      assertEquals(1, store.search(SearchRequest.of(DocKind.EVENTS, "soctinh.mistyped.source.port:x", 10)).total());
    }
  }

  @Test
  void guardedRandomEventsAreAllStoredWhereUnguardedOnesAreRefused() throws Exception {
    long seed = TestSeed.seed();
    RandomEvents gen = new RandomEvents(seed);
    List<Event> raw = new ArrayList<>();
    for (int i = 0; i < 1500; i++) raw.add(gen.next().put("@timestamp", AT.plusSeconds(i)));
    long storedUnguarded = 0;
    EventStore store = LuceneEventStore.open(dir.resolve("unguarded"));
    try {
      for (Event e : raw.subList(0, 300)) {
        try {
          store.append(DocKind.EVENTS, List.of(e.copy()));
        } catch (RuntimeException refusedWithAnException) {
          // counted below
        }
      }
      store.commit("300");
      store.refresh();
      storedUnguarded = store.search(SearchRequest.of(DocKind.EVENTS, "", 0)).total();
    } catch (Exception refusedForGood) {
      // the writer may have closed itself: nothing more is stored
    } finally {
      closeBroken(store);
    }
    assertTrue(storedUnguarded < 300, "seed " + seed + ": the generated events must be able to break the store");
    List<Event> guarded = new ArrayList<>();
    for (Event e : raw) {
      Event g = e.copy();
      guard.check(g);
      guarded.add(g);
    }
    try (EventStore guardedStore = LuceneEventStore.open(dir.resolve("guarded"))) {
      store = guardedStore;
      // in batches, as the pipeline appends
      for (int from = 0; from < guarded.size(); from += 100) {
        List<Event> batch = guarded.subList(from, Math.min(guarded.size(), from + 100));
        try {
          store.append(DocKind.EVENTS, batch);
        } catch (RuntimeException e) {
          throw new AssertionError("seed " + seed + ": a guarded batch from " + from + " was refused: " + e, e);
        }
      }
      store.commit("1500");
      store.refresh();
      assertEquals(raw.size(), store.search(SearchRequest.of(DocKind.EVENTS, "", 0)).total(), "seed " + seed + ": every guarded event stored");
    }
  }
}
