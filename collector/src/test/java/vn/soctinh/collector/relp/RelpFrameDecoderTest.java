package vn.soctinh.collector.relp;

import vn.soctinh.collector.testing.Fragments;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.soctinh.collector.journal.RecordFlags;

class RelpFrameDecoderTest {

  /** A decoder output as a comparable value. */
  record Out(String text) {
    static Out frame(int txnr, String cmd, String data) {
      return new Out(txnr + " " + cmd + " [" + data + "]");
    }

    static Out truncated(int txnr, String cmd, String data) {
      return new Out(txnr + " " + cmd + " [" + data + "] truncated");
    }

    static Out invalid(int txnr, String reason) {
      return new Out("invalid " + txnr + ": " + reason);
    }
  }

  static List<Out> decode(RelpFrameDecoder decoder, byte[] input, int... cuts) {
    return Fragments.feed(decoder, input, cuts, RelpFrameDecoderTest::drain);
  }

  static List<Out> decode(int max, String input, int... cuts) {
    return decode(new RelpFrameDecoder(max), input.getBytes(ISO_8859_1), cuts);
  }

  static void drain(EmbeddedChannel ch, List<Out> outs) {
    for (Object o; (o = ch.readInbound()) != null; ) {
      if (o instanceof RelpFrame f) {
        try {
          String data = f.content().toString(ISO_8859_1);
          outs.add(f.truncated() ? Out.truncated(f.txnr(), f.command(), data) : Out.frame(f.txnr(), f.command(), data));
          assertEquals(f.truncated() ? RecordFlags.TRUNCATED : 0, f.flags());
        } finally {
          f.release();
        }
      } else {
        RelpInvalid inv = (RelpInvalid) o;
        outs.add(Out.invalid(inv.txnr(), inv.reason()));
      }
    }
  }

  static final String OPEN_DATA = "relp_version=0\nrelp_software=librelp,1.11.0,http://librelp.adiscon.com\ncommands=syslog";

  @Test
  void validFramesIncludingEmptyDataWithAndWithoutSpace() {
    String in = "1 open " + OPEN_DATA.length() + " " + OPEN_DATA + "\n"
        + "2 syslog 11 <13>a\nb c d\n" + "3 close 0\n" + "999999999 serverclose 0 \n" + "0 X 1  \n";
    assertEquals(List.of(
        Out.frame(1, "open", OPEN_DATA), Out.frame(2, "syslog", "<13>a\nb c d"), Out.frame(3, "close", ""),
        Out.frame(999999999, "serverclose", ""), Out.frame(0, "X", " ")), decode(100, in));
  }

  @Test
  void knownCommandsAreSharedConstants() {
    EmbeddedChannel ch = new EmbeddedChannel(new RelpFrameDecoder(10));
    ch.writeInbound(Unpooled.copiedBuffer("7 syslog 1 x\n", ISO_8859_1));
    RelpFrame f = ch.readInbound();
    assertTrue(f.command() == RelpHeaderParser.SYSLOG);
    f.release();
    assertFalse(ch.finish());
  }

  static final String STREAM = "1 open 5 a=b\nc\n2 syslog 3 x\ny\n3 syslog 0\n4 syslog 12 0123456789ab\n5 close 0 \n";

  @Test
  void splittingAtEveryByteBoundaryGivesTheSameFrames() {
    byte[] in = STREAM.getBytes(ISO_8859_1);
    List<Out> whole = decode(new RelpFrameDecoder(8), in);
    assertEquals(List.of(Out.frame(1, "open", "a=b\nc"), Out.frame(2, "syslog", "x\ny"), Out.frame(3, "syslog", ""),
        Out.truncated(4, "syslog", "01234567"), Out.frame(5, "close", "")), whole);
    for (int cut = 1; cut < in.length; cut++) {
      assertEquals(whole, decode(new RelpFrameDecoder(8), in, cut), "cut at " + cut);
    }
    int[] everyByte = new int[in.length - 1];
    Arrays.setAll(everyByte, i -> i + 1);
    assertEquals(whole, decode(new RelpFrameDecoder(8), in, everyByte));
  }

  @Test
  void badTransactionNumbers() {
    assertEquals(List.of(Out.invalid(-1, "frame must start with a transaction number")), decode(100, "x syslog 1 a\n"));
    assertEquals(List.of(Out.invalid(-1, "transaction number longer than 9 digits")), decode(100, "1234567890 syslog 1 a\n"));
    assertEquals(List.of(Out.invalid(-1, "transaction number must be followed by a space")), decode(100, "12x syslog 1 a\n"));
    assertEquals(List.of(Out.invalid(-1, "frame must start with a transaction number")), decode(100, "<13>Oct 11 host: plain syslog\n"));
  }

  @Test
  void badCommands() {
    assertEquals(List.of(Out.invalid(1, "command must be letters followed by a space")), decode(100, "1 sys1og 1 a\n"));
    assertEquals(List.of(Out.invalid(1, "command expected")), decode(100, "1  0\n"));
    assertEquals(List.of(Out.invalid(1, "command longer than 32 letters")), decode(100, "1 " + "a".repeat(33) + " 0\n"));
    assertEquals(List.of(Out.frame(1, "a".repeat(32), "")), decode(100, "1 " + "a".repeat(32) + " 0\n"));
  }

  @Test
  void badDataLengths() {
    assertEquals(List.of(Out.invalid(1, "data length longer than 9 digits")), decode(100, "1 syslog 1234567890 a\n"));
    assertEquals(List.of(Out.invalid(1, "data length expected")), decode(100, "1 syslog x\n"));
    assertEquals(List.of(Out.invalid(1, "data length must be followed by a space")), decode(100, "1 syslog 3\nabc\n"));
    assertEquals(List.of(Out.invalid(2, "frame must end with LF after DATALEN bytes")), decode(100, "2 syslog 2 abc\n"));
    assertEquals(List.of(Out.invalid(3, "frame must end with LF after DATALEN bytes")), decode(100, "3 close 0 x\n"));
  }

  @Test
  void missingTrailerAfterTruncatedDataIsInvalidAndNothingIsEmitted() {
    RelpFrameDecoder d = new RelpFrameDecoder(4);
    assertEquals(List.of(Out.invalid(9, "frame must end with LF after DATALEN bytes")), decode(d, "9 syslog 6 abcdefX1 syslog 1 a\n".getBytes(ISO_8859_1)));
    assertEquals(1, d.invalidFrames());
    assertEquals(0, d.frames());
  }

  @Test
  void nothingIsDecodedAfterAnInvalidFrame() {
    RelpFrameDecoder d = new RelpFrameDecoder(100);
    assertEquals(List.of(Out.frame(1, "open", ""), Out.invalid(-1, "frame must start with a transaction number")),
        decode(d, "1 open 0\nGET / HTTP/1.1\n2 syslog 1 a\n".getBytes(ISO_8859_1)));
    assertEquals("GET / HTTP/1.1\n2 syslog 1 a\n".length(), d.discardedBytes());
  }

  @Test
  void oversizeDataIsTruncatedWithBoundedMemoryAndTheNextFrameIsIntact() {
    int max = 1000;
    RelpFrameDecoder d = new RelpFrameDecoder(max);
    EmbeddedChannel ch = new EmbeddedChannel(d);
    int size = 5_000_000;
    ch.writeInbound(Unpooled.copiedBuffer("1 syslog " + size + " ", ISO_8859_1));
    byte[] chunk = new byte[1000];
    Arrays.fill(chunk, (byte) 'z');
    List<Out> outs = new ArrayList<>();
    int maxBuffered = 0;
    for (int i = 0; i < size / chunk.length; i++) {
      ch.writeInbound(Unpooled.wrappedBuffer(chunk));
      drain(ch, outs);
      maxBuffered = Math.max(maxBuffered, d.bufferedBytes());
    }
    ch.writeInbound(Unpooled.copiedBuffer("\n2 syslog 2 ok\n", ISO_8859_1));
    drain(ch, outs);
    assertTrue(maxBuffered <= max + RelpHeaderParser.MAX_HEADER_BYTES, "buffered " + maxBuffered);
    assertEquals(List.of(Out.truncated(1, "syslog", "z".repeat(max)), Out.frame(2, "syslog", "ok")), outs);
    assertEquals(size - max, d.discardedBytes());
    assertEquals(1, d.truncatedFrames());
    assertFalse(ch.finish());
  }

  @Test
  void connectionClosedMidFrameEmitsNothingAndCountsIt() {
    RelpFrameDecoder d = new RelpFrameDecoder(100);
    assertEquals(List.of(Out.frame(1, "syslog", "a")), decode(d, "1 syslog 1 a\n2 syslog 5 ab".getBytes(ISO_8859_1)));
    assertEquals(1, d.partialFrames());
    RelpFrameDecoder t = new RelpFrameDecoder(2);
    assertEquals(List.of(), decode(t, "1 syslog 5 abc".getBytes(ISO_8859_1)));
    assertEquals(1, t.partialFrames());
  }
}
