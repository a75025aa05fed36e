package vn.soctinh.analyzer.parse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every conformance table in {@code src/test/resources/parse-tables/} (issue #18, point 5): one
 * table per content parser, named after it, each line with the fields its event must hold. Adding a
 * source is adding a parser and its table; a parser without one fails here.
 */
class ParserTablesTest {
  /** Fewest cases a parser's table may have: one line is no specification. */
  static final int MIN_CASES = 3;

  static Path dir() throws Exception {
    return Path.of(ParserTablesTest.class.getResource("/parse-tables").toURI());
  }

  static Map<String, List<ParserTable.Case>> tables() throws Exception {
    Map<String, List<ParserTable.Case>> all = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir())) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".table")).sorted()::iterator) {
        String name = f.getFileName().toString();
        all.put(name, ParserTable.read("parse-tables/" + name, Files.readString(f, UTF_8), ParserTable.parserOf(name)));
      }
    }
    return all;
  }

  @TestFactory
  Stream<DynamicTest> everyLineOfEveryTableGivesItsFields() throws Exception {
    ParserTable.Checker checker = new ParserTable.Checker();
    List<DynamicTest> tests = new ArrayList<>();
    for (var t : tables().entrySet()) {
      for (ParserTable.Case c : t.getValue()) {
        tests.add(DynamicTest.dynamicTest(c.where(), () -> {
          List<ParserTable.Mismatch> wrong = checker.check(c);
          if (!wrong.isEmpty()) {
            throw new AssertionError(c.input() + "\n  " + String.join("\n  ", wrong.stream().map(Object::toString).toList())
                + "\n  event: " + checker.parse(c.input()).event());
          }
        }));
      }
    }
    return tests.stream();
  }

  @Test
  void everyShippedParserHasATableOfItsOwn() throws Exception {
    Map<String, List<ParserTable.Case>> tables = tables();
    List<String> missing = new ArrayList<>();
    for (String parser : StandardParsers.registry().names()) {
      List<ParserTable.Case> cases = tables.get(parser + ".table");
      if (cases == null || cases.size() < MIN_CASES) missing.add(parser + " (" + (cases == null ? 0 : cases.size()) + " cases)");
    }
    assertTrue(missing.isEmpty(), "parsers without a table of at least " + MIN_CASES + " lines: " + missing);
  }

  @Test
  void aTableOfNoParserNamesEveryLinesParser() throws Exception {
    for (var t : tables().entrySet()) {
      if (ParserTable.parserOf(t.getKey()) != null) continue;
      for (ParserTable.Case c : t.getValue()) {
        assertTrue(c.expected().containsKey(ParserTable.PARSER), c.where() + ": a table not named after a parser says each line's");
      }
    }
  }

  @Test
  void aCaseIsCheckedFieldByFieldAndAWrongValueIsReported() throws Exception {
    List<ParserTable.Case> cs = ParserTable.read("t", """
        # sshd, with one right and one wrong value
        > <38>Nov 23 10:00:01 web-01 sshd[2101]: Accepted password for bob from 10.10.1.5 port 52344 ssh2
          event.action = ssh_login
          user.name = alice
          user.email = -
        """, "sshd");
    assertEquals(1, cs.size());
    assertEquals(2, cs.get(0).line());
    List<ParserTable.Mismatch> wrong = new ParserTable.Checker().check(cs.get(0));
    assertEquals(List.of("t:2: user.name: expected <alice> but was <bob>"), wrong.stream().map(Object::toString).toList());
  }

  @Test
  void aLineThatAnotherParserTakesIsReported() throws Exception {
    ParserTable.Case c = ParserTable.read("t", "> <38>Nov 23 10:00:01 h sudo: bob : TTY=pts/0 ; PWD=/ ; USER=root ; COMMAND=/bin/ls\n"
        + "  user.name = bob\n", "sshd").get(0);
    assertEquals(List.of("t:1: parser: expected <sshd> but was <sudo>"),
        new ParserTable.Checker().check(c).stream().map(Object::toString).toList());
  }

  @Test
  void aBadTableNamesItsFileAndLine() {
    assertEquals("t:2: expected \"field = value\" but was: event.action:ssh_login",
        assertThrows(ParserTable.TableException.class, () -> ParserTable.read("t", "> x\n  event.action:ssh_login\n", null)).getMessage());
    assertEquals("t:1: an expectation before the first \"> line\"",
        assertThrows(ParserTable.TableException.class, () -> ParserTable.read("t", "  a = b\n", null)).getMessage());
    assertEquals("t:1: a line with no expected field",
        assertThrows(ParserTable.TableException.class, () -> ParserTable.read("t", "> x\n> y\n  a = b\n", null)).getMessage());
    assertEquals("t:3: field a expected twice for one line",
        assertThrows(ParserTable.TableException.class, () -> ParserTable.read("t", "> x\n  a = b\n  a = c\n", null)).getMessage());
    assertEquals("t:1: expected \"> line\" or an indented \"field = value\" but was: x",
        assertThrows(ParserTable.TableException.class, () -> ParserTable.read("t", "x\n", null)).getMessage());
  }
}
