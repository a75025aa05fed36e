package vn.soctinh.collector.files;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of SOC Tỉnh this code belongs to, as format markers name their writer ("soctinh 0.2.0"). */
public final class Release {
  private static final String VERSION = load();

  private Release() {}

  public static String version() {
    return VERSION;
  }

  /** How a marker names its writer. */
  public static String writer() {
    return "soctinh " + VERSION;
  }

  private static String load() {
    Properties p = new Properties();
    try (InputStream in = Release.class.getResourceAsStream("/vn/soctinh/collector/release.properties")) {
      if (in != null) p.load(in);
    } catch (IOException e) {
      // unknown below
    }
    return p.getProperty("version", "unknown");
  }
}
