package vn.soctinh.collector.net;

import vn.soctinh.collector.logging.RateLimitedLog;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import vn.soctinh.collector.metrics.ListenerMetrics;

/**
 * Refuses connections over the listener's total cap or its per-source-address cap, so that one
 * misbehaving agency cannot starve the others. First handler of every stream pipeline.
 */
@Sharable
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
  private static final AttributeKey<InetAddress> COUNTED = AttributeKey.valueOf("soctinh.limiter.counted");
  private static final System.Logger LOG = System.getLogger(ConnectionLimiter.class.getName());

  private final int maxTotal;
  private final int maxPerSource;
  private final ListenerMetrics metrics;
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<InetAddress, AtomicInteger> perSource = new ConcurrentHashMap<>();
  private final RateLimitedLog refusedLog = new RateLimitedLog(LOG, 10_000);

  public ConnectionLimiter(int maxTotal, int maxPerSource, ListenerMetrics metrics) {
    this.maxTotal = maxTotal;
    this.maxPerSource = maxPerSource;
    this.metrics = metrics;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    InetAddress addr = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
    if (total.incrementAndGet() > maxTotal) {
      total.decrementAndGet();
      refuse(ctx, "max_connections", addr);
      return;
    }
    AtomicInteger n = perSource.computeIfAbsent(addr, a -> new AtomicInteger());
    if (n.incrementAndGet() > maxPerSource) {
      n.decrementAndGet();
      total.decrementAndGet();
      refuse(ctx, "max_connections_per_source", addr);
      return;
    }
    ctx.channel().attr(COUNTED).set(addr);
    metrics.connectionOpened();
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    InetAddress addr = ctx.channel().attr(COUNTED).getAndSet(null);
    if (addr != null) {
      total.decrementAndGet();
      perSource.computeIfPresent(addr, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
      metrics.connectionClosed();
      super.channelInactive(ctx);
    }
  }

  private void refuse(ChannelHandlerContext ctx, String reason, InetAddress addr) {
    metrics.rejected(reason);
    refusedLog.warn(() -> metrics.listener() + ": refused a connection from " + addr.getHostAddress() + " (" + reason + ")");
    ctx.close();
  }

}
