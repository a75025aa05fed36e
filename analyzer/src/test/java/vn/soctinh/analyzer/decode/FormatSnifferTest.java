package vn.soctinh.analyzer.decode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FormatSnifferTest {

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(delimiter = '§', value = {
    "<34>1 2003-10-11T22:14:15.003Z h a - - -§RFC5424",
    "<34>12 - h a - - -§RFC5424",
    "<34>Oct 11 22:14:15 h su: x§RFC3164",
    "<189>123: *Mar  1 00:00:00: %SYS-5-CONFIG_I: x§RFC3164",
    "<13>1a - -§RFC3164",
    "  {\"event_type\":\"alert\"}§JSON",
    "CEF:0|Vendor|Product|1|100|Name|5|src=10.0.0.1§CEF",
    "LEEF:1.0|Vendor|Product|1|Event|src=10.0.0.1§LEEF",
    "Dec 10 06:55:46 LabSZ sshd[24200]: x§RFC3164",
    "plain words§RFC3164",
    "<§RFC3164",
  })
  void formatIsDetectedFromTheFirstBytes(String line, MessageFormat expected) {
    byte[] b = line.getBytes(UTF_8);
    assertEquals(expected, FormatSniffer.sniff(b, 0, b.length));
  }
}
