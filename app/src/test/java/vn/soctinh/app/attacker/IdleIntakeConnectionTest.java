package vn.soctinh.app.attacker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Socket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.app.SocTinh;
import vn.soctinh.app.TestConfigs;
import vn.soctinh.app.config.ConfigLoader;

/**
 * Issue #17, item 3: a connection to the intake that opens and sends nothing does not hold a slot
 * of listeners.http.max_connections for ever: after listeners.http.idle_timeout_secs the server
 * closes it (the read below sees the end of the stream; it would block without the timeout).
 */
class IdleIntakeConnectionTest {
  @TempDir Path tmp;

  @Test
  void aSilentConnectionIsClosedAfterTheIdleTimeout() throws Exception {
    String yaml = TestConfigs.loopbackYaml(tmp.resolve("data"), "")
        .replace("http: { listen: \"http://127.0.0.1:0\" }", "http: { listen: \"http://127.0.0.1:0\", idle_timeout_secs: 1 }");
    try (SocTinh app = SocTinh.start(ConfigLoader.loadString(yaml, "test.yml"));
        Socket silent = new Socket("127.0.0.1", app.address("http").getPort())) {
      silent.setSoTimeout(30_000);
      assertEquals(-1, silent.getInputStream().read(), "closed by the server, unasked");
    }
  }
}
