package vn.soctinh.bench;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import vn.soctinh.collector.net.StreamSettings;
import vn.soctinh.collector.relp.RelpFrameDecoder;

/**
 * {@link RelpFrameDecoder} alone on {@code TXNR syslog 200 DATA LF} frames (RFC 5424 data), in
 * 64 KiB reads; the frames are counted and released by a sink. Scores are per frame.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RelpFramingBenchmark {
  private byte[] stream;
  private EmbeddedChannel ch;
  private SyslogCorpus.Sink sink;

  @Setup(Level.Trial)
  public void setUp() {
    stream = SyslogCorpus.relp(SyslogCorpus.rfc5424(SyslogCorpus.MESSAGES));
    sink = new SyslogCorpus.Sink();
    ch = new EmbeddedChannel(new RelpFrameDecoder(StreamSettings.DEFAULT_MAX_FRAME_BYTES), sink);
    decode();
    sink.expect(SyslogCorpus.MESSAGES, (long) SyslogCorpus.MESSAGES * SyslogCorpus.MESSAGE_BYTES);
  }

  @Benchmark
  @OperationsPerInvocation(SyslogCorpus.MESSAGES)
  public long decode() {
    SyslogCorpus.feed(ch, stream, 1);
    return sink.messages;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    ch.finishAndReleaseAll();
  }
}
