package vn.soctinh.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The small parsers behind the loader: sizes, listen URIs, CIDRs and key suggestions. */
class ConfigValuesTest {

  private static <T> String outcome(Parsed<T> p) {
    return p instanceof Parsed.Ok<T> ok ? "ok " + ok.value() : "invalid " + ((Parsed.Invalid<T>) p).message();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "0|ok 0",
      "512B|ok 512",
      "64k|ok 65536",
      "64KiB|ok 65536",
      "4m|ok 4194304",
      "9223372036854775807|ok 9223372036854775807",
      "8589934592g|invalid size \"8589934592g\" is too large",
      "99999999999999999999|invalid expected a positive size like 65536 or 64KiB but was \"99999999999999999999\"",
      "1.5MiB|invalid expected a positive size like 65536 or 64KiB but was \"1.5MiB\" (units: B, KiB, MiB, GiB, TiB or k, m, g, t)",
      "4M|invalid expected a positive size like 65536 or 64KiB but was \"4M\" (write 4MiB; sizes are 1024-based)",
      "' 64KiB'|invalid expected a positive size like 65536 or 64KiB but was \" 64KiB\""})
  void sizesParseOnlyExactForms(String text, String expected) {
    assertEquals(expected, outcome(Sizes.parse(text)));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "0|0", "1000|1000", "65536|64KiB", "4194304|4MiB", "10737418240|10GiB", "1099511627776|1TiB", "1536|1536"})
  void sizesFormatInTheirShortestExactForm(long bytes, String expected) {
    assertEquals(expected, Sizes.format(bytes));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "10.10.0.0/16|ok 10.10.0.0/16",
      "10.10.0.5|ok 10.10.0.5/32",
      "0.0.0.0/0|ok 0.0.0.0/0",
      "2001:DB8:0::/32|ok 2001:db8:0:0:0:0:0:0/32",
      "::1|ok 0:0:0:0:0:0:0:1/128",
      "2001:db8::/129|invalid prefix length must be 0 to 128 in \"2001:db8::/129\"",
      "10.10.0.0/|invalid prefix length must be 0 to 32 in \"10.10.0.0/\"",
      "10.10.0.0/-1|invalid prefix length must be 0 to 32 in \"10.10.0.0/-1\"",
      "10.10.0.1/31|invalid host bits are set in \"10.10.0.1/31\"; did you mean 10.10.0.0/31?",
      "010.10.0.0/16|invalid expected an IPv4 or IPv6 network like 10.10.0.0/16 or 2001:db8::/32 but was \"010.10.0.0/16\"",
      "10.10/16|invalid expected an IPv4 or IPv6 network like 10.10.0.0/16 or 2001:db8::/32 but was \"10.10/16\"",
      "::ffff:10.0.0.0/104|invalid IPv4-mapped IPv6 networks are not supported, write the IPv4 network instead of \"::ffff:10.0.0.0/104\""})
  void cidrsAreStrict(String text, String expected) {
    assertEquals(expected, outcome(NetworkText.parse(text)));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "tcp://0.0.0.0:5514|ok tcp://0.0.0.0:5514",
      "tls://[::]:6514|ok tls://[0:0:0:0:0:0:0:0]:6514",
      "tcp://localhost:0|ok tcp://127.0.0.1:0",
      "tcp://[fe80::1%eth0]:5514|invalid host \"fe80::1%eth0\" is not an IP address (use e.g. 0.0.0.0, 127.0.0.1, [::] or localhost) in \"tcp://[fe80::1%eth0]:5514\"",
      "tcp://[10.0.0.1]:5514|invalid brackets are only for IPv6 addresses in \"tcp://[10.0.0.1]:5514\"",
      "tcp://0.0.0.0:5514/path|invalid the port must be a number from 0 to 65535 in \"tcp://0.0.0.0:5514/path\"",
      "tcp://0.0.0.0:-1|invalid the port must be a number from 0 to 65535 in \"tcp://0.0.0.0:-1\"",
      "tcp://:5514|invalid host \"\" is not an IP address (use e.g. 0.0.0.0, 127.0.0.1, [::] or localhost) in \"tcp://:5514\"",
      "TCP://0.0.0.0:5514|invalid expected tcp://HOST:PORT or tls://HOST:PORT but was \"TCP://0.0.0.0:5514\"",
      "0.0.0.0:5514|invalid expected tcp://HOST:PORT or tls://HOST:PORT but was \"0.0.0.0:5514\""})
  void listenUrisAreParsedWithoutDns(String text, String expected) {
    Parsed<ListenAddress> p = ListenAddress.parse(text, List.of("tcp", "tls"));
    String got = p instanceof Parsed.Ok<ListenAddress> ok ? "ok " + ok.value().uri() : outcome(p);
    assertEquals(expected, got);
  }

  @Test
  void suggestionsPickTheClosestKeyAndOnlyWhenItIsClose() {
    Set<String> known = Set.of("max_frame_bytes", "max_connections", "max_connections_per_source", "idle_timeout_secs");
    assertEquals("max_frame_bytes", ConfigNode.suggestion("max_frame_byte", known));
    assertEquals("max_connections", ConfigNode.suggestion("max_conections", known));
    assertEquals("idle_timeout_secs", ConfigNode.suggestion("idle_timeout_ms", known));
    assertNull(ConfigNode.suggestion("colour", known));
    assertEquals(3, ConfigNode.editDistance("kitten", "sitting"));
  }

  @Test
  void quotingEscapesControlCharactersAndShortensLongValues() {
    assertEquals("\"a\\\"b\\n\\u0001\"", Parsed.quote("a\"b\n\u0001"));
    assertEquals(2 + 80 + 3, Parsed.quote("x".repeat(200)).length());
  }
}
