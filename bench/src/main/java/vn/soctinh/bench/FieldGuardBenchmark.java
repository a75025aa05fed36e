package vn.soctinh.bench;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.EventParser;
import vn.soctinh.analyzer.parse.ParseSettings;
import vn.soctinh.analyzer.parse.ParseStats;
import vn.soctinh.analyzer.parse.RawRecord;
import vn.soctinh.analyzer.parse.StandardParsers;
import vn.soctinh.analyzer.store.FieldGuard;
import vn.soctinh.analyzer.store.FieldType;

/**
 * Nanoseconds per event of {@link FieldGuard#check} on events as the pipeline hands them to the
 * store (parsed by the real {@link EventParser}, with event.id and log.offset). sshd, eve, winlog:
 * clean events, the scan only (must stay well under a microsecond and allocate nothing: run with
 * {@code -prof gc}). poison: the poison JSON line, a copy of the event repaired each time; copy:
 * the cost of that copy alone, to subtract.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class FieldGuardBenchmark {
  static final int BATCH = 1000;
  private static final Instant RECEIVED = Instant.parse("2026-11-23T05:00:00Z");

  @Param({"sshd", "eve", "winlog", "poison", "copy"})
  public String kind;

  private Event[] events;
  private FieldGuard guard;

  @Setup
  public void setup() {
    guard = new FieldGuard(FieldType.Mapping.ecs(), FieldGuard.Limits.DEFAULTS, FieldGuard.Counters.NONE);
    List<String> lines = switch (kind) {
      case "sshd" -> List.of(
          "<38>Nov 23 10:00:%d web-01 sshd[2%d]: Failed password for invalid user admin from 203.0.113.%d port 5%d ssh2",
          "<38>Nov 23 10:00:%d web-01 sshd[2%d]: Accepted publickey for deploy from 10.10.1.%d port 5%d ssh2: ED25519 SHA256:abc");
      case "eve" -> List.of("{\"timestamp\":\"2026-11-23T10:00:%d.123456+0700\",\"flow_id\":12%d,\"in_iface\":\"eth0\",\"event_type\":\"alert\","
          + "\"src_ip\":\"203.0.113.%d\",\"src_port\":5%d,\"dest_ip\":\"10.0.0.5\",\"dest_port\":80,\"proto\":\"TCP\",\"alert\":{\"action\":\"allowed\","
          + "\"gid\":1,\"signature_id\":2010935,\"rev\":3,\"signature\":\"ET SCAN Suspicious inbound to MSSQL port 1433\","
          + "\"category\":\"Potentially Bad Traffic\",\"severity\":2},\"app_proto\":\"http\"}");
      case "poison", "copy" -> List.of("{\"source\":{\"port\":[1,\"x\"]},\"message\":\"poison\",\"n\":%d,\"m\":%d,\"o\":%d,\"p\":%d}");
      default -> List.of("<38>Nov 23 10:00:%d web-01 sshd[2%d]: Failed password for root from 203.0.113.%d port 5%d ssh2");
    };
    EventParser parser = new EventParser(ParseSettings.defaults(), StandardParsers.registry(), null, new ParseStats(), Clock.systemUTC());
    List<Event> out = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      String line = String.format(lines.get(i % lines.size()), 10 + i % 50, 1000 + i, 1 + i % 250, 1000 + i % 9000);
      long offset = i;
      parser.parse(RawRecord.ofInput(line.getBytes(StandardCharsets.UTF_8), RECEIVED, "bench", "so-tttt"), e -> {
        e.put("event.id", Long.toString(offset)).put("log.offset", offset);
        if (kind.equals("winlog")) e.put("winlog.event_data", eventData(offset));
        out.add(e);
      });
    }
    events = out.toArray(new Event[0]);
    boolean dirty = kind.equals("poison") || kind.equals("copy");
    for (Event e : events) {
      if (guard.check(e.copy()) != dirty) throw new IllegalStateException(kind + ": expected " + (dirty ? "dirty" : "clean") + " events: " + e);
    }
  }

  /** The data of a Windows logon event, as the Windows parser keeps it. */
  private static Map<String, Object> eventData(long i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("SubjectUserSid", "S-1-5-18");
    m.put("SubjectUserName", "WS-" + i + "$");
    m.put("SubjectDomainName", "SOTTTT");
    m.put("SubjectLogonId", "0x3e7");
    m.put("TargetUserSid", "S-1-0-0");
    m.put("TargetUserName", "administrator");
    m.put("TargetDomainName", "SOTTTT");
    m.put("Status", "0xc000006d");
    m.put("FailureReason", "%%2313");
    m.put("SubStatus", "0xc000006a");
    m.put("LogonType", "3");
    m.put("LogonProcessName", "NtLmSsp ");
    m.put("AuthenticationPackageName", "NTLM");
    m.put("WorkstationName", "ATTACKER");
    m.put("TransmittedServices", "-");
    m.put("LmPackageName", "-");
    m.put("KeyLength", "0");
    m.put("ProcessId", "0x0");
    m.put("ProcessName", "-");
    m.put("IpAddress", "203.0.113." + (i % 250));
    m.put("IpPort", "0");
    return m;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void check(Blackhole bh) {
    switch (kind) {
      case "poison" -> {
        for (Event e : events) bh.consume(guard.check(e.copy()));
      }
      case "copy" -> {
        for (Event e : events) bh.consume(e.copy());
      }
      default -> {
        for (Event e : events) bh.consume(guard.check(e));
      }
    }
  }
}
