package vn.soctinh.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;
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
import vn.soctinh.collector.journal.ConnectionMeta;
import vn.soctinh.collector.journal.RecordBatch;
import vn.soctinh.collector.journal.Transport;

/**
 * Encoding records into a {@link RecordBatch} (header, meta block, payload copy, CRC32C), as
 * {@code JournalAppendHandler} does with the allocator and initial capacity it uses: {@value
 * SyslogCorpus#MESSAGES} 200-byte payloads per invocation, each a slice of a pooled direct buffer
 * like the frames {@code SyslogFrameDecoder} emits, cut into batches of {@code perBatch}
 * records. 326 records is one 64 KiB socket read of 200-byte lines; 4000 records (about 1 MiB
 * encoded) is the handler's flush threshold, the batch size under sustained load.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RecordBatchBenchmark {
  @Param({"326", "4000"})
  public int perBatch;

  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
  private ConnectionMeta meta;
  private ByteBuf payloads;
  /** The payloads as the decoder hands them over: slices of the read buffer. */
  private ByteBuf[] frames;

  @Setup(Level.Trial)
  public void setUp() {
    meta = new ConnectionMeta(Transport.TCP, "syslog_tcp", new InetSocketAddress("10.20.30.40", 51514), "so-tttt", "", false);
    payloads = alloc.directBuffer(SyslogCorpus.MESSAGES * SyslogCorpus.MESSAGE_BYTES);
    for (byte[] m : SyslogCorpus.rfc3164(SyslogCorpus.MESSAGES)) payloads.writeBytes(m);
    frames = new ByteBuf[SyslogCorpus.MESSAGES];
    for (int i = 0; i < frames.length; i++) frames[i] = payloads.slice(i * SyslogCorpus.MESSAGE_BYTES, SyslogCorpus.MESSAGE_BYTES);
  }

  @Benchmark
  @OperationsPerInvocation(SyslogCorpus.MESSAGES)
  public long encode() {
    long encoded = 0;
    long now = System.nanoTime();
    RecordBatch batch = null;
    for (int i = 0; i < SyslogCorpus.MESSAGES; i++) {
      if (batch == null) batch = new RecordBatch(alloc, 64 * 1024);
      batch.add(meta, now, 0, frames[i]);
      if (batch.count() == perBatch) {
        encoded += batch.encodedBytes();
        batch.release();
        batch = null;
      }
    }
    if (batch != null) {
      encoded += batch.encodedBytes();
      batch.release();
    }
    return encoded;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    payloads.release();
  }
}
