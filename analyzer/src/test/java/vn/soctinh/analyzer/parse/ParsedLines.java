package vn.soctinh.analyzer.parse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import vn.soctinh.analyzer.event.Event;

/**
 * Test helper for content parsers: parses lines through the whole {@link EventParser} path with
 * every shipped parser (as the pipeline does), and checks expected field values. Expectations are
 * written as {@code "field=value"} strings; a value {@code -} means the field must be absent, and
 * list fields are compared by their {@code toString()} ({@code [authentication]}).
 */
public final class ParsedLines {
  public static final Instant RECEIVED = Instant.parse("2026-11-23T05:00:00Z");
  private static final EventParser PARSER = new EventParser(ParseSettings.defaults(), StandardParsers.registry(), null, new ParseStats(),
      Clock.fixed(RECEIVED, ZoneOffset.UTC));

  private ParsedLines() {}

  public static Event parse(String line) {
    List<Event> out = new ArrayList<>();
    synchronized (PARSER) {
      PARSER.parse(RawRecord.ofInput(line.getBytes(UTF_8), RECEIVED, "test", "so-tttt"), out::add);
    }
    assertEquals(1, out.size());
    return out.get(0);
  }

  /** Parses the line and asserts every {@code field=value} expectation, reporting all differences at once. */
  public static Event assertFields(String line, String... expectations) {
    Event e = parse(line);
    List<String> wrong = new ArrayList<>();
    for (String x : expectations) {
      int eq = x.indexOf('=');
      String field = x.substring(0, eq);
      String want = x.substring(eq + 1);
      Object got = field.equals("tags") ? (e.tags().isEmpty() ? null : e.tags()) : e.get(field);
      String have = got == null ? "-" : got.toString();
      if (!want.equals(have)) wrong.add(field + ": expected <" + want + "> but was <" + have + ">");
    }
    if (!wrong.isEmpty()) {
      throw new AssertionError("for line: " + line + "\n  " + String.join("\n  ", wrong) + "\n  event: " + e);
    }
    return e;
  }

  /** The share of events with a specific event.action and without the _unparsed tag. */
  public static double actionCoverage(List<Event> events) {
    long ok = events.stream().filter(e -> e.has("event.action") && !e.hasTag(EventParser.UNPARSED)).count();
    return (double) ok / events.size();
  }
}
