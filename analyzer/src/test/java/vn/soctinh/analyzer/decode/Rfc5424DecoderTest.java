package vn.soctinh.analyzer.decode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 5424 from the RFC's own examples (section 6.5 and 6.2.3.1) and from every rule of its ABNF. */
class Rfc5424DecoderTest {
  private static final String BOM = "\uFEFF";
  private final Rfc5424Decoder decoder = new Rfc5424Decoder();

  private SyslogMessage ok(String line) {
    SyslogDecodeResult r = decoder.decode(line.getBytes(UTF_8));
    if (r instanceof SyslogDecodeResult.Invalid bad) throw new AssertionError("expected valid, got " + bad.describe() + " for " + line);
    return r.message();
  }

  private SyslogDecodeResult.Invalid bad(String line) {
    return assertInstanceOf(SyslogDecodeResult.Invalid.class, decoder.decode(line.getBytes(UTF_8)), line);
  }

  @Test
  void rfcExample1WithoutStructuredDataAndWithBom() {
    SyslogMessage m = ok("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - " + BOM + "'su root' failed for lonvick on /dev/pts/8");
    assertEquals(34, m.priority);
    assertEquals(4, m.facility());
    assertEquals(2, m.severity());
    assertEquals(1, m.version);
    assertEquals(Instant.parse("2003-10-11T22:14:15.003Z"), m.timestamp);
    assertEquals("mymachine.example.com", m.hostname);
    assertEquals("su", m.appname);
    assertNull(m.procid);
    assertEquals("ID47", m.msgid);
    assertNull(m.structuredData);
    assertTrue(m.bom);
    assertEquals("'su root' failed for lonvick on /dev/pts/8", m.message);
  }

  @Test
  void rfcExample2WithMicrosecondsAndANegativeOffset() {
    SyslogMessage m = ok("<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.");
    assertEquals(Instant.parse("2003-08-24T12:14:15.000003Z"), m.timestamp);
    assertEquals("192.0.2.1", m.hostname);
    assertEquals("myproc", m.appname);
    assertEquals("8710", m.procid);
    assertNull(m.msgid);
    assertFalse(m.bom);
    assertEquals("%% It's time to make the do-nuts.", m.message);
  }

  @Test
  void rfcExample3WithStructuredDataAndMessage() {
    SyslogMessage m = ok("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 "
        + "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"] " + BOM + "An application event log entry...");
    assertEquals(Map.of("exampleSDID@32473", Map.of("iut", "3", "eventSource", "Application", "eventID", "1011")), m.structuredData);
    assertEquals(List.of("iut", "eventSource", "eventID"), List.copyOf(m.structuredData.get("exampleSDID@32473").keySet()));
    assertEquals("An application event log entry...", m.message);
  }

  @Test
  void rfcExample4WithTwoElementsAndNoMessage() {
    SyslogMessage m = ok("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 "
        + "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"][examplePriority@32473 class=\"high\"]");
    assertEquals(List.of("exampleSDID@32473", "examplePriority@32473"), List.copyOf(m.structuredData.keySet()));
    assertEquals("high", m.structuredData.get("examplePriority@32473").get("class"));
    assertEquals("", m.message);
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "1985-04-12T23:20:50.52Z, 1985-04-12T23:20:50.520Z",
    "1985-04-12T19:20:50.52-04:00, 1985-04-12T23:20:50.520Z",
    "2003-10-11T22:14:15.003Z, 2003-10-11T22:14:15.003Z",
    "2003-08-24T05:14:15.000003-07:00, 2003-08-24T12:14:15.000003Z",
    "2026-11-23T10:00:00+07:00, 2026-11-23T03:00:00Z",
    "2024-02-29T23:59:59.999999+00:00, 2024-02-29T23:59:59.999999Z",
  })
  void rfcTimestampExamplesAndOffsets(String stamp, String utc) {
    assertEquals(Instant.parse(utc), ok("<13>1 " + stamp + " h a p m - x").timestamp);
  }

  @ParameterizedTest(name = "{0}: {2}")
  @CsvSource(delimiter = '|', value = {
    // RFC 6.2.3.1 example 5: nanoseconds are more than the 6 digits allowed
    "<13>1 2003-08-24T05:14:15.000000003-07:00 h a p m -| 33| TIMESTAMP fraction has more than 6 digits",
    "<13>1 2003-10-11t22:14:15.003Z h a p m -| 17| expected 'T'",
    "<13>1 2003-10-11T22:14:15.003z h a p m -| 30| expected TIME-OFFSET",
    "<13>1 2003-10-11T22:14:15 h a p m -| 26| expected TIME-OFFSET",
    "<13>1 1990-12-31T23:59:60Z h a p m -| 24| leap seconds must not be used",
    "<13>1 2003-13-11T22:14:15Z h a p m -| 12| month 13 is not 01-12",
    "<13>1 2023-02-29T22:14:15Z h a p m -| 15| day 29 does not exist in 2023-2",
    "<13>1 2003-10-11T24:00:00Z h a p m -| 18| hour 24",
    "<13>1 2003-10-11T22:14:15+24:00 h a p m -| 27| TIME-OFFSET 24:0 is out of range",
    "<192>1 - h a p m -| 2| PRI value is larger than 191",
    "<013>1 - h a p m -| 2| leading zero",
    "<>1 - h a p m -| 2| expected the PRI value",
    "<13 1 - h a p m -| 4| expected '>'",
    "13>1 - h a p m -| 1| expected PRI",
    "<13>0 - h a p m -| 5| expected VERSION",
    "<13>1234 - h a p m -| 8| more than 3 digits",
    "<13>1  - h a p m -| 7| expected TIMESTAMP year (4 digits) but found ' '",
    "<13>1 - h a p m| 16| message ends before STRUCTURED-DATA",
    "<13>1 - h a p m x| 17| expected STRUCTURED-DATA",
    "<13>1 - h a p m -x| 18| expected a space before MSG",
    "<13>1 - h a p m [id a=\"1\"]x| 27| expected a space before MSG or another SD-ELEMENT",
    "<13>1 - h a p m [id a=\"1\" ]| 27| expected PARAM-NAME",
    "<13>1 - h a p m [id a=1]| 23| expected '\"' to open the value of a",
    "<13>1 - h a p m [id a=\"x]\"]| 25| ']' inside the value of a must be escaped",
    "<13>1 - h a p m [id a=\"1\"][id b=\"2\"]| 28| SD-ID id appears twice",
    "<13>1 - h a p m [id a=\"1\"| 26| is not closed with ']'",
    "<13>1 - h a p m [id a=\"1| 23| value of a is not closed",
    "<13>1 - h a p m []| 18| expected SD-ID",
  })
  void invalidMessagesSayWhatWasExpectedAtWhichColumn(String line, int column, String reason) {
    SyslogDecodeResult.Invalid r = bad(line);
    assertTrue(r.reason().contains(reason), () -> "reason was: " + r.reason());
    assertEquals(column, r.column(), () -> "reason: " + r.reason());
  }

  @Test
  void nilValueIsAllowedInEveryField() {
    SyslogMessage m = ok("<0>1 - - - - - -");
    assertEquals(0, m.priority);
    assertNull(m.timestamp);
    assertNull(m.hostname);
    assertNull(m.appname);
    assertNull(m.procid);
    assertNull(m.msgid);
    assertNull(m.structuredData);
    assertEquals("", m.message);
  }

  @Test
  void priorityBoundsAndMultiDigitVersion() {
    assertEquals(191, ok("<191>1 - - - - - -").priority);
    assertEquals(0, ok("<0>1 - - - - - -").priority);
    assertEquals(23, ok("<7>23 - - - - - -").version);
  }

  @ParameterizedTest(name = "{0} of {1} characters")
  @CsvSource({"HOSTNAME, 255, 0", "APP-NAME, 48, 1", "PROCID, 128, 2", "MSGID, 32, 3"})
  void fieldLengthLimitsAreEnforced(String field, int max, int index) {
    String[] fields = {"h", "a", "p", "m"};
    fields[index] = "x".repeat(max);
    SyslogMessage m = ok("<13>1 - " + String.join(" ", fields) + " - msg");
    String got = switch (index) {
      case 0 -> m.hostname;
      case 1 -> m.appname;
      case 2 -> m.procid;
      default -> m.msgid;
    };
    assertEquals(max, got.length());
    fields[index] = "x".repeat(max + 1);
    SyslogDecodeResult.Invalid r = bad("<13>1 - " + String.join(" ", fields) + " - msg");
    assertEquals(field + " is longer than " + max + " characters", r.reason());
  }

  @Test
  void headerFieldsMustBePrintableAscii() {
    SyslogDecodeResult.Invalid r = bad("<13>1 - h\u00e9st a p m - x");
    assertTrue(r.reason().startsWith("HOSTNAME may hold only printable US-ASCII, found byte 0xc3"), r.reason());
    assertEquals(10, r.column());
  }

  @Test
  void paramValueEscapesAreUndoneAndOtherBackslashesKept() {
    SyslogMessage m = ok("<13>1 - h a p m [x@1 q=\"say \\\"hi\\\"\" b=\"a\\\\b\" c=\"[1\\]\" d=\"C:\\temp\"] m");
    Map<String, Object> p = m.structuredData.get("x@1");
    assertEquals("say \"hi\"", p.get("q"));
    assertEquals("a\\b", p.get("b"));
    assertEquals("[1]", p.get("c"));
    assertEquals("C:\\temp", p.get("d"), "a backslash before another character is kept (RFC 5424 6.3.3)");
  }

  @Test
  void repeatedParamNamesBecomeAList() {
    SyslogMessage m = ok("<13>1 - h a p m [origin ip=\"10.0.0.1\" ip=\"10.0.0.2\" software=\"x\"] m");
    assertEquals(List.of("10.0.0.1", "10.0.0.2"), m.structuredData.get("origin").get("ip"));
  }

  @Test
  void paramValuesAreUtf8AndNfc() {
    SyslogMessage m = ok("<13>1 - h a p m [x@1 org=\"Ha\u0300 No\u0323\u0302i\"] m");
    assertEquals("Hà Nội", m.structuredData.get("x@1").get("org"));
  }

  @Test
  void messageThatIsNotUtf8IsFlaggedAndKeptLossy() {
    byte[] head = "<13>1 - h a p m - ".getBytes(UTF_8);
    byte[] line = new byte[head.length + 3];
    System.arraycopy(head, 0, line, 0, head.length);
    line[head.length] = 'a';
    line[head.length + 1] = (byte) 0xff;
    line[head.length + 2] = 'b';
    SyslogMessage m = decoder.decode(line).message();
    assertTrue(m.messageNotUtf8);
    assertEquals("a\uFFFDb", m.message);
  }

  @Test
  void utf8MessageWithoutBomIsNfcNormalised() {
    SyslogMessage m = ok("<13>1 - h a p m - Đăng nhập tha\u0300nh công");
    assertFalse(m.messageNotUtf8);
    assertEquals("Đăng nhập thành công", m.message);
  }

  @Test
  void trailingLineEndsAndNulsAreFramingNotContent() {
    assertEquals("msg", ok("<13>1 - h a p m - msg\r\n\0").message);
  }

  @Test
  void invalidMessageKeepsTheFieldsReadBeforeTheErrorAndTheRestAsText() {
    SyslogDecodeResult.Invalid r = bad("<13>1 2003-10-11T22:14:15Z host app 12 ID7 [broken message text");
    SyslogMessage m = r.message();
    assertEquals(13, m.priority);
    assertEquals(Instant.parse("2003-10-11T22:14:15Z"), m.timestamp);
    assertEquals("host", m.hostname);
    assertEquals("app", m.appname);
    assertEquals("12", m.procid);
    assertEquals("ID7", m.msgid);
    assertEquals("[broken message text", m.message, "the text from the field that failed on");
  }
}
