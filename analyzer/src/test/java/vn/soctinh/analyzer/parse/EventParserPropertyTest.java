package vn.soctinh.analyzer.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.soctinh.analyzer.event.EcsJson;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.collector.testing.TestSeed;

/**
 * Property: any byte string yields exactly one event and no exception. Inputs are drawn from a seed
 * (random bytes, and realistic lines with random edits); a failure prints the seed and the input,
 * and {@code -Dsoctinh.seed=N} replays it ({@link TestSeed}). {@code -Dsoctinh.slow=true} runs 100x more cases.
 */
@ExtendWith(TestSeed.class)
class EventParserPropertyTest {
  private static final Instant NOW = Instant.parse("2026-11-23T05:00:00Z");
  private static final String[] SEEDS = {
    "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 [x@1 a=\"\\]b\"] \uFEFF'su root' failed",
    "<13>Nov 23 10:00:00 host sshd[9]: Failed password for invalid user admin from 203.0.113.5 port 4242 ssh2",
    "<189>123: *Nov 23 10:00:00.456 UTC: %SYS-5-CONFIG_I: Configured from console",
    "<166>Nov 23 2026 10:00:00 asa01 : %ASA-6-302013: Built outbound TCP connection 1 for outside:203.0.113.7/443",
    "{\"timestamp\":\"2026-11-23T10:00:00.000000+0700\",\"event_type\":\"alert\",\"src_ip\":\"10.0.0.1\"}",
    "type=EXECVE msg=audit(1700000000.123:42): argc=2 a0=\"ls\" a1=2D6C",
    "CEF:0|Vendor|Product|1.0|100|Name|5|src=10.0.0.1 dst=10.0.0.2 act=blocked",
    "date=2026-11-23 time=10:00:00 devname=\"FGT\" devid=\"FG1\" logid=\"0000000013\" type=\"traffic\" srcip=10.1.1.1",
  };

  @Test
  void anyBytesGiveExactlyOneEvent() {
    long seed = TestSeed.seed();
    int cases = Boolean.getBoolean("soctinh.slow") ? 200_000 : 2_000;
    Random rnd = TestSeed.random();
    EventParser parser = new EventParser(ParseSettings.defaults(), StandardParsers.registry(), null, new ParseStats(),
        Clock.fixed(NOW, ZoneOffset.UTC));
    for (int i = 0; i < cases; i++) {
      byte[] input = draw(rnd);
      List<Event> out = new ArrayList<>();
      try {
        parser.parse(RawRecord.ofInput(input, NOW, "prop", "so-tttt"), out::add);
        assertEquals(1, out.size());
        assertNotNull(out.get(0).get("event.original"));
        EcsJson.write(out.get(0));
      } catch (Throwable t) {
        throw new AssertionError(TestSeed.rerun() + ", case " + i + ", input "
            + java.util.Arrays.toString(input), t);
      }
    }
  }

  private static byte[] draw(Random rnd) {
    if (rnd.nextInt(4) == 0) {
      byte[] b = new byte[rnd.nextInt(200)];
      rnd.nextBytes(b);
      return b;
    }
    byte[] b = SEEDS[rnd.nextInt(SEEDS.length)].getBytes(StandardCharsets.UTF_8);
    int edits = 1 + rnd.nextInt(6);
    for (int k = 0; k < edits && b.length > 0; k++) {
      int at = rnd.nextInt(b.length);
      switch (rnd.nextInt(4)) {
        case 0 -> b[at] = (byte) rnd.nextInt(256);
        case 1 -> b = java.util.Arrays.copyOf(b, at);
        case 2 -> b[at] = (byte) " <>[]=\"\\:{}|%0123456789".charAt(rnd.nextInt(23));
        default -> {
          byte[] c = new byte[b.length + 1];
          System.arraycopy(b, 0, c, 0, at);
          c[at] = (byte) rnd.nextInt(128);
          System.arraycopy(b, at, c, at + 1, b.length - at);
          b = c;
        }
      }
    }
    return b;
  }
}
