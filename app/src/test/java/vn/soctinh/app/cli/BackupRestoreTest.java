package vn.soctinh.app.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.app.TestConfigs;
import vn.soctinh.app.backup.LastBackup;
import vn.soctinh.app.process.SocTinhProcess;
import vn.soctinh.collector.testing.Await;

/**
 * {@code soctinh backup} and {@code restore} end to end: a real server ({@code soctinh run} in its
 * own JVM) receives sshd lines over TCP that open an incident, the backup is taken while it keeps
 * receiving, and the restore into a fresh directory gives the same search results, the same
 * incident, an intact audit chain and the users; a server started on the restored data stores
 * what it receives next (the restored journal never reuses an offset the restored store holds).
 * A tampered backup and a non-empty or running target are refused.
 */
class BackupRestoreTest {
  @TempDir Path tmp;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BEFORE = 40;

  @Test
  void aBackupTakenWhileTheServerReceivesRestoresTheSameSearchesIncidentsAuditAndUsers() throws Exception {
    Path data = tmp.resolve("data");
    String extra = "analyzer: { commit_interval_ms: 200 }\ndetection: { commit_interval_ms: 200 }\n";
    Path cfg = Files.writeString(tmp.resolve("soctinh.yml"), TestConfigs.loopbackYaml(data, extra));
    assertEquals(0, withStdin("a long enough password\n", () -> CliTest.soctinh("users", "add", "lan", "--role", "analyst", "--password-stdin", "-c",
        cfg.toString())).code());

    Path backup = tmp.resolve("backup");
    AtomicInteger sentAfter = new AtomicInteger();
    try (SocTinhProcess server = SocTinhProcess.start(cfg, tmp.resolve("work"))) {
      try (Socket s = new Socket("127.0.0.1", server.port("syslog_tcp"))) {
        OutputStream out = s.getOutputStream();
        for (int i = 0; i < 12; i++) {
          out.write(("<38>Dec  3 10:00:" + (10 + i) + " portal-01 sshd[4242]: Failed password for root from 203.0.113.9 port " + (40000 + i)
              + " ssh2\n").getBytes(UTF_8));
        }
        for (int i = 0; i < BEFORE; i++) out.write(("<13>Dec  3 10:02:00 web-01 app: prebackup line " + i + "\n").getBytes(UTF_8));
        out.flush();
      }
      await(() -> total(cfg, "prebackup") == BEFORE, "the lines sent before the backup are searchable\n" + server.logs());
      await(() -> incidents(cfg).stream().anyMatch(i -> i.path("title").asText().equals("SSH brute force")),
          "the brute force opened an incident\n" + server.logs());

      // the backup, while another sender keeps the server receiving, storing and committing
      AtomicBoolean stop = new AtomicBoolean();
      Thread sender = new Thread(() -> {
        try (Socket s = new Socket("127.0.0.1", server.port("syslog_tcp"))) {
          OutputStream out = s.getOutputStream();
          while (!stop.get()) {
            out.write(("<13>Dec  3 10:03:00 web-02 app: postbackup line " + sentAfter.incrementAndGet() + "\n").getBytes(UTF_8));
            if (sentAfter.get() % 20 == 0) Thread.sleep(5);
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, "test-sender");
      sender.start();
      await(() -> total(cfg, "postbackup") > 0, "the second sender's lines are being stored");
      CliTest.Run b = CliTest.soctinh("backup", backup.toString(), "-c", cfg.toString());
      assertEquals(0, b.code(), b.out() + b.err());
      assertTrue(b.out().contains("backup written to " + backup), b.out());
      stop.set(true);
      sender.join(10_000);
      assertEquals(0, CliTest.soctinh("restore", "--check", backup.toString()).code());
      server.terminate(30);
    }
    assertTrue(sentAfter.get() > 0);
    LastBackup last = LastBackup.read(data).orElseThrow();
    assertEquals(backup.toString(), last.dir(), "the last backup is recorded for soctinh status");
    assertTrue(last.files() > 10, "files: " + last.files());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(backup.resolve("data/tls/server.key"))),
        "the key keeps its mode in the backup");
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)));

    // restore into a fresh directory
    Path restored = tmp.resolve("restored");
    Path rcfg = Files.writeString(tmp.resolve("restored.yml"), TestConfigs.loopbackYaml(restored, extra));
    CliTest.Run r = CliTest.soctinh("restore", backup.toString(), "-c", rcfg.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("restored "), r.out());
    assertTrue(r.out().contains("soctinh.yml"), "the configuration in the backup is listed, not written: " + r.out());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(restored.resolve("tls/server.key"))), "modes restored");

    assertEquals(events(cfg, "prebackup"), events(rcfg, "prebackup"), "the same search results for the lines sent before the backup");
    assertEquals(BEFORE, events(rcfg, "prebackup").size());
    assertEquals(12, events(rcfg, "source.ip:203.0.113.9").size());
    assertEquals(events(cfg, "source.ip:203.0.113.9"), events(rcfg, "source.ip:203.0.113.9"));
    assertTrue(total(rcfg, "postbackup") <= total(cfg, "postbackup"));
    List<JsonNode> before = incidents(cfg);
    List<JsonNode> after = incidents(rcfg);
    assertTrue(after.stream().anyMatch(i -> i.path("title").asText().equals("SSH brute force")), after.toString());
    // the same incidents, timelines and all (deadlines' status is computed from the clock, so left out)
    before.forEach(i -> ((com.fasterxml.jackson.databind.node.ObjectNode) i).remove("deadlines"));
    after.forEach(i -> ((com.fasterxml.jackson.databind.node.ObjectNode) i).remove("deadlines"));
    assertEquals(before, after);
    CliTest.Run audit = CliTest.soctinh("audit", "verify", "--json", "-c", rcfg.toString());
    assertEquals(0, audit.code(), audit.out());
    assertTrue(JSON.readTree(audit.out()).path("entries").asLong() >= 2, "incident entries and the restore: " + audit.out());
    String users = CliTest.soctinh("users", "list", "--json", "-c", rcfg.toString()).out();
    assertTrue(users.contains("\"name\":\"lan\""), users);

    // a server on the restored data goes on: what it receives next is stored, nothing before is lost
    try (SocTinhProcess again = SocTinhProcess.start(rcfg, tmp.resolve("work2"))) {
      try (Socket s = new Socket("127.0.0.1", again.port("syslog_tcp"))) {
        s.getOutputStream().write("<13>Dec  3 11:00:00 web-01 app: afterrestore line\n".getBytes(UTF_8));
        s.getOutputStream().flush();
      }
      await(() -> total(rcfg, "afterrestore") == 1, "a line received after the restore is stored\n" + again.logs());
      assertEquals(BEFORE, total(rcfg, "prebackup"));
      CliTest.Run busy = CliTest.soctinh("restore", backup.toString(), "--force", "-c", rcfg.toString());
      assertEquals(1, busy.code());
      assertTrue(busy.err().contains("is in use"), "never over a running server: " + busy.err());
      again.terminate(30);
    }

    // a non-empty target, then a tampered file
    CliTest.Run full = CliTest.soctinh("restore", backup.toString(), "-c", rcfg.toString());
    assertEquals(1, full.code());
    assertTrue(full.err().contains("not empty"), full.err());
    Path users2 = backup.resolve("data/console/users.json");
    Files.writeString(users2, Files.readString(users2).replace("analyst", "admin"));
    Path other = tmp.resolve("other");
    CliTest.Run bad = CliTest.soctinh("restore", backup.toString(), "--data-dir", other.toString(), "-c", rcfg.toString());
    assertEquals(1, bad.code());
    assertTrue(bad.err().contains("data/console/users.json"), "the damaged file is named: " + bad.err());
    assertFalse(Files.exists(other.resolve("console")), "nothing restored from a damaged backup");
  }

  private static int total(Path cfg, String query) {
    CliTest.Run r = CliTest.soctinh("search", query, "--limit", "0", "--json", "-c", cfg.toString());
    if (r.code() != 0) return -1;
    try {
      String[] lines = r.out().strip().split("\n");
      return JSON.readTree(lines[lines.length - 1]).path("summary").path("total").asInt();
    } catch (Exception e) {
      return -1;
    }
  }

  /** The stored events matching {@code query}, as NDJSON lines, in a stable order. */
  private static Set<String> events(Path cfg, String query) {
    CliTest.Run r = CliTest.soctinh("search", query, "--limit", "1000", "--json", "-c", cfg.toString());
    assertEquals(0, r.code(), r.err());
    Set<String> out = new TreeSet<>();
    for (String l : r.out().strip().split("\n")) if (!l.startsWith("{\"summary\"")) out.add(l);
    return out;
  }

  private static List<JsonNode> incidents(Path cfg) {
    CliTest.Run r = CliTest.soctinh("incidents", "list", "--json", "-c", cfg.toString());
    List<JsonNode> out = new ArrayList<>();
    if (r.code() != 0) return out;
    try {
      JsonNode n = JSON.readTree(r.out());
      if (n.isArray()) n.forEach(out::add);
      else for (String l : r.out().strip().split("\n")) if (!l.isBlank()) out.add(JSON.readTree(l));
    } catch (Exception e) {
      return List.of();
    }
    return out;
  }

  private static void await(BooleanSupplier condition, String what) {
    Await.until(Duration.ofSeconds(60), condition, what);
  }

  private static CliTest.Run withStdin(String input, java.util.function.Supplier<CliTest.Run> run) {
    InputStream old = System.in;
    System.setIn(new ByteArrayInputStream(input.getBytes(UTF_8)));
    try {
      return run.get();
    } finally {
      System.setIn(old);
    }
  }
}
