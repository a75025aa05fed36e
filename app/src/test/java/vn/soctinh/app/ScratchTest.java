package vn.soctinh.app;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.collector.journal.Journal;
import vn.soctinh.collector.syslog.SyslogSender;

class ScratchTest {
  @TempDir Path tmp;

  @Test
  void scratch() throws Exception {
    Path data = tmp.resolve("data");
    SocTinh app = SocTinh.start(TestConfigs.loopback(data, ""));
    new SyslogSender(SyslogSender.Options.of(SyslogSender.Transport.TCP, "127.0.0.1", app.address("syslog_tcp").getPort()).withCount(20000)).run();
    System.err.println("SCRATCH before close next=" + app.journal().nextOffset() + " recv=" + app.registry().find("soctinh.received.messages").counter().count());
    app.close();
    System.err.println("SCRATCH after close recv=" + app.registry().find("soctinh.received.messages").counter().count());
    try (Journal j = Journal.openReadOnly(data.resolve("journal"))) {
      System.err.println("SCRATCH records=" + j.stats().records());
    }
  }
}
