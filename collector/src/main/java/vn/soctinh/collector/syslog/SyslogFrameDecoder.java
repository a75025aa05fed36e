package vn.soctinh.collector.syslog;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/** TEMPORARY placeholder until the framing branch lands (LF only). */
public final class SyslogFrameDecoder extends ByteToMessageDecoder {
  private final int max;

  public SyslogFrameDecoder(int max) {
    this.max = max;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    int i;
    while ((i = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n')) >= 0) {
      int len = i - in.readerIndex();
      out.add(new SyslogFrame(in.readRetainedSlice(len), 0));
      in.skipBytes(1);
    }
  }
}
