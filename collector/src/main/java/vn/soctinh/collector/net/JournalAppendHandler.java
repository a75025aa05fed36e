package vn.soctinh.collector.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import vn.soctinh.collector.journal.ConnectionMeta;
import vn.soctinh.collector.journal.RecordAppender;
import vn.soctinh.collector.journal.RecordBatch;
import vn.soctinh.collector.journal.RecordFlags;
import vn.soctinh.collector.metrics.ListenerMetrics;
import vn.soctinh.collector.syslog.SyslogFrame;

/**
 * Last handler of a syslog stream pipeline: gathers the frames of one socket read into a
 * {@link RecordBatch} and hands it to the journal. It stops reading the socket while too many of
 * this connection's bytes are not yet in the journal, or while the journal is over its disk budget,
 * so a slow journal causes TCP backpressure instead of unbounded buffering.
 */
public final class JournalAppendHandler extends ChannelInboundHandlerAdapter {
  private static final int FLUSH_BYTES = 1024 * 1024;
  private static final System.Logger LOG = System.getLogger(JournalAppendHandler.class.getName());

  private final RecordAppender journal;
  private final SenderAttribution attribution;
  private final ListenerMetrics metrics;
  private final int maxInflightBytes;

  private ConnectionMeta meta;
  private ListenerMetrics.AgencyCounters counters;
  private RecordBatch batch;
  private long readNanos;
  private long inflightBytes;
  private boolean paused;

  public JournalAppendHandler(RecordAppender journal, SenderAttribution attribution, ListenerMetrics metrics, int maxInflightBytes) {
    this.journal = journal;
    this.attribution = attribution;
    this.metrics = metrics;
    this.maxInflightBytes = maxInflightBytes;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof SyslogFrame frame)) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      if (meta == null) {
        meta = attribution.metaFor((InetSocketAddress) ctx.channel().remoteAddress(), ctx.channel().attr(TlsPeerHandler.PEER).get());
        counters = metrics.received(meta.agency());
      }
      if (batch == null) {
        batch = new RecordBatch(ctx.alloc(), 64 * 1024);
        readNanos = Clocks.epochNanos();
      }
      int flags = frame.flags();
      if ((flags & RecordFlags.TRUNCATED) != 0) metrics.oversize();
      if ((flags & RecordFlags.PARTIAL) != 0) metrics.partial();
      batch.add(meta, readNanos, flags, frame.content());
    } finally {
      frame.release();
    }
    if (batch.encodedBytes() >= FLUSH_BYTES) flush(ctx);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    flush(ctx);
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    // the decoder emits a connection's partial last frame before this event reaches us
    flush(ctx);
    super.channelInactive(ctx);
  }

  private void flush(ChannelHandlerContext ctx) {
    RecordBatch b = batch;
    if (b == null) return;
    batch = null;
    if (b.isEmpty()) {
      b.release();
      return;
    }
    counters.add(b.count(), b.payloadBytes());
    long bytes = b.encodedBytes();
    inflightBytes += bytes;
    journal.append(b).whenComplete((offset, err) -> {
      if (err != null) LOG.log(System.Logger.Level.ERROR, metrics.listener() + ": journal append failed: " + err);
      ctx.executor().execute(() -> {
        inflightBytes -= bytes;
        maybeResume(ctx);
      });
    });
    if (inflightBytes > maxInflightBytes || !journal.accepting()) pause(ctx);
  }

  private void pause(ChannelHandlerContext ctx) {
    if (paused) return;
    paused = true;
    ctx.channel().config().setAutoRead(false);
    if (!journal.accepting()) journal.whenWritable(() -> ctx.executor().execute(() -> maybeResume(ctx)));
  }

  private void maybeResume(ChannelHandlerContext ctx) {
    if (!paused) return;
    if (inflightBytes > maxInflightBytes / 2) return; // a completing append will call again
    if (!journal.accepting()) {
      journal.whenWritable(() -> ctx.executor().execute(() -> maybeResume(ctx)));
      return;
    }
    paused = false;
    ctx.channel().config().setAutoRead(true);
    ctx.read();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (batch != null) {
      batch.release();
      batch = null;
    }
  }
}
