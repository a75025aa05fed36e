package vn.soctinh.collector.journal;

import java.util.List;

/**
 * The replicated journal of a cluster (config {@code journal.kind: kafka}, section {@code journal.kafka:}).
 *
 * @param bootstrap brokers to connect to first (host:port); the client learns the rest
 * @param topic the topic every collector appends to and every analyzer reads
 * @param partitions the topic's partitions when it is created: the most analyzers that can share the work
 * @param replication copies of each partition (3 in a cluster of three brokers)
 * @param minInsyncReplicas copies that must hold a record before it is acknowledged ({@code acks=all});
 *     with fewer brokers up, appends fail rather than be acknowledged on one disk
 * @param maxPendingBytes bytes handed to the producer and not yet acknowledged; over it, listeners stop reading
 * @param deliveryTimeoutMs how long an append may wait for the brokers before it fails (and the sender is not acknowledged)
 * @param group the consumer group the analyzing nodes share the partitions in
 */
public record KafkaSettings(List<String> bootstrap, String topic, int partitions, short replication, int minInsyncReplicas,
    long maxPendingBytes, int deliveryTimeoutMs, String group) {
  public static final String DEFAULT_TOPIC = "soctinh.raw";
  public static final int DEFAULT_PARTITIONS = 12;
  public static final short DEFAULT_REPLICATION = 3;
  public static final int DEFAULT_MIN_INSYNC_REPLICAS = 2;
  public static final long DEFAULT_MAX_PENDING_BYTES = 64L * 1024 * 1024;
  public static final int DEFAULT_DELIVERY_TIMEOUT_MS = 120_000;
  public static final String DEFAULT_GROUP = "soctinh-analyzers";

  public KafkaSettings {
    bootstrap = List.copyOf(bootstrap);
    if (bootstrap.isEmpty()) throw new IllegalArgumentException("journal.kafka.bootstrap names no broker");
    if (deliveryTimeoutMs < 1000) throw new IllegalArgumentException("journal.kafka.delivery_timeout_ms " + deliveryTimeoutMs + " is under 1000");
    if (minInsyncReplicas > replication) {
      throw new IllegalArgumentException("journal.kafka.min_insync_replicas " + minInsyncReplicas + " is more than replication " + replication);
    }
  }

  /** The defaults with these brokers. */
  public static KafkaSettings of(List<String> bootstrap) {
    return new KafkaSettings(bootstrap, DEFAULT_TOPIC, DEFAULT_PARTITIONS, DEFAULT_REPLICATION, DEFAULT_MIN_INSYNC_REPLICAS,
        DEFAULT_MAX_PENDING_BYTES, DEFAULT_DELIVERY_TIMEOUT_MS, DEFAULT_GROUP);
  }
}
