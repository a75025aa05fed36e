package vn.soctinh.collector.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/** Feeds a decoder its input in pieces, like socket reads, and checks every input buffer was released. */
public final class Fragments {
  private Fragments() {}

  /**
   * Writes {@code input} cut at {@code cuts} (ascending offsets) into a channel around
   * {@code decoder}, calling {@code drain} after each piece and after the close; returns what
   * {@code drain} collected.
   */
  public static <T> List<T> feed(ChannelHandler decoder, byte[] input, int[] cuts, BiConsumer<EmbeddedChannel, List<T>> drain) {
    EmbeddedChannel ch = new EmbeddedChannel(decoder);
    List<T> outs = new ArrayList<>();
    List<ByteBuf> written = new ArrayList<>();
    int from = 0;
    for (int i = 0; i <= cuts.length; i++) {
      int to = i < cuts.length ? cuts[i] : input.length;
      if (to > from) {
        ByteBuf piece = Unpooled.copiedBuffer(input, from, to - from);
        written.add(piece);
        ch.writeInbound(piece);
        drain.accept(ch, outs);
      }
      from = Math.max(from, to);
    }
    ch.finish();
    drain.accept(ch, outs);
    for (ByteBuf b : written) {
      assertEquals(0, b.refCnt(), "input buffer released");
    }
    return outs;
  }
}
