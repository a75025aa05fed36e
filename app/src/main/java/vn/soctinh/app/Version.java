package vn.soctinh.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** This release's version, as Maven wrote it into the jar ({@code version.properties}). */
public final class Version {
  private static final String CURRENT = read();

  private Version() {}

  public static String current() {
    return CURRENT;
  }

  private static String read() {
    Properties p = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("/vn/soctinh/app/version.properties")) {
      if (in != null) p.load(in);
    } catch (IOException e) {
      // a jar without it still runs; "unknown" says so
    }
    return p.getProperty("version", "unknown");
  }
}
