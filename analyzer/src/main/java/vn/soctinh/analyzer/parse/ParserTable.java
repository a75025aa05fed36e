package vn.soctinh.analyzer.parse;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;

/**
 * A parser's conformance table: log lines as senders write them, each followed by the fields its
 * event must have. The test suite runs every table in {@code analyzer/src/test/resources/parse-tables/}
 * and {@code soctinh parse --check TABLE} runs one, so adding a source means adding a table.
 *
 * <pre>
 * # a comment
 * &gt; &lt;38&gt;Nov 23 10:00:01 web-01 sshd[2101]: Accepted password for bob from 10.10.1.5 port 52344 ssh2
 *   parser = sshd
 *   event.action = ssh_login
 *   event.category = [authentication]
 *   user.email = -
 * </pre>
 *
 * A case starts with {@code "> "} and the whole line (syslog header included); expectations are
 * indented {@code field = value} lines: {@code -} means absent, lists compare as {@code [a, b]},
 * {@code parser} names the content parser that must recognise the line ({@code none}: none may).
 * Every line is parsed as received at {@link #RECEIVED} from agency {@link #AGENCY}, whose zone is the
 * default ({@code Asia/Ho_Chi_Minh}), so a stamp without an offset is read in that zone.
 */
public final class ParserTable {
  public static final Instant RECEIVED = Instant.parse("2026-11-23T05:00:00Z");
  public static final String AGENCY = "so-tttt";
  /** The pseudo-field naming the content parser that must recognise the line. */
  public static final String PARSER = "parser";

  /** One line and what its event must hold; {@code line} is the case's line number in the table. */
  public record Case(String source, int line, String input, Map<String, String> expected) {
    public String where() {
      return source + ":" + line;
    }
  }

  /** A difference between a case and what the parser made of it. */
  public record Mismatch(Case c, String field, String expected, String actual) {
    @Override
    public String toString() {
      return c.where() + ": " + field + ": expected <" + expected + "> but was <" + actual + ">";
    }
  }

  /** A table that cannot be read, naming the file and line. */
  public static final class TableException extends Exception {
    public TableException(String where, String message) {
      super(where + ": " + message);
    }
  }

  private ParserTable() {}

  /**
   * Reads a table's text; {@code source} names it in errors. A case that names no parser expects
   * {@code parser} (the table's own, from its file name; null: any).
   */
  public static List<Case> read(String source, String text, String parser) throws TableException {
    List<Case> cases = new ArrayList<>();
    String input = null;
    int at = 0;
    Map<String, String> expected = null;
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      if (l.isBlank() || l.stripLeading().startsWith("#")) continue;
      if (l.startsWith("> ")) {
        if (input != null) cases.add(finished(source, at, input, expected, parser));
        input = l.substring(2);
        at = i + 1;
        expected = new java.util.LinkedHashMap<>();
        continue;
      }
      if (!Character.isWhitespace(l.charAt(0))) {
        throw new TableException(source + ":" + (i + 1), "expected \"> line\" or an indented \"field = value\" but was: " + l);
      }
      if (input == null) throw new TableException(source + ":" + (i + 1), "an expectation before the first \"> line\"");
      int eq = l.indexOf(" = ");
      if (eq < 0) throw new TableException(source + ":" + (i + 1), "expected \"field = value\" but was: " + l.strip());
      String field = l.substring(0, eq).strip();
      if (field.isEmpty() || field.contains(" ")) throw new TableException(source + ":" + (i + 1), "not a field name: \"" + field + "\"");
      if (expected.putIfAbsent(field, l.substring(eq + 3)) != null) {
        throw new TableException(source + ":" + (i + 1), "field " + field + " expected twice for one line");
      }
    }
    if (input != null) cases.add(finished(source, at, input, expected, parser));
    return cases;
  }

  private static Case finished(String source, int line, String input, Map<String, String> expected, String parser) throws TableException {
    if (expected.isEmpty()) throw new TableException(source + ":" + line, "a line with no expected field");
    if (parser != null) expected.putIfAbsent(PARSER, parser);
    return new Case(source, line, input, Map.copyOf(expected));
  }

  /** The parser a table file is for: its name without {@code .table}, when that names a shipped parser. */
  public static String parserOf(String fileName) {
    String base = fileName.endsWith(".table") ? fileName.substring(0, fileName.length() - ".table".length()) : fileName;
    return StandardParsers.registry().names().contains(base) ? base : null;
  }

  /** Parses tables' lines the way the pipeline does, with every shipped parser, on a fixed clock. */
  public static final class Checker {
    private final ParserRegistry registry = StandardParsers.registry();
    private final Set<String> contentParsers = Set.copyOf(registry.names());
    private final ParseSettings settings;

    public Checker() {
      this(ParseSettings.defaults());
    }

    public Checker(ParseSettings settings) {
      this.settings = settings;
    }

    /** The event of one case's line, and which content parser recognised it ({@code none}). */
    public record Result(Event event, String parser) {}

    public Result parse(String input) {
      ParseStats stats = new ParseStats();
      EventParser p = new EventParser(settings, registry, null, stats, Clock.fixed(RECEIVED, ZoneOffset.UTC));
      List<Event> out = new ArrayList<>();
      p.parse(RawRecord.ofInput(input.getBytes(UTF_8), RECEIVED, "test", AGENCY), out::add);
      String by = "none";
      for (var e : stats.parsers().entrySet()) {
        if (contentParsers.contains(e.getKey()) && e.getValue().recognised() > 0) by = e.getKey();
      }
      return new Result(out.isEmpty() ? new Event() : out.get(0), by);
    }

    /** Every difference between the case and its event; empty when the case holds. */
    public List<Mismatch> check(Case c) {
      Result r = parse(c.input());
      List<Mismatch> wrong = new ArrayList<>();
      for (var x : c.expected().entrySet()) {
        String have = x.getKey().equals(PARSER) ? r.parser() : shown(r.event(), x.getKey());
        if (!x.getValue().equals(have)) wrong.add(new Mismatch(c, x.getKey(), x.getValue(), have));
      }
      return wrong;
    }

    static String shown(Event e, String field) {
      Object got = field.equals("tags") ? (e.tags().isEmpty() ? null : e.tags()) : e.get(field);
      return got == null ? "-" : got.toString();
    }
  }
}
