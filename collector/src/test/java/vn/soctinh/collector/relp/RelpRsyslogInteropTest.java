package vn.soctinh.collector.relp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.collector.journal.JournalRecord;

/**
 * rsyslog's omrelp (librelp) against our RELP server: plain TCP into a private rsyslogd, which
 * forwards over RELP to RelpSessionHandler. Skipped where rsyslogd or omrelp is not installed.
 */
class RelpRsyslogInteropTest {
  static final Path RSYSLOGD = Path.of("/usr/sbin/rsyslogd");
  static final Path OMRELP = Path.of("/usr/lib/x86_64-linux-gnu/rsyslog/omrelp.so");

  @Test
  void rsyslogOmrelpDeliversEveryMessage(@TempDir Path dir) throws Exception {
    vn.soctinh.collector.testing.RequiredTools.assume(Files.isExecutable(RSYSLOGD) && Files.exists(OMRELP), "rsyslogd with omrelp not installed");
    int n = 2000;
    ExecutorService journalThread = Executors.newSingleThreadExecutor();
    RecordingAppender appender = new RecordingAppender(journalThread);
    Process rsyslog = null;
    Path log = dir.resolve("rsyslogd.log");
    try (RelpTestServer server = new RelpTestServer(appender, 64 * 1024, 1 << 20)) {
      int tcpPort = freePort();
      Files.writeString(dir.resolve("rsyslog.conf"), ""
          + "global(workDirectory=\"" + dir + "\")\n"
          + "module(load=\"imtcp\")\n"
          + "module(load=\"omrelp\")\n"
          + "ruleset(name=\"fwd\") {\n"
          + "  action(type=\"omrelp\" target=\"127.0.0.1\" port=\"" + server.port() + "\" windowSize=\"64\""
          + " template=\"RSYSLOG_SyslogProtocol23Format\")\n"
          + "}\n"
          + "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" + tcpPort + "\" ruleset=\"fwd\")\n");
      rsyslog = new ProcessBuilder(RSYSLOGD.toString(), "-n", "-f", dir.resolve("rsyslog.conf").toString(),
          "-i", dir.resolve("rsyslogd.pid").toString())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      try (Socket s = connectWithRetry(tcpPort, rsyslog, log); OutputStream out = s.getOutputStream()) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
          sb.append("<134>Oct 11 22:14:15 host app: interop seq=").append(i).append(" end\n");
        }
        out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (appender.records().size() < n && System.nanoTime() < deadline && rsyslog.isAlive()) {
        Thread.sleep(20);
      }
      Set<Integer> seqs = new TreeSet<>();
      for (JournalRecord r : appender.records()) {
        String m = new String(r.payload(), StandardCharsets.US_ASCII);
        int at = m.indexOf("seq=");
        seqs.add(Integer.parseInt(m.substring(at + 4, m.indexOf(' ', at))));
      }
      assertEquals(n, seqs.size(), "distinct messages received; rsyslogd said:\n" + tail(log));
      assertEquals(n - 1, ((TreeSet<Integer>) seqs).last());
      assertEquals(0L, server.sessions.stream().mapToLong(RelpSessionHandler::errors).sum(), tail(log));
    } finally {
      if (rsyslog != null) {
        rsyslog.destroy();
        rsyslog.waitFor(10, TimeUnit.SECONDS);
        if (rsyslog.isAlive()) {
          rsyslog.destroyForcibly();
        }
      }
      journalThread.shutdownNow();
    }
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static Socket connectWithRetry(int port, Process p, Path log) throws Exception {
    for (int i = 0; i < 500; i++) {
      try {
        return new Socket("127.0.0.1", port);
      } catch (java.net.ConnectException e) {
        if (!p.isAlive()) {
          throw new IllegalStateException("rsyslogd exited: " + tail(log));
        }
        Thread.sleep(20);
      }
    }
    throw new IllegalStateException("rsyslogd never listened: " + tail(log));
  }

  static String tail(Path log) {
    try {
      String s = Files.readString(log);
      return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    } catch (java.io.IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
