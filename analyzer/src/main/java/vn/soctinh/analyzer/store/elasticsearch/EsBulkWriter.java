package vn.soctinh.analyzer.store.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.util.BinaryData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import vn.soctinh.analyzer.event.EcsJson;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.store.StoreException;

/**
 * Sends documents through a {@link BulkIngester} (bounded request size and requests in flight) and
 * keeps every document until Elasticsearch has acknowledged it: a failed request (node down,
 * timeout) or a failed item with 429 or 5xx is sent again after a growing pause; an item refused
 * for what it is (4xx: a mapping conflict, a term too long) is written to the quarantine index with
 * the reason, never dropped. Writers wait when {@code pendingLimit} documents are unacknowledged,
 * which is what makes an outage stall the pipeline (and the journal absorb) instead of filling memory.
 */
final class EsBulkWriter implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(EsBulkWriter.class.getName());
  private static final long MAX_BACKOFF_MS = 10_000;

  /** One document on its way; {@code attempt} counts the sends so far. */
  record Op(String index, String id, byte[] source, int attempt) {
    Op again() {
      return new Op(index, id, source, attempt + 1);
    }
  }

  private final BulkIngester<Op> ingester;
  private final ScheduledExecutorService resend;
  private final String quarantineIndex;
  private final int pendingLimit;
  private final Object lock = new Object();
  private long pending;
  private volatile boolean closed;
  private volatile String lastFailure;
  private volatile long lastWarning = System.nanoTime() - TimeUnit.MINUTES.toNanos(1);
  final AtomicLong acknowledged = new AtomicLong();
  final AtomicLong retried = new AtomicLong();
  final AtomicLong quarantined = new AtomicLong();

  EsBulkWriter(ElasticsearchAsyncClient client, EsSettings s, String quarantineIndex) {
    this.quarantineIndex = quarantineIndex;
    this.pendingLimit = s.pendingLimit();
    this.resend = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "soctinh-es-resend");
      t.setDaemon(true);
      return t;
    });
    this.ingester = BulkIngester.of(b -> b.client(client)
        .maxOperations(s.bulkOperations())
        .maxSize(s.bulkBytes())
        .maxConcurrentRequests(s.concurrentRequests())
        .flushInterval(200, TimeUnit.MILLISECONDS)
        .listener(new Listener()));
  }

  /** Queues one document; waits while too many are unacknowledged. */
  void add(Op op, Duration timeout) throws StoreException {
    synchronized (lock) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (pending >= pendingLimit && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) throw stalled("sending", timeout);
        waitNanos(left);
      }
      if (closed) throw new StoreException("the Elasticsearch store is closed");
      pending++;
    }
    send(op);
  }

  /**
   * Waits until everything queued so far is acknowledged (or quarantined). The ingester is flushed
   * outside our lock: a flush may wait for a request slot, which a completion frees, which needs
   * our lock to count the acknowledgements.
   */
  void awaitAll(Duration timeout) throws StoreException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      ingester.flush();
      synchronized (lock) {
        if (pending == 0) return;
        if (closed) throw new StoreException("the Elasticsearch store is closed with " + pending + " documents unacknowledged");
        long left = deadline - System.nanoTime();
        if (left <= 0) throw stalled("waiting for acknowledgement", timeout);
        waitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
        if (pending == 0) return;
      }
    }
  }

  long pending() {
    synchronized (lock) {
      return pending;
    }
  }

  private StoreException stalled(String what, Duration timeout) {
    return new StoreException("Elasticsearch did not acknowledge " + pending + " documents within " + timeout.toSeconds() + " s ("
        + what + "); they are kept and sent again" + (lastFailure == null ? "" : "; last failure: " + lastFailure));
  }

  private void waitNanos(long nanos) {
    try {
      TimeUnit.NANOSECONDS.timedWait(lock, nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Elasticsearch", e);
    }
  }

  private void send(Op op) {
    ingester.add(BulkOperation.of(b -> b.index(i -> i.index(op.index()).id(op.id())
        .document(BinaryData.of(op.source(), "application/json")))), op);
  }

  private void done(int n) {
    synchronized (lock) {
      pending -= n;
      lock.notifyAll();
    }
    acknowledged.addAndGet(n);
  }

  /**
   * Sends again, together, after a pause that grows with the attempts (100 ms doubling to 10 s, with
   * jitter); never from the client's I/O thread.
   */
  private void retry(List<Op> ops) {
    if (closed || ops.isEmpty()) return; // stays pending: close() reports it, the journal still has it
    retried.addAndGet(ops.size());
    int attempt = 0;
    for (Op op : ops) attempt = Math.max(attempt, op.attempt());
    long base = Math.min(MAX_BACKOFF_MS, 100L << Math.min(attempt, 10));
    long delay = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    try {
      resend.schedule(() -> {
        for (Op op : ops) send(op.again());
      }, delay, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing: they stay pending and are reported
    }
  }

  private void retry(Op op) {
    retry(List.of(op));
  }

  /** One warning per 10 s at most: an outage fails every request. */
  private void warn(String message) {
    long now = System.nanoTime();
    long last = lastWarning;
    if (now - last > TimeUnit.SECONDS.toNanos(10)) {
      lastWarning = now;
      LOG.log(System.Logger.Level.WARNING, message);
    }
  }

  private void quarantine(Op op, String reason) {
    if (op.index().equals(quarantineIndex)) {
      // the quarantine index has no mapping to conflict with; if even it refuses, keep trying and say so
      LOG.log(System.Logger.Level.ERROR, "the quarantine index refused document " + op.id() + ": " + reason);
      retry(op);
      return;
    }
    quarantined.incrementAndGet();
    Event q = new Event()
        .put("@timestamp", Instant.now())
        .put("event.id", op.id())
        .put("error.message", reason)
        .put("labels.index", op.index())
        .put("document", new String(op.source(), StandardCharsets.UTF_8));
    Op qop = new Op(quarantineIndex, op.index() + ":" + op.id(), EcsJson.writeBytes(q), 0);
    try {
      resend.execute(() -> send(qop));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing: the original stays pending and is reported
    }
  }

  private final class Listener implements BulkListener<Op> {
    @Override
    public void beforeBulk(long id, BulkRequest request, List<Op> ops) {}

    @Override
    public void afterBulk(long id, BulkRequest request, List<Op> ops, BulkResponse response) {
      int ok = 0;
      List<Op> again = new java.util.ArrayList<>();
      List<BulkResponseItem> items = response.items();
      for (int i = 0; i < items.size(); i++) {
        BulkResponseItem item = items.get(i);
        Op op = ops.get(i);
        if (item.error() == null) {
          ok++;
        } else if (item.status() == 429 || item.status() >= 500) {
          lastFailure = item.status() + " " + item.error().type() + ": " + item.error().reason();
          again.add(op);
        } else {
          quarantine(op, item.status() + " " + item.error().type() + ": " + item.error().reason());
        }
      }
      if (ok > 0) done(ok);
      if (!again.isEmpty()) {
        warn(again.size() + " documents refused for now (" + lastFailure + "), sending again");
        retry(again);
      }
    }

    @Override
    public void afterBulk(long id, BulkRequest request, List<Op> ops, Throwable failure) {
      lastFailure = String.valueOf(failure);
      warn("bulk request of " + ops.size() + " documents failed, sending again (the journal keeps them meanwhile): " + failure);
      retry(ops);
    }
  }

  /** Flushes and waits up to {@code timeout}; what is still unacknowledged is reported, not lost (the journal has it). */
  void close(Duration timeout) throws StoreException {
    StoreException failure = null;
    try {
      awaitAll(timeout);
    } catch (StoreException e) {
      failure = e;
    }
    closed = true;
    synchronized (lock) {
      lock.notifyAll();
    }
    resend.shutdownNow();
    ingester.close();
    if (failure != null) throw failure;
  }

  @Override
  public void close() throws StoreException {
    close(Duration.ofSeconds(10));
  }
}
