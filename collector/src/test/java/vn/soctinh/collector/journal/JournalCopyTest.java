package vn.soctinh.collector.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.soctinh.collector.journal.JournalTestSupport.batchOf;
import static vn.soctinh.collector.journal.JournalTestSupport.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.collector.journal.JournalTestSupport.Expected;
import vn.soctinh.collector.testing.TestSeed;

/** The journal copied while its consumer commits and retention deletes what was consumed (soctinh backup). */
@Timeout(60)
@ExtendWith(TestSeed.class)
class JournalCopyTest {
  @TempDir Path tmp;
  private final Random rnd = TestSeed.random(19);

  private void append(Journal j, int n) throws IOException {
    for (int i = 0; i < n; i++) j.append(batchOf(List.of(new Expected(JournalTestSupport.randomMeta(rnd), i, 0, new byte[200]))));
    j.flush();
  }

  @Test
  void segmentsDeletedAfterThePinAreCopiedAndTheCopyOpensAsAJournal() throws Exception {
    Path dir = tmp.resolve("journal");
    try (Journal j = Journal.open(config(dir).withSegmentBytes(4096), null)) {
      JournalConsumer c = j.registerConsumer("analyzer");
      append(j, 60);
      try (JournalCopy copy = JournalCopy.pin(dir)) {
        Map<String, Long> offsets = JournalCopy.copyOffsets(dir, tmp.resolve("copy"));
        assertEquals(Map.of("analyzer", 0L), offsets);
        c.commit(j.nextOffset()); // retention deletes every sealed segment now
        assertTrue(SegmentChainReader.listSegments(dir).size() < 3, "consumed segments were deleted");
        append(j, 5);
        JournalCopy.Range r = copy.copyTo(tmp.resolve("copy"), 0, 60);
        assertEquals(0, r.firstOffset());
        assertEquals(65, r.nextOffset(), "the deleted segments and what came after, without a hole");
      }
    }
    try (Journal restored = Journal.open(config(tmp.resolve("copy")), null)) {
      assertEquals(65, restored.nextOffset());
      assertEquals(0, restored.registerConsumer("analyzer").committedOffset(), "the copied offset");
      try (JournalReader r = restored.reader(0)) {
        for (long o = 0; o < 65; o++) assertEquals(o, r.next().offset());
      }
    }
  }

  @Test
  void aSegmentConsumedAndDeletedBeforeItWasPinnedMakesTheCopyRefuseInsteadOfLeavingAHole() throws Exception {
    Path dir = tmp.resolve("journal");
    try (Journal j = Journal.open(config(dir).withSegmentBytes(4096), null)) {
      JournalConsumer c = j.registerConsumer("analyzer");
      append(j, 10);
      try (JournalCopy copy = JournalCopy.pin(dir)) {
        JournalCopy.copyOffsets(dir, tmp.resolve("copy"));
        append(j, 60); // new segments, never pinned ...
        c.commit(j.nextOffset()); // ... consumed and deleted
        append(j, 60);
        JournalCopy.GapException e = assertThrows(JournalCopy.GapException.class, () -> copy.copyTo(tmp.resolve("copy"), 0, 70));
        assertTrue(e.getMessage().contains("consumed and deleted while the backup ran"), e.getMessage());
      }
    }
  }

  @Test
  void aHalfWrittenLastRecordIsCutFromTheCopyNotFromTheJournal() throws Exception {
    Path dir = tmp.resolve("journal");
    try (Journal j = Journal.open(config(dir), null)) {
      append(j, 3);
    }
    Path seg = dir.resolve(JournalSegment.fileName(0));
    long whole = Files.size(seg);
    Files.write(seg, new byte[] {0, 0, 1, 0, 42}, java.nio.file.StandardOpenOption.APPEND); // a record the writer is still writing
    try (JournalCopy copy = JournalCopy.pin(dir)) {
      JournalCopy.Range r = copy.copyTo(tmp.resolve("copy"), 0, 3);
      assertEquals(3, r.nextOffset());
      assertEquals(whole, Files.size(tmp.resolve("copy").resolve(JournalSegment.fileName(0))));
    }
    assertEquals(whole + 5, Files.size(seg), "the journal itself is never written");
    assertFalse(Files.exists(tmp.resolve("copy/consumers")), "no offsets asked for, none written");
  }
}
