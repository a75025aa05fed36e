package vn.soctinh.analyzer.store.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.store.FieldType;
import vn.soctinh.collector.testing.TestSeed;

/**
 * How long {@code soctinh store reindex} takes (opt-in: {@code -Dsoctinh.slow=true}): one day of
 * {@code -Dreindex.events} synthetic sshd and firewall events (default 1,000,000, about 20 fields
 * each, in arrival order) written as an earlier release did, then rewritten; the rate is printed for
 * docs/operator-guide.md. {@code -Dreindex.threads} sets the indexing threads (default: half the
 * cores, as {@link LuceneReindex#run(Path, LuceneReindex.Progress)}). It asserts only that every document arrived.
 */
@EnabledIfSystemProperty(named = "soctinh.slow", matches = "true")
@ExtendWith(TestSeed.class)
class LuceneReindexThroughputTest {
  @TempDir Path dir;

  @Test
  void aMillionLegacyEventsAreRewritten() throws Exception {
    int n = Integer.getInteger("reindex.events", 1_000_000);
    int threads = Integer.getInteger("reindex.threads", Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    Path root = dir.resolve("store");
    String day = "events-2026.11.22";
    long t0 = System.nanoTime();
    IndexWriterConfig legacy = LucenePartition.writerConfig(LucenePartition.Tuning.defaults(), false);
    try (var d = FSDirectory.open(root.resolve(day)); var w = new IndexWriter(d, legacy)) {
      Random rnd = TestSeed.random();
      Instant start = Instant.parse("2026-11-22T00:00:00Z");
      for (int i = 0; i < n; i++) {
        Event e = event(i, start.plusMillis((long) i * 86_400_000L / n), rnd);
        w.addDocument(LuceneDocuments.toDocument(e.getString("event.id"), e, 1, FieldType.Mapping.ecs()));
      }
      w.setLiveCommitData(java.util.Map.of("checkpoint", Integer.toString(n)).entrySet());
      w.commit();
    }
    System.out.printf("legacy partition of %,d events written in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);

    // CPU of the whole process as well as the wall clock: on a shared machine it varies far less
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    LuceneReindex.Summary s = LuceneReindex.run(root, LuceneReindex.Progress.none(), threads);
    double cpuMicros = (os.getProcessCpuTime() - cpu0) / 1e3 / s.documents();
    double secs = s.took().toNanos() / 1e9;
    System.out.printf("reindex of %,d events with %d threads on %d cores: %.1f s, %.0f events/s (%.1f min per million), %.1f µs of CPU per event,"
        + " %.1f MB -> %.1f MB%n", s.documents(), threads, Runtime.getRuntime().availableProcessors(), secs, s.documents() / secs,
        secs * 1e6 / s.documents() / 60, cpuMicros, s.bytesBefore() / 1e6, s.bytesAfter() / 1e6);
    assertEquals(n, s.documents());
    try (var d = FSDirectory.open(root.resolve(day)); var r = DirectoryReader.open(d)) {
      assertEquals(n, r.numDocs());
      assertEquals(Integer.toString(LucenePartition.FORMAT), r.getIndexCommit().getUserData().get(LucenePartition.FORMAT_KEY));
    }
  }

  private static final List<String> USERS = List.of("root", "admin", "oracle", "nguyenvana", "tranthib", "ubuntu", "test", "git");
  private static final List<String> HOSTS = List.of("web-stc", "mail-ubnd", "dvc-portal", "db-sotttt", "fw-core");

  /** Shaped like what the parsers make of sshd and firewall lines. */
  private static Event event(int i, Instant at, Random rnd) {
    String src = "203.0." + rnd.nextInt(256) + "." + rnd.nextInt(256);
    String user = USERS.get(rnd.nextInt(USERS.size()));
    String host = HOSTS.get(rnd.nextInt(HOSTS.size()));
    int port = 1024 + rnd.nextInt(60_000);
    boolean ssh = rnd.nextInt(3) > 0;
    String message = ssh ? "Failed password for " + user + " from " + src + " port " + port + " ssh2"
        : "Deny tcp src outside:" + src + "/" + port + " dst inside:10.1." + rnd.nextInt(256) + ".5/443 by access-group \"outside_in\"";
    Event e = new Event(24)
        .put("@timestamp", at)
        .put("event.id", Integer.toString(i))
        .put("event.ingested", at.plusMillis(rnd.nextInt(500)))
        .put("event.kind", "event")
        .put("event.category", ssh ? List.of("authentication") : List.of("network"))
        .put("event.action", ssh ? "ssh_login_failed" : "connection_denied")
        .put("event.outcome", "failure")
        .put("event.original", "<38>Nov 22 10:00:00 " + host + (ssh ? " sshd[" + (1000 + rnd.nextInt(30000)) + "]: " : " %ASA-4-106023: ") + message)
        .put("message", message)
        .put("host.name", host)
        .put("process.name", ssh ? "sshd" : "asa")
        .put("source.ip", src)
        .put("source.port", (long) port)
        .put("destination.port", ssh ? 22L : 443L)
        .put("organization.id", "agency-" + (i % 12))
        .put("log.offset", (long) i)
        .put("log.syslog.facility.code", 4L)
        .put("log.syslog.severity.code", 6L);
    if (ssh) e.put("user.name", user);
    return e;
  }
}
