package vn.soctinh.analyzer.parse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import vn.soctinh.analyzer.decode.MessageFormat;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.collector.journal.RecordFlags;

class EventParserTest {
  private static final Instant NOW = Instant.parse("2026-11-23T05:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW.plusMillis(7), ZoneOffset.UTC);

  /** A parser for program "demo": recognises lines starting with "ok", and sniffs lines starting with "sniff". */
  static final class DemoParser implements ContentParser {
    @Override
    public String name() {
      return "demo";
    }

    @Override
    public Set<String> programs() {
      return Set.of("demo");
    }

    @Override
    public boolean sniff(LogLine line) {
      return line.message().startsWith("sniff");
    }

    @Override
    public ParseOutcome parse(LogLine line, Event e) {
      if (!line.message().startsWith("ok") && !line.message().startsWith("sniff")) return ParseOutcome.unrecognised("expected ok");
      e.put("event.action", "demo_" + line.message().split(" ")[0]);
      e.put("event.dataset", "demo.log");
      return ParseOutcome.RECOGNISED;
    }
  }

  private final ParseStats stats = new ParseStats();

  private EventParser parser(ParseSettings settings) {
    return new EventParser(settings, new ParserRegistry(List.of(new DemoParser())), null, stats, CLOCK);
  }

  private Event parse(String line) {
    return parse(ParseSettings.defaults(), raw(line, "so-tttt"));
  }

  private Event parse(ParseSettings settings, RawRecord r) {
    List<Event> out = new ArrayList<>();
    parser(settings).parse(r, out::add);
    assertEquals(1, out.size(), "one record, one event");
    return out.get(0);
  }

  private static RawRecord raw(String line, String agency) {
    return RawRecordBuilder.builder().offset(42).payload(line.getBytes(UTF_8)).receivedAt(NOW).transport("tcp").listener("syslog_tcp")
        .peer(new InetSocketAddress("10.1.2.3", 40000)).agency(agency).build();
  }

  @Test
  void theCollectorsFactsAreOnEveryEvent() {
    Event e = parse("<13>Nov 23 10:00:00 host demo[9]: ok fine");
    assertEquals("<13>Nov 23 10:00:00 host demo[9]: ok fine", e.get("event.original"));
    assertEquals(NOW, e.get("event.created"));
    assertEquals(NOW.plusMillis(7), e.get("event.ingested"));
    assertEquals("so-tttt", e.get("organization.id"));
    assertEquals("syslog_tcp", e.get("labels.listener"));
    assertFalse(e.has("observer.ingress.interface.name"), "observer.* describes the device that logged, not our listener");
    assertEquals("tcp", e.get("labels.transport"));
    assertEquals("10.1.2.3:40000", e.get("log.source.address"));
    assertEquals("event", e.get("event.kind"));
  }

  @Test
  void syslogHeaderIsMappedToEcs() {
    Event e = parse("<13>Nov 23 10:00:00 host demo[9]: ok fine");
    assertEquals(Instant.parse("2026-11-23T03:00:00Z"), e.get("@timestamp"));
    assertEquals(13L, e.get("log.syslog.priority"));
    assertEquals(1L, e.get("log.syslog.facility.code"));
    assertEquals("user", e.get("log.syslog.facility.name"));
    assertEquals(5L, e.get("log.syslog.severity.code"));
    assertEquals("Notice", e.get("log.syslog.severity.name"));
    assertEquals("host", e.get("host.hostname"));
    assertEquals("demo", e.get("process.name"));
    assertEquals(9L, e.get("process.pid"));
    assertEquals("9", e.get("log.syslog.procid"));
    assertEquals("ok fine", e.get("message"));
    assertEquals("demo_ok", e.get("event.action"));
    assertFalse(e.hasTag(EventParser.UNPARSED));
  }

  @Test
  void rfc5424IsDetectedAndItsStructuredDataKept() {
    Event e = parse("<165>1 2003-10-11T22:14:15.003Z mymachine evntslog 77 ID47 [x@1 a=\"b\"] ok then");
    assertEquals(Instant.parse("2003-10-11T22:14:15.003Z"), e.get("@timestamp"));
    assertEquals("1", e.get("log.syslog.version"));
    assertEquals("ID47", e.get("log.syslog.msgid"));
    assertEquals(Map.of("x@1", Map.of("a", "b")), e.get("log.syslog.structured_data"));
    assertEquals(77L, e.get("process.pid"));
  }

  @Test
  void nonNumericProcidIsNotAPid() {
    Event e = parse("<13>1 - h demo worker-3 - - ok");
    assertEquals("worker-3", e.get("log.syslog.procid"));
    assertNull(e.get("process.pid"));
  }

  @Test
  void anInvalidRfc5424MessageIsKeptWithThePreciseErrorAndThePartialFields() {
    Event e = parse("<13>1 2003-10-11T22:14:15Z host demo - - [unclosed");
    assertTrue(e.hasTag(EventParser.UNPARSED));
    assertEquals("RFC 5424: column 51: SD-ELEMENT unclosed is not closed with ']'", e.get("error.message"));
    assertEquals("host", e.get("host.hostname"));
    assertEquals("demo", e.get("process.name"));
    assertEquals("[unclosed", e.get("message"));
    assertEquals("<13>1 2003-10-11T22:14:15Z host demo - - [unclosed", e.get("event.original"));
    assertNull(e.get("event.action"), "no content parser guesses at a broken message");
    assertEquals(1, stats.parsers().get("rfc5424").fellBack());
  }

  @Test
  void aMessageNoParserKnowsIsUnparsedAndCounted() {
    Event e = parse("<13>Nov 23 10:00:00 host other[1]: whatever");
    assertTrue(e.hasTag(EventParser.UNPARSED));
    assertEquals("no parser for program other", e.get("error.message"));
    assertEquals("soctinh.unparsed", e.get("event.dataset"));
    assertEquals(1, stats.unparsed("so-tttt"));
    assertEquals(1, stats.parsers().get(EventParser.NO_PARSER).fellBack());
  }

  @Test
  void aParserChosenByProgramThatDoesNotRecogniseTheLineSaysWhy() {
    Event e = parse("<13>Nov 23 10:00:00 host demo: strange line");
    assertTrue(e.hasTag(EventParser.UNPARSED));
    assertEquals("demo: expected ok", e.get("error.message"));
    assertEquals(1, stats.parsers().get("demo").fellBack());
    assertTrue(stats.parsers().get("demo").examples().get(0).contains("strange line"));
  }

  @Test
  void sniffingFindsAParserWhenTheProgramDoesNot() {
    Event e = parse("<13>Nov 23 10:00:00 host unknownprog: sniff me");
    assertEquals("demo_sniff", e.get("event.action"));
    assertEquals(1, stats.parsers().get("demo").recognised());
  }

  @Test
  void plainTextWithoutAnyHeaderGetsTheReceiveTime() {
    Event e = parse("just words");
    assertEquals(NOW, e.get("@timestamp"));
    assertEquals("just words", e.get("message"));
    assertTrue(e.hasTag(EventParser.UNPARSED));
  }

  @Test
  void bytesThatAreNotUtf8AreKeptExactlyInBase64() {
    byte[] b = "<13>Nov 23 10:00:00 h demo: ok caf\u00e9".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    RawRecord r = RawRecordBuilder.builder().offset(1).payload(b).receivedAt(NOW).transport("udp").listener("syslog_udp").agency("so-tttt").build();
    Event e = parse(ParseSettings.defaults(), r);
    assertEquals(Base64.getEncoder().encodeToString(b), e.get("event.original_base64"));
    assertTrue(((String) e.get("message")).endsWith("caf\uFFFD"));
  }

  @Test
  void utf8BytesHaveNoBase64Copy() {
    assertNull(parse("<13>Nov 23 10:00:00 h demo: ok Hà Nội").get("event.original_base64"));
  }

  @Test
  void collectorFlagsBecomeTags() {
    RawRecord r = RawRecordBuilder.builder().offset(1).payload("x".getBytes(UTF_8)).receivedAt(NOW).transport("tcp").listener("syslog_tcp")
        .agency("unassigned").flags(RecordFlags.TRUNCATED | RecordFlags.PARTIAL | RecordFlags.UNASSIGNED).build();
    Event e = parse(ParseSettings.defaults(), r);
    assertTrue(e.hasTag("_truncated"));
    assertTrue(e.hasTag("_partial"));
    assertTrue(e.hasTag("_unassigned"));
  }

  @Test
  void theAgencysZoneAndNameApply() {
    ParseSettings s = new ParseSettings(vn.soctinh.analyzer.DisplayZone.DEFAULT, Map.of(),
        Map.of("so-tokyo", new ParseSettings.AgencyParsing("Sở Tokyo", ZoneId.of("Asia/Tokyo"), null, null)));
    Event e = parse(s, raw("<13>Nov 23 10:00:00 host demo: ok", "so-tokyo"));
    assertEquals(Instant.parse("2026-11-23T01:00:00Z"), e.get("@timestamp"));
    assertEquals("Sở Tokyo", e.get("organization.name"));
    Event other = parse(s, raw("<13>Nov 23 10:00:00 host demo: ok", "so-tttt"));
    assertEquals(Instant.parse("2026-11-23T03:00:00Z"), other.get("@timestamp"), "others keep the default zone");
  }

  @Test
  void aForcedFormatOverridesDetection() {
    // Forced RFC 3164: a 5424-looking line is read leniently (no error), as the device's owner asked.
    ParseSettings s = new ParseSettings(vn.soctinh.analyzer.DisplayZone.DEFAULT,
        Map.of("syslog_tcp", new ParseSettings.ListenerParsing(MessageFormat.RFC3164, null)), Map.of());
    Event e = parse(s, raw("<13>1 2003-13-11T22:14:15Z host demo - - - x", "so-tttt"));
    assertNull(e.get("log.syslog.version"));
    assertFalse(String.valueOf(e.get("error.message")).startsWith("RFC 5424"));
  }

  @Test
  void aForcedParserIsTriedFirst() {
    ParseSettings s = new ParseSettings(vn.soctinh.analyzer.DisplayZone.DEFAULT, Map.of(),
        Map.of("so-tttt", new ParseSettings.AgencyParsing(null, null, null, "demo")));
    assertEquals("demo_ok", parse(s, raw("<13>Nov 23 10:00:00 host anything: ok", "so-tttt")).get("event.action"));
  }

  @Test
  void invalidJsonSaysWhereItBroke() {
    Event e = parse("{\"a\": 1,, }");
    assertTrue(e.hasTag(EventParser.UNPARSED));
    assertTrue(String.valueOf(e.get("error.message")).startsWith("invalid JSON: "), String.valueOf(e.get("error.message")));
    assertEquals("{\"a\": 1,, }", e.get("message"));
  }

  @Test
  void statsCountEveryEventPerAgency() {
    EventParser p = parser(ParseSettings.defaults());
    p.parse(raw("<13>Nov 23 10:00:00 host demo: ok", "a1"), e -> {});
    p.parse(raw("<13>Nov 23 10:00:00 host demo: nope", "a1"), e -> {});
    p.parse(raw("<13>Nov 23 10:00:00 host demo: ok", "a2"), e -> {});
    assertEquals(Map.of("a1", 2L, "a2", 1L), stats.eventsByAgency());
    assertEquals(Map.of("a1", 1L), stats.unparsedByAgency());
  }
}
