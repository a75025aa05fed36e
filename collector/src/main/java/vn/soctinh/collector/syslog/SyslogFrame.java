package vn.soctinh.collector.syslog;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import vn.soctinh.collector.journal.RecordFlags;

/**
 * One syslog frame as found on a stream: its raw bytes (without the delimiter or octet count) and
 * {@link RecordFlags} describing how it was framed. Reference-counted: whoever receives it
 * releases it.
 */
public final class SyslogFrame extends DefaultByteBufHolder {
  private final int flags;

  public SyslogFrame(ByteBuf content, int flags) {
    super(content);
    this.flags = flags;
  }

  /** {@link RecordFlags#TRUNCATED}, {@link RecordFlags#PARTIAL}, {@link RecordFlags#OCTET_COUNTED}. */
  public int flags() {
    return flags;
  }

  public boolean truncated() {
    return (flags & RecordFlags.TRUNCATED) != 0;
  }

  public boolean partial() {
    return (flags & RecordFlags.PARTIAL) != 0;
  }

  public boolean octetCounted() {
    return (flags & RecordFlags.OCTET_COUNTED) != 0;
  }

  @Override
  public SyslogFrame replace(ByteBuf content) {
    return new SyslogFrame(content, flags);
  }

  @Override
  public SyslogFrame retain() {
    super.retain();
    return this;
  }

  @Override
  public SyslogFrame retain(int increment) {
    super.retain(increment);
    return this;
  }

  @Override
  public SyslogFrame touch() {
    super.touch();
    return this;
  }

  @Override
  public SyslogFrame touch(Object hint) {
    super.touch(hint);
    return this;
  }

  @Override
  public String toString() {
    return "SyslogFrame(" + content().readableBytes() + " bytes" + (flags == 0 ? "" : ", " + RecordFlags.describe(flags)) + ")";
  }
}
