package vn.soctinh.collector.syslog;

import io.netty.buffer.Unpooled;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.soctinh.collector.journal.RecordFlags.OCTET_COUNTED;
import static vn.soctinh.collector.journal.RecordFlags.PARTIAL;
import static vn.soctinh.collector.journal.RecordFlags.TRUNCATED;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.soctinh.collector.testing.Fragments;
import vn.soctinh.collector.testing.TestSeed;

@ExtendWith(TestSeed.class)
class SyslogFrameDecoderTest {

  /** A decoded frame as a value: bytes as ISO-8859-1 text (one char per byte) and flags. */
  record F(String text, int flags) {
    static F of(String text) {
      return new F(text, 0);
    }

    static F counted(String text) {
      return new F(text, OCTET_COUNTED);
    }
  }

  /** Feeds {@code input} cut at {@code cuts} (ascending offsets), closes, returns every frame. */
  static List<F> decode(SyslogFrameDecoder decoder, byte[] input, int... cuts) {
    List<F> frames = Fragments.feed(decoder, input, cuts, SyslogFrameDecoderTest::drain);
    assertAccounted(decoder, input.length);
    return frames;
  }

  static List<F> decode(int max, String input, int... cuts) {
    return decode(new SyslogFrameDecoder(max), input.getBytes(ISO_8859_1), cuts);
  }

  static void drain(EmbeddedChannel ch, List<F> frames) {
    for (SyslogFrame f; (f = ch.readInbound()) != null; ) {
      try {
        frames.add(new F(f.content().toString(ISO_8859_1), f.flags()));
      } finally {
        f.release();
      }
    }
  }

  static void assertAccounted(SyslogFrameDecoder d, long inputBytes) {
    assertEquals(inputBytes, d.frameBytes() + d.discardedBytes() + d.framingBytes(), "every byte accounted for");
  }

  @Test
  void lfCrlfAndNulEachEndAFrame() {
    assertEquals(List.of(F.of("a b"), F.of("c"), F.of("d\re"), F.of("f")), decode(100, "a b\nc\r\nd\re\0f\n"));
  }

  @Test
  void octetCountedFramesAreTakenByLengthWithDelimitersInside() {
    assertEquals(List.of(F.counted("ab\ncd"), F.counted("x\0y"), F.counted("1 z")), decode(100, "5 ab\ncd3 x\0y3 1 z"));
  }

  @Test
  void framingIsDecidedPerFrameOnOneConnection() {
    SyslogFrameDecoder d = new SyslogFrameDecoder(100);
    List<F> got = decode(d, "<13>lf one\n11 <13>counted\n<13>lf two\r\n4 last".getBytes(ISO_8859_1));
    assertEquals(List.of(F.of("<13>lf one"), F.counted("<13>counted"), F.of("<13>lf two"), F.counted("last")), got);
    assertEquals(1, d.emptyFrames(), "the LF after a counted frame is an empty frame");
    assertEquals(4, d.frames());
  }

  @Test
  void emptyFramesAreSkippedAndCounted() {
    SyslogFrameDecoder d = new SyslogFrameDecoder(100);
    assertEquals(List.of(F.of("a"), F.of("b")), decode(d, "\n\r\n\0a\n\n\nb\0\0".getBytes(ISO_8859_1)));
    assertEquals(6, d.emptyFrames());
  }

  @Test
  void countTooSmallLeavesTheRestAsTheNextDelimitedFrame() {
    SyslogFrameDecoder d = new SyslogFrameDecoder(100);
    assertEquals(List.of(F.counted("hello"), F.of(" world"), F.of("next")), decode(d, "5 hello world\nnext\n".getBytes(ISO_8859_1)));
    assertEquals(0, d.discardedBytes());
  }

  @Test
  void digitsNotFollowedBySpaceAreDelimitedFraming() {
    assertEquals(
        List.of(F.of("2024-05-01 boot"), F.of("12345"), F.of("0 zero"), F.of("12345678901 eleven digits")),
        decode(100, "2024-05-01 boot\n12345\n0 zero\n12345678901 eleven digits\n"));
  }

  @Test
  void tenDigitCountIsTheLongestAccepted() {
    SyslogFrameDecoder d = new SyslogFrameDecoder(8);
    // 1000000000 announced, far over the limit: truncated, and the decoder keeps skipping
    List<F> got = decode(d, "1000000000 abcdefghij".getBytes(ISO_8859_1));
    assertEquals(List.of(new F("abcdefgh", OCTET_COUNTED | TRUNCATED)), got);
    assertEquals(2, d.discardedBytes());
    assertEquals(1, d.oversizeFrames());
  }

  @Test
  void countLargerThanLimitIsTruncatedAndTheNextFrameIsIntact() {
    SyslogFrameDecoder d = new SyslogFrameDecoder(4);
    List<F> got = decode(d, "10 0123456789next\n3 abc".getBytes(ISO_8859_1));
    assertEquals(List.of(new F("0123", OCTET_COUNTED | TRUNCATED), F.of("next"), F.counted("abc")), got);
    assertEquals(6, d.discardedBytes());
    assertEquals(1, d.oversizeFrames());
  }

  @Test
  void hugeAnnouncedCountNeverGrowsTheBuffer() {
    int max = 1024;
    SyslogFrameDecoder d = new SyslogFrameDecoder(max);
    EmbeddedChannel ch = new EmbeddedChannel(d);
    ch.writeInbound(Unpooled.copiedBuffer("9999999999 ", ISO_8859_1));
    byte[] chunk = new byte[4096];
    Arrays.fill(chunk, (byte) 'x');
    List<F> frames = new ArrayList<>();
    int maxBuffered = 0;
    for (int i = 0; i < 2048; i++) { // 8 MiB
      ch.writeInbound(Unpooled.wrappedBuffer(chunk));
      drain(ch, frames);
      maxBuffered = Math.max(maxBuffered, d.bufferedBytes());
    }
    assertEquals(0, maxBuffered, "a frame over the limit is skipped as it arrives");
    assertEquals(1, frames.size());
    assertEquals(new F("x".repeat(max), OCTET_COUNTED | TRUNCATED), frames.get(0));
    assertEquals(2048L * 4096 - max, d.discardedBytes());
    assertFalse(ch.finish());
  }

  @Test
  void longLineWithoutDelimiterIsTruncatedWithBoundedMemoryAndTheNextFrameIsIntact() {
    int max = 1000;
    SyslogFrameDecoder d = new SyslogFrameDecoder(max);
    EmbeddedChannel ch = new EmbeddedChannel(d);
    byte[] chunk = new byte[333];
    Arrays.fill(chunk, (byte) 'y');
    List<F> frames = new ArrayList<>();
    int maxBuffered = 0;
    for (int i = 0; i < 30_000; i++) { // ~10 MB
      ch.writeInbound(Unpooled.wrappedBuffer(chunk));
      drain(ch, frames);
      maxBuffered = Math.max(maxBuffered, d.bufferedBytes());
    }
    ch.writeInbound(Unpooled.copiedBuffer("tail\r\nnext\n", ISO_8859_1));
    drain(ch, frames);
    assertTrue(maxBuffered <= max + 1, "buffered " + maxBuffered);
    assertEquals(List.of(new F("y".repeat(max), TRUNCATED), F.of("next")), frames);
    assertEquals(30_000L * 333 - max + "tail\r".length(), d.discardedBytes());
    assertEquals(1, d.oversizeFrames());
    assertFalse(ch.finish());
    assertAccounted(d, 30_000L * 333 + 11);
  }

  @Test
  void frameOfExactlyTheLimitIsKeptWholeEvenWithCrlf() {
    SyslogFrameDecoder d = new SyslogFrameDecoder(5);
    assertEquals(List.of(F.of("abcde"), F.of("fghij"), new F("klmno", TRUNCATED), F.counted("pqrst")),
        decode(d, "abcde\r\nfghij\nklmnop\n5 pqrst".getBytes(ISO_8859_1)));
    assertEquals(1, d.discardedBytes());
  }

  @Test
  void closingMidFrameEmitsWhatArrivedAsPartial() {
    assertEquals(List.of(F.of("one"), new F("half a li", PARTIAL)), decode(100, "one\nhalf a li"));
    assertEquals(List.of(new F("shor", OCTET_COUNTED | PARTIAL)), decode(100, "10 shor"));
    assertEquals(List.of(new F("12", PARTIAL)), decode(100, "12"));
    assertEquals(List.of(new F("trailing cr\r", PARTIAL)), decode(100, "trailing cr\r"));
    assertEquals(List.of(new F("abcd", TRUNCATED | PARTIAL)), decode(4, "abcd\r"));
  }

  @Test
  void closingRightAfterACountLosesNoPayload() {
    SyslogFrameDecoder d = new SyslogFrameDecoder(100);
    assertEquals(List.of(), decode(d, "10 ".getBytes(ISO_8859_1)));
    assertEquals(3, d.framingBytes());
  }

  /** Everything above in one stream, to compare fragmentations against. */
  static final String MIXED = "<13>a\n\n7 <14>b\nc\0\0d3 xyz\r\n\r\n"
      + "99999999999 eleven\n" + "40 " + "q".repeat(40) + "r".repeat(30) + "\n"
      + "7 ab\0\ncdtail\n2024-x\n1 1\n1 \n" + "s".repeat(70) + "\r\nend\r";

  @Test
  void splittingAtEveryByteBoundaryGivesTheSameFrames() {
    byte[] in = MIXED.getBytes(ISO_8859_1);
    List<F> whole = decode(new SyslogFrameDecoder(16), in);
    assertEquals(new F("<14>b\nc", OCTET_COUNTED), whole.get(1));
    assertEquals(new F("end\r", PARTIAL), whole.get(whole.size() - 1));
    for (int cut = 1; cut < in.length; cut++) {
      assertEquals(whole, decode(new SyslogFrameDecoder(16), in, cut), "cut at " + cut);
    }
    for (int cut = 1; cut + 1 < in.length; cut++) {
      assertEquals(whole, decode(new SyslogFrameDecoder(16), in, cut, cut + 1), "one-byte piece at " + cut);
    }
    int[] everyByte = new int[in.length - 1];
    Arrays.setAll(everyByte, i -> i + 1);
    assertEquals(whole, decode(new SyslogFrameDecoder(16), in, everyByte));
  }

  @Test
  void randomFragmentationsGiveTheSameFrames() {
    long seed = TestSeed.seed();
    Random rnd = TestSeed.random();
    for (int round = 0; round < 200; round++) {
      byte[] in = randomStream(rnd);
      int max = 1 + rnd.nextInt(40);
      List<F> whole = decode(new SyslogFrameDecoder(max), in);
      for (F f : whole) {
        assertTrue(f.text().length() <= max, "seed " + seed);
      }
      int[] cuts = rnd.ints(rnd.nextInt(in.length + 1), 0, in.length + 1).sorted().toArray();
      assertEquals(whole, decode(new SyslogFrameDecoder(max), in, cuts), "seed " + seed + " round " + round);
    }
  }

  static byte[] randomStream(Random rnd) {
    StringBuilder sb = new StringBuilder();
    String[] pieces = {"\n", "\r\n", "\0", " ", "\r", "<13>", "1", "9", "12 ", "5 ", "99999999999 ", "1000 ", "abc", "x".repeat(50)};
    int n = rnd.nextInt(60);
    for (int i = 0; i < n; i++) {
      sb.append(pieces[rnd.nextInt(pieces.length)]);
    }
    return sb.toString().getBytes(ISO_8859_1);
  }
}
