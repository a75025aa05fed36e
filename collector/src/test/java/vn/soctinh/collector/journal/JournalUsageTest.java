package vn.soctinh.collector.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.soctinh.collector.journal.JournalTestSupport.batchOf;
import static vn.soctinh.collector.journal.JournalTestSupport.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.collector.journal.JournalTestSupport.Expected;
import vn.soctinh.collector.testing.TestSeed;

/** The retention view of the journal: consumed and unconsumed bytes, the same split the journal's own retention makes. */
@Timeout(60)
@ExtendWith(TestSeed.class)
class JournalUsageTest {
  @TempDir Path dir;

  @Test
  void bytesSplitAtTheSlowestConsumerAndNothingIsConsumedWithoutConsumers() throws Exception {
    Random rnd = TestSeed.random(7);
    try (Journal j = Journal.open(config(dir).withSegmentBytes(4096).withKeepConsumedSecs(3600), null)) {
      for (int i = 0; i < 60; i++) j.append(batchOf(List.of(new Expected(JournalTestSupport.randomMeta(rnd), i, 0, new byte[200]))));
      j.flush();
      TreeMap<Long, Path> files = SegmentChainReader.listSegments(dir);
      assertTrue(files.size() >= 3, "several segments: " + files.keySet());
      long all = 0;
      for (Path p : files.values()) all += Files.size(p);

      JournalUsage none = JournalUsage.of(dir);
      assertEquals(files.size(), none.segments());
      assertEquals(all, none.bytes());
      assertEquals(0, none.consumedBytes(), "no consumer registered: the journal keeps everything");

      Long[] bases = files.keySet().toArray(new Long[0]);
      JournalConsumer fast = j.registerConsumer("analyzer");
      JournalConsumer slow = j.registerConsumer("detection");
      fast.commit(j.nextOffset());
      slow.commit(bases[2]); // past the first two segments only
      JournalUsage u = JournalUsage.of(dir);
      long firstTwo = Files.size(files.get(bases[0])) + Files.size(files.get(bases[1]));
      assertEquals(firstTwo, u.consumedBytes(), "what the slowest consumer passed");
      assertEquals(all - firstTwo, u.unconsumedBytes());
      assertEquals(bases[2], u.consumers().get("detection"));
      // the journal's own retention (keep 1 h) has deleted nothing yet: every byte is still there
      assertEquals(files.size(), SegmentChainReader.listSegments(dir).size());
    }
  }
}
