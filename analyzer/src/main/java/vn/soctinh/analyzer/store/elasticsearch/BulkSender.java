package vn.soctinh.analyzer.store.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.util.BinaryData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import vn.soctinh.analyzer.store.elasticsearch.EsBulkWriter.Op;

/**
 * Groups documents into bulk requests and sends them, at most {@code concurrent} at once. A request
 * body never holds more than {@code maxBytes} (counted as the client writes it: action line,
 * document, two newlines; see {@link Op#bytes()}) unless it is one document larger than that on
 * its own, nor more than {@code maxOps} documents. Only the sender's own thread waits for a free
 * slot: the pipeline's threads and the thread that delivers answers never block here. It knows
 * nothing of what an answer means; {@link EsBulkWriter} decides.
 */
final class BulkSender implements AutoCloseable {
  /** Where answers go. Called on the client's completion thread: must not block. */
  interface Answers {
    void answered(List<Op> ops, BulkResponse response);

    void failed(List<Op> ops, Throwable failure);
  }

  private final ElasticsearchAsyncClient client;
  private final long maxBytes;
  private final int maxOps;
  private final Semaphore slots;
  private final ScheduledExecutorService thread;
  private final Answers answers;
  private final Object bufferLock = new Object();
  private List<Op> buffer = new ArrayList<>();
  private long bufferBytes;
  private final AtomicLong largestRequest = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();

  BulkSender(ElasticsearchAsyncClient client, long maxBytes, int maxOps, int concurrent, long flushEveryMs, Answers answers) {
    this.client = client;
    this.maxBytes = maxBytes;
    this.maxOps = maxOps;
    this.slots = new Semaphore(concurrent);
    this.answers = answers;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "soctinh-es-sender");
      t.setDaemon(true);
      return t;
    });
    thread.scheduleWithFixedDelay(this::flush, flushEveryMs, flushEveryMs, TimeUnit.MILLISECONDS);
  }

  /** Adds a document to the request being filled; a request that is full goes to the sender's thread. */
  void add(Op op) {
    long size = op.bytes();
    List<Op> full = null;
    List<Op> alone = null;
    synchronized (bufferLock) {
      // close the request before this document would take it past a limit, not after
      if (!buffer.isEmpty() && (bufferBytes + size > maxBytes || buffer.size() >= maxOps)) full = take();
      buffer.add(op);
      bufferBytes += size;
      if (bufferBytes >= maxBytes || buffer.size() >= maxOps) alone = take();
    }
    if (full != null) submit(full);
    if (alone != null) submit(alone);
  }

  /** Sends these documents as a request of their own, not merged with others (the halves of a split request). */
  void sendAlone(List<Op> ops) {
    submit(ops);
  }

  /** Sends what is buffered now instead of at the next tick. */
  void flush() {
    List<Op> b;
    synchronized (bufferLock) {
      b = buffer.isEmpty() ? null : take();
    }
    if (b != null) submit(b);
  }

  /** Runs {@code task} on the sender's thread after {@code delayMs}; dropped once closed (what it held stays pending). */
  void later(Runnable task, long delayMs) {
    try {
      thread.schedule(task, delayMs, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  /** The largest request body sent so far, in bytes. */
  long largestRequestBytes() {
    return largestRequest.get();
  }

  long requestsSent() {
    return requests.get();
  }

  private List<Op> take() {
    List<Op> b = buffer;
    buffer = new ArrayList<>();
    bufferBytes = 0;
    return b;
  }

  private void submit(List<Op> ops) {
    try {
      thread.execute(() -> send(ops));
    } catch (RejectedExecutionException e) {
      // closed: the documents stay pending and close() reports them; the journal still has them
    }
  }

  /** On the sender's thread: waits for a slot, then sends; the slot is freed when the answer arrives. */
  private void send(List<Op> ops) {
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return; // closing
    }
    long bytes = 0;
    BulkRequest.Builder b = new BulkRequest.Builder();
    for (Op op : ops) {
      bytes += op.bytes();
      b.operations(o -> o.index(i -> i.index(op.index()).id(op.id()).document(BinaryData.of(op.source(), "application/json"))));
    }
    largestRequest.accumulateAndGet(bytes, Math::max);
    requests.incrementAndGet();
    CompletableFuture<BulkResponse> answer;
    try {
      answer = client.bulk(b.build());
    } catch (RuntimeException e) {
      slots.release();
      answers.failed(ops, e);
      return;
    }
    answer.whenComplete((response, failure) -> {
      slots.release();
      if (failure != null) answers.failed(ops, failure);
      else answers.answered(ops, response);
    });
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
