package vn.soctinh.collector.relp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import vn.soctinh.collector.journal.RecordFlags;

/**
 * Splits a RELP stream into {@link RelpFrame}s. It only frames; what a command means is
 * {@link RelpSessionHandler}'s job.
 *
 * <p>Malformed input is a value: the decoder emits one {@link RelpInvalid} and then ignores the
 * rest of the connection (RELP has no way to resynchronise). Data longer than {@code maxDataBytes}
 * is kept truncated and flagged {@link RecordFlags#TRUNCATED}, never dropped, and never buffered
 * beyond about {@code maxDataBytes} plus a header.
 */
public final class RelpFrameDecoder extends ByteToMessageDecoder {
  private enum State { HEADER, DISCARD_DATA, TRAILER, BROKEN }

  private final int maxDataBytes;
  private State state = State.HEADER;
  /** A truncated frame waiting for its trailer. */
  private RelpFrame pending;
  private long discardRemaining;

  private long frames;
  private long invalidFrames;
  private long truncatedFrames;
  private long partialFrames;
  private long discardedBytes;

  public RelpFrameDecoder(int maxDataBytes) {
    if (maxDataBytes < 1 || maxDataBytes > Integer.MAX_VALUE - RelpHeaderParser.MAX_HEADER_BYTES - 16) {
      throw new IllegalArgumentException("maxDataBytes out of range: " + maxDataBytes);
    }
    this.maxDataBytes = maxDataBytes;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    boolean progress = true;
    while (progress && in.isReadable()) {
      progress = switch (state) {
        case HEADER -> frame(in, out);
        case DISCARD_DATA -> discardData(in);
        case TRAILER -> trailer(in, out);
        case BROKEN -> discardAll(in);
      };
    }
  }

  private boolean frame(ByteBuf in, List<Object> out) {
    int r = in.readerIndex();
    int end = in.writerIndex();
    RelpHeaderParser.Result result = RelpHeaderParser.parse(in, r, end);
    if (result instanceof RelpHeaderParser.NeedMore) {
      return false;
    }
    if (result instanceof RelpInvalid invalid) {
      invalid(in, invalid, out);
      return true;
    }
    RelpHeaderParser.Header h = (RelpHeaderParser.Header) result;
    int dataAt = r + h.dataOffset();
    if (h.dataLength() <= maxDataBytes) {
      int trailerAt = dataAt + h.dataLength();
      if (trailerAt >= end) {
        return false;
      }
      if (in.getByte(trailerAt) != '\n') {
        invalid(in, new RelpInvalid(h.txnr(), "frame must end with LF after DATALEN bytes"), out);
        return true;
      }
      out.add(new RelpFrame(h.txnr(), h.command(), in.retainedSlice(dataAt, h.dataLength()), 0));
      frames++;
      in.readerIndex(trailerAt + 1);
      return true;
    }
    if (end - dataAt < maxDataBytes) {
      return false;
    }
    pending = new RelpFrame(h.txnr(), h.command(), in.retainedSlice(dataAt, maxDataBytes), RecordFlags.TRUNCATED);
    discardRemaining = h.dataLength() - (long) maxDataBytes;
    in.readerIndex(dataAt + maxDataBytes);
    state = State.DISCARD_DATA;
    return true;
  }

  private boolean discardData(ByteBuf in) {
    int skip = (int) Math.min(in.readableBytes(), discardRemaining);
    in.skipBytes(skip);
    discardedBytes += skip;
    discardRemaining -= skip;
    if (discardRemaining > 0) {
      return false;
    }
    state = State.TRAILER;
    return true;
  }

  private boolean trailer(ByteBuf in, List<Object> out) {
    RelpFrame frame = pending;
    pending = null;
    if (in.readByte() != '\n') {
      frame.release();
      invalid(in, new RelpInvalid(frame.txnr(), "frame must end with LF after DATALEN bytes"), out);
      return true;
    }
    out.add(frame);
    frames++;
    truncatedFrames++;
    state = State.HEADER;
    return true;
  }

  private void invalid(ByteBuf in, RelpInvalid invalid, List<Object> out) {
    out.add(invalid);
    invalidFrames++;
    state = State.BROKEN;
    discardAll(in);
  }

  private boolean discardAll(ByteBuf in) {
    discardedBytes += in.readableBytes();
    in.skipBytes(in.readableBytes());
    return false;
  }

  @Override
  protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (in.isReadable()) {
      decode(ctx, in, out);
    }
    // a frame cut by the close is not acknowledged, so the client sends it again: drop it
    if (in.isReadable() || pending != null || state == State.DISCARD_DATA) {
      partialFrames++;
    }
    discardAll(in);
    releasePending();
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    releasePending();
  }

  private void releasePending() {
    if (pending != null) {
      pending.release();
      pending = null;
    }
  }

  public int maxDataBytes() {
    return maxDataBytes;
  }

  /** Bytes held for a frame not yet complete (bounded by about maxDataBytes plus a header). */
  public int bufferedBytes() {
    return actualReadableBytes();
  }

  public long frames() {
    return frames;
  }

  public long invalidFrames() {
    return invalidFrames;
  }

  public long truncatedFrames() {
    return truncatedFrames;
  }

  /** Frames cut short by the connection closing (not emitted: unacknowledged, so resent). */
  public long partialFrames() {
    return partialFrames;
  }

  /** Data beyond the limit, and everything after an invalid frame. */
  public long discardedBytes() {
    return discardedBytes;
  }
}
