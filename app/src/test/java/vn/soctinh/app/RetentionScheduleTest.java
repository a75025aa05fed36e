package vn.soctinh.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.audit.AuditLog;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.SearchRequest;
import vn.soctinh.analyzer.store.lucene.LuceneEventStore;
import vn.soctinh.analyzer.retention.RetentionJob;

/**
 * The daily pass in the running server: with {@code run_at} already passed today and a check every
 * second, the server deletes what is past retention by itself, audits it as the scheduled job, makes
 * the deletion durable through its pipeline (it is gone after a restart), and records the day so a
 * restart does not run it again. The console's plan and the disk metric come from the same wiring.
 */
@Timeout(90)
class RetentionScheduleTest {
  @TempDir Path tmp;

  private static Event event(String id, Instant at) {
    return new Event().put("@timestamp", at).put("event.id", id).put("organization.id", "so-x").put("message", "m " + id);
  }

  @Test
  void theServerRunsTheDailyPassByItselfAndOnlyOnceADay() throws Exception {
    Path data = tmp.resolve("data");
    Instant now = Instant.now();
    try (LuceneEventStore s = LuceneEventStore.open(data.resolve("store"))) {
      s.index(DocKind.EVENTS, List.of(event("old", now.minus(Duration.ofDays(200))), event("recent", now.minus(Duration.ofDays(3)))));
      s.commit("0");
    }
    String yaml = TestConfigs.loopbackYaml(data, "retention:\n  run_at: \"00:00\"\n  check_secs: 1\n  disk_check_secs: 1\n");
    AuditLog audit = new AuditLog(data.resolve("audit"), Clock.systemUTC());
    try (SocTinh app = SocTinh.start(vn.soctinh.app.config.ConfigLoader.loadString(yaml, "test.yml"))) {
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (System.nanoTime() < deadline && audit.tail(100).stream().noneMatch(e -> e.action().equals("retention.run"))) Thread.sleep(50);
      List<AuditLog.Entry> entries = audit.tail(100);
      List<AuditLog.Entry> deletions = entries.stream().filter(e -> e.action().equals("retention.delete")).toList();
      assertEquals(1, deletions.size(), entries.toString());
      assertEquals(RetentionJob.WHO, deletions.get(0).who());
      assertEquals("agency:so-x", deletions.get(0).target());
      assertTrue(deletions.get(0).detail().contains("events older than") && deletions.get(0).detail().endsWith(": 1 deleted"), deletions.get(0).detail());
      assertTrue(Files.readString(data.resolve("retention/last-run.json")).contains("\"date\""));
      JsonObject plan = vn.soctinh.console.ConsoleBackend.Retention.of(app.retention().job()).plan();
      assertEquals(0, plan.getLong("total"), "nothing left: " + plan);
      assertTrue(plan.getJsonArray("rows").stream().anyMatch(r -> "so-x".equals(((JsonObject) r).getString("agency"))) == false,
          "so-x has no old documents any more, and is not in the directory: no row: " + plan);
      assertEquals(2, plan.getJsonObject("journal").getJsonObject("consumers").size(), "the journal's consumers are in the view: " + plan);
      assertEquals(null, app.retention().job().check(), "today's pass is done: another check runs nothing");
      assertTrue(app.registry().scrape().contains("soctinh_disk_used_ratio"), "the disk metric is served");
    }
    assertTrue(audit.verify().ok());
    try (LuceneEventStore after = LuceneEventStore.openReadOnly(data.resolve("store"))) {
      Set<String> ids = new TreeSet<>();
      for (Event e : after.search(SearchRequest.of(DocKind.EVENTS, "", 10)).hits()) ids.add(e.getString("event.id"));
      assertEquals(Set.of("recent"), ids, "the deletion was committed by the server's pipeline");
    }
    // a restart the same day finds the pass done
    try (SocTinh app = SocTinh.start(vn.soctinh.app.config.ConfigLoader.loadString(yaml, "test.yml"))) {
      assertEquals(false, app.retention().job().due(Instant.now()));
    }
    assertEquals(1, audit.tail(100).stream().filter(e -> e.action().equals("retention.run")).count());
  }
}
