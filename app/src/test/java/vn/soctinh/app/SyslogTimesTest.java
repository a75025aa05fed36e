package vn.soctinh.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import vn.soctinh.analyzer.decode.Rfc3164Decoder;

/** The stamps tests build from the clock read back as the same instant, on any day, New Year's Eve too. */
class SyslogTimesTest {
  @Test
  void formats() {
    Instant t = Instant.parse("2026-12-06T19:00:05Z"); // 7 December 02:00:05 in Vietnam
    assertEquals("Dec  7 02:00:05", SyslogTimes.rfc3164(t));
    assertEquals("07/Dec/2026:02:00:05 +0700", SyslogTimes.clf(t));
    assertEquals("Sep 17 07:00:00", SyslogTimes.rfc3164(Instant.parse("2027-09-17T00:00:00Z")));
  }

  @Test
  void aStampMadeAMinuteBeforeItIsReceivedIsReadAsThatInstant() {
    Rfc3164Decoder decoder = new Rfc3164Decoder();
    // 31 Dec 23:59:30 in Vietnam received on 1 January; a leap day; an ordinary day far from the lines' old fixed date
    for (String at : new String[] {"2026-12-31T16:59:30Z", "2028-02-28T17:30:00Z", "2031-06-15T03:00:00Z"}) {
      Instant t = Instant.parse(at);
      String line = "<13>" + SyslogTimes.rfc3164(t) + " host prog: x";
      assertEquals(t, decoder.decode(line.getBytes(UTF_8), SyslogTimes.VIETNAM, t.plusSeconds(60)).message().timestamp, line);
    }
  }
}
