package vn.soctinh.analyzer.decode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 3164's examples (section 5.4) and the variants real devices send. */
class Rfc3164DecoderTest {
  private static final ZoneId VN = ZoneId.of("Asia/Ho_Chi_Minh");
  private static final Instant RECEIVED = Instant.parse("2026-11-23T05:00:00Z"); // 12:00 in Vietnam
  private final Rfc3164Decoder decoder = new Rfc3164Decoder();

  private SyslogMessage decode(String line) {
    return decode(line, VN, RECEIVED);
  }

  private SyslogMessage decode(String line, ZoneId zone, Instant received) {
    SyslogDecodeResult r = decoder.decode(line.getBytes(UTF_8), zone, received);
    assertTrue(r instanceof SyslogDecodeResult.Decoded, "RFC 3164 decoding never fails");
    return r.message();
  }

  @Test
  void rfcExample1() {
    SyslogMessage m = decode("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8");
    assertEquals(34, m.priority);
    assertEquals(Instant.parse("2026-10-11T15:14:15Z"), m.timestamp, "no year: this year's, in the agency's zone (+07:00)");
    assertEquals("Oct 11 22:14:15", m.timestampText);
    assertEquals("mymachine", m.hostname);
    assertEquals("su", m.appname);
    assertNull(m.procid);
    assertEquals("'su root' failed for lonvick on /dev/pts/8", m.message);
  }

  @Test
  void facilityAndLevelInWordsBetweenHostAndTag() {
    SyslogMessage m = decode("<14>Nov 23 10:00:01 udm-tinh user.info kernel: TTL=118 ID=2201 DF PROTO=TCP SPT=51515 DPT=443");
    assertEquals("udm-tinh", m.hostname);
    assertEquals("kernel", m.appname, "user.info is skipped: the PRI says the same");
    assertEquals("TTL=118 ID=2201 DF PROTO=TCP SPT=51515 DPT=443", m.message);
    SyslogMessage other = decode("<14>Nov 23 10:00:01 host app.info kernel: x");
    assertNull(other.appname, "only a known facility with a known level is skipped");
    assertEquals("app.info kernel: x", other.message);
  }

  @Test
  void thePriorityInWordsInsteadOfAPri() {
    SyslogMessage m = decode("LOCAL5.NOTICE: edge-fw2 %ASA-5-111008: User 'ops' executed the 'write memory' command.");
    assertEquals(21 * 8 + 5, m.priority, "local5 (21) * 8 + notice (5)");
    assertEquals("edge-fw2", m.hostname);
    assertTrue(m.message.startsWith("%ASA-5-111008: User 'ops'") || "%ASA-5-111008".equals(m.appname), m.message);
    SyslogMessage lower = decode("daemon.warn: gw1 ntpd[12]: clock unsynchronised");
    assertEquals(3 * 8 + 4, lower.priority);
    assertEquals("gw1", lower.hostname);
    assertEquals("ntpd", lower.appname);
    SyslogMessage not = decode("nothing.here: gw1 ntpd[12]: x");
    assertEquals(-1, not.priority, "only known words stand for a priority");
  }

  @Test
  void rfcExample2HasNoTag() {
    SyslogMessage m = decode("<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!");
    assertEquals("10.0.0.99", m.hostname);
    assertNull(m.appname, "a bare word without colon is not a tag");
    assertEquals("Use the BFG!", m.message);
    assertEquals(Instant.parse("2026-02-05T10:32:18Z"), m.timestamp);
  }

  @Test
  void rfcExample3WithZoneNameAndYearAfterTheTime() {
    SyslogMessage m = decode("<165>Aug 24 05:34:00 CST 1987 mymachine myproc[10]: %% It's time to make the do-nuts.  %%  Ingredients: Mix=OK, Jah=NoNo");
    assertEquals(Instant.parse("1987-08-23T22:34:00Z"), m.timestamp, "the year is read; CST is ambiguous so the agency's zone applies");
    assertEquals("mymachine", m.hostname);
    assertEquals("myproc", m.appname);
    assertEquals("10", m.procid);
    assertEquals("%% It's time to make the do-nuts.  %%  Ingredients: Mix=OK, Jah=NoNo", m.message);
  }

  @Test
  void rfcExample4WithTheYearFirst() {
    SyslogMessage m = decode("<0>1990 Oct 22 10:52:01 TZ-6 scapegoat.dmz.example.org 10.1.2.3 sched[0]: That's All Folks!");
    assertEquals(0, m.priority);
    assertEquals(Instant.parse("1990-10-22T03:52:01Z"), m.timestamp);
    assertEquals("TZ-6", m.hostname, "the RFC's own example puts a zone where the hostname belongs; nothing is lost");
    assertEquals("scapegoat.dmz.example.org 10.1.2.3 sched[0]: That's All Folks!", m.message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "<13>Nov  3 10:00:00 host prog: m|2026-11-03T03:00:00Z",
    "<13>Nov 3 10:00:00 host prog: m|2026-11-03T03:00:00Z",
    "<13>Nov 03 10:00:00 host prog: m|2026-11-03T03:00:00Z",
    "<13>nov 03 10:00:00 host prog: m|2026-11-03T03:00:00Z",
    "<13>Nov 23 10:00:00.123 host prog: m|2026-11-23T03:00:00.123Z",
    "<13>Nov 23 2025 10:00:00 host prog: m|2025-11-23T03:00:00Z",
    "<13>Nov 23 10:00:00 2025 host prog: m|2025-11-23T03:00:00Z",
    "<13>2026-11-23T10:00:00.123456+07:00 host prog: m|2026-11-23T03:00:00.123456Z",
    "<13>2026-11-23T10:00:00Z host prog: m|2026-11-23T10:00:00Z",
    "<13>2026-11-23T10:00:00+0700 host prog: m|2026-11-23T03:00:00Z",
    "<13>2026-11-23T10:00:00 host prog: m|2026-11-23T03:00:00Z",
    "<13>2026-11-23 10:00:00,250 host prog: m|2026-11-23T03:00:00.250Z",
  })
  void stampVariantsAreRead(String line, String utc) {
    SyslogMessage m = decode(line);
    assertEquals(Instant.parse(utc), m.timestamp);
    assertEquals("host", m.hostname);
    assertEquals("prog", m.appname);
    assertEquals("m", m.message);
  }

  @Test
  void missingPriIsAllowed() {
    SyslogMessage m = decode("Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186");
    assertEquals(-1, m.priority);
    assertEquals("LabSZ", m.hostname);
    assertEquals("sshd", m.appname);
    assertEquals("24200", m.procid);
    assertEquals("Invalid user webmaster from 173.234.31.186", m.message);
  }

  @Test
  void missingHostnameIsAllowed() {
    SyslogMessage m = decode("<38>Nov 23 10:00:00 sshd[77]: Accepted password for bob");
    assertNull(m.hostname);
    assertEquals("sshd", m.appname);
    assertEquals("77", m.procid);
  }

  @Test
  void missingStampAndHostname() {
    SyslogMessage m = decode("<13>sshd[1]: hello");
    assertNull(m.timestamp);
    assertNull(m.hostname);
    assertEquals("sshd", m.appname);
    assertEquals("hello", m.message);
  }

  @Test
  void tagWithPidButWithoutColon() {
    SyslogMessage m = decode("<78>Nov 23 10:00:01 host CRON[4242] (root) CMD (run-parts /etc/cron.hourly)");
    assertEquals("CRON", m.appname);
    assertEquals("4242", m.procid);
    assertEquals("(root) CMD (run-parts /etc/cron.hourly)", m.message);
  }

  @Test
  void programWithParenthesesAndSlashes() {
    assertEquals("sshd(pam_unix)", decode("Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure").appname);
    assertEquals("postfix/smtpd", decode("<22>Nov 23 10:00:00 mx postfix/smtpd[5]: connect from x").appname);
  }

  @Test
  void ciscoIosSequenceNumberAndClockMarkAndUtc() {
    SyslogMessage m = decode("<189>123: *Nov 23 10:00:00.456 UTC: %SYS-5-CONFIG_I: Configured from console by vty0 (10.0.0.5)");
    assertEquals(123, m.sequence);
    assertEquals(Instant.parse("2026-11-23T10:00:00.456Z"), m.timestamp, "UTC given by the device wins over the agency's zone");
    assertEquals("%SYS-5-CONFIG_I", m.appname);
    assertEquals("Configured from console by vty0 (10.0.0.5)", m.message);
  }

  @Test
  void ciscoIosOriginHostnameBeforeTheStamp() {
    SyslogMessage m = decode("<187>45: router1: .Mar  1 00:00:05: %LINK-3-UPDOWN: Interface Gi0/1, changed state to down");
    assertEquals(45, m.sequence);
    assertEquals("router1", m.hostname);
    assertEquals("%LINK-3-UPDOWN", m.appname);
    assertEquals("Interface Gi0/1, changed state to down", m.message);
  }

  @Test
  void ciscoAsaWithYearAndLoneColonAfterTheHost() {
    SyslogMessage m = decode("<166>Nov 23 2026 10:00:00 asa01 : %ASA-6-302013: Built outbound TCP connection 1 for outside:203.0.113.7/443");
    assertEquals(Instant.parse("2026-11-23T03:00:00Z"), m.timestamp);
    assertEquals("asa01", m.hostname);
    assertEquals("%ASA-6-302013", m.appname);
    assertEquals("Built outbound TCP connection 1 for outside:203.0.113.7/443", m.message);
  }

  @Test
  void ciscoAsaWithoutStampOrHost() {
    SyslogMessage m = decode("<166>%ASA-6-302013: Built inbound TCP connection 2");
    assertEquals("%ASA-6-302013", m.appname);
    assertEquals("Built inbound TCP connection 2", m.message);
  }

  @Test
  void trailingNulCrAndLfAreDropped() {
    assertEquals("text", decode("<13>Nov 23 10:00:00 host prog: text\r\n\0\0").message);
  }

  @Test
  void aMalformedPriStaysInTheText() {
    SyslogMessage m = decode("<999>Nov 23 10:00:00 host prog: x");
    assertEquals(-1, m.priority);
    assertNull(m.timestamp);
    assertEquals("<999>Nov 23 10:00:00 host prog: x", m.message);
  }

  @Test
  void plainTextIsOneMessageWithoutHeader() {
    SyslogMessage m = decode("[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok");
    assertNull(m.timestamp);
    assertNull(m.hostname);
    assertNull(m.appname);
    assertEquals("[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok", m.message);
  }

  @Test
  void urlLikeTextIsNotATag() {
    assertNull(decode("<13>http://example.org/ is down").appname);
  }

  @Test
  void aDecemberLineReceivedOnNewYearsDayLandsInTheOldYear() {
    Instant received = Instant.parse("2026-12-31T17:00:10Z"); // 2027-01-01 00:00:10 in Vietnam
    SyslogMessage m = decode("<13>Dec 31 23:59:59 host prog: last", VN, received);
    assertEquals(Instant.parse("2026-12-31T16:59:59Z"), m.timestamp);
  }

  @Test
  void aNewYearLineFromAFastClockReceivedOnDecember31LandsInTheNewYear() {
    Instant received = Instant.parse("2026-12-31T16:59:50Z"); // 23:59:50 in Vietnam
    SyslogMessage m = decode("<13>Jan  1 00:00:05 host prog: first", VN, received);
    assertEquals(Instant.parse("2026-12-31T17:00:05Z"), m.timestamp);
  }

  @Test
  void aStampFarAheadIsLastYearsNotNextYears() {
    // 10 December read on 23 November: a log replayed from last year, not one from the future
    assertEquals(Instant.parse("2025-12-09T23:55:46Z"), decode("Dec 10 06:55:46 LabSZ sshd[1]: x").timestamp);
  }

  @Test
  void february29GoesToTheLatestLeapYear() {
    Instant received = Instant.parse("2027-03-01T00:00:00Z");
    assertEquals(Instant.parse("2024-02-28T17:00:00Z"), decode("<13>Feb 29 00:00:00 h p: x", VN, received).timestamp);
  }

  @Test
  void theAgencysZoneApplies() {
    assertEquals(Instant.parse("2026-11-23T10:00:00Z"), decode("<13>Nov 23 10:00:00 h p: x", ZoneOffset.UTC, RECEIVED).timestamp);
    assertEquals(Instant.parse("2026-11-23T01:00:00Z"), decode("<13>Nov 23 10:00:00 h p: x", ZoneId.of("Asia/Tokyo"), RECEIVED).timestamp);
  }

  @Test
  void nonUtf8TextIsFlagged() {
    byte[] b = "<13>Nov 23 10:00:00 h p: caf\u00e9".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    SyslogMessage m = decoder.decode(b, VN, RECEIVED).message();
    assertTrue(m.messageNotUtf8);
    assertEquals("caf\uFFFD", m.message);
  }

  /**
   * The dialects issue #18 lists, as other syslog implementations' suites exercise them (our own
   * lines in those shapes): line | time (UTC; "-" when the line has none) | host | program |
   * pid | sequence | message. Received 2026-11-23 12:00 in Vietnam (+07:00).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "-", quoteCharacter = '`', value = {
      "<167> Mar  7 19:06:53 example tag: message | 2026-03-07T12:06:53Z | example | tag | - | - | message",
      "<34>Oct 11 22:14:15.003 mymachine su: fractional seconds | 2026-10-11T15:14:15.003Z | mymachine | su | - | - | fractional seconds",
      "<13>Jan  6 2009 15:22:26 hostname1 prog[123]: year inside | 2009-01-06T08:22:26Z | hostname1 | prog | 123 | - | year inside",
      "<13>Mar  7 19:06:53 hostonly | 2026-03-07T12:06:53Z | hostonly | - | - | - | ``",
      "<15> openvpn[2499]: TLS Error: no timestamp nor host | - | - | openvpn | 2499 | - | TLS Error: no timestamp nor host",
      "<46>Mar  7 19:06:53 host1 rsyslogd: [origin software=\"rsyslogd\" swVersion=\"8.2102.0\"] start | 2026-03-07T12:06:53Z | host1 | rsyslogd | - | - | start",
      "<13>Mar  7 19:06:53 forwarded from 10.0.0.1: host2 prog: relayed | 2026-03-07T12:06:53Z | host2 | prog | - | - | relayed",
      "<189>123: *Mar  1 18:46:11.123: %SYS-5-CONFIG_I: Configured from console | 2026-03-01T11:46:11.123Z | - | %SYS-5-CONFIG_I | - | 123 | Configured from console",
      "<189>Mar  1 18:46:11 10.0.0.1 124: Mar  1 18:46:11.123 UTC: %LINK-3-UPDOWN: Interface Gi0/1, changed state to down | 2026-03-01T18:46:11.123Z | 10.0.0.1 | %LINK-3-UPDOWN | - | 124 | `Interface Gi0/1, changed state to down`",
      "<189>Mar  1 18:46:11 10.0.0.1 125: %SYS-5-RESTART: System restarted | 2026-03-01T11:46:11Z | 10.0.0.1 | %SYS-5-RESTART | - | 125 | System restarted",
      "<166>Mar  7 2024 19:06:53: %ASA-6-302013: Built outbound TCP connection 1 | 2024-03-07T12:06:53Z | - | %ASA-6-302013 | - | - | Built outbound TCP connection 1"})
  void everyDialectIsReadWithItsTimeHostProgramAndPid(String line, String time, String host, String program, String pid, Long sequence, String message) {
    SyslogMessage m = decode(line.strip());
    assertEquals(time == null ? null : Instant.parse(time), m.timestamp, "time (none: the event takes its arrival time)");
    assertEquals(host, m.hostname, "host");
    assertEquals(program, m.appname, "program");
    assertEquals(pid, m.procid, "pid");
    assertEquals(sequence == null ? -1 : sequence, m.sequence, "sequence");
    assertEquals(message, m.message, "message");
  }

  @Test
  void rsyslogsOwnStructuredDataAndARelayAreKept() {
    SyslogMessage sd = decode("<46>Mar  7 19:06:53 host1 rsyslogd: [origin software=\"rsyslogd\" x-pid=\"1\"] start");
    assertEquals("rsyslogd", sd.structuredData.get("origin").get("software"));
    SyslogMessage notSd = decode("<46>Mar  7 19:06:53 host1 rsyslogd: [not structured data] as text");
    assertNull(notSd.structuredData);
    assertEquals("[not structured data] as text", notSd.message, "what is not structured data stays in the message");
    assertEquals("10.0.0.1", decode("<13>Mar  7 19:06:53 forwarded from 10.0.0.1: host2 prog: relayed").relay);
  }
}
