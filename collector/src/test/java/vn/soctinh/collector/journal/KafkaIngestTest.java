package vn.soctinh.collector.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.collector.testing.Await;
import vn.soctinh.collector.testing.TestKafka;

/**
 * A node's copy of its partitions on a real three-broker cluster: every record arrives in the local
 * journal with its sender and its origin; the cluster hears "done" only for what the local
 * consumers committed; and a node that stops hands over exactly what it had not finished, which the
 * next node copies again under the same origins.
 */
class KafkaIngestTest {
  private static final ConnectionMeta SENDER =
      new ConnectionMeta(Transport.RELP, "relp", new InetSocketAddress("10.1.0.7", 40001), "so-tai-chinh", "", false);

  private static void send(KafkaAppender k, int from, int count) throws Exception {
    RecordBatch b = new RecordBatch(ByteBufAllocator.DEFAULT, 1024);
    for (int i = from; i < from + count; i++) b.add(SENDER, 1_000_000_000L * i, 0, ("line " + i).getBytes(StandardCharsets.UTF_8));
    k.append(b).get(60, TimeUnit.SECONDS);
  }

  /** Every record of {@code j} from 0: payload → origin. */
  private static Map<String, String> readLocal(Journal j) throws Exception {
    Map<String, String> out = new HashMap<>();
    try (JournalReader r = j.reader(0)) {
      for (JournalRecord rec = r.next(); rec != null; rec = r.next()) {
        assertEquals("so-tai-chinh", rec.meta().agency());
        assertEquals(SENDER.peer(), rec.meta().peer());
        out.put(new String(rec.payload(), StandardCharsets.UTF_8), rec.meta().origin());
      }
    }
    return out;
  }

  private static long committedInCluster(KafkaSettings s, String group) throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", s.bootstrap()));
    try (Admin a = Admin.create(p)) {
      Map<TopicPartition, OffsetAndMetadata> m = a.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
      return m.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
    }
  }

  @Test
  void aNodeCopiesItsPartitionsAndCommitsOnlyWhatItsConsumersFinished(@TempDir Path dir) throws Exception {
    String group = "group-" + UUID.randomUUID();
    KafkaSettings s = new KafkaSettings(TestKafka.bootstrap(), "ingest-" + UUID.randomUUID(), 4, (short) 3, 2,
        KafkaSettings.DEFAULT_MAX_PENDING_BYTES, 60_000, group);
    try (KafkaAppender k = KafkaAppender.open(s, "collector")) {
      send(k, 0, 500);
    }
    Map<String, String> first;
    try (Journal node1 = Journal.open(JournalConfig.defaults(dir.resolve("node1")), null)) {
      JournalConsumer analyzer = node1.registerConsumer("store");
      try (KafkaIngest ingest = KafkaIngest.start(s, node1, "node1")) {
        Await.until(Duration.ofSeconds(60), () -> ingest.copied() == 500, () -> "copied " + ingest.copied());
        // copied, durable here, but nothing finished: the cluster is told nothing
        assertEquals(0, committedInCluster(s, group));
        first = readLocal(node1);
        assertEquals(500, first.size());
        for (Map.Entry<String, String> e : first.entrySet()) assertTrue(e.getValue().matches("k[0-3]\\.\\d+"), e.toString());
        // the store finishes the first 300 records of this node's journal
        analyzer.commit(300);
        Await.until(Duration.ofSeconds(30), () -> {
          try {
            return committedInCluster(s, group) == 300;
          } catch (Exception e) {
            return false;
          }
        }, "300 committed in the cluster");
      }
    }
    // node 1 is gone; node 2 joins the group and gets exactly the 200 records node 1 had not finished
    try (Journal node2 = Journal.open(JournalConfig.defaults(dir.resolve("node2")), null)) {
      node2.registerConsumer("store");
      try (KafkaIngest ingest = KafkaIngest.start(s, node2, "node2")) {
        Await.until(Duration.ofSeconds(60), () -> ingest.copied() == 200, () -> "copied " + ingest.copied());
        Map<String, String> second = readLocal(node2);
        assertEquals(200, second.size());
        List<String> unfinished = new ArrayList<>();
        try (JournalReader r = Journal.openReadOnly(dir.resolve("node1")).reader(300)) {
          for (JournalRecord rec = r.next(); rec != null; rec = r.next()) unfinished.add(new String(rec.payload(), StandardCharsets.UTF_8));
        }
        assertEquals(unfinished.size(), second.size());
        // the same records under the same origins: their events get the same ids on the new node
        for (String line : unfinished) assertEquals(first.get(line), second.get(line), line);
      }
    }
  }
}
