package vn.soctinh.analyzer.parse.linux;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;

/**
 * Any text given to each Linux parser directly (under each of its programs): never an exception,
 * and a recognised message always has an action. Byte 0 picks the parser, byte 1 the program.
 */
class LinuxParsersFuzzTest {
  private static final List<ContentParser> PARSERS = List.of(new SshdParser(), new SudoParser(), new SuParser(), new UserAccountParser(),
      new CronParser(), new FtpdParser(), new ServiceMessagesParser(), new PamParser(), new SambaParser());

  @FuzzTest(maxDuration = "60s")
  void anyTextIsParsedOrDeclinedWithoutException(byte[] data) {
    if (data.length < 2) return;
    ContentParser p = PARSERS.get((data[0] & 0xff) % PARSERS.size());
    List<String> programs = List.copyOf(p.programs().isEmpty() ? java.util.Set.of("x") : p.programs());
    String program = (data[1] & 1) == 0 ? programs.get((data[1] & 0xff) % programs.size()) : programs.get(0) + "(pam_unix)";
    String text = new String(data, 2, data.length - 2, StandardCharsets.UTF_8);
    Event e = new Event();
    ParseOutcome o = p.parse(new LogLine(text, program, null, ZoneOffset.UTC, Instant.EPOCH), e);
    if (o instanceof ParseOutcome.Recognised) assertNotNull(e.get("event.action"), p.name() + " recognised without an action: " + text);
    p.sniff(new LogLine(text, null, null, ZoneOffset.UTC, Instant.EPOCH));
  }
}
