package vn.soctinh.app.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.analyzer.store.SearchRequest;
import vn.soctinh.analyzer.store.SearchResult;
import vn.soctinh.app.SocTinh;
import vn.soctinh.app.TestConfigs;
import vn.soctinh.app.TestStores;
import vn.soctinh.app.cli.Main;
import vn.soctinh.collector.testing.Await;
import vn.soctinh.collector.testing.TestKafka;

/**
 * Two SOC Tỉnh nodes of one cluster (journal.kind: kafka on the three-broker test cluster, one
 * Elasticsearch store): lines sent to one node are analysed by both, each stored once under its
 * origin; when a node stops, the other takes all the partitions and nothing is lost.
 */
class ClusterNodesTest {
  @TempDir Path tmp;

  static String yaml(String prefix, String topic, String group) {
    return TestStores.analyzerYaml("elasticsearch", prefix)
        + "journal:\n  kind: kafka\n  kafka:\n    bootstrap: [" + String.join(", ", TestKafka.bootstrap()) + "]\n"
        + "    topic: " + topic + "\n    partitions: 4\n    group: " + group + "\n"
        + "detection: { enabled: false }\nincidents: { enabled: false }\n";
  }

  /**
   * Loopback senders whose addresses Kafka's partitioner puts two to each of four partitions (it
   * hashes the key, the sender's address: 127.0.0.2 to .9 would all land in partitions 0 and 1).
   */
  private static final int[] SENDERS = {2, 4, 10, 11, 13, 15, 18, 24};

  /** {@code count} lines from each of the first {@code senders} of {@link #SENDERS}: the cluster journal keys by sender. */
  static void send(InetSocketAddress to, int senders, int count, int round) throws Exception {
    for (int s = 0; s < senders; s++) {
      try (Socket sock = new Socket()) {
        sock.bind(new InetSocketAddress(InetAddress.getByName("127.0.0." + SENDERS[s]), 0));
        sock.connect(to, 10_000);
        OutputStream out = sock.getOutputStream();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
          b.append("<13>Dec  7 10:00:00 host-").append(s).append(" app: round=").append(round).append(" seq=").append(i).append('\n');
        }
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    }
  }

  static Set<String> ids(EventStore es) throws Exception {
    es.refresh();
    Set<String> ids = new HashSet<>();
    SearchRequest req = SearchRequest.of(DocKind.EVENTS, "", 1000).withSort("@timestamp", false);
    SearchResult page = es.search(req);
    while (true) {
      for (Event e : page.hits()) ids.add(e.getString("event.id"));
      if (page.nextCursor() == null) break;
      page = es.search(req.after(page.nextCursor()));
    }
    return ids;
  }

  static long total(EventStore es) {
    try {
      es.refresh();
      return es.search(SearchRequest.of(DocKind.EVENTS, "", 1)).total();
    } catch (Exception e) {
      return -1;
    }
  }

  /** {@code soctinh cluster status --json}, as an operator runs it. */
  static JsonObject clusterStatus(Path config) {
    StringWriter out = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(new StringWriter()));
    int code = cl.execute("cluster", "status", "-c", config.toString(), "--json");
    JsonObject r = new JsonObject(out.toString());
    assertEquals(r.getBoolean("ok") ? 0 : 1, code, out.toString());
    return r;
  }

  /** The group done rebalancing: {@code nodes} nodes, each reading partitions, all four read. */
  static boolean settled(JsonObject status, int nodes) {
    Set<Object> read = new HashSet<>();
    for (Object n : status.getJsonArray("nodes")) {
      List<?> mine = ((JsonObject) n).getJsonArray("partitions").getList();
      if (mine.isEmpty()) return false;
      read.addAll(mine);
    }
    return status.getJsonArray("nodes").size() == nodes && read.equals(Set.of(0, 1, 2, 3))
        && "STABLE".equalsIgnoreCase(status.getJsonObject("journal").getString("group_state"));
  }

  @Test
  void twoNodesShareThePartitionsAndOneTakesAllWhenTheOtherStops() throws Exception {
    String prefix = TestStores.uniquePrefix("cluster");
    String topic = "cluster-" + UUID.randomUUID();
    String group = "nodes-" + UUID.randomUUID();
    try (EventStore es = TestStores.openEs(prefix)) {
      SocTinh a = SocTinh.start(TestConfigs.loopback(tmp.resolve("a"), yaml(prefix, topic, group)));
      try (SocTinh b = SocTinh.start(TestConfigs.loopback(tmp.resolve("b"), yaml(prefix, topic, group)))) {
        try {
          // soctinh cluster status, as an operator runs it: both nodes in the group before anything is sent
          Path config = tmp.resolve("soctinh.yml");
          Files.writeString(config, TestConfigs.loopbackYaml(tmp.resolve("cli"), yaml(prefix, topic, group)));
          Await.until(Duration.ofSeconds(60), () -> settled(clusterStatus(config), 2), "two nodes reading two partitions each, the group stable");
          send(a.address("syslog_tcp"), 8, 200, 1);
          Await.until(Duration.ofSeconds(120), () -> total(es) == 1600, () -> "stored " + total(es) + " of 1600");
          // both nodes did a share of the work (four partitions, eight senders)
          assertTrue(a.clusterIngest().copied() > 0 && b.clusterIngest().copied() > 0,
              "copied: a " + a.clusterIngest().copied() + ", b " + b.clusterIngest().copied());
          Await.until(Duration.ofSeconds(60), () -> clusterStatus(config).getJsonObject("journal").getLong("lag") == 0, "no backlog");
          JsonObject st = clusterStatus(config);
          JsonObject j = st.getJsonObject("journal");
          assertEquals(3, j.getJsonArray("brokers").size(), st.encodePrettily());
          assertEquals(4, j.getJsonArray("partitions").size(), st.encodePrettily());
          assertEquals(2, st.getJsonArray("nodes").size(), st.encodePrettily());
          assertEquals(0, j.getInteger("unread_partitions"));
          assertEquals("green", st.getJsonObject("elasticsearch").getString("status"), st.encodePrettily());
          assertTrue(st.getBoolean("ok"), st.encodePrettily());
        } finally {
          a.close();
        }
        // node a gone: b now reads every partition; lines sent to b's listener arrive too
        send(b.address("syslog_tcp"), 8, 50, 2);
        Await.until(Duration.ofSeconds(120), () -> total(es) == 2000, () -> "stored " + total(es) + " of 2000");
        Set<String> ids = ids(es);
        assertEquals(2000, ids.size());
        for (String id : ids) assertTrue(id.matches("k[0-3]\\.\\d+"), "an event named by its place in the cluster journal: " + id);
      }
    } finally {
      TestStores.dropEs(prefix);
    }
  }
}
