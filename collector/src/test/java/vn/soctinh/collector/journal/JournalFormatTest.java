package vn.soctinh.collector.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.soctinh.collector.journal.JournalTestSupport.assertRecords;
import static vn.soctinh.collector.journal.JournalTestSupport.await;
import static vn.soctinh.collector.journal.JournalTestSupport.batchOf;
import static vn.soctinh.collector.journal.JournalTestSupport.config;
import static vn.soctinh.collector.journal.JournalTestSupport.randomBatch;
import static vn.soctinh.collector.journal.JournalTestSupport.readAll;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.collector.files.FormatMarker;
import vn.soctinh.collector.files.Release;
import vn.soctinh.collector.files.UnsupportedFormatException;
import vn.soctinh.collector.journal.JournalTestSupport.Expected;
import vn.soctinh.collector.testing.TestSeed;

/** The journal's format marker: a journal of a release before markers opens and is marked; a later release's is refused untouched. */
@Timeout(60)
@ExtendWith(TestSeed.class)
class JournalFormatTest {
  @TempDir Path dir;

  /** A journal with records and no marker: what releases before markers left. */
  private List<Expected> journalWithoutMarker() throws Exception {
    List<Expected> records = randomBatch(TestSeed.random(), 20);
    try (Journal j = Journal.open(config(dir), null)) {
      await(j.append(batchOf(records)));
      j.flush();
    }
    Files.delete(FormatMarker.file(dir));
    return records;
  }

  @Test
  void aJournalWithoutMarkerIsReadAsFormatOneAndMarkedWhenOpenedForWriting() throws Exception {
    List<Expected> records = journalWithoutMarker();
    try (Journal ro = Journal.openReadOnly(dir)) {
      assertRecords(records, readAll(ro, 0), 0, "read-only, unmarked");
    }
    assertTrue(FormatMarker.read(dir).isEmpty(), "a read-only open writes nothing");
    try (Journal j = Journal.open(config(dir), null)) {
      assertRecords(records, readAll(j, 0), 0, "writable, marked");
    }
    FormatMarker m = FormatMarker.read(dir).orElseThrow();
    assertEquals(Journal.FORMAT, m.format());
    assertEquals(Release.writer(), m.writtenBy());
  }

  @Test
  void aJournalOfALaterReleaseIsRefusedNamingItsMarkerAndLeftAsItWas() throws Exception {
    journalWithoutMarker();
    new FormatMarker(Journal.FORMAT + 1, "soctinh 9.0").write(dir);
    List<Path> before = files();
    UnsupportedFormatException w = assertThrows(UnsupportedFormatException.class, () -> Journal.open(config(dir), null));
    UnsupportedFormatException r = assertThrows(UnsupportedFormatException.class, () -> Journal.openReadOnly(dir));
    for (UnsupportedFormatException e : List.of(w, r)) {
      assertEquals(FormatMarker.file(dir), e.path());
      assertEquals(Journal.FORMAT + 1, e.found());
      assertTrue(e.getMessage().contains(FormatMarker.file(dir).toString()) && e.getMessage().contains("journal of format " + (Journal.FORMAT + 1))
          && e.getMessage().contains("later release"), e.getMessage());
    }
    assertEquals(before, files(), "nothing written, no segment added, no offset file");
    assertEquals(Journal.FORMAT + 1, FormatMarker.read(dir).orElseThrow().format());
  }

  private List<Path> files() throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.sorted().toList();
    }
  }
}
