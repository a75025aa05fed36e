package vn.soctinh.collector.relp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import java.net.InetSocketAddress;
import vn.soctinh.collector.journal.ConnectionMeta;
import vn.soctinh.collector.journal.RecordAppender;
import vn.soctinh.collector.metrics.ListenerMetrics;
import vn.soctinh.collector.net.SenderAttribution;
import vn.soctinh.collector.net.StreamListener;
import vn.soctinh.collector.net.TlsPeerHandler;

/**
 * The RELP listener's handlers: frame decoder, then the session, which answers {@code 200 OK} only
 * after the journal has the message durably. The session is created on the first frame, when the
 * sender (and, over TLS, its certificate) is known.
 */
public final class RelpProtocol implements StreamListener.Protocol {
  private final RecordAppender journal;
  private final SenderAttribution attribution;
  private final ListenerMetrics metrics;
  private final int maxFrameBytes;
  private final int maxInflightBytes;

  public RelpProtocol(RecordAppender journal, SenderAttribution attribution, ListenerMetrics metrics, int maxFrameBytes, int maxInflightBytes) {
    this.journal = journal;
    this.attribution = attribution;
    this.metrics = metrics;
    this.maxFrameBytes = maxFrameBytes;
    this.maxInflightBytes = maxInflightBytes;
  }

  @Override
  public void addHandlers(ChannelPipeline p) {
    p.addLast("relp-framing", new RelpFrameDecoder(maxFrameBytes));
    p.addLast("relp-session", new SessionStarter());
  }

  /** Tells the peer we are going (after the acks still due), as RELP's serverclose intends. */
  @Override
  public void beforeClose(io.netty.channel.Channel channel) {
    RelpSessionHandler session = channel.pipeline().get(RelpSessionHandler.class);
    if (session != null) session.serverClose();
  }

  /** Replaces itself with a {@link RelpSessionHandler} for this sender on the first frame. */
  private final class SessionStarter extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ConnectionMeta meta = attribution.metaFor((InetSocketAddress) ctx.channel().remoteAddress(), ctx.channel().attr(TlsPeerHandler.PEER).get());
      ListenerMetrics.AgencyCounters counters = metrics.received(meta.agency());
      RelpSessionListener listener = new RelpSessionListener() {
        @Override
        public void received(int messages, long bytes) {
          counters.add(messages, bytes);
        }

        @Override
        public void protocolError(String reason) {
          metrics.protocolError(reason);
        }

        @Override
        public void appendFailed(int messages, Throwable cause) {
          metrics.protocolError("journal_failed");
        }
      };
      ctx.pipeline().addAfter(ctx.name(), "relp-session-active", new RelpSessionHandler(journal, meta, maxInflightBytes, listener));
      ctx.fireChannelRead(msg);
      ctx.pipeline().remove(this);
    }
  }
}
