package vn.soctinh.collector.net;

import vn.soctinh.collector.logging.RateLimitedLog;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import javax.net.ssl.SSLException;
import vn.soctinh.collector.metrics.ListenerMetrics;

/**
 * Tail of every stream pipeline: an exception on a connection (a failed TLS handshake, a reset)
 * closes that connection with one rate-limited log line and a counted reason. Peers cause these at
 * will, so they never produce stack traces.
 */
@Sharable
public final class ConnectionErrorHandler extends ChannelInboundHandlerAdapter {
  private static final System.Logger LOG = System.getLogger(ConnectionErrorHandler.class.getName());
  private final ListenerMetrics metrics;
  private final RateLimitedLog log = new RateLimitedLog(LOG, 10_000);

  public ConnectionErrorHandler(ListenerMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    String reason = c instanceof SSLException ? "tls_error" : c instanceof java.io.IOException ? "io_error" : "error";
    metrics.closedOnError(reason);
    log.warn(() -> metrics.listener() + ": closing " + ctx.channel().remoteAddress() + " (" + reason + "): " + c.getMessage());
    ctx.close();
  }
}
