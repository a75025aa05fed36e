package vn.soctinh.collector.net;

import vn.soctinh.collector.logging.RateLimitedLog;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import vn.soctinh.collector.metrics.ListenerMetrics;

/**
 * A TCP listener (syslog over TCP or TLS, RELP). Its pipeline reads top-down: connection caps →
 * TLS? → peer identity → idle timeout → the protocol's handlers (frame decoder, then the journal
 * writer). A new protocol supplies its handlers; it is not an {@code if} in here.
 */
public final class StreamListener implements AutoCloseable {
  /** Adds a protocol's handlers (after TLS and the idle timeout) to a new connection's pipeline. */
  @FunctionalInterface
  public interface Protocol {
    void addHandlers(ChannelPipeline pipeline);

    /** Called on each open connection before the listener closes it at shutdown (e.g. RELP serverclose). */
    default void beforeClose(Channel channel) {}
  }

  private static final System.Logger LOG = System.getLogger(StreamListener.class.getName());

  private final StreamSettings settings;
  private final EventLoops loops;
  private final SslContext ssl;
  private final SenderAttribution attribution;
  private final ListenerMetrics metrics;
  private final Protocol protocol;
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final RateLimitedLog tlsLog = new RateLimitedLog(LOG, 10_000);
  private final ActivityTracker activity = new ActivityTracker();
  private Channel server;

  public StreamListener(StreamSettings settings, EventLoops loops, SslContext ssl, SenderAttribution attribution,
      ListenerMetrics metrics, Protocol protocol) {
    this.settings = settings;
    this.loops = loops;
    this.ssl = ssl;
    this.attribution = attribution;
    this.metrics = metrics;
    this.protocol = protocol;
  }

  /** Binds and returns the address actually bound (port 0 picks one). */
  public InetSocketAddress start() throws InterruptedException, java.io.IOException {
    ConnectionLimiter limiter = new ConnectionLimiter(settings.maxConnections(), settings.maxConnectionsPerSource(), metrics);
    ConnectionErrorHandler errors = new ConnectionErrorHandler(metrics);
    ServerBootstrap b = new ServerBootstrap()
        .group(loops.boss(), loops.workers())
        .channel(loops.serverChannel())
        .option(ChannelOption.SO_BACKLOG, 1024)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.SO_KEEPALIVE, true)
        // bigger reads under load: fewer syscalls and larger journal batches (grows from 64 KiB as needed)
        .childOption(ChannelOption.RCVBUF_ALLOCATOR, new io.netty.channel.AdaptiveRecvByteBufAllocator(512, 64 * 1024, 1024 * 1024))
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            connections.add(ch);
            ChannelPipeline p = ch.pipeline();
            p.addLast("limits", limiter);
            p.addLast("activity", activity);
            if (ssl != null) {
              SslHandler h = ssl.newHandler(ch.alloc());
              h.setHandshakeTimeout(settings.tls().handshakeTimeoutSecs(), TimeUnit.SECONDS);
              p.addLast("tls", h);
              p.addLast("tls-peer", new TlsPeerHandler(attribution, settings.tls().requireKnownClient(), metrics, tlsLog));
            }
            p.addLast("idle", new IdleCloseHandler(settings.idleTimeoutSecs()));
            protocol.addHandlers(p);
            p.addLast("errors", errors);
          }
        });
    server = BindFailure.bind(b.bind(settings.listen()), settings.name(), "tcp", settings.listen());
    return (InetSocketAddress) server.localAddress();
  }

  /** Stops accepting new connections; open ones go on. */
  public void stopAccepting() {
    if (server != null) server.close().syncUninterruptibly();
  }

  /**
   * Shutdown without losing what senders already wrote: after {@link #stopAccepting()}, keep reading
   * until every connection has closed or none has delivered anything for {@code quietMillis}
   * (bytes the kernel already acknowledged to a plain-TCP sender exist nowhere else), at most
   * {@code maxMillis}; then let the protocol say goodbye and close.
   */
  public void drainAndClose(long quietMillis, long maxMillis) {
    stopAccepting();
    long start = System.nanoTime();
    long end = start + maxMillis * 1_000_000L;
    // at least one quiet period from now: a connection may have data waiting for its next read event.
    // A connection paused by backpressure is not quiet: its sender's bytes wait in the socket buffer.
    // After it resumes, it gets a whole quiet period to deliver them.
    long lastPaused = start;
    while (!connections.isEmpty() && System.nanoTime() < end) {
      long now = System.nanoTime();
      if (anyPaused()) lastPaused = now;
      boolean quiet = (now - start) / 1_000_000L >= quietMillis && activity.millisSinceLastRead() >= quietMillis
          && (now - lastPaused) / 1_000_000L >= quietMillis;
      if (quiet) break;
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (Channel ch : connections) protocol.beforeClose(ch);
    close();
  }

  private boolean anyPaused() {
    for (Channel ch : connections) if (ch.isActive() && !ch.config().isAutoRead()) return true;
    return false;
  }

  @Override
  public void close() {
    stopAccepting();
    connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  /** Remembers when any connection of this listener last delivered bytes. */
  @io.netty.channel.ChannelHandler.Sharable
  static final class ActivityTracker extends io.netty.channel.ChannelInboundHandlerAdapter {
    private volatile long lastReadNanos = System.nanoTime();

    @Override
    public void channelReadComplete(io.netty.channel.ChannelHandlerContext ctx) {
      lastReadNanos = System.nanoTime();
      ctx.fireChannelReadComplete();
    }

    long millisSinceLastRead() {
      return (System.nanoTime() - lastReadNanos) / 1_000_000L;
    }
  }


  /** Closes a connection that sent nothing for the configured time. */
  static final class IdleCloseHandler extends IdleStateHandler {
    IdleCloseHandler(int idleSecs) {
      super(idleSecs, 0, 0, TimeUnit.SECONDS);
    }

    /** Whether a check found the connection paused since the last check that found it reading. */
    private boolean pausedSinceLastCheck;

    @Override
    protected void channelIdle(io.netty.channel.ChannelHandlerContext ctx, io.netty.handler.timeout.IdleStateEvent evt) {
      // a connection we paused ourselves (backpressure) is not idle
      if (!ctx.channel().config().isAutoRead()) {
        pausedSinceLastCheck = true;
        return;
      }
      // resumed since the last check: its last read is from before the pause, so a check that comes
      // before the first read after the resume would close a busy sender; it gets one more period
      if (pausedSinceLastCheck) {
        pausedSinceLastCheck = false;
        return;
      }
      ctx.close();
    }
  }
}
