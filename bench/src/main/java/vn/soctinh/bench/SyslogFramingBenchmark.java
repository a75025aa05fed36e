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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import vn.soctinh.collector.net.StreamSettings;
import vn.soctinh.collector.syslog.SyslogFrameDecoder;

/**
 * {@link SyslogFrameDecoder} alone: {@value SyslogCorpus#MESSAGES} messages of 200 bytes per
 * invocation, arriving in 64 KiB reads; the frames are counted and released by a sink. Scores are
 * per message ({@code @OperationsPerInvocation}); {@code gc.alloc.rate.norm} is bytes per message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SyslogFramingBenchmark {
  /** rfc3164-lf: RFC 3164 lines ending in LF; rfc5424-octet: RFC 5424 octet-counted frames. */
  @Param({"rfc3164-lf", "rfc5424-octet"})
  public String framing;

  private byte[] stream;
  private EmbeddedChannel ch;
  private SyslogCorpus.Sink sink;

  @Setup(Level.Trial)
  public void setUp() {
    stream = switch (framing) {
      case "rfc3164-lf" -> SyslogCorpus.lfFramed(SyslogCorpus.rfc3164(SyslogCorpus.MESSAGES));
      case "rfc5424-octet" -> SyslogCorpus.octetCounted(SyslogCorpus.rfc5424(SyslogCorpus.MESSAGES));
      default -> throw new IllegalArgumentException(framing);
    };
    sink = new SyslogCorpus.Sink();
    ch = new EmbeddedChannel(new SyslogFrameDecoder(StreamSettings.DEFAULT_MAX_FRAME_BYTES), sink);
    decode(); // a wrong frame count fails the run instead of measuring the wrong thing
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
