package vn.soctinh.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The province's zone is written once ({@code DisplayZone.DEFAULT}); every other place is handed the
 * configured {@code timezone}. A zone written into a main source again (Java or the console's
 * JavaScript) would ignore the config there, so the main sources are scanned for one.
 */
class DisplayZoneSourcesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final List<String> MODULES = List.of("collector", "analyzer", "console", "app", "bench");
  private static final Path THE_ONE = ROOT.resolve("analyzer/src/main/java/vn/soctinh/analyzer/DisplayZone.java");

  /** Lines of main sources that write a fixed zone: ZoneId.of("Area/City") in Java, a timeZone literal or a fixed offset in JS. */
  static List<String> fixedZones() throws IOException {
    List<String> found = new ArrayList<>();
    for (String m : MODULES) {
      Path main = ROOT.resolve(m).resolve("src/main");
      if (!Files.isDirectory(main)) continue;
      try (Stream<Path> files = Files.walk(main)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".js")).sorted().toList()) {
          if (f.toString().contains("/vendor/")) continue;
          List<String> lines = Files.readAllLines(f);
          for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            boolean java = f.toString().endsWith(".java") && l.matches(".*ZoneId\\.of\\(\"[A-Za-z]+/[A-Za-z_]+\"\\).*");
            boolean js = f.toString().endsWith(".js") && (l.matches(".*timeZone:\\s*['\"][A-Za-z]+/.*") || l.contains("Asia/Ho_Chi_Minh")
                || l.contains(":00+07:00"));
            if (java || js) found.add(ROOT.relativize(f) + ":" + (i + 1) + ": " + l.strip());
          }
        }
      }
    }
    return found;
  }

  @Test
  void theDefaultZoneIsWrittenOnlyInDisplayZone() throws IOException {
    List<String> found = fixedZones();
    // the scan sees the one constant (so it can fail), and nothing else
    String hint = "a fixed zone in main sources: use the configured zone (SocTinhConfig.zone(), passed down) or DisplayZone.DEFAULT for a default: ";
    assertEquals(1, found.size(), hint + found);
    assertTrue(found.get(0).startsWith(ROOT.relativize(THE_ONE) + ":"), hint + found);
  }
}
