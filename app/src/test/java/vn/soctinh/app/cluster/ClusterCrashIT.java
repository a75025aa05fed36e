package vn.soctinh.app.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.app.TestConfigs;
import vn.soctinh.app.TestStores;
import vn.soctinh.app.process.SocTinhProcess;
import vn.soctinh.collector.testing.Await;

/**
 * The failover a cluster is for: two `soctinh run` processes on the test Kafka cluster and one
 * Elasticsearch; one is SIGKILLed while it has lines copied and not yet finished. Once the group
 * notices (its session timeout), the other reads the dead node's partitions from their last commit:
 * every line sent is stored, each once (its id is its place in the cluster's journal).
 */
class ClusterCrashIT {
  @TempDir Path tmp;

  @Test
  void aNodeKilledMidWayHandsItsPartitionsOverAndNothingIsLostOrStoredTwice() throws Exception {
    String prefix = TestStores.uniquePrefix("crash-cluster");
    String topic = "crash-" + UUID.randomUUID();
    String group = "nodes-" + UUID.randomUUID();
    String nodeYaml = ClusterNodesTest.yaml(prefix, topic, group);
    Path ca = tmp.resolve("a.yml");
    Path cb = tmp.resolve("b.yml");
    Files.writeString(ca, TestConfigs.loopbackYaml(tmp.resolve("a"), nodeYaml));
    Files.writeString(cb, TestConfigs.loopbackYaml(tmp.resolve("b"), nodeYaml));
    try (EventStore es = TestStores.openEs(prefix);
        SocTinhProcess a = SocTinhProcess.start(ca, tmp.resolve("wa"));
        SocTinhProcess b = SocTinhProcess.start(cb, tmp.resolve("wb"))) {
      Await.until(Duration.ofSeconds(90), () -> ClusterNodesTest.settled(ClusterNodesTest.clusterStatus(ca), 2),
          "two nodes reading two partitions each");
      InetSocketAddress intoB = new InetSocketAddress("127.0.0.1", b.port("syslog_tcp"));
      ClusterNodesTest.send(intoB, 8, 1000, 1);
      // node a has begun: some of its events are stored, the rest (and its commits) still in its hands
      Await.until(Duration.ofSeconds(60), () -> ClusterNodesTest.total(es) > 0, "a first event stored");
      a.kill();
      ClusterNodesTest.send(intoB, 8, 500, 2);
      Await.until(Duration.ofSeconds(240), () -> ClusterNodesTest.total(es) == 12_000,
          () -> "stored " + ClusterNodesTest.total(es) + " of 12000\n" + b.logs());
      assertEquals(12_000, ClusterNodesTest.ids(es).size());
      Await.until(Duration.ofSeconds(60), () -> ClusterNodesTest.settled(ClusterNodesTest.clusterStatus(cb), 1),
          "the survivor reads all four partitions");
    } finally {
      TestStores.dropEs(prefix);
    }
  }
}
