package vn.soctinh.analyzer.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import vn.soctinh.analyzer.event.Event;

/** The publisher between detection's thread and the thread that hands alerts to the store. */
class AlertPublisherTest {

  private static Event alert(String id, long seq) {
    return new Event().put("event.id", id).put("event.sequence", seq);
  }

  @Test
  void raisingAlertsNeverWaitsForASlowStoreAndALaterVersionStaysPending() throws Exception {
    CountDownLatch inStore = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<List<Event>> stored = new ArrayList<>();
    List<List<Event>> streamed = new ArrayList<>();
    AlertPublisher p = new AlertPublisher(alerts -> {
      inStore.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      stored.add(alerts);
    }, new SimpleMeterRegistry());
    p.subscribeStream(streamed::add);
    p.raised(List.of(alert("a", 1), alert("b", 1)));
    CompletableFuture<Boolean> flush = CompletableFuture.supplyAsync(p::flush);
    inStore.await();
    // the store is busy with a and b: detection raises a newer a and a new c without waiting
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> p.raised(List.of(alert("a", 2), alert("c", 1))));
    assertEquals(2, streamed.size(), "the stream got both batches while the store was busy");
    release.countDown();
    assertTrue(flush.get());
    assertEquals(List.of("a", "b"), stored.get(0).stream().map(e -> e.getString("event.id")).toList());
    assertEquals(2, p.pendingCount(), "the newer a and c wait for the next flush");
    assertTrue(p.flush());
    assertEquals(2L, stored.get(1).stream().filter(e -> e.getString("event.id").equals("a")).findFirst().orElseThrow().get("event.sequence"));
    assertEquals(0, p.pendingCount());
  }

  @Test
  void aStoreFailureKeepsEverythingPending() {
    AlertPublisher p = new AlertPublisher(alerts -> {
      throw new vn.soctinh.analyzer.store.StoreException("down");
    }, new SimpleMeterRegistry());
    p.raised(List.of(alert("a", 1)));
    assertEquals(false, p.flush());
    assertEquals(1, p.pendingCount());
    assertEquals("a", p.pending().get(0).getString("event.id"));
  }
}
