package vn.soctinh.collector.syslog;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import vn.soctinh.collector.journal.RecordFlags;

/**
 * Finds syslog frame boundaries on a stream (RFC 6587), rsyslog-compatible, and nothing else: it
 * never looks inside a message.
 *
 * <p>Each frame is detected on its own. A frame starting with a digit 1-9, followed by at most ten
 * digits and a space, is octet-counted (§3.4.1). Anything else is non-transparent framing (§3.4.2):
 * the frame ends at LF (a CR before it is dropped) or at NUL. Empty frames are skipped and counted.
 *
 * <p>It must never drop bytes silently nor buffer more than about {@code maxFrameBytes} for one
 * frame: a longer frame is emitted truncated and flagged {@link RecordFlags#TRUNCATED}, its
 * remainder counted in {@link #discardedBytes()}; bytes left when the connection closes are emitted
 * flagged {@link RecordFlags#PARTIAL}. Every input byte ends up in exactly one of
 * {@link #frameBytes()}, {@link #discardedBytes()} or {@link #framingBytes()}.
 *
 * <p>One instance per connection. Counters are plain fields written on the event loop; read them
 * from elsewhere only for metrics (values may be slightly stale).
 */
public final class SyslogFrameDecoder extends ByteToMessageDecoder {
  /** RFC 6587 does not bound the count; rsyslog and we accept up to ten digits. */
  static final int MAX_COUNT_DIGITS = 10;

  private enum State { FRAME_START, DELIMITED, COUNTED, DISCARD_DELIMITED, DISCARD_COUNTED }

  private final int maxFrameBytes;
  private State state = State.FRAME_START;
  /** COUNTED: the announced length; DISCARD_COUNTED: bytes of it still to skip. */
  private long countRemaining;
  /** DELIMITED: bytes after the reader index already searched for a delimiter. */
  private int scanned;

  private long frames;
  private long frameBytes;
  private long emptyFrames;
  private long oversizeFrames;
  private long partialFrames;
  private long discardedBytes;
  private long framingBytes;

  public SyslogFrameDecoder(int maxFrameBytes) {
    if (maxFrameBytes < 1 || maxFrameBytes > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("maxFrameBytes out of range: " + maxFrameBytes);
    }
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    boolean progress = true;
    while (progress && in.isReadable()) {
      progress = switch (state) {
        case FRAME_START -> startFrame(in);
        case DELIMITED -> delimited(in, out);
        case COUNTED -> counted(in, out);
        case DISCARD_DELIMITED -> discardDelimited(in);
        case DISCARD_COUNTED -> discardCounted(in);
      };
    }
  }

  @Override
  protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (in.isReadable()) {
      decode(ctx, in, out);
    }
    int n = in.readableBytes();
    int r = in.readerIndex();
    if (n > 0) {
      int flags = RecordFlags.PARTIAL | (state == State.COUNTED ? RecordFlags.OCTET_COUNTED : 0);
      int len = n;
      if (len > maxFrameBytes) { // only possible in DELIMITED, by at most one byte (a pending CR)
        flags |= RecordFlags.TRUNCATED;
        discardedBytes += len - maxFrameBytes;
        oversizeFrames++;
        len = maxFrameBytes;
      }
      emit(in, r, len, flags, out);
      partialFrames++;
      in.skipBytes(n);
    }
    state = State.FRAME_START;
    scanned = 0;
  }

  /** Decides how the frame at the reader index is framed; false if more bytes are needed. */
  private boolean startFrame(ByteBuf in) {
    int r = in.readerIndex();
    int n = in.readableBytes();
    byte b = in.getByte(r);
    if (b == '\n' || b == 0) {
      in.skipBytes(1);
      framingBytes++;
      emptyFrames++;
      return true;
    }
    if (b >= '1' && b <= '9') {
      long count = b - '0';
      int i = 1;
      while (i < n && i <= MAX_COUNT_DIGITS) {
        byte c = in.getByte(r + i);
        if (c == ' ') {
          in.skipBytes(i + 1);
          framingBytes += i + 1;
          countRemaining = count;
          state = State.COUNTED;
          return true;
        }
        if (c < '0' || c > '9') {
          break;
        }
        count = count * 10 + (c - '0');
        i++;
      }
      if (i == n && i <= MAX_COUNT_DIGITS) {
        return false; // only digits so far: cannot tell yet
      }
    }
    state = State.DELIMITED;
    scanned = 0;
    return true;
  }

  private boolean delimited(ByteBuf in, List<Object> out) {
    int r = in.readerIndex();
    // content, an optional CR and the delimiter: with fewer bytes than this, a frame still fits
    int window = (int) Math.min(in.readableBytes(), maxFrameBytes + 2L);
    if (scanned < window) {
      int idx = indexOfDelimiter(in, r + scanned, r + window);
      if (idx >= 0) {
        int len = idx - r;
        int content = len > 0 && in.getByte(idx - 1) == '\r' ? len - 1 : len;
        framingBytes += 1 + (len - content);
        if (content == 0) {
          emptyFrames++;
        } else if (content > maxFrameBytes) {
          emit(in, r, maxFrameBytes, RecordFlags.TRUNCATED, out);
          discardedBytes += content - maxFrameBytes;
          oversizeFrames++;
        } else {
          emit(in, r, content, 0, out);
        }
        in.readerIndex(idx + 1);
        state = State.FRAME_START;
        scanned = 0;
        return true;
      }
      scanned = window;
    }
    if (window == maxFrameBytes + 2L) {
      // no delimiter within the limit: keep the head, skip the rest of the line as it arrives
      emit(in, r, maxFrameBytes, RecordFlags.TRUNCATED, out);
      discardedBytes += window - maxFrameBytes;
      oversizeFrames++;
      in.readerIndex(r + window);
      state = State.DISCARD_DELIMITED;
      scanned = 0;
      return true;
    }
    return false;
  }

  private boolean counted(ByteBuf in, List<Object> out) {
    int r = in.readerIndex();
    int n = in.readableBytes();
    if (countRemaining <= maxFrameBytes) {
      int len = (int) countRemaining;
      if (n < len) {
        return false;
      }
      emit(in, r, len, RecordFlags.OCTET_COUNTED, out);
      in.skipBytes(len);
      state = State.FRAME_START;
      return true;
    }
    if (n < maxFrameBytes) {
      return false;
    }
    emit(in, r, maxFrameBytes, RecordFlags.OCTET_COUNTED | RecordFlags.TRUNCATED, out);
    oversizeFrames++;
    in.skipBytes(maxFrameBytes);
    countRemaining -= maxFrameBytes;
    state = State.DISCARD_COUNTED;
    return true;
  }

  private boolean discardDelimited(ByteBuf in) {
    int r = in.readerIndex();
    int n = in.readableBytes();
    int idx = indexOfDelimiter(in, r, r + n);
    if (idx < 0) {
      discardedBytes += n;
      in.skipBytes(n);
      return false;
    }
    discardedBytes += idx - r;
    framingBytes++;
    in.readerIndex(idx + 1);
    state = State.FRAME_START;
    return true;
  }

  private boolean discardCounted(ByteBuf in) {
    int skip = (int) Math.min(in.readableBytes(), countRemaining);
    in.skipBytes(skip);
    discardedBytes += skip;
    countRemaining -= skip;
    if (countRemaining == 0) {
      state = State.FRAME_START;
      return true;
    }
    return false;
  }

  /**
   * The index of the first LF or NUL in {@code [from, to)}, or -1. Two {@code indexOf} passes, which
   * Netty runs eight bytes at a time (SWAR), cost less than one byte-at-a-time {@code ByteProcessor}
   * pass; the second only covers the bytes before the LF, which are in cache by then.
   */
  private static int indexOfDelimiter(ByteBuf in, int from, int to) {
    int lf = in.indexOf(from, to, (byte) '\n');
    int nul = in.indexOf(from, lf < 0 ? to : lf, (byte) 0);
    return nul >= 0 ? nul : lf;
  }

  private void emit(ByteBuf in, int index, int len, int flags, List<Object> out) {
    out.add(new SyslogFrame(in.retainedSlice(index, len), flags));
    frames++;
    frameBytes += len;
  }

  /** Bytes received and held for a frame not yet complete (bounded by about maxFrameBytes). */
  public int bufferedBytes() {
    return actualReadableBytes();
  }

  public int maxFrameBytes() {
    return maxFrameBytes;
  }

  /** Frames emitted, including truncated and partial ones. */
  public long frames() {
    return frames;
  }

  /** Payload bytes emitted in frames. */
  public long frameBytes() {
    return frameBytes;
  }

  /** Delimiters with nothing (or only a CR) before them. */
  public long emptyFrames() {
    return emptyFrames;
  }

  /** Frames longer than the limit, emitted truncated. */
  public long oversizeFrames() {
    return oversizeFrames;
  }

  /** Frames cut short by the connection closing. */
  public long partialFrames() {
    return partialFrames;
  }

  /** Bytes of oversize frames beyond the limit, not kept. */
  public long discardedBytes() {
    return discardedBytes;
  }

  /** Octet-count headers, delimiters and CRs before LF. */
  public long framingBytes() {
    return framingBytes;
  }
}
