package vn.soctinh.collector.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.soctinh.collector.journal.JournalTestSupport.batchOf;
import static vn.soctinh.collector.journal.JournalTestSupport.config;
import static vn.soctinh.collector.journal.JournalTestSupport.readAll;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.collector.journal.JournalTestSupport.Expected;
import vn.soctinh.collector.testing.Await;
import vn.soctinh.collector.testing.TestSeed;

@Timeout(120)
@ExtendWith(TestSeed.class)
class JournalConsumerRetentionTest {
  @TempDir Path dir;

  private final Random rnd = TestSeed.random();
  private final List<Expected> all = new ArrayList<>();

  private JournalConfig smallSegments() {
    return config(dir).withSegmentBytes(4096);
  }

  private void appendRecords(Journal j, int n) throws IOException {
    for (int i = 0; i < n; i++) {
      List<Expected> one = List.of(new Expected(JournalTestSupport.randomMeta(rnd), i, 0, new byte[200]));
      all.addAll(one);
      j.append(batchOf(one));
    }
    j.flush();
  }

  private List<Long> segmentBases() throws IOException {
    return new ArrayList<>(SegmentChainReader.listSegments(dir).keySet());
  }

  @Test
  void aConsumersCommitSurvivesReopenAndANewConsumerStartsAtTheOldestRecord() throws Exception {
    try (Journal j = Journal.open(config(dir), null)) {
      appendRecords(j, 40);
      JournalConsumer c = j.registerConsumer("analyzer");
      assertEquals(0, c.committedOffset(), "a new consumer starts at the oldest kept record");
      c.commit(17);
      assertSame(c, j.registerConsumer("analyzer"), "registering again gives the same consumer");
    }
    assertEquals("17", Files.readString(dir.resolve("consumers/analyzer.offset")).trim());
    try (Journal j = Journal.open(config(dir), null)) {
      assertEquals(17, j.registerConsumer("analyzer").committedOffset(), "resumes at the committed offset");
      assertEquals(java.util.Map.of("analyzer", 17L), j.stats().consumers());
      JournalConsumer other = j.registerConsumer("archiver");
      assertEquals(0, other.committedOffset());
    }
    try (Journal ro = Journal.openReadOnly(dir)) {
      assertEquals(new TreeMap<>(java.util.Map.of("analyzer", 17L, "archiver", 0L)), ro.stats().consumers());
    }
  }

  @Test
  void segmentsAreDeletedOnlyOnceEveryConsumerHasCommittedPastThemAndNeverTheActiveOne() throws Exception {
    try (Journal j = Journal.open(smallSegments(), null)) {
      JournalConsumer fast = j.registerConsumer("fast");
      JournalConsumer slow = j.registerConsumer("slow");
      appendRecords(j, 120);
      List<Long> bases = segmentBases();
      assertTrue(bases.size() >= 5, "needs several segments: " + bases);

      fast.commit(j.nextOffset());
      assertEquals(bases, segmentBases(), "the lagging consumer holds every segment");

      long third = bases.get(3);
      slow.commit(third - 1);
      assertEquals(bases.subList(2, bases.size()), segmentBases(), "one record short of passing segment 2 keeps it");
      slow.commit(third);
      assertEquals(bases.subList(3, bases.size()), segmentBases(), "segments 0..2 are gone, the rest stay");
      assertEquals(third, j.stats().firstOffset());
      JournalTestSupport.assertRecords(all.subList((int) third, all.size()), readAll(j, third), third, "kept records");
      assertThrows(IOException.class, () -> j.reader(0), "deleted offsets cannot be read");

      slow.commit(j.nextOffset());
      List<Long> left = segmentBases();
      assertEquals(List.of(bases.get(bases.size() - 1)), left, "only the active segment is left");
      assertEquals(1, j.stats().segments());
      appendRecords(j, 3);
      JournalTestSupport.assertRecords(all.subList(all.size() - 3, all.size()), readAll(j, all.size() - 3),
          all.size() - 3, "appends after the clean-up");
    }
  }

  @Test
  void withNoConsumerRegisteredNothingIsDeleted() throws Exception {
    try (Journal j = Journal.open(smallSegments(), null)) {
      appendRecords(j, 100);
      List<Long> before = segmentBases();
      // two passes: the second began after the records were written, so it had its chance to delete
      long passes = j.retentionPasses();
      Await.until(Duration.ofSeconds(10), () -> j.retentionPasses() >= passes + 2, "two periodic retention passes");
      assertEquals(before, segmentBases());
    }
    try (Journal j = Journal.open(smallSegments(), null)) {
      JournalTestSupport.assertRecords(all, readAll(j, 0), 0, "everything kept");
    }
  }

  @Test
  void consumedSegmentsStayForKeepConsumedSecs() throws Exception {
    try (Journal j = Journal.open(smallSegments().withKeepConsumedSecs(3600), null)) {
      JournalConsumer c = j.registerConsumer("analyzer");
      appendRecords(j, 100);
      List<Long> before = segmentBases();
      c.commit(j.nextOffset());
      assertEquals(before, segmentBases(), "kept for the replay window");
      c.commit(0);
      assertEquals(0, c.committedOffset(), "a consumer may rewind within what is kept");
    }
  }

  @Test
  void aCommitBeyondTheLastReadableRecordIsRefused() throws Exception {
    try (Journal j = Journal.open(config(dir), null)) {
      appendRecords(j, 5);
      JournalConsumer c = j.registerConsumer("analyzer");
      assertThrows(IllegalArgumentException.class, () -> c.commit(6));
      assertThrows(IllegalArgumentException.class, () -> c.commit(-1));
      assertThrows(IllegalArgumentException.class, () -> j.registerConsumer("../etc"));
      assertEquals(0, c.committedOffset());
    }
  }

  @Test
  void aConsumerCommittedPastTheEndAfterACrashIsMovedBackSoNewRecordsAreNotSkipped() throws Exception {
    try (Journal j = Journal.open(config(dir), null)) {
      appendRecords(j, 10);
      j.registerConsumer("analyzer").commit(10);
    }
    // as if the last records were lost with fsync none, but the consumer's commit survived
    Files.writeString(dir.resolve("consumers/analyzer.offset"), "25\n");
    try (Journal j = Journal.open(config(dir), null)) {
      JournalConsumer c = j.registerConsumer("analyzer");
      assertEquals(10, c.committedOffset());
    }
  }

  @Test
  void consumerLagGaugeCountsRecordsNotYetCommitted() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Journal j = Journal.open(config(dir), registry)) {
      JournalConsumer c = j.registerConsumer("analyzer");
      appendRecords(j, 30);
      c.commit(12);
      double lag = registry.get("soctinh.journal.consumer.lag").tag("consumer", "analyzer").gauge().value();
      assertEquals(18, lag);
    }
  }
}
