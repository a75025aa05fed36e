package vn.soctinh.analyzer.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hash chain on disk: intact, then edited, removed, reordered; and two writers at once. */
class AuditLogTest {
  @TempDir Path dir;

  private AuditLog fiveEntries() throws Exception {
    AuditLog log = new AuditLog(dir, Clock.systemUTC());
    for (int i = 1; i <= 5; i++) log.append("analyst-" + i, "incident.state", "INC-2026-00000" + i, "received -> verifying");
    return log;
  }

  private List<String> lines() throws Exception {
    return new ArrayList<>(Files.readAllLines(dir.resolve("audit.log"), StandardCharsets.UTF_8));
  }

  private void write(List<String> lines) throws Exception {
    Files.writeString(dir.resolve("audit.log"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  @Test
  void anIntactChainVerifies() throws Exception {
    AuditLog log = fiveEntries();
    AuditLog.Verification v = log.verify();
    assertTrue(v.ok(), v.problem());
    assertEquals(5, v.entries());
    assertEquals(64, v.headHash().length());
    assertEquals("analyst-5", log.tail(1).get(0).who());
    assertEquals(List.of(4L, 5L), log.tail(2).stream().map(AuditLog.Entry::seq).toList());
  }

  @Test
  void anEditedEntryIsFoundAtItsLink() throws Exception {
    AuditLog log = fiveEntries();
    List<String> l = lines();
    l.set(2, l.get(2).replace("analyst-3", "analyst-9")); // line 3 now says someone else did it
    write(l);
    AuditLog.Verification v = log.verify();
    assertFalse(v.ok());
    assertEquals(4L, v.brokenAtLine());
    assertTrue(v.problem().contains("line 4 does not follow line 3"), v.problem());
  }

  @Test
  void theLastEntryRemovedOrEditedIsFoundByTheHead() throws Exception {
    AuditLog log = fiveEntries();
    List<String> l = lines();
    l.remove(4);
    write(l);
    assertTrue(log.verify().problem().contains("audit.head"), log.verify().problem());
    l.add(lines().size(), "{\"seq\":5,\"forged\":true}");
    write(l);
    assertFalse(log.verify().ok(), "a forged last line");
  }

  /** Issue #17, item 10: what a crash in the middle of an append leaves is put right, not reported as tampering for ever. */
  @Test
  void aCrashInTheMiddleOfAnAppendIsNotTampering() throws Exception {
    AuditLog log = fiveEntries();
    Path file = dir.resolve("audit.log");
    // the line half written when the power went (never acknowledged)
    Files.write(file, "{\"seq\":6,\"at\":\"2026-12-".getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);
    AuditLog.Verification torn = log.verify();
    assertTrue(torn.ok(), torn.problem());
    assertEquals(5, torn.entries());
    log.append("analyst-6", "incident.state", "INC-2026-000006", "after the crash");
    assertEquals(6, log.verify().entries());

    // the line written and synced, the head not yet moved
    String headBefore = Files.readString(dir.resolve("audit.head"));
    log.append("analyst-7", "incident.state", "INC-2026-000007", "just before the crash");
    Files.writeString(dir.resolve("audit.head"), headBefore);
    AuditLog.Verification lagging = log.verify();
    assertTrue(lagging.ok(), lagging.problem());
    assertEquals(7, lagging.entries(), "the synced line is kept");

    // but a last line cut short that the head already covers is an edit, and is reported
    byte[] all = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(all, all.length - 20));
    assertFalse(log.verify().ok(), "cut after it was recorded: not a crash");
  }

  @Test
  void reorderedEntriesBreakTheChain() throws Exception {
    AuditLog log = fiveEntries();
    List<String> l = lines();
    String two = l.get(1);
    l.set(1, l.get(2));
    l.set(2, two);
    write(l);
    AuditLog.Verification v = log.verify();
    assertFalse(v.ok());
    assertEquals(2L, v.brokenAtLine());
  }

  @Test
  void twoWritersAtOnceMakeOneChain() throws Exception {
    AuditLog a = new AuditLog(dir, Clock.systemUTC());
    AuditLog b = new AuditLog(dir, Clock.systemUTC()); // as the server and a CLI command: separate objects, one file lock
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (AuditLog log : List.of(a, b)) {
        fs.add(pool.submit(() -> {
          for (int i = 0; i < 40; i++) log.append("w", "x", "t", "n" + i);
          return null;
        }));
      }
      for (Future<?> f : fs) f.get();
    } finally {
      pool.shutdownNow();
    }
    AuditLog.Verification v = a.verify();
    assertTrue(v.ok(), v.problem());
    assertEquals(80, v.entries());
  }
}
