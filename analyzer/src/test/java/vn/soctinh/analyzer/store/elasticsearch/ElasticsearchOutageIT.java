package vn.soctinh.analyzer.store.elasticsearch;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.detect.sigma.SigmaMapping;
import vn.soctinh.analyzer.detect.sigma.SigmaRules;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.EventParser;
import vn.soctinh.analyzer.parse.ParseSettings;
import vn.soctinh.analyzer.parse.ParseStats;
import vn.soctinh.analyzer.parse.StandardParsers;
import vn.soctinh.analyzer.pipeline.AnalyzerPipeline;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.SearchRequest;
import vn.soctinh.collector.journal.ConnectionMeta;
import vn.soctinh.collector.journal.Journal;
import vn.soctinh.collector.journal.JournalConfig;
import vn.soctinh.collector.journal.RecordBatch;
import vn.soctinh.collector.journal.Transport;

/**
 * The pipeline with Elasticsearch down (the test node killed with SIGKILL): a brute force in the
 * journal still raises its alert on the live stream, nothing is committed, and once the node is
 * back every event and the alert are stored, once.
 */
class ElasticsearchOutageIT {
  @TempDir Path dir;

  @Test
  void alertsFireOnTheStreamWhileTheClusterIsDownAndEverythingIsStoredWhenItReturns() throws Exception {
    String url = TestElasticsearch.url();
    Path root = Path.of("").toAbsolutePath().getParent();
    Path script = root.resolve("deploy/test-services/es-test-server.sh");
    vn.soctinh.collector.testing.RequiredTools.assume(Files.exists(script) && url.endsWith(":19200") && ElasticsearchCrashIT.hasPidFile(root),
        "needs the node that deploy/test-services/es-test-server.sh runs (this test kills it)");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    EsSettings s = EsSettings.of(url).withPrefix("outage" + ProcessHandle.current().pid()).withReplicas(0)
        .withStallTimeout(Duration.ofSeconds(5));
    SigmaMapping mapping = SigmaMapping.parse(Files.readString(root.resolve("rules/sigma-mapping.yml")), "mapping");
    try (ElasticsearchEventStore store = ElasticsearchEventStore.open(s);
        Journal j = Journal.open(JournalConfig.defaults(dir.resolve("journal")), registry)) {
      try {
        vn.soctinh.analyzer.detect.Detector detector = new vn.soctinh.analyzer.detect.Detector(
            SigmaRules.load(List.of(root.resolve("rules/sigma")), mapping, Map.of()), vn.soctinh.analyzer.detect.Detector.Settings.defaults(), null,
            vn.soctinh.analyzer.incident.Priority.defaults(), null, registry);
        vn.soctinh.analyzer.detect.AlertPublisher publisher = new vn.soctinh.analyzer.detect.AlertPublisher(
            alerts -> store.index(DocKind.ALERTS, alerts), registry);
        List<Event> stream = new CopyOnWriteArrayList<>();
        publisher.subscribeStream(stream::addAll);
        ElasticsearchCrashIT.run(root, script, "kill");
        try {
          RecordBatch b = new RecordBatch(ByteBufAllocator.DEFAULT, 1 << 16);
          ConnectionMeta meta = new ConnectionMeta(Transport.TCP, "syslog_tcp", new InetSocketAddress("10.1.2.3", 5000), "so-tttt", "", false);
          for (int i = 0; i < 12; i++) {
            String line = "<38>Nov 23 10:00:0" + (i % 10) + " web-01 sshd[1]: Failed password for root from 203.0.113.9 port " + (40000 + i) + " ssh2";
            b.add(meta, Instant.parse("2026-11-23T03:00:00Z").getEpochSecond() * 1_000_000_000L, 0, line.getBytes(UTF_8));
          }
          j.append(b).get();
          EventParser parser = new EventParser(ParseSettings.defaults(), StandardParsers.registry(), null, new ParseStats(), Clock.systemUTC());
          // one parser per consumer: each reads the journal on its own thread
          java.util.function.Supplier<vn.soctinh.analyzer.pipeline.ParseWorkers> workers = () -> new vn.soctinh.analyzer.pipeline.ParseWorkers(
              () -> new EventParser(ParseSettings.defaults(), StandardParsers.registry(), null, new ParseStats(), Clock.systemUTC()), List.of(), null, 1,
              registry);
          try (vn.soctinh.analyzer.pipeline.DetectionPipeline d = new vn.soctinh.analyzer.pipeline.DetectionPipeline(j, workers.get(), detector, publisher,
                  () -> store.flush(DocKind.ALERTS), dir.resolve("detection.state"), new vn.soctinh.analyzer.pipeline.DetectionPipeline.Settings(4, 10, 2000, 200),
                  registry).start();
              AnalyzerPipeline p = new AnalyzerPipeline(j, workers.get(), List.of(), store, new AnalyzerPipeline.Settings(4, 10, 2000, 200), registry)
              .start()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (stream.isEmpty() && System.nanoTime() < deadline) Thread.sleep(50);
            assertEquals("203.0.113.9", stream.isEmpty() ? null : stream.get(0).get("labels.group_source_ip"),
                "the alert reached the stream with the cluster down");
            assertEquals(0, p.committedOffset(), "nothing committed while the cluster is down");
            ElasticsearchCrashIT.run(root, script, "resume");
            deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (p.committedOffset() < 12 && System.nanoTime() < deadline) Thread.sleep(100);
            assertEquals(12, p.committedOffset(), "everything stored once the cluster returned");
            while (publisher.pendingCount() > 0 && System.nanoTime() < deadline) Thread.sleep(100);
            assertEquals(0, publisher.pendingCount(), "the alert raised during the outage was handed to the store");
          }
        } finally {
          if (!store.reachable()) ElasticsearchCrashIT.run(root, script, "resume");
        }
        store.refresh();
        assertEquals(12, store.search(SearchRequest.of(DocKind.EVENTS, "", 0)).total());
        var alerts = store.search(SearchRequest.of(DocKind.ALERTS, "", 10)).hits();
        assertEquals(1, alerts.size(), alerts.toString());
        assertTrue(registry.get("soctinh.errors").tag("stage", "store").counter().count() >= 1);
      } finally {
        store.deleteAll();
      }
    }
  }
}
