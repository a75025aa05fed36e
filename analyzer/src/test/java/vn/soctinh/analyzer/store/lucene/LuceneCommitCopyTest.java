package vn.soctinh.analyzer.store.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.SearchRequest;
import vn.soctinh.collector.testing.Await;

/** Copies of the embedded store taken while a writer appends, commits and merges (soctinh backup). */
@Timeout(120)
class LuceneCommitCopyTest {
  @TempDir Path tmp;
  private static final Instant DAY = Instant.parse("2026-12-03T03:00:00Z");

  @Test
  void eachCopyIsOneCommitOfEveryPartitionWhileTheWriterCommitsAndMerges() throws Exception {
    Path root = tmp.resolve("store");
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failed = new AtomicReference<>();
    try (LuceneEventStore store = LuceneEventStore.open(root)) {
      Thread writer = new Thread(() -> {
        long offset = 0;
        try {
          while (!stop.get()) {
            List<Event> batch = new ArrayList<>();
            for (int i = 0; i < 50; i++, offset++) {
              batch.add(new Event().put("@timestamp", DAY.plusSeconds(offset % 3600)).put("event.id", Long.toString(offset)).put("log.offset", offset)
                  .put("message", "line " + offset));
            }
            store.append(DocKind.EVENTS, batch);
            store.commit(Long.toString(offset)); // small commits: many segments, merged as they go
          }
        } catch (Throwable t) {
          failed.set(t);
        }
      }, "test-writer");
      writer.start();
      try {
        long last = -1;
        for (int n = 0; n < 4; n++) {
          // each copy at a later commit than the one before: wait for the writer to have committed again
          long before = last;
          Await.until(Duration.ofSeconds(30), () -> failed.get() != null || checkpoint(root) > before, "the writer commits again");
          assertNull(failed.get());
          last = checkpoint(root);
          Path target = tmp.resolve("copy-" + n);
          LuceneCommitCopy.Copy c = LuceneCommitCopy.copy(root, target);
          assertEquals(1, c.partitions().size(), c.toString());
          LuceneCommitCopy.Partition p = c.partitions().get(0);
          assertEquals("events-2026.12.03", p.name());
          // a commit holds exactly the events before its checkpoint, and the store's checkpoint file never says more
          assertEquals(Long.parseLong(p.checkpoint()), p.documents(), "copy " + n);
          assertTrue(c.checkpoint() == null || Long.parseLong(c.checkpoint()) <= p.documents(), "copy " + n + ": " + c.checkpoint());
          try (LuceneEventStore copy = LuceneEventStore.openReadOnly(target)) {
            assertEquals(p.documents(), copy.search(SearchRequest.of(DocKind.EVENTS, "", 0)).total());
          }
          assertTrue(Files.notExists(target.resolve("write.lock")) && Files.notExists(target.resolve(p.name()).resolve("write.lock")),
              "no lock is copied");
        }
      } finally {
        stop.set(true);
        writer.join();
      }
      assertNull(failed.get());
    }
  }

  /** The store's checkpoint file, -1 before the first commit. */
  private static long checkpoint(Path root) {
    try {
      return Long.parseLong(Files.readString(root.resolve("checkpoint")).trim());
    } catch (java.io.IOException | NumberFormatException e) {
      return -1; // not there yet, or caught while being replaced
    }
  }

  @Test
  void aPartitionWithoutACommitAndLeftoversOfAReindexAreNotCopied() throws Exception {
    Path root = tmp.resolve("store");
    try (LuceneEventStore store = LuceneEventStore.open(root)) {
      store.append(DocKind.EVENTS, List.of(new Event().put("@timestamp", DAY).put("event.id", "1").put("log.offset", 1L)));
      Files.createDirectories(root.resolve("events-2026.12.01.old"));
      LuceneCommitCopy.Copy c = LuceneCommitCopy.copy(root, tmp.resolve("copy"));
      assertEquals(List.of(), c.partitions(), "nothing committed yet");
      assertEquals(List.of("events-2026.12.01.old"), c.skipped());
      assertNull(c.checkpoint());
    }
  }
}
