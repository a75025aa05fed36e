package vn.soctinh.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import vn.soctinh.collector.journal.RecordAppender;
import vn.soctinh.collector.journal.RecordBatch;
import vn.soctinh.collector.journal.Transport;
import vn.soctinh.collector.metrics.ListenerMetrics;
import vn.soctinh.collector.net.JournalAppendHandler;
import vn.soctinh.collector.net.SenderAttribution;
import vn.soctinh.collector.net.StreamSettings;
import vn.soctinh.collector.source.SourceEntry;
import vn.soctinh.collector.source.SourceTable;
import vn.soctinh.collector.syslog.SyslogFrameDecoder;

/**
 * The syslog TCP pipeline as {@code Collector} builds it, {@link SyslogFrameDecoder} then
 * {@link JournalAppendHandler}, with an appender that drops each batch and completes at once:
 * everything the collector does per message except the socket read and the journal write.
 * {@code readsPerLoop} is how many 64 KiB reads come before {@code channelReadComplete} (which
 * flushes the batch): 1 when the sender is slower than us, 16 (epoll's maxMessagesPerRead) when it
 * saturates the connection, so batches then grow to the handler's 1 MiB flush threshold.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PipelineBenchmark {
  @Param({"rfc3164-lf", "rfc5424-octet"})
  public String framing;

  @Param({"1", "16"})
  public int readsPerLoop;

  private byte[] stream;
  private EmbeddedChannel ch;
  private DiscardingAppender journal;

  @Setup(Level.Trial)
  public void setUp() {
    stream = switch (framing) {
      case "rfc3164-lf" -> SyslogCorpus.lfFramed(SyslogCorpus.rfc3164(SyslogCorpus.MESSAGES));
      case "rfc5424-octet" -> SyslogCorpus.octetCounted(SyslogCorpus.rfc5424(SyslogCorpus.MESSAGES));
      default -> throw new IllegalArgumentException(framing);
    };
    SourceTable sources = new SourceTable(List.of(
        new SourceEntry("so-tttt", "Sở Thông tin và Truyền thông", List.of("10.20.30.0/24"), List.of(), List.of())));
    SenderAttribution attribution = new SenderAttribution(() -> sources, "syslog_tcp", Transport.TCP);
    ListenerMetrics metrics = new ListenerMetrics(new SimpleMeterRegistry(), "syslog_tcp", "tcp");
    journal = new DiscardingAppender();
    ch = new TcpLikeChannel(
        new SyslogFrameDecoder(StreamSettings.DEFAULT_MAX_FRAME_BYTES),
        new JournalAppendHandler(journal, attribution, metrics, StreamSettings.DEFAULT_MAX_INFLIGHT_BYTES));
    run();
    if (journal.records != SyslogCorpus.MESSAGES) {
      throw new IllegalStateException("journal got " + journal.records + " records, expected " + SyslogCorpus.MESSAGES);
    }
    if (!ch.config().isAutoRead()) throw new IllegalStateException("handler paused the channel");
  }

  @Benchmark
  @OperationsPerInvocation(SyslogCorpus.MESSAGES)
  public long run() {
    SyslogCorpus.feed(ch, stream, readsPerLoop);
    return journal.records;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    ch.finishAndReleaseAll();
  }

  /** The journal minus the write: releases the batch, durable at once. */
  static final class DiscardingAppender implements RecordAppender {
    long records;
    long bytes;

    @Override
    public CompletableFuture<Long> append(RecordBatch batch) {
      long first = records;
      records += batch.count();
      bytes += batch.encodedBytes();
      batch.release();
      return CompletableFuture.completedFuture(first);
    }

    @Override
    public boolean accepting() {
      return true;
    }

    @Override
    public long pendingBytes() {
      return 0;
    }

    @Override
    public void whenWritable(Runnable r) {
      r.run();
    }
  }

  /** An EmbeddedChannel whose peer is an IP address, as JournalAppendHandler expects of a TCP channel. */
  static final class TcpLikeChannel extends EmbeddedChannel {
    private static final InetSocketAddress PEER = new InetSocketAddress("10.20.30.40", 51514);

    TcpLikeChannel(ChannelHandler... handlers) {
      super(handlers);
    }

    @Override
    protected SocketAddress remoteAddress0() {
      return PEER;
    }
  }
}
