package vn.soctinh.collector.relp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Random bytes through the RELP decoder, the header parser and the whole session. Plain
 * {@code mvn test} replays the seeds in {@code RelpFrameDecoderFuzzTestInputs/}; {@code
 * JAZZER_FUZZ=1} fuzzes.
 *
 * <p>Input layout: byte 0 picks maxDataBytes (1..64), byte 1 seeds the fragmentation, the rest is
 * the stream.
 */
class RelpFrameDecoderFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void decoderIsBoundedAndIndependentOfFragmentation(byte[] data) {
    if (data.length < 2) {
      return;
    }
    int max = 1 + (data[0] & 0x3f);
    Random rnd = new Random(data[1]);
    byte[] input = Arrays.copyOfRange(data, 2, data.length);

    RelpFrameDecoder whole = new RelpFrameDecoder(max);
    List<RelpFrameDecoderTest.Out> expected = RelpFrameDecoderTest.decode(whole, input);
    for (int i = 0; i < expected.size(); i++) {
      if (expected.get(i).text().startsWith("invalid")) {
        assertEquals(expected.size() - 1, i, "nothing after an invalid frame");
      }
    }
    assertTrue(whole.bufferedBytes() == 0);
    int[] cuts = rnd.ints(rnd.nextInt(input.length + 1), 0, input.length + 1).sorted().toArray();
    assertEquals(expected, RelpFrameDecoderTest.decode(new RelpFrameDecoder(max), input, cuts));

    // the parser alone, from every offset: never throws, never reads past the end it is given
    ByteBuf buf = Unpooled.wrappedBuffer(input);
    for (int from = 0; from < Math.min(input.length, 64); from++) {
      RelpHeaderParser.Result r = RelpHeaderParser.parse(buf, from, input.length);
      if (r instanceof RelpHeaderParser.Header h) {
        assertTrue(h.dataOffset() > 0 && from + h.dataOffset() <= input.length);
        assertTrue(h.dataLength() >= 0 && h.txnr() >= 0);
        assertTrue(h.command().length() >= 1 && h.command().length() <= 32);
      }
    }
  }

  @FuzzTest(maxDuration = "60s")
  void sessionNeverThrowsAndReleasesEverything(byte[] data) {
    RecordingAppender appender = new RecordingAppender();
    RelpSessionHandler session = new RelpSessionHandler(appender, RelpSessionHandlerTest.META, 256, RelpSessionListener.NONE);
    EmbeddedChannel ch = new EmbeddedChannel(new RelpFrameDecoder(32), session);
    List<ByteBuf> written = new ArrayList<>();
    byte[] open = RelpSessionHandlerTest.OPEN.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    for (byte[] piece : new byte[][] {open, data}) {
      if (piece.length == 0) {
        continue; // an empty copiedBuffer is the shared EMPTY_BUFFER, never released
      }
      ByteBuf b = Unpooled.copiedBuffer(piece);
      written.add(b);
      ch.writeInbound(b);
    }
    for (int i = 0; i < appender.futures.size(); i++) {
      if (i % 3 == 2) {
        appender.futures.get(i).completeExceptionally(new java.io.IOException("fuzz"));
      } else {
        appender.futures.get(i).complete((long) i);
      }
    }
    ch.runPendingTasks();
    for (ByteBuf out; (out = ch.readOutbound()) != null; ) {
      out.release();
    }
    ch.finishAndReleaseAll();
    for (ByteBuf b : written) {
      assertEquals(0, b.refCnt());
    }
    assertEquals(appender.records.size(), session.messages());
    assertEquals(0, session.inflightBytes(), "every append answered");
    assertTrue(session.acked() + session.failed() <= session.messages());
  }
}
