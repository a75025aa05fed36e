package vn.soctinh.collector.net;

import vn.soctinh.collector.logging.RateLimitedLog;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import vn.soctinh.collector.journal.ConnectionMeta;
import vn.soctinh.collector.journal.RecordAppender;
import vn.soctinh.collector.journal.RecordBatch;
import vn.soctinh.collector.journal.RecordFlags;
import vn.soctinh.collector.metrics.ListenerMetrics;
import vn.soctinh.collector.metrics.Metrics;

/**
 * One journal record per datagram, its bytes exactly as received (no framing, no trimming: the
 * same listener takes syslog text and binary NetFlow/IPFIX) with the sender's address. UDP cannot
 * push back, so when the journal is over its budget the datagrams are dropped and counted per
 * agency, loudly; the kernel's own drops for this socket are exported too.
 */
public final class UdpListener implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(UdpListener.class.getName());
  /** Datagrams taken per wake-up of the event loop (Netty's default is 16). */
  private static final int MAX_DATAGRAMS_PER_READ = 128;
  /**
   * A batch is handed to the journal once it holds this much, or {@link #LINGER_MICROS} after its
   * first datagram: one batch per read loop would mean one journal write (and fsync) per handful
   * of datagrams.
   */
  private static final int FLUSH_BYTES = 256 * 1024;
  private static final long LINGER_MICROS = 2000;

  private final UdpSettings settings;
  private final EventLoops loops;
  private final RecordAppender journal;
  private final SenderAttribution attribution;
  private final ListenerMetrics metrics;
  private final long maxPendingBytes;
  private Channel channel;
  private int boundPort;

  public UdpListener(UdpSettings settings, EventLoops loops, RecordAppender journal, SenderAttribution attribution,
      ListenerMetrics metrics, long maxPendingBytes) {
    this.settings = settings;
    this.loops = loops;
    this.journal = journal;
    this.attribution = attribution;
    this.metrics = metrics;
    this.maxPendingBytes = maxPendingBytes;
  }

  public InetSocketAddress start() throws InterruptedException, java.io.IOException {
    Bootstrap b = new Bootstrap()
        .group(loops.workers())
        .channel(loops.datagramChannel())
        .option(ChannelOption.SO_RCVBUF, settings.rcvbufBytes())
        // one byte more than the limit tells us a datagram was longer than the limit
        .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(Math.min(65536, settings.maxMessageBytes() + 1))
            .maxMessagesPerRead(MAX_DATAGRAMS_PER_READ))
        .handler(new DatagramHandler());
    channel = BindFailure.bind(b.bind(settings.listen()), settings.name(), "udp", settings.listen());
    InetSocketAddress bound = (InetSocketAddress) channel.localAddress();
    boundPort = bound.getPort();
    Metrics.UDP_KERNEL_DROPS.gauge(metrics.registry(), this, l -> UdpKernelDrops.forPort(l.boundPort), "listener", settings.name());
    Metrics.UDP_RCVBUF_BYTES.gauge(metrics.registry(), channel, c -> c.config().getOption(ChannelOption.SO_RCVBUF),
        "listener", settings.name());
    return bound;
  }

  public int grantedReceiveBuffer() {
    return channel.config().getOption(ChannelOption.SO_RCVBUF);
  }


  @Override
  public void close() {
    if (channel != null) channel.close().syncUninterruptibly();
  }

  private final class DatagramHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private final Map<InetSocketAddress, ConnectionMeta> senders = new HashMap<>();
    private final RateLimitedLog dropLog = new RateLimitedLog(LOG, 10_000);
    private RecordBatch batch;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
      ConnectionMeta meta = metaFor(p.sender());
      ByteBuf content = p.content();
      int len = content.readableBytes();
      if (!journal.accepting() || journal.pendingBytes() > maxPendingBytes) {
        String reason = journal.accepting() ? "journal_busy" : "journal_full";
        metrics.dropped(meta.agency(), reason, 1);
        dropLog.warn(() -> settings.name() + ": DROPPING UDP messages (" + reason + "): the journal cannot take more; see soctinh_dropped_messages_total");
        return;
      }
      int flags = 0;
      if (len > settings.maxMessageBytes()) {
        flags |= RecordFlags.TRUNCATED;
        len = settings.maxMessageBytes();
        metrics.oversize();
      }
      if (batch == null) {
        batch = new RecordBatch(ctx.alloc(), 64 * 1024);
        ctx.executor().schedule(this::flush, LINGER_MICROS, java.util.concurrent.TimeUnit.MICROSECONDS);
      }
      // receive time per datagram: a batch may span milliseconds
      batch.add(meta, Clocks.epochNanos(), flags, content, content.readerIndex(), len);
      metrics.received(meta.agency()).add(1, len);
      if (batch.encodedBytes() >= FLUSH_BYTES) flush();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      // flushed by size or by the linger timer scheduled with the batch's first datagram
    }

    private void flush() {
      RecordBatch b = batch;
      batch = null;
      if (b == null) return;
      if (b.isEmpty()) {
        b.release();
        return;
      }
      journal.append(b).whenComplete((o, err) -> {
        if (err != null) LOG.log(System.Logger.Level.ERROR, settings.name() + ": journal append failed: " + err);
      });
    }

    private ConnectionMeta metaFor(InetSocketAddress sender) {
      ConnectionMeta m = senders.get(sender);
      if (m == null) {
        if (senders.size() >= 65536) senders.clear(); // bound the cache; re-attributing is cheap
        m = attribution.metaFor(sender, null);
        senders.put(sender, m);
      }
      return m;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
      flush(); // the channel is closing: what was received still goes to the journal
    }
  }
}
