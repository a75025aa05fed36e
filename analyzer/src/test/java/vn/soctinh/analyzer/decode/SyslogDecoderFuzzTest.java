package vn.soctinh.analyzer.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Any bytes through both syslog decoders: never an exception, always a result whose invalid column
 * lies within the message (or just past it), and a message text. Plain {@code mvn test} replays the
 * seeds in {@code SyslogDecoderFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class SyslogDecoderFuzzTest {
  private static final ZoneId VN = ZoneId.of("Asia/Ho_Chi_Minh");
  private final Rfc5424Decoder rfc5424 = new Rfc5424Decoder();
  private final Rfc3164Decoder rfc3164 = new Rfc3164Decoder();

  @FuzzTest(maxDuration = "60s")
  void anyBytesDecodeWithoutExceptionAndWithAColumnInsideTheMessage(byte[] data) {
    SyslogDecodeResult r = rfc5424.decode(data);
    assertNotNull(r.message().message);
    if (r instanceof SyslogDecodeResult.Invalid bad) {
      assertTrue(bad.column() >= 1 && bad.column() <= data.length + 1, "column " + bad.column() + " of " + data.length);
      assertTrue(!bad.reason().isEmpty());
    } else {
      assertTrue(r.message().priority >= 0 && r.message().priority <= 191);
    }
    SyslogDecodeResult l = rfc3164.decode(data, VN, Instant.parse("2026-11-23T05:00:00Z"));
    assertTrue(l instanceof SyslogDecodeResult.Decoded);
    assertTrue(l.message().message.length() <= data.length, "the message is a part of the input");
    assertEquals(l.message().format, MessageFormat.RFC3164);
  }
}
