package vn.soctinh.collector.journal;

import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A cluster node's share of the cluster's journal: the partitions the consumer group gives this
 * node are copied into its own journal, where its analyzer works as on a single node. Each copied
 * record carries its origin ({@code k<partition>.<offset>}, {@link ConnectionMeta#origin()}), which
 * becomes its event's id, so an event analysed twice (after a node's death the partition is read
 * again from its last commit) overwrites itself instead of being stored twice.
 *
 * <p>The cluster is told a record is done only when every consumer of the local journal (the store's
 * and detection's) has committed past its copy: a node that dies loses nothing, its partitions'
 * unfinished records are read again by the node that takes them over.
 */
public final class KafkaIngest implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(KafkaIngest.class.getName());

  /**
   * One poll's records in copy order: their partitions and cluster offsets, and the local offset of
   * each ({@code localFirst + i} for the i-th copied one; -1 for one skipped, done with those before it).
   */
  private static final class Copied {
    // partition numbers, not TopicPartition objects: this holds every copied record not yet finished
    final int[] partitions;
    final long[] offsets;
    final long[] local;
    int next; // entries before it are committed

    Copied(int n) {
      partitions = new int[n];
      offsets = new long[n];
      local = new long[n];
    }
  }

  private final KafkaSettings settings;
  private final Journal local;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final ArrayDeque<Copied> copied = new ArrayDeque<>();
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong undecodable = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  private KafkaIngest(KafkaSettings settings, Journal local, String clientId) {
    this.settings = settings;
    this.local = local;
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", settings.bootstrap()));
    p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.group());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 4000);
    this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::run, "soctinh-kafka-ingest");
    thread.setDaemon(true);
  }

  /** Joins the settings' group and starts copying on a thread of its own. */
  public static KafkaIngest start(KafkaSettings settings, Journal local, String clientId) {
    KafkaIngest k = new KafkaIngest(settings, local, clientId);
    k.thread.start();
    return k;
  }

  /** Records copied into the local journal since the start. */
  public long copied() {
    return records.get();
  }

  /** Records skipped because they are not in a layout this release reads (written by a newer one). */
  public long undecodable() {
    return undecodable.get();
  }

  private void run() {
    consumer.subscribe(List.of(settings.topic()), new ConsumerRebalanceListener() {
      @Override
      public void onPartitionsRevoked(Collection<TopicPartition> parts) {
        // what the local consumers finished is committed; the rest is read again by the new owner
        commitDone();
        copied.clear();
      }

      @Override
      public void onPartitionsAssigned(Collection<TopicPartition> parts) {
        LOG.log(System.Logger.Level.INFO, "cluster journal: this node now reads " + parts);
      }
    });
    try {
      while (running) {
        // the local journal full (disk budget, pending bytes): stop fetching, keep the group's heartbeat
        if (local.accepting()) consumer.resume(consumer.assignment());
        else consumer.pause(consumer.assignment());
        ConsumerRecords<byte[], byte[]> got = consumer.poll(Duration.ofMillis(200));
        if (!got.isEmpty()) copy(got);
        commitDone();
      }
    } catch (WakeupException stopping) {
      // close() wakes the poll
    } catch (Exception e) {
      LOG.log(System.Logger.Level.ERROR, "cluster journal: the copy stopped: " + e, e);
    } finally {
      try {
        commitDone();
      } catch (RuntimeException ignored) {
        // closing anyway; what is not committed is read again
      }
      consumer.close(Duration.ofSeconds(10));
    }
  }

  private void copy(ConsumerRecords<byte[], byte[]> got) throws Exception {
    RecordBatch batch = new RecordBatch(ByteBufAllocator.DEFAULT, 64 * 1024);
    Copied c = new Copied(got.count());
    int i = 0;
    int n = 0;
    try {
      for (ConsumerRecord<byte[], byte[]> r : got) {
        c.partitions[i] = r.partition();
        c.offsets[i] = r.offset();
        Header f = r.headers().lastHeader(KafkaAppender.FORMAT_HEADER);
        JournalRecord rec = null;
        try {
          if (f != null && f.value().length == 1 && f.value()[0] == KafkaAppender.FORMAT_1[0]) rec = JournalRecord.decode(-1, ByteBuffer.wrap(r.value()));
        } catch (RuntimeException e) {
          rec = null;
        }
        if (rec == null) {
          undecodable.incrementAndGet();
          LOG.log(System.Logger.Level.ERROR, "cluster journal: " + r.topic() + "-" + r.partition() + "@" + r.offset() + " is not in a layout this release reads; skipped");
          c.local[i++] = -1;
          continue;
        }
        batch.add(rec.meta().withOrigin("k" + r.partition() + "." + r.offset()), rec.receivedAtNanos(), rec.flags(), rec.payload());
        c.local[i++] = n++;
      }
    } catch (RuntimeException e) {
      batch.release();
      throw e;
    }
    long first = -1;
    if (n > 0) first = local.append(batch).get(60, TimeUnit.SECONDS); // durable on this node's disk
    else batch.release();
    for (int k = 0; k < c.local.length; k++) if (c.local[k] >= 0) c.local[k] += first;
    copied.add(c);
    records.addAndGet(n);
  }

  /** Commits to the cluster every copied record all local consumers have finished (and the skipped ones before them). */
  private void commitDone() {
    long done = local.doneOffset();
    if (done < 0) return;
    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
    while (!copied.isEmpty()) {
      Copied c = copied.peekFirst();
      while (c.next < c.local.length && c.local[c.next] < done) {
        commit.put(new TopicPartition(settings.topic(), c.partitions[c.next]), new OffsetAndMetadata(c.offsets[c.next] + 1));
        c.next++;
      }
      if (c.next < c.local.length) break;
      copied.pollFirst();
    }
    if (!commit.isEmpty()) consumer.commitSync(commit);
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
