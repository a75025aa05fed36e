package vn.soctinh.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import vn.soctinh.analyzer.detect.sigma.SigmaEngine;
import vn.soctinh.analyzer.detect.sigma.SigmaMapping;
import vn.soctinh.analyzer.detect.sigma.SigmaRules;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.EventParser;
import vn.soctinh.analyzer.parse.ParseSettings;
import vn.soctinh.analyzer.parse.ParseStats;
import vn.soctinh.analyzer.parse.RawRecord;
import vn.soctinh.analyzer.parse.StandardParsers;

/**
 * Sigma detection throughput on one core: events (parsed from the Loghub OpenSSH, Linux and Apache
 * samples) through the engine with {@code rules} rules: the shipped pack plus generated variants of
 * it (other values, so that they mostly do not match, as most rules do not match most events).
 * Result: events per second. Run from the repository root.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class DetectionBenchmark {
  @Param({"100", "500", "2000"})
  public int rules;

  /** Threat-intelligence indicators looked up before the rules (IPs and /24 networks). */
  @Param({"0", "1000000"})
  public int indicators;

  private vn.soctinh.analyzer.detect.ioc.IocMatcher ioc;

  private Event[] events;
  private SigmaEngine engine;
  private int next;
  private Path dir;

  @Setup
  public void setup() throws IOException {
    Path root = Path.of("rules/sigma");
    SigmaMapping mapping = SigmaMapping.parse(Files.readString(Path.of("rules/sigma-mapping.yml")), "rules/sigma-mapping.yml");
    List<Path> shipped;
    try (var s = Files.walk(root)) {
      shipped = s.filter(p -> p.toString().endsWith(".yml") && !p.getFileName().toString().startsWith("corr_")).sorted().toList();
    }
    dir = Files.createTempDirectory("soctinh-detect-bench");
    int n = 0;
    Random rnd = new Random(7);
    while (n < rules) {
      for (Path p : shipped) {
        if (n >= rules) break;
        String text = Files.readString(p);
        // a variant: its own id and name, other literal values in its detection
        String variant = text.replaceAll("(?m)^id: .*$", "id: bench-" + n).replaceAll("(?m)^name: .*$", "name: bench_" + n)
            .replaceAll("(?m)^tests:[\\s\\S]*", "");
        if (n >= shipped.size()) variant = variant.replaceAll("'([A-Za-z%/._-]{3,})'", "'$1" + rnd.nextInt(1000) + "'");
        Files.writeString(dir.resolve("r" + n + ".yml"), variant);
        n++;
      }
    }
    SigmaRules loaded = SigmaRules.load(List.of(dir), mapping, Map.of());
    if (loaded.report().loaded() < rules * 0.95) throw new IllegalStateException("rules did not load: " + loaded.report().failed());
    engine = new SigmaEngine(loaded, Duration.ofMinutes(1), 100_000);
    EventParser parser = new EventParser(ParseSettings.defaults(), StandardParsers.registry(), null, new ParseStats(), Clock.systemUTC());
    List<Event> out = new ArrayList<>();
    for (String f : new String[] {"OpenSSH_2k.log", "Linux_2k.log", "Apache_2k.log"}) {
      for (String line : Files.readAllLines(Path.of("analyzer/src/test/resources/loghub/" + f), StandardCharsets.UTF_8)) {
        parser.parse(RawRecord.ofInput(line.getBytes(StandardCharsets.UTF_8), Instant.parse("2026-11-23T03:00:00Z"), "bench", "so-bench"),
            out::add);
      }
    }
    events = out.toArray(new Event[0]);
    vn.soctinh.analyzer.detect.ioc.Indicators ind = new vn.soctinh.analyzer.detect.ioc.Indicators();
    for (int i = 0; i < indicators; i++) {
      String ip = (11 + (i >> 24 & 63)) + "." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
      if (i % 10 == 0) ind.add("cidr", ip.substring(0, ip.lastIndexOf('.')) + ".0/24", "bench", "bench", i);
      else ind.add("ip", ip, "bench", "bench", i);
    }
    ioc = new vn.soctinh.analyzer.detect.ioc.IocMatcher(ind);
  }

  @TearDown
  public void cleanup() throws IOException {
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  public int detect() {
    Event e = events[next];
    next = next + 1 == events.length ? 0 : next + 1;
    return ioc.match(e).size() + engine.process(e).size();
  }
}
