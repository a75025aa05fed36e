package vn.soctinh.collector.relp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.EventExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import vn.soctinh.collector.journal.ConnectionMeta;
import vn.soctinh.collector.journal.RecordAppender;
import vn.soctinh.collector.journal.RecordBatch;

/**
 * The server side of one RELP session: {@code open}, {@code syslog}, {@code close}. Follows
 * {@link RelpFrameDecoder} in the pipeline.
 *
 * <p>Messages read in one socket read go to the journal as one {@link RecordBatch}. A message's
 * {@code 200 OK} is written only once the journal says its batch is durable: that is the point of
 * RELP, and this class must never acknowledge earlier. Responses go out in the order the commands
 * came in (txnr order). Reading stops while the journal is not accepting or while more than
 * {@code maxInflightBytes} are appended but not yet durable.
 *
 * <p>It never parses log content. One instance per connection; all state is touched on the
 * channel's event loop only (journal completions hop back to it).
 */
public final class RelpSessionHandler extends ChannelInboundHandlerAdapter {
  private static final System.Logger LOG = System.getLogger(RelpSessionHandler.class.getName());
  static final String SOFTWARE = "soctinh-collector," + version() + ",https://github.com/soctinh";
  static final String OPEN_OK = "200 OK\nrelp_version=0\nrelp_software=" + SOFTWARE + "\ncommands=" + RelpHeaderParser.SYSLOG;
  private static final int BATCH_INITIAL_BYTES = 16 * 1024;

  private final RecordAppender appender;
  private final ConnectionMeta meta;
  private final int maxInflightBytes;
  private final RelpSessionListener listener;

  private ChannelHandlerContext ctx;
  private boolean open;
  /** A close, serverclose or invalid frame is queued: read and accept nothing more. */
  private boolean closing;
  private boolean waitingForAppender;
  private RecordBatch batch;
  private AckGroup group;
  private final ArrayDeque<Reply> replies = new ArrayDeque<>();
  private long inflightBytes;

  private long messages;
  private long bytes;
  private long acked;
  private long failed;
  private long errors;

  public RelpSessionHandler(RecordAppender appender, ConnectionMeta meta, int maxInflightBytes, RelpSessionListener listener) {
    this.appender = appender;
    this.meta = meta;
    this.maxInflightBytes = maxInflightBytes;
    this.listener = listener == null ? RelpSessionListener.NONE : listener;
  }

  /** A response waiting for its turn. */
  private abstract static class Reply {
    boolean ready;
  }

  /** The {@code syslog} commands of one batch: answered together when the journal is done. */
  private static final class AckGroup extends Reply {
    int[] txnrs = new int[32];
    int count;
    long bytes;
    Throwable failure;

    void add(int txnr) {
      if (count == txnrs.length) {
        txnrs = Arrays.copyOf(txnrs, count * 2);
      }
      txnrs[count++] = txnr;
    }
  }

  /** A response that needs nothing from the journal. */
  private static final class Immediate extends Reply {
    final int txnr;
    final String data;
    final boolean serverclose;
    final boolean closeAfter;

    Immediate(int txnr, String data, boolean serverclose, boolean closeAfter) {
      this.txnr = txnr;
      this.data = data;
      this.serverclose = serverclose;
      this.closeAfter = closeAfter;
      this.ready = true;
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof RelpFrame frame) {
      try {
        onFrame(frame);
      } finally {
        frame.release();
      }
    } else if (msg instanceof RelpInvalid invalid) {
      onInvalid(invalid);
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  private void onFrame(RelpFrame f) {
    if (closing) {
      return; // the client sent more after close (or we are ending the session): not answered
    }
    switch (f.command()) {
      case RelpHeaderParser.SYSLOG -> {
        if (open) {
          addSyslog(f);
        } else {
          reject(f.txnr(), "session not open: send open first");
        }
      }
      case RelpHeaderParser.OPEN -> onOpen(f);
      case RelpHeaderParser.CLOSE -> {
        closing = true;
        ctx.channel().config().setAutoRead(false);
        queue(new Immediate(f.txnr(), "", false, true));
      }
      default -> reject(f.txnr(), "command not supported: " + f.command());
    }
  }

  private void onOpen(RelpFrame f) {
    if (open) {
      reject(f.txnr(), "protocol error: connection already open");
      return;
    }
    String offers = f.content().toString(StandardCharsets.US_ASCII);
    if (!clientOffersSyslog(offers)) {
      reject(f.txnr(), "required command not supported by client");
      return;
    }
    open = true;
    queue(new Immediate(f.txnr(), OPEN_OK, false, false));
  }

  /** True unless the client lists its commands and syslog is not among them. */
  static boolean clientOffersSyslog(String offers) {
    for (String line : offers.split("\n")) {
      if (line.startsWith("commands=")) {
        return Arrays.asList(line.substring("commands=".length()).split(",")).contains(RelpHeaderParser.SYSLOG);
      }
    }
    return true;
  }

  private void addSyslog(RelpFrame f) {
    if (batch == null) {
      batch = new RecordBatch(ctx.alloc(), BATCH_INITIAL_BYTES);
      group = new AckGroup();
      replies.add(group);
    }
    ByteBuf data = f.content();
    int n = data.readableBytes();
    batch.add(meta, nowNanos(), f.flags(), data);
    group.add(f.txnr());
    group.bytes += n;
    messages++;
    bytes += n;
  }

  private void onInvalid(RelpInvalid invalid) {
    errors++;
    listener.protocolError(invalid.reason());
    LOG.log(System.Logger.Level.WARNING, "RELP session from {0} ended: {1}", meta.peer(), invalid.reason());
    if (closing) {
      return;
    }
    closing = true;
    ctx.channel().config().setAutoRead(false);
    endBatch();
    if (invalid.txnrKnown()) {
      replies.add(new Immediate(invalid.txnr(), RelpReplies.error(invalid.reason()), false, false));
    }
    replies.add(new Immediate(0, null, true, true));
    drain();
  }

  private void reject(int txnr, String reason) {
    errors++;
    listener.protocolError(reason);
    queue(new Immediate(txnr, RelpReplies.error(reason), false, false));
  }

  private void queue(Immediate reply) {
    endBatch(); // keep responses in command order
    replies.add(reply);
    drain();
  }

  /**
   * Ends the session from the server side (collector shutdown): stops reading, answers what the
   * journal completes, then sends {@code serverclose} and closes. Any thread.
   */
  public void serverClose() {
    EventExecutor ex = ctx.executor();
    if (ex.inEventLoop()) {
      doServerClose();
    } else {
      ex.execute(this::doServerClose);
    }
  }

  private void doServerClose() {
    if (closing || !ctx.channel().isActive()) {
      return;
    }
    closing = true;
    ctx.channel().config().setAutoRead(false);
    endBatch();
    replies.add(new Immediate(0, null, true, true));
    drain();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    endBatch();
    checkBackpressure();
    ctx.fireChannelReadComplete();
  }

  /** Hands the batch being built to the journal. */
  private void endBatch() {
    if (batch == null) {
      return;
    }
    RecordBatch b = batch;
    AckGroup g = group;
    batch = null;
    group = null;
    inflightBytes += g.bytes;
    listener.received(g.count, g.bytes);
    CompletableFuture<Long> done;
    try {
      done = appender.append(b);
    } catch (RuntimeException e) {
      done = CompletableFuture.failedFuture(e);
    }
    EventExecutor ex = ctx.executor();
    done.whenComplete((offset, err) -> {
      try {
        ex.execute(() -> appended(g, err));
      } catch (RejectedExecutionException e) {
        // event loop shut down: the connection is gone, nobody to answer
      }
    });
  }

  private void appended(AckGroup g, Throwable err) {
    inflightBytes -= g.bytes;
    g.failure = err;
    g.ready = true;
    drain();
    maybeResume();
  }

  /** Writes every response at the head of the queue whose answer is known. */
  private void drain() {
    if (!ctx.channel().isActive()) {
      replies.clear();
      return;
    }
    boolean wrote = false;
    for (Reply head; (head = replies.peek()) != null && head.ready; ) {
      replies.poll();
      if (head instanceof AckGroup g) {
        ctx.write(encodeAcks(g));
      } else {
        Immediate im = (Immediate) head;
        ByteBuf out = ctx.alloc().buffer(im.serverclose ? RelpReplies.SERVERCLOSE.length : 32 + (im.data.length()));
        if (im.serverclose) {
          out.writeBytes(RelpReplies.SERVERCLOSE);
        } else {
          RelpReplies.writeRsp(out, im.txnr, im.data);
        }
        if (im.closeAfter) {
          replies.clear();
          ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
          return;
        }
        ctx.write(out);
      }
      wrote = true;
    }
    if (wrote) {
      ctx.flush();
      // a client that does not read its acks: stop reading its frames until it does, so it cannot
      // make the server hold more answers than the outbound buffer's high-water mark
      if (!ctx.channel().isWritable()) ctx.channel().config().setAutoRead(false);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    maybeResume();
    ctx.fireChannelWritabilityChanged();
  }

  private ByteBuf encodeAcks(AckGroup g) {
    if (g.failure == null) {
      ByteBuf out = ctx.alloc().buffer(g.count * 24);
      for (int i = 0; i < g.count; i++) {
        RelpReplies.writeOk(out, g.txnrs[i]);
      }
      acked += g.count;
      listener.acked(g.count);
      return out;
    }
    String text = RelpReplies.error("journal append failed: " + reason(g.failure));
    ByteBuf out = ctx.alloc().buffer(g.count * (24 + text.length()));
    for (int i = 0; i < g.count; i++) {
      RelpReplies.writeRsp(out, g.txnrs[i], text);
    }
    failed += g.count;
    listener.appendFailed(g.count, g.failure);
    return out;
  }

  private static String reason(Throwable t) {
    Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    String m = c.getMessage();
    return m == null || m.isBlank() ? c.getClass().getSimpleName() : m.replace('\n', ' ');
  }

  private void checkBackpressure() {
    if (closing) {
      return;
    }
    boolean accepting = appender.accepting();
    if (!accepting || inflightBytes > maxInflightBytes || !ctx.channel().isWritable()) {
      ctx.channel().config().setAutoRead(false);
      if (!accepting && !waitingForAppender) {
        waitingForAppender = true;
        EventExecutor ex = ctx.executor();
        appender.whenWritable(() -> {
          try {
            ex.execute(() -> {
              waitingForAppender = false;
              maybeResume();
            });
          } catch (RejectedExecutionException e) {
            // event loop shut down
          }
        });
      }
    }
  }

  private void maybeResume() {
    if (closing || !ctx.channel().isActive()) {
      return;
    }
    if (appender.accepting() && inflightBytes <= maxInflightBytes && ctx.channel().isWritable()) {
      if (!ctx.channel().config().isAutoRead()) {
        ctx.channel().config().setAutoRead(true);
      }
    } else {
      checkBackpressure();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    endBatch(); // received bytes are kept even though they can no longer be acknowledged
    replies.clear();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    errors++;
    LOG.log(System.Logger.Level.DEBUG, "RELP session from {0} failed: {1}", meta.peer(), cause.toString());
    ctx.close();
  }

  private static long nowNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private static String version() {
    String v = RelpSessionHandler.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** Whether {@code open} succeeded. */
  public boolean isOpen() {
    return open;
  }

  /** Syslog messages received on this connection. */
  public long messages() {
    return messages;
  }

  /** Payload bytes of those messages. */
  public long bytes() {
    return bytes;
  }

  /** Messages answered {@code 200 OK}. */
  public long acked() {
    return acked;
  }

  /** Messages answered {@code 500} because the journal failed. */
  public long failed() {
    return failed;
  }

  /** Bad commands, invalid frames and channel exceptions. */
  public long errors() {
    return errors;
  }

  /** Payload bytes handed to the journal and not yet durable. */
  public long inflightBytes() {
    return inflightBytes;
  }
}
