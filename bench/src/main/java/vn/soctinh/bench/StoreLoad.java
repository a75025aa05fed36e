package vn.soctinh.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.HdrHistogram.Histogram;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.EventParser;
import vn.soctinh.analyzer.parse.ParseSettings;
import vn.soctinh.analyzer.parse.ParseStats;
import vn.soctinh.analyzer.parse.RawRecord;
import vn.soctinh.analyzer.parse.StandardParsers;
import vn.soctinh.analyzer.store.Aggregation;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.analyzer.store.SearchRequest;
import vn.soctinh.analyzer.store.elasticsearch.ElasticsearchEventStore;
import vn.soctinh.analyzer.store.elasticsearch.EsSettings;
import vn.soctinh.analyzer.store.lucene.LuceneEventStore;

/**
 * Load test of the embedded store: index N synthetic events (parsed from the Loghub templates in
 * analyzer's test resources, with varied addresses, users and times over 7 days, 12 agencies) in
 * batches with a commit each, as the pipeline does; then time queries (term, CIDR, time range + terms
 * aggregation, full text) and print p50/p95.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar vn.soctinh.bench.StoreLoad [EVENTS] [DIR | http://ES:9200]}: a
 * URL measures the Elasticsearch store instead (indices {@code bench-*}, dropped first).
 */
public final class StoreLoad {
  private StoreLoad() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Path dir = args.length > 1 && !args[1].startsWith("http") ? Path.of(args[1]) : Files.createTempDirectory("soctinh-storeload");
    List<String> templates = templates();
    Random rnd = new Random(42);
    EventParser parser = new EventParser(ParseSettings.defaults(), StandardParsers.registry(), null, new ParseStats(), Clock.systemUTC());
    // -Dstart=recent: the 7 days end now, so the console's "last hour" and "last 24 h" hold data (ConsolePageLoad)
    Instant start = "recent".equals(System.getProperty("start")) ? Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS).minus(Duration.ofDays(7))
        : Instant.parse("2026-11-17T00:00:00Z");
    int batch = 2000;
    long parseNanos = 0;
    long indexNanos = 0;
    // the first events warm the JIT up (C2 compiles for ~20 s on 2 cores); a server indexes for months
    int warmup = Integer.getInteger("warmup", n / 5);
    long steadyNanos = 0;
    // CPU of the whole process (indexing threads, merges, refresh, GC, parsing) after the warm-up:
    // on a shared, noisy machine it varies far less than the wall-clock rate
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpuAtWarmup = 0;
    long parseAtWarmup = 0;
    long lastCommit = System.nanoTime();
    boolean es = args.length > 1 && args[1].startsWith("http");
    if (Boolean.getBoolean("queries.only")) {
      // the store of an earlier run: only the query timings
      try (EventStore store = es ? ElasticsearchEventStore.openForReading(EsSettings.of(args[1]).withPrefix("bench"))
          : LuceneEventStore.openReadOnly(dir.resolve("store"))) {
        System.out.println("store " + store.stats());
        queries(store, start);
      }
      return;
    }
    if (es) {
      try (var old = ElasticsearchEventStore.openForReading(EsSettings.of(args[1]).withPrefix("bench"))) {
        old.deleteAll();
      }
    }
    try (EventStore store = es ? ElasticsearchEventStore.open(EsSettings.of(args[1]).withPrefix("bench").withReplicas(0))
        : LuceneEventStore.open(dir.resolve("store"))) {
      List<Event> events = new ArrayList<>(batch);
      for (int i = 0; i < n; i++) {
        String line = vary(templates.get(rnd.nextInt(templates.size())), rnd);
        Instant received = start.plusMillis((long) i * 7 * 86_400_000L / n);
        if (i == warmup) {
          cpuAtWarmup = os.getProcessCpuTime();
          parseAtWarmup = parseNanos;
        }
        long t0 = System.nanoTime();
        int id = i;
        parser.parse(RawRecord.ofInput(line.getBytes(StandardCharsets.UTF_8), received, "bench", "agency-" + (i % 12)), e -> {
          e.put("event.id", Integer.toString(id));
          e.put("@timestamp", received);
          events.add(e);
        });
        parseNanos += System.nanoTime() - t0;
        if (events.size() >= batch || i == n - 1) {
          long t1 = System.nanoTime();
          store.append(DocKind.EVENTS, events);
          // as the pipeline does: commit about once a second, and at the end
          if (System.nanoTime() - lastCommit > Long.getLong("commit.ms", 1000) * 1_000_000L || i == n - 1) {
            store.commit(Integer.toString(i + 1));
            lastCommit = System.nanoTime();
          }
          indexNanos += System.nanoTime() - t1;
          if (i >= warmup) steadyNanos += System.nanoTime() - t1;
          events.clear();
        }
      }
      store.refresh();
      System.out.printf("indexed %,d events: %.0f events/s into %s (batches of %d, commit every second), %.0f events/s after the first %,d;"
          + " parse %.0f events/s; store %s%n", n, n / (indexNanos / 1e9), es ? "Elasticsearch" : "Lucene", batch,
          (n - warmup) / (steadyNanos / 1e9), warmup, n / (parseNanos / 1e9), store.stats());
      if (!es) { // the cluster's CPU is in another process: the loader's own would say nothing
        double cpuMicros = (os.getProcessCpuTime() - cpuAtWarmup - (parseNanos - parseAtWarmup)) / 1e3 / (n - warmup);
        System.out.printf("after the warm-up: %.1f µs of CPU per stored event (all threads, parsing excluded), i.e. %.0f events/s on %d cores%n",
            cpuMicros, Runtime.getRuntime().availableProcessors() * 1e6 / cpuMicros, Runtime.getRuntime().availableProcessors());
      }
      if (!Boolean.parseBoolean(System.getProperty("queries", "true"))) return;
      queries(store, start);
    }
  }

  private static void queries(EventStore store, Instant start) throws Exception {
    {
      query(store, "term", SearchRequest.of(DocKind.EVENTS, "event.action:ssh_login AND event.outcome:failure AND user.name:root", 20));
      query(store, "cidr", SearchRequest.of(DocKind.EVENTS, "source.ip:203.0.113.0/24", 20));
      query(store, "range+terms", SearchRequest.of(DocKind.EVENTS, "", 0)
          .withRange(start.plus(Duration.ofDays(2)), start.plus(Duration.ofDays(3)))
          .withAggregations(List.of(new Aggregation.Terms("top", "source.ip", 10))));
      query(store, "full-text", SearchRequest.of(DocKind.EVENTS, "\"authentication failure\"", 20));
    }
  }

  private static void query(EventStore store, String name, SearchRequest r) throws Exception {
    Histogram h = new Histogram(3);
    long total = 0;
    for (int i = 0; i < 60; i++) {
      long t0 = System.nanoTime();
      total = store.search(r).total();
      if (i >= 10) h.recordValue((System.nanoTime() - t0) / 1000);
    }
    System.out.printf("query %-12s matches %,9d  p50 %7.1f ms  p95 %7.1f ms%n", name, total, h.getValueAtPercentile(50) / 1000.0,
        h.getValueAtPercentile(95) / 1000.0);
  }

  /** Loghub lines with their header; numbers and addresses varied so terms are not all the same. */
  private static List<String> templates() throws IOException {
    List<String> out = new ArrayList<>();
    for (String f : new String[] {"OpenSSH_2k.log", "Linux_2k.log", "Apache_2k.log"}) {
      Path p = Path.of("analyzer/src/test/resources/loghub/" + f);
      try (InputStream in = Files.newInputStream(p)) {
        out.addAll(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
      }
    }
    return out;
  }

  private static String vary(String line, Random rnd) {
    // Replace the last octet of IPv4 literals so that addresses spread over many /24s
    StringBuilder b = new StringBuilder(line.length());
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      b.append(c);
      i++;
      if (c == '.' && countDots(b) == 3 && i < line.length() && Character.isDigit(line.charAt(i)) && rnd.nextInt(3) == 0) {
        while (i < line.length() && Character.isDigit(line.charAt(i))) i++;
        b.append(rnd.nextInt(256));
      }
    }
    String s = b.toString();
    return rnd.nextInt(20) == 0 ? s.replace("from ", "from 203.0.113." + rnd.nextInt(256) + " x ") : s;
  }

  private static int countDots(StringBuilder b) {
    int dots = 0;
    for (int k = b.length() - 1; k >= 0 && b.length() - k < 16; k--) {
      char c = b.charAt(k);
      if (c == '.') dots++;
      else if (!Character.isDigit(c)) break;
    }
    return dots;
  }
}
