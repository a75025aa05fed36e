package vn.soctinh.bench;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import vn.soctinh.analyzer.decode.Rfc3164Decoder;
import vn.soctinh.analyzer.decode.Rfc5424Decoder;
import vn.soctinh.analyzer.event.Event;
import java.util.List;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.EventParser;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;
import vn.soctinh.analyzer.parse.ParserRegistry;
import vn.soctinh.analyzer.parse.ParseSettings;
import vn.soctinh.analyzer.parse.ParseStats;
import vn.soctinh.analyzer.parse.RawRecord;
import vn.soctinh.analyzer.parse.StandardParsers;

/**
 * Messages per second per core of the analyzer's first stages: the syslog decoders alone, and
 * the whole {@link EventParser} path (decode, ECS mapping, content parser) for the formats agencies
 * send most. Each invocation parses {@link #BATCH} messages, cycling through a corpus, so that a
 * result in ops/µs × 1e6 / 1 is messages per second; run with {@code -prof gc} for bytes per message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ParseBenchmark {
  static final int BATCH = 1000;
  private static final Instant RECEIVED = Instant.parse("2026-11-23T05:00:00Z");
  private static final ZoneId VN = vn.soctinh.analyzer.DisplayZone.DEFAULT;

  /**
   * decode-rfc5424 / decode-rfc3164: header decoder only. event-rfc5424 / event-rfc3164: the whole
   * path on the mixed 200-byte corpus of the collector benchmarks. sshd, auditd, eve: the whole path
   * on lines of that kind.
   */
  @Param({"regex-rfc5424", "decode-rfc5424", "decode-rfc3164", "ecs-rfc5424", "ecs-rfc3164", "event-rfc5424", "event-rfc3164", "sshd",
      "auditd", "eve"})
  public String kind;

  private static final java.util.regex.Pattern RFC5424_REGEX = java.util.regex.Pattern.compile(
      "<(\\d{1,3})>(\\d{1,2}) (\\S+) (\\S+) (\\S+) (\\S+) (\\S+) (-|(?:\\[.*?\\])+)(?: (.*))?", java.util.regex.Pattern.DOTALL);

  private byte[][] corpus;
  private RawRecord[] records;
  private EventParser parser;
  private final Rfc5424Decoder rfc5424 = new Rfc5424Decoder();
  private final Rfc3164Decoder rfc3164 = new Rfc3164Decoder();

  @Setup
  public void setup() {
    corpus = switch (kind) {
      case "regex-rfc5424", "decode-rfc5424", "ecs-rfc5424", "event-rfc5424" -> SyslogCorpus.rfc5424(BATCH);
      case "decode-rfc3164", "ecs-rfc3164", "event-rfc3164" -> SyslogCorpus.rfc3164(BATCH);
      case "sshd" -> lines(BATCH,
          "<38>Nov 23 10:00:%s web-01 sshd[2%s]: Failed password for invalid user admin from 203.0.113.%s port 5%s ssh2",
          "<38>Nov 23 10:00:%s web-01 sshd[2%s]: Accepted publickey for deploy from 10.10.1.%s port 5%s ssh2: ED25519 SHA256:abc",
          "<38>Nov 23 10:00:%s web-01 sshd[2%s]: Invalid user oracle from 198.51.100.%s port 4%s",
          "<38>Nov 23 10:00:%s web-01 sshd[2%s]: Connection closed by authenticating user root 203.0.113.%s port 6%s [preauth]");
      case "auditd" -> lines(BATCH,
          "type=SYSCALL msg=audit(1763866800.%s:2%s): arch=c000003e syscall=59 success=yes exit=0 a0=55d a1=55e a2=55f a3=0 items=2 ppid=1%s pid=2%s auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=3 comm=\"curl\" exe=\"/usr/bin/curl\" key=\"exec\"",
          "type=EXECVE msg=audit(1763866800.%s:2%s): argc=3 a0=\"curl\" a1=\"-o\" a2=2F746D702F78%s a3=\"%s\"");
      case "eve" -> lines(BATCH,
          "{\"timestamp\":\"2026-11-23T10:00:%s.123456+0700\",\"flow_id\":12%s,\"in_iface\":\"eth0\",\"event_type\":\"alert\",\"src_ip\":\"203.0.113.%s\",\"src_port\":5%s,\"dest_ip\":\"10.0.0.5\",\"dest_port\":80,\"proto\":\"TCP\",\"alert\":{\"action\":\"allowed\",\"gid\":1,\"signature_id\":2010935,\"rev\":3,\"signature\":\"ET SCAN Suspicious inbound to MSSQL port 1433\",\"category\":\"Potentially Bad Traffic\",\"severity\":2},\"app_proto\":\"http\"}");
      default -> throw new IllegalArgumentException(kind);
    };
    records = new RawRecord[corpus.length];
    for (int i = 0; i < corpus.length; i++) records[i] = RawRecord.ofInput(corpus[i], RECEIVED, "bench", "so-tttt");
    ParserRegistry registry = kind.startsWith("ecs-") ? new ParserRegistry(List.of(new HeaderOnly())) : StandardParsers.registry();
    parser = new EventParser(ParseSettings.defaults(), registry, null, new ParseStats(), Clock.systemUTC());
  }

  /**
   * ecs-*: the whole EventParser path (header decode, ECS mapping of header and collector facts,
   * bookkeeping) with a content parser that only labels the event, to separate "decode + ECS
   * mapping" from the cost of the real content parsers.
   */
  static final class HeaderOnly implements ContentParser {
    @Override
    public String name() {
      return "header-only";
    }

    @Override
    public boolean sniff(LogLine line) {
      return true;
    }

    @Override
    public ParseOutcome parse(LogLine line, Event e) {
      e.put("event.dataset", "syslog");
      e.put("event.action", "syslog_message");
      return ParseOutcome.RECOGNISED;
    }
  }

  /** n lines from templates, the four %s filled with varying numbers. */
  private static byte[][] lines(int n, String... templates) {
    byte[][] out = new byte[n][];
    for (int i = 0; i < n; i++) {
      String t = templates[i % templates.length];
      String s = t.replaceFirst("%s", two(i % 60)).replaceFirst("%s", String.valueOf(1000 + i)).replaceFirst("%s", String.valueOf(1 + i % 250))
          .replaceFirst("%s", String.valueOf(1000 + i % 9000));
      out[i] = s.getBytes(StandardCharsets.UTF_8);
    }
    return out;
  }

  private static String two(int v) {
    return v < 10 ? "0" + v : String.valueOf(v);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void parse(Blackhole bh) {
    switch (kind) {
      case "regex-rfc5424" -> {
        // The baseline: how a header decoder is commonly written, one regex match per message.
        for (byte[] m : corpus) {
          java.util.regex.Matcher x = RFC5424_REGEX.matcher(new String(m, StandardCharsets.UTF_8));
          if (x.matches()) {
            bh.consume(x.group(1));
            bh.consume(java.time.OffsetDateTime.parse(x.group(3)));
            bh.consume(x.group(4));
            bh.consume(x.group(5));
            bh.consume(x.group(6));
            bh.consume(x.group(9));
          }
        }
      }
      case "decode-rfc5424" -> {
        for (byte[] m : corpus) bh.consume(rfc5424.decode(m, 0, m.length));
      }
      case "decode-rfc3164" -> {
        for (byte[] m : corpus) bh.consume(rfc3164.decode(m, 0, m.length, VN, RECEIVED));
      }
      default -> {
        Consumer<Event> sink = bh::consume;
        for (RawRecord r : records) parser.parse(r, sink);
      }
    }
  }
}
