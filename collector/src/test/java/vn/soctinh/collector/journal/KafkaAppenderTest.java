package vn.soctinh.collector.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import vn.soctinh.collector.testing.TestKafka;

/**
 * The cluster's journal on a real three-broker cluster (KRaft, loopback): what a collector appends
 * reads back as the embedded journal's records (sender, agency, flags, bytes), one sender's records
 * in order in one partition; a broker that dies during a stream loses and duplicates nothing; and
 * with two of three brokers gone nothing is acknowledged.
 */
class KafkaAppenderTest {
  private static final ConnectionMeta AGENCY_A =
      new ConnectionMeta(Transport.RELP, "relp", new InetSocketAddress("10.1.0.7", 40001), "so-tai-chinh", "", false);
  private static final ConnectionMeta AGENCY_B =
      new ConnectionMeta(Transport.TCP, "syslog_tcp", new InetSocketAddress("10.2.0.9", 51000), "ubnd-xa-a", "", false);

  private static KafkaSettings settings(List<String> bootstrap, int deliveryTimeoutMs) {
    return new KafkaSettings(bootstrap, "test-" + UUID.randomUUID(), 6, (short) 3, 2, KafkaSettings.DEFAULT_MAX_PENDING_BYTES, deliveryTimeoutMs, KafkaSettings.DEFAULT_GROUP);
  }

  private static RecordBatch batch(int from, int count) {
    RecordBatch b = new RecordBatch(ByteBufAllocator.DEFAULT, 1024);
    for (int i = from; i < from + count; i++) {
      boolean a = i % 3 != 0;
      b.add(a ? AGENCY_A : AGENCY_B, 1_000_000_000L * i, a ? 0 : RecordFlags.TRUNCATED, ("line " + i).getBytes(StandardCharsets.UTF_8));
    }
    return b;
  }

  /** Every record of the topic, decoded, by partition in offset order. */
  private static Map<Integer, List<JournalRecord>> readAll(KafkaSettings s, int expected) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", s.bootstrap()));
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<Integer, List<JournalRecord>> out = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = new ArrayList<>();
      for (PartitionInfo i : c.partitionsFor(s.topic())) parts.add(new TopicPartition(s.topic(), i.partition()));
      c.assign(parts);
      c.seekToBeginning(parts);
      int n = 0;
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (n < expected && System.nanoTime() < until) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
          assertArrayEquals(KafkaAppender.FORMAT_1, r.headers().lastHeader(KafkaAppender.FORMAT_HEADER).value());
          out.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(JournalRecord.decode(r.offset(), ByteBuffer.wrap(r.value())));
          n++;
        }
      }
      // nothing beyond what was expected (a duplicate would show here)
      for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofSeconds(1))) {
        out.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(JournalRecord.decode(r.offset(), ByteBuffer.wrap(r.value())));
      }
    }
    return out;
  }

  private static int seq(JournalRecord r) {
    return Integer.parseInt(new String(r.payload(), StandardCharsets.UTF_8).substring("line ".length()));
  }

  @Test
  void appendedRecordsReadBackWithTheirSenderAndEachSendersOrder() throws Exception {
    KafkaSettings s = settings(TestKafka.bootstrap(), 60_000);
    try (KafkaAppender k = KafkaAppender.open(s, "test")) {
      List<CompletableFuture<Long>> acks = new ArrayList<>();
      for (int i = 0; i < 10; i++) acks.add(k.append(batch(i * 100, 100)));
      for (CompletableFuture<Long> a : acks) assertTrue(a.get(60, TimeUnit.SECONDS) >= 0);
      assertEquals(0, k.pendingBytes(), "every acknowledged byte is settled");
    }
    Map<Integer, List<JournalRecord>> got = readAll(s, 1000);
    assertEquals(1000, got.values().stream().mapToInt(List::size).sum());
    Map<String, Integer> partitionOf = new HashMap<>();
    for (Map.Entry<Integer, List<JournalRecord>> e : got.entrySet()) {
      Map<String, Integer> lastOf = new HashMap<>();
      for (JournalRecord r : e.getValue()) {
        int i = seq(r);
        ConnectionMeta want = i % 3 != 0 ? AGENCY_A : AGENCY_B;
        assertEquals(want.agency(), r.meta().agency());
        assertEquals(want.peer(), r.meta().peer());
        assertEquals(want.transport(), r.transport());
        assertEquals(want.listener(), r.meta().listener());
        assertEquals(i % 3 != 0 ? 0 : RecordFlags.TRUNCATED, r.flags());
        assertEquals(1_000_000_000L * i, r.receivedAtNanos());
        // one sender, one partition, in the order sent
        assertEquals(e.getKey(), partitionOf.computeIfAbsent(r.meta().agency(), a -> e.getKey()), r.meta().agency() + " in two partitions");
        Integer last = lastOf.put(r.meta().agency(), i);
        assertTrue(last == null || i > last, r.meta().agency() + " out of order: " + i + " after " + last);
      }
    }
  }

  @Test
  void aBrokerKilledDuringAStreamLosesAndDuplicatesNothing() throws Exception {
    KafkaSettings s = settings(TestKafka.bootstrap(), 120_000);
    try (KafkaAppender k = KafkaAppender.open(s, "test-kill")) {
      List<CompletableFuture<Long>> acks = new ArrayList<>();
      try {
        for (int i = 0; i < 40; i++) {
          if (i == 10) TestKafka.kill(2);
          acks.add(k.append(batch(i * 250, 250)));
        }
        // two of three copies remain: still min.insync.replicas, so every append is acknowledged
        for (CompletableFuture<Long> a : acks) a.get(120, TimeUnit.SECONDS);
      } finally {
        TestKafka.resume(2);
      }
    }
    Map<Integer, List<JournalRecord>> got = readAll(s, 10_000);
    Set<Integer> seen = new HashSet<>();
    int total = 0;
    for (List<JournalRecord> rs : got.values()) {
      for (JournalRecord r : rs) {
        assertTrue(seen.add(seq(r)), "stored twice: " + seq(r));
        total++;
      }
    }
    assertEquals(10_000, total);
    assertEquals(10_000, seen.size());
  }

  @Test
  void withTwoOfThreeBrokersGoneNothingIsAcknowledged() throws Exception {
    KafkaSettings s = settings(TestKafka.bootstrap(), 8_000);
    try (KafkaAppender k = KafkaAppender.open(s, "test-quorum")) {
      k.append(batch(0, 10)).get(60, TimeUnit.SECONDS);
      CompletableFuture<Long> lost;
      try {
        TestKafka.kill(2);
        TestKafka.kill(3);
        lost = k.append(batch(10, 10));
        ExecutionException e = assertThrows(ExecutionException.class, () -> lost.get(60, TimeUnit.SECONDS));
        assertFalse(e.getCause() == null, "failed with a cause");
        assertEquals(0, k.pendingBytes(), "a failed append no longer counts as pending");
      } finally {
        TestKafka.resume(2);
        TestKafka.resume(3);
      }
      // the cluster back: appends are acknowledged again
      assertTrue(k.append(batch(20, 10)).get(120, TimeUnit.SECONDS) >= 0);
    }
  }

  @Test
  void aLineLongerThanABrokersDefaultLimitIsAcknowledgedAndReadBack() throws Exception {
    // a listener takes frames of up to 64 MiB; a broker refuses records over 1 MiB unless the topic says otherwise
    KafkaSettings s = settings(TestKafka.bootstrap(), 60_000);
    byte[] big = new byte[3 << 20];
    new java.util.Random(42).nextBytes(big); // as it arrives: lz4 would shrink a run of one letter under any limit
    try (KafkaAppender k = KafkaAppender.open(s, "test-big")) {
      RecordBatch b = new RecordBatch(ByteBufAllocator.DEFAULT, 1024);
      b.add(AGENCY_A, 1_000_000_000L, 0, big);
      assertTrue(k.append(b).get(60, TimeUnit.SECONDS) >= 0);
    }
    Map<Integer, List<JournalRecord>> got = readAll(s, 1);
    List<JournalRecord> all = got.values().stream().flatMap(List::stream).toList();
    assertEquals(1, all.size());
    assertArrayEquals(big, all.get(0).payload());
  }

  @Test
  void theKeyIsTheSendersAddressOrItsAgencyWithoutOne() {
    assertArrayEquals(new byte[] {10, 1, 0, 7}, KafkaAppender.senderKey(AGENCY_A.encoded(), 0, AGENCY_A.encoded().length));
    ConnectionMeta noPeer = new ConnectionMeta(Transport.HTTP, "http", null, "so-y-te", "", false);
    assertArrayEquals("so-y-te".getBytes(StandardCharsets.UTF_8), KafkaAppender.senderKey(noPeer.encoded(), 0, noPeer.encoded().length));
  }
}
