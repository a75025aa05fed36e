package vn.soctinh.collector.syslog;

import io.netty.buffer.ByteBuf;

/** TEMPORARY placeholder until the framing branch lands. */
public final class SyslogFrame {
  private final ByteBuf content;
  private final int flags;

  public SyslogFrame(ByteBuf content, int flags) {
    this.content = content;
    this.flags = flags;
  }

  public ByteBuf content() {
    return content;
  }

  public int flags() {
    return flags;
  }

  public void release() {
    content.release();
  }
}
