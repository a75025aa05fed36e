package vn.soctinh.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import vn.soctinh.console.web.IndexPage;

/** The page's one inline script is exactly what the CSP hash allows, and every module is preloaded. */
class IndexPageTest {
  @Test
  void theImportMapHashInTheCspIsTheImportMapsAndEveryModuleIsPreloaded() throws Exception {
    IndexPage p = new IndexPage();
    Matcher m = Pattern.compile("<script type=\"importmap\">([^<]*)</script>").matcher(p.html());
    assertTrue(m.find());
    String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(m.group(1).getBytes(StandardCharsets.UTF_8)));
    assertTrue(p.csp().contains("'sha256-" + hash + "'"), p.csp());
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/web/app"))) {
      for (Path f : files.filter(x -> x.toString().endsWith(".js")).toList()) {
        assertTrue(p.html().contains("<link rel=\"modulepreload\" href=\"/app/" + f.getFileName() + "\">"), f.getFileName() + " is preloaded");
      }
    }
    assertEquals(1, p.html().split("<script type=\"importmap\">").length - 1);
  }
}
