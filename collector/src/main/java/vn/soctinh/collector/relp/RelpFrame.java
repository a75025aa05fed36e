package vn.soctinh.collector.relp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import vn.soctinh.collector.journal.RecordFlags;

/**
 * One well-formed RELP frame: {@code TXNR SP COMMAND SP DATALEN [SP DATA] LF}. The data is
 * reference-counted: whoever receives the frame releases it.
 */
public final class RelpFrame extends DefaultByteBufHolder implements RelpInput {
  private final int txnr;
  private final String command;
  private final int flags;

  public RelpFrame(int txnr, String command, ByteBuf data, int flags) {
    super(data);
    this.txnr = txnr;
    this.command = command;
    this.flags = flags;
  }

  public int txnr() {
    return txnr;
  }

  /** The command, one of the {@code RelpHeaderParser} constants when it is a known one. */
  public String command() {
    return command;
  }

  /** {@link RecordFlags#TRUNCATED} when the data was longer than the decoder's limit, else 0. */
  public int flags() {
    return flags;
  }

  public boolean truncated() {
    return (flags & RecordFlags.TRUNCATED) != 0;
  }

  @Override
  public RelpFrame replace(ByteBuf content) {
    return new RelpFrame(txnr, command, content, flags);
  }

  @Override
  public RelpFrame retain() {
    super.retain();
    return this;
  }

  @Override
  public RelpFrame touch(Object hint) {
    super.touch(hint);
    return this;
  }

  @Override
  public String toString() {
    return "RelpFrame(" + txnr + " " + command + " " + content().readableBytes() + (flags == 0 ? "" : ", " + RecordFlags.describe(flags)) + ")";
  }
}
