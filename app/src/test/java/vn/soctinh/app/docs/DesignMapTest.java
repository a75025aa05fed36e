package vn.soctinh.app.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/design/map.md tells a newcomer which files to touch; a map that names a file that was moved
 * sends them nowhere. Every path it names in backquotes, and every class it names with a path, must
 * exist in the tree.
 */
class DesignMapTest {
  static final Path ROOT = Path.of("..");
  static final Pattern QUOTED = Pattern.compile("`([^`]+)`");

  /** The quoted words of the map that are paths in the repository (they contain a slash and no space). */
  static Set<String> paths(String markdown) {
    Set<String> out = new TreeSet<>();
    Matcher m = QUOTED.matcher(markdown);
    while (m.find()) {
      String w = m.group(1);
      if (w.contains("/") && !w.contains(" ") && !w.startsWith("/")) out.add(w);
    }
    return out;
  }

  @Test
  void everyPathTheMapNamesExists() throws Exception {
    String map = Files.readString(ROOT.resolve("docs/design/map.md"));
    Set<String> named = paths(map);
    assertTrue(named.size() >= 30, "the map names its files: " + named);
    List<String> missing = new ArrayList<>();
    for (String p : named) if (!Files.exists(ROOT.resolve(p))) missing.add(p);
    assertEquals(List.of(), missing, "docs/design/map.md names paths that are not in the tree");
  }

  @Test
  void theCheckSeesAMovedFile() {
    Set<String> named = paths("a parser: `analyzer/src/main/java/vn/soctinh/analyzer/parse/NoSuchParser.java` and `ContentParser`");
    assertEquals(Set.of("analyzer/src/main/java/vn/soctinh/analyzer/parse/NoSuchParser.java"), named);
    assertTrue(!Files.exists(ROOT.resolve(named.iterator().next())));
  }
}
