package vn.soctinh.collector.journal;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The journal of a cluster: every record goes to a Kafka topic, and an append completes only once
 * the brokers hold it ({@code acks=all}, at least {@link KafkaSettings#minInsyncReplicas()} copies),
 * so a RELP {@code 200 OK} or an HTTP intake answer still means "durable", here on several machines.
 *
 * <p>A record's value is its body exactly as the embedded journal writes it ({@link RecordFormat}:
 * receive time, transport, flags, the sender block, the bytes as received), so attribution and the
 * drill mark, which only the collector sets, travel unchanged and an analyzer decodes them with
 * {@link JournalRecord#decode}. The key is the sender's address (its agency without one): each
 * sender's lines stay in order in one partition, whatever connection they came on. The producer is
 * idempotent, so its own retries after a broker fails never write a record twice.
 */
public final class KafkaAppender implements RecordAppender, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(KafkaAppender.class.getName());
  /** Marks the value's layout, so that a later layout can be told apart. */
  static final String FORMAT_HEADER = "soctinh.format";
  static final byte[] FORMAT_1 = {1};
  /** The largest record the topic and the producer take: a whole journal record body and Kafka's own framing. */
  static final int MAX_RECORD_BYTES = RecordFormat.MAX_BODY_BYTES + 64 * 1024;

  private final KafkaSettings settings;
  private final KafkaProducer<byte[], byte[]> producer;
  private final AtomicLong pending = new AtomicLong();
  private final List<Runnable> waiting = new ArrayList<>();

  private KafkaAppender(KafkaSettings settings, KafkaProducer<byte[], byte[]> producer) {
    this.settings = settings;
    this.producer = producer;
  }

  /** Connects, creates the topic when it does not exist yet, and returns once the brokers answered. */
  public static KafkaAppender open(KafkaSettings settings, String clientId) throws java.io.IOException {
    ensureTopic(settings);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", settings.bootstrap()));
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, settings.deliveryTimeoutMs());
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(30_000, settings.deliveryTimeoutMs() - 100)); // the client wants delivery >= linger + request
    // the producer's own buffer is larger than ours, so that send() never blocks a listener's thread
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(32L << 20, settings.maxPendingBytes() * 2));
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES);
    return new KafkaAppender(settings, new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer()));
  }

  private static void ensureTopic(KafkaSettings s) throws java.io.IOException {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", s.bootstrap()));
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
    try (Admin admin = Admin.create(p)) {
      // max.message.bytes: a broker refuses a record over 1 MiB by default, and a listener takes frames of
      // up to 64 MiB; one long line would then fail its batch every time (a RELP sender stuck, TCP lines lost)
      NewTopic t = new NewTopic(s.topic(), s.partitions(), s.replication())
          .configs(Map.of("min.insync.replicas", Integer.toString(s.minInsyncReplicas()), "compression.type", "producer",
              "max.message.bytes", Integer.toString(MAX_RECORD_BYTES)));
      try {
        admin.createTopics(List.of(t)).all().get(60, TimeUnit.SECONDS);
        LOG.log(System.Logger.Level.INFO, "created topic " + s.topic() + " (" + s.partitions() + " partitions, " + s.replication() + " copies)");
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) throw new java.io.IOException("journal.kafka: cannot create topic " + s.topic() + ": " + e.getCause(), e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.IOException("interrupted", e);
    } catch (TimeoutException | org.apache.kafka.common.KafkaException e) {
      throw new java.io.IOException("journal.kafka: brokers " + s.bootstrap() + " did not answer: " + e, e);
    }
  }

  /**
   * Sends every record of {@code batch} (and releases it). The future completes with the first
   * record's partition offset once all of them are acknowledged, or exceptionally if any cannot be
   * (the sender is then not acknowledged and sends again).
   */
  @Override
  public CompletableFuture<Long> append(RecordBatch batch) {
    CompletableFuture<Long> done = new CompletableFuture<>();
    List<ProducerRecord<byte[], byte[]>> records;
    long bytes = batch.encodedBytes();
    try {
      records = records(batch.buffer());
    } catch (RuntimeException e) {
      batch.release();
      return CompletableFuture.failedFuture(e);
    }
    batch.release();
    if (records.isEmpty()) return CompletableFuture.completedFuture(-1L);
    pending.addAndGet(bytes);
    AtomicInteger left = new AtomicInteger(records.size());
    AtomicLong first = new AtomicLong(-1);
    java.util.concurrent.atomic.AtomicBoolean over = new java.util.concurrent.atomic.AtomicBoolean();
    for (int i = 0; i < records.size(); i++) {
      boolean isFirst = i == 0;
      try {
        producer.send(records.get(i), (meta, err) -> {
          if (err != null) {
            // settled before the caller hears of it: pending bytes are exact when the future completes
            if (over.compareAndSet(false, true)) {
              settle(bytes);
              done.completeExceptionally(err);
            }
            return;
          }
          if (isFirst) first.set(meta.offset());
          if (left.decrementAndGet() == 0 && over.compareAndSet(false, true)) {
            settle(bytes);
            done.complete(first.get());
          }
        });
      } catch (RuntimeException e) { // closed, or a record over the size limit
        if (over.compareAndSet(false, true)) {
          settle(bytes);
          done.completeExceptionally(e);
        }
        break;
      }
    }
    return done;
  }

  private void settle(long bytes) {
    pending.addAndGet(-bytes);
    List<Runnable> run = null;
    synchronized (waiting) {
      if (!waiting.isEmpty() && pending.get() <= settings.maxPendingBytes() / 2) {
        run = new ArrayList<>(waiting);
        waiting.clear();
      }
    }
    if (run != null) run.forEach(Runnable::run);
  }

  /** The records of an encoded batch as Kafka records: key the sender's address, value the body. */
  private List<ProducerRecord<byte[], byte[]>> records(ByteBuf buf) {
    List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
    int p = buf.readerIndex();
    int end = buf.writerIndex();
    byte[] key = null;
    ByteBuffer lastMeta = null;
    while (p < end) {
      int body = buf.getInt(p);
      int bodyAt = p + RecordFormat.HEADER_BYTES;
      byte[] value = new byte[body];
      buf.getBytes(bodyAt, value);
      int metaLen = ((value[10] & 0xff) << 8) | (value[11] & 0xff);
      ByteBuffer meta = ByteBuffer.wrap(value, 12, metaLen);
      if (lastMeta == null || !meta.equals(lastMeta)) { // consecutive records mostly share their sender
        key = senderKey(value, 12, metaLen);
        lastMeta = meta;
      }
      ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(settings.topic(), key, value);
      r.headers().add(FORMAT_HEADER, FORMAT_1);
      out.add(r);
      p = bodyAt + body;
    }
    return out;
  }

  /** The sender's address from a meta block ({@link ConnectionMeta}'s layout), or its agency when it has none. */
  static byte[] senderKey(byte[] b, int at, int len) {
    int p = at;
    p += 1 + (b[p] & 0xff); // listener
    int addrLen = b[p] & 0xff;
    if (addrLen > 0) return java.util.Arrays.copyOfRange(b, p + 1, p + 1 + addrLen);
    p += 1 + 2; // no address, the port
    int agencyLen = b[p] & 0xff;
    return java.util.Arrays.copyOfRange(b, p + 1, p + 1 + agencyLen);
  }

  /** True while fewer than the maximum bytes wait for the brokers. */
  @Override
  public boolean accepting() {
    return pending.get() < settings.maxPendingBytes();
  }

  @Override
  public long pendingBytes() {
    return pending.get();
  }

  @Override
  public void whenWritable(Runnable r) {
    synchronized (waiting) {
      if (pending.get() > settings.maxPendingBytes() / 2) {
        waiting.add(r);
        return;
      }
    }
    r.run();
  }

  /** Waits for what was sent to be acknowledged (at most the delivery timeout), then closes. */
  @Override
  public void close() {
    producer.close(java.time.Duration.ofMillis(settings.deliveryTimeoutMs()));
  }
}
