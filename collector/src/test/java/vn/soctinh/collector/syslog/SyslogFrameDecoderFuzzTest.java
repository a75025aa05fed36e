package vn.soctinh.collector.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Random bytes, randomly fragmented, through the decoder. Plain {@code mvn test} replays the seeds
 * in {@code SyslogFrameDecoderFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes.
 *
 * <p>Input layout: byte 0 picks maxFrameBytes (1..64), byte 1 seeds the fragmentation, the rest is
 * the stream.
 */
class SyslogFrameDecoderFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void framesAreBoundedAccountedAndIndependentOfFragmentation(byte[] data) {
    if (data.length < 2) {
      return;
    }
    int max = 1 + (data[0] & 0x3f);
    Random rnd = new Random(data[1]);
    byte[] input = Arrays.copyOfRange(data, 2, data.length);

    SyslogFrameDecoder whole = new SyslogFrameDecoder(max);
    List<SyslogFrameDecoderTest.F> expected = SyslogFrameDecoderTest.decode(whole, input);
    long sum = 0;
    for (SyslogFrameDecoderTest.F f : expected) {
      assertTrue(f.text().length() <= max, "frame over the limit");
      assertTrue(f.text().length() > 0, "empty frame emitted");
      sum += f.text().length();
    }
    assertEquals(whole.frameBytes(), sum);
    assertEquals(whole.frames(), expected.size());

    int[] cuts = rnd.ints(rnd.nextInt(input.length + 1), 0, input.length + 1).sorted().toArray();
    SyslogFrameDecoder pieces = new SyslogFrameDecoder(max);
    assertEquals(expected, SyslogFrameDecoderTest.decode(pieces, input, cuts));
    assertEquals(whole.discardedBytes(), pieces.discardedBytes());
    assertEquals(whole.emptyFrames(), pieces.emptyFrames());
  }
}
