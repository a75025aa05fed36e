package vn.soctinh.app;

import java.nio.file.Path;
import vn.soctinh.app.config.ConfigLoader;
import vn.soctinh.app.config.SocTinhConfig;

/** Configurations for tests: every listener on 127.0.0.1 with a free port, data in a temp dir. */
public final class TestConfigs {
  private TestConfigs() {}

  public static String loopbackYaml(Path dataDir, String extra) {
    return "data_dir: " + dataDir + "\n"
        + "listeners:\n"
        + "  syslog_udp: { listen: \"udp://127.0.0.1:0\" }\n"
        + "  syslog_tcp: { listen: \"tcp://127.0.0.1:0\" }\n"
        + "  syslog_tls: { listen: \"tls://127.0.0.1:0\" }\n"
        + "  relp: { listen: \"tcp://127.0.0.1:0\" }\n"
        + "  http: { listen: \"http://127.0.0.1:0\" }\n"
        + "  netflow: { listen: \"udp://127.0.0.1:0\" }\n"
        + "  ipfix: { listen: \"udp://127.0.0.1:0\" }\n"
        + (extra.contains("console:") ? "" : "console: { listen: \"https://127.0.0.1:0\" }\n")
        // no daily deletion of a test's fixed-date data, no disk alert in its feed: tests of retention set their own
        + (extra.contains("retention:") ? "" : "retention: { enabled: false, disk_warn_percent: 99, disk_critical_percent: 100 }\n")
        + extra;
  }

  public static SocTinhConfig loopback(Path dataDir, String extra) throws Exception {
    return ConfigLoader.loadString(loopbackYaml(dataDir, extra), "test.yml");
  }
}
