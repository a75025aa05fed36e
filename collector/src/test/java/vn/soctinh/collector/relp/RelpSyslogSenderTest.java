package vn.soctinh.collector.relp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import vn.soctinh.collector.syslog.SyslogSender;
import vn.soctinh.collector.syslog.SyslogSender.Options;
import vn.soctinh.collector.syslog.SyslogSender.Result;

/** {@code soctinh send --relp}: SyslogSender over RELP into RelpSessionHandler. */
class RelpSyslogSenderTest {

  @Test
  void relpSendIsFullyAcknowledgedAndEveryMessageArrives() throws Exception {
    ExecutorService journalThread = Executors.newSingleThreadExecutor();
    RecordingAppender appender = new RecordingAppender(journalThread);
    try (RelpTestServer server = new RelpTestServer(appender, 64 * 1024, 64 * 1024)) {
      Result r = new SyslogSender(Options.of(SyslogSender.Transport.RELP, "127.0.0.1", server.port())
          .withCount(2000).withRelpWindow(32).withTemplate("<13>1 - - t - - - seq={seq}")).run();
      assertEquals(2000, r.sent());
      assertEquals(2000, r.acked());
      assertEquals(0, r.errors());
      assertNull(r.error());
      List<String> got = appender.records().stream().map(x -> new String(x.payload(), StandardCharsets.US_ASCII)).toList();
      assertEquals(2000, got.size());
      for (int i = 0; i < got.size(); i++) {
        assertEquals(String.format("<13>1 - - t - - - seq=%010d", i), got.get(i));
      }
    } finally {
      journalThread.shutdownNow();
    }
  }
}
