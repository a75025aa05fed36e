package vn.soctinh.analyzer.parse;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import vn.soctinh.analyzer.event.Event;

/**
 * Any text given directly to every shipped content parser (under one of its programs): never an
 * exception, and a recognised message always has an action. Byte 0 picks the parser, byte 1 the
 * program; the rest is the message (JSON-looking inputs reach the JSON parsers through LogLine).
 */
class ContentParsersFuzzTest {
  private static final List<ContentParser> PARSERS = StandardParsers.create();

  @FuzzTest(maxDuration = "60s")
  void everyParserEitherRecognisesWithAnActionOrDeclines(byte[] data) {
    if (data.length < 2) return;
    ContentParser p = PARSERS.get((data[0] & 0xff) % PARSERS.size());
    List<String> programs = List.copyOf(p.programs());
    String program = programs.isEmpty() ? null : programs.get((data[1] & 0xff) % programs.size());
    String text = new String(data, 2, data.length - 2, StandardCharsets.UTF_8);
    LogLine line = new LogLine(text, program, null, ZoneOffset.UTC, Instant.EPOCH);
    p.sniff(line);
    Event e = new Event();
    if (p.parse(line, e) instanceof ParseOutcome.Recognised) assertNotNull(e.get("event.action"), p.name() + ": " + text);
  }
}
