package vn.soctinh.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A record with more than {@link #MAX_POSITIONAL} components is built by name ({@code @ByName}: a
 * generated builder and withers), never by a hand-written builder: positions that far apart are
 * easy to swap, and a builder written by hand is the same hundred lines again. The main sources are
 * scanned for record declarations.
 */
class WideRecordsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final List<String> MODULES = List.of("collector", "analyzer", "console", "app", "bench");
  static final int MAX_POSITIONAL = 8;
  private static final Pattern RECORD = Pattern.compile("\\brecord\\s+(\\w+)\\s*(?:<[^>]*>)?\\s*\\(");

  /** Record name → its component count and whether @ByName stands among the annotations before it. */
  record Declared(String where, int components, boolean byName) {}

  static TreeMap<String, Declared> records() throws IOException {
    TreeMap<String, Declared> out = new TreeMap<>();
    for (String m : MODULES) {
      Path main = ROOT.resolve(m).resolve("src/main/java");
      if (!Files.isDirectory(main)) continue;
      try (Stream<Path> files = Files.walk(main)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
          String s = Files.readString(f);
          Matcher r = RECORD.matcher(s);
          while (r.find()) {
            int n = components(s, r.end());
            // the annotations between the previous declaration's end and this one
            int from = Math.max(Math.max(s.lastIndexOf(';', r.start()), s.lastIndexOf('}', r.start())), s.lastIndexOf('{', r.start()));
            boolean byName = s.substring(Math.max(0, from), r.start()).contains("@ByName");
            out.put(f.getFileName().toString().replace(".java", "") + "." + r.group(1), new Declared(ROOT.relativize(f).toString(), n, byName));
          }
        }
      }
    }
    return out;
  }

  /** Top-level commas + 1 between the record's parentheses (generic arguments and annotations' parentheses nest). */
  static int components(String s, int from) {
    int depth = 0;
    int n = 0;
    boolean any = false;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(' || c == '<') depth++;
      else if (c == '>') depth--;
      else if (c == ')') {
        if (depth == 0) return any ? n + 1 : 0;
        depth--;
      } else if (c == ',' && depth == 0) n++;
      else if (!Character.isWhitespace(c)) any = true;
    }
    throw new IllegalStateException("unclosed record header at " + from);
  }

  @Test
  void everyWideRecordIsBuiltByName() throws IOException {
    TreeMap<String, Declared> all = records();
    List<String> positional = new ArrayList<>();
    all.forEach((name, d) -> {
      if (d.components() > MAX_POSITIONAL && !d.byName()) positional.add(name + " (" + d.components() + " components, " + d.where() + ")");
    });
    assertEquals(List.of(), positional, "wide records without @ByName");
    // the scan counts right: it sees the widest record and a nested one with their real sizes
    assertEquals(new Declared("app/src/main/java/vn/soctinh/app/config/SocTinhConfig.java", 26, true), all.get("SocTinhConfig.SocTinhConfig"));
    assertEquals(15, all.get("DrillScore.Row").components());
    assertTrue(all.get("DrillScore.Row").byName());
    assertTrue(all.size() > 100, "records found: " + all.size());
  }

  @Test
  void noRecordCarriesAHandWrittenBuilder() throws IOException {
    List<String> found = new ArrayList<>();
    for (Declared d : records().values()) {
      if (Files.readString(ROOT.resolve(d.where())).matches("(?s).*\\bclass Builder\\b.*")) found.add(d.where());
    }
    assertEquals(List.of(), found.stream().distinct().toList(), "a builder by hand beside a record: use @ByName");
  }

  @Test
  void theCounterSeesComponentsThroughGenericsAndAnnotations() {
    assertEquals(3, components("Map<String, List<String>> a, @Initializer(\"X\") int b, String c) {", 0));
    assertEquals(0, components(") {}", 0));
  }
}
