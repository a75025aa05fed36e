package vn.soctinh.collector.journal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * What {@code soctinh cluster status} shows of the cluster's journal: the brokers, each partition's
 * leader, copies in sync and backlog (records not yet finished by the node that reads it), and which
 * node reads which partitions. Only reads; asks the brokers with a timeout.
 */
public record KafkaClusterStatus(List<Broker> brokers, int controller, List<Partition> partitions, List<Member> members, String groupState) {

  public record Broker(int id, String host, int port, String rack) {}

  /**
   * @param inSync the copies in sync (brokers' ids), fewer than {@code replicas} while one is down
   * @param end the next offset to be written; {@code committed} the next one the cluster is told is done
   */
  public record Partition(int partition, int leader, List<Integer> replicas, List<Integer> inSync, long end, long committed) {
    public long lag() {
      return Math.max(0, end - Math.max(0, committed));
    }
  }

  /** An analyzing node of the group and the partitions it reads. */
  public record Member(String clientId, String host, List<Integer> partitions) {}

  public long lag() {
    return partitions.stream().mapToLong(Partition::lag).sum();
  }

  /** Under-replicated partitions: a broker is away (writes still succeed while min.insync.replicas hold). */
  public long underReplicated() {
    return partitions.stream().filter(p -> p.inSync().size() < p.replicas().size()).count();
  }

  public static KafkaClusterStatus read(KafkaSettings s, long timeoutMs) throws java.io.IOException {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", s.bootstrap()));
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMs);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMs, 30_000));
    try (Admin admin = Admin.create(p)) {
      DescribeClusterResult c = admin.describeCluster();
      List<Broker> brokers = new ArrayList<>();
      for (Node n : c.nodes().get(timeoutMs, TimeUnit.MILLISECONDS)) brokers.add(new Broker(n.id(), n.host(), n.port(), n.rack()));
      brokers.sort((a, b) -> Integer.compare(a.id(), b.id()));
      Node controller = c.controller().get(timeoutMs, TimeUnit.MILLISECONDS);
      TopicDescription t = admin.describeTopics(List.of(s.topic())).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS).get(s.topic());
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (TopicPartitionInfo i : t.partitions()) latest.put(new TopicPartition(s.topic(), i.partition()), OffsetSpec.latest());
      var ends = admin.listOffsets(latest).all().get(timeoutMs, TimeUnit.MILLISECONDS);
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(s.group()).partitionsToOffsetAndMetadata()
          .get(timeoutMs, TimeUnit.MILLISECONDS);
      List<Partition> parts = new ArrayList<>();
      for (TopicPartitionInfo i : t.partitions()) {
        TopicPartition tp = new TopicPartition(s.topic(), i.partition());
        OffsetAndMetadata o = committed.get(tp);
        parts.add(new Partition(i.partition(), i.leader() == null ? -1 : i.leader().id(), i.replicas().stream().map(Node::id).toList(),
            i.isr().stream().map(Node::id).toList(), ends.get(tp).offset(), o == null ? -1 : o.offset()));
      }
      ConsumerGroupDescription g = admin.describeConsumerGroups(List.of(s.group())).all().get(timeoutMs, TimeUnit.MILLISECONDS).get(s.group());
      List<Member> members = new ArrayList<>();
      for (MemberDescription m : g.members()) {
        TreeMap<Integer, Boolean> mine = new TreeMap<>();
        for (TopicPartition tp : m.assignment().topicPartitions()) if (tp.topic().equals(s.topic())) mine.put(tp.partition(), true);
        members.add(new Member(m.clientId(), m.host(), List.copyOf(mine.keySet())));
      }
      members.sort((a, b) -> a.clientId().compareTo(b.clientId()));
      return new KafkaClusterStatus(List.copyOf(brokers), controller == null ? -1 : controller.id(), List.copyOf(parts), List.copyOf(members),
          g.groupState().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.IOException("interrupted", e);
    } catch (ExecutionException e) {
      throw new java.io.IOException("the brokers " + s.bootstrap() + " answered: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new java.io.IOException("the brokers " + s.bootstrap() + " did not answer within " + timeoutMs + " ms", e);
    }
  }
}
