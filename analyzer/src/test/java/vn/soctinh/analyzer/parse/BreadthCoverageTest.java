package vn.soctinh.analyzer.parse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue #18, breadth: lines of the kinds a province's agencies send (mail, DNS, FTP, Samba, network
 * gear, IDS, WAF, MAC, system services), written in the shapes other log analysers' test suites use,
 * in {@code src/test/resources/breadth/}. At least 90 % of each file's lines get a content parser;
 * the ones that do not are printed. {@code soctinh parse --stats FILE} shows the same per parser.
 */
class BreadthCoverageTest {
  static final double MIN_SHARE = 0.90;

  @Test
  void atLeastNinetyPercentOfEachSamplesLinesGetAContentParser() throws Exception {
    Path dir = Path.of(BreadthCoverageTest.class.getResource("/breadth").toURI());
    ParserTable.Checker checker = new ParserTable.Checker();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".log")).sorted().toList();
    }
    assertTrue(!files.isEmpty(), "samples in " + dir);
    List<String> short_ = new ArrayList<>();
    for (Path f : files) {
      List<String> lines = Files.readAllLines(f, UTF_8).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
      List<String> missed = new ArrayList<>();
      for (String l : lines) {
        if (checker.parse(l).parser().equals("none")) missed.add(l);
      }
      double share = 1.0 - (double) missed.size() / lines.size();
      System.out.printf("breadth %s: %d of %d lines with a content parser (%.1f %%)%n", f.getFileName(), lines.size() - missed.size(),
          lines.size(), 100 * share);
      missed.forEach(l -> System.out.println("  no parser: " + l));
      if (share < MIN_SHARE) short_.add(f.getFileName() + " " + String.format("%.1f %%", 100 * share));
    }
    assertTrue(short_.isEmpty(), "under " + (int) (MIN_SHARE * 100) + " %: " + short_);
  }
}
