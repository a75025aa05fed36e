package vn.soctinh.collector.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.io.IOException;
import java.net.InetSocketAddress;

/** Turns a failed bind into a message an operator can act on: which listener, which address, what to change. */
final class BindFailure {
  private BindFailure() {}

  static Channel bind(ChannelFuture f, String listener, String protocol, InetSocketAddress address) throws InterruptedException, IOException {
    f.await();
    if (f.isSuccess()) return f.channel();
    Throwable c = f.cause();
    throw new IOException("cannot listen on " + protocol + " " + address.getHostString() + ":" + address.getPort() + " for " + listener
        + ": " + c.getMessage() + " (another soctinh or syslog daemon running? change listeners." + listener + ".listen)", c);
  }
}
