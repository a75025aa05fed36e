package vn.soctinh.console.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each API route is one line in its area's {@code mount()} naming a handler method, so a reader
 * finds a route's code by name: a route whose handler is a block of inline code fails here.
 */
class RouteHandlersTest {
  static final Pattern INLINE_BLOCK = Pattern.compile("api\\.add\\([^;{]*->\\s*\\{");

  static List<String> inlineBlocks(String source) {
    List<String> out = new ArrayList<>();
    Matcher m = INLINE_BLOCK.matcher(source);
    while (m.find()) out.add(m.group());
    return out;
  }

  @Test
  void everyRouteNamesItsHandler() throws Exception {
    Path dir = Path.of("src/main/java/vn/soctinh/console/api");
    List<String> found = new ArrayList<>();
    int routes = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String s = Files.readString(f);
        routes += s.split("api\\.add\\(", -1).length - 1;
        for (String b : inlineBlocks(s)) found.add(f.getFileName() + ": " + b);
      }
    }
    assertTrue(routes > 40, "the scan sees the routes: " + routes);
    assertEquals(List.of(), found, "routes with inline handler blocks: write them as named methods");
  }

  @Test
  void theScanSeesAnInlineBlock() {
    assertEquals(1, inlineBlocks("api.add(HttpMethod.POST, \"/x\", Access.WORK, (rc, p) -> {\n  return null;\n});").size());
    assertEquals(0, inlineBlocks("api.add(HttpMethod.POST, \"/x\", Access.WORK, this::x);").size());
  }
}
