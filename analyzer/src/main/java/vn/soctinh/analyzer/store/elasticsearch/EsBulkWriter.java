package vn.soctinh.analyzer.store.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import vn.soctinh.analyzer.event.EcsJson;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.analyzer.store.Quarantine;
import vn.soctinh.analyzer.store.StoreException;

/**
 * Keeps every document until Elasticsearch has acknowledged it, whatever comes back
 * ({@link BulkOutcome}): a cluster-side failure (node down, 429, 5xx) is sent again after a growing
 * pause; a document refused for what it contains is replaced by its {@link Quarantine} document in
 * {@code <prefix>-quarantine}, and the others go on; a request too large for the cluster is split
 * until the document responsible is alone. No document can hold up the stream, and none is dropped:
 * a quarantined one stays unacknowledged until its quarantine document is. Writers wait when
 * {@code pendingLimit} documents are unacknowledged, which is what makes an outage stall the
 * pipeline (and the journal absorb) instead of filling memory.
 */
final class EsBulkWriter implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(EsBulkWriter.class.getName());
  private static final long MAX_BACKOFF_MS = 10_000;
  /** How much of event.original a quarantine document keeps when the document was too large for any request. */
  static final int TOO_LARGE_KEEP_BYTES = 64 * 1024;
  /** Elasticsearch's limit on {@code _id}. */
  private static final int MAX_ID_BYTES = 512;

  /**
   * One document on its way.
   *
   * @param seq the order it was added in, for waits ("everything added so far")
   * @param attempt sends so far
   * @param refusal on a quarantine document: the document it stands for; else null
   */
  record Op(long seq, DocKind kind, String index, String id, byte[] source, int attempt, Refusal refusal) {
    Op again() {
      return new Op(seq, kind, index, id, source, attempt + 1, refusal);
    }

    /** Its bytes in a bulk body: {@code {"index":{"_index":…,"_id":…}}}, newline, the document, newline. */
    long bytes() {
      return 34 + quotedLength(index) + quotedLength(id) + source.length;
    }

    private static int quotedLength(String s) {
      return JsonStringEncoder.getInstance().quoteAsUTF8(s).length;
    }
  }

  /** Why a document was quarantined, and how much of its original text its quarantine document keeps. */
  record Refusal(Op original, String reason, int keepBytes) {}

  private final BulkSender sender;
  private final String quarantineIndex;
  private final Function<Event, byte[]> sourceOf;
  private final int pendingLimit;
  private final Object lock = new Object();
  private final AtomicLong seq = new AtomicLong();
  /** Sequence numbers of the unacknowledged documents, by kind (a quarantined one moves to QUARANTINE). */
  private final Map<DocKind, TreeSet<Long>> outstanding = new EnumMap<>(DocKind.class);
  private long pending;
  private volatile boolean closed;
  private volatile String lastFailure;
  private volatile long lastWarning = System.nanoTime() - TimeUnit.MINUTES.toNanos(1);
  final AtomicLong acknowledged = new AtomicLong();
  final AtomicLong retried = new AtomicLong();
  final AtomicLong quarantined = new AtomicLong();

  /**
   * @param sourceOf how the store writes an event as a document (the quarantine document goes through it too)
   */
  EsBulkWriter(ElasticsearchAsyncClient client, EsSettings s, String quarantineIndex, Function<Event, byte[]> sourceOf) {
    this.quarantineIndex = quarantineIndex;
    this.sourceOf = sourceOf;
    this.pendingLimit = s.pendingLimit();
    for (DocKind k : DocKind.values()) outstanding.put(k, new TreeSet<>());
    this.sender = new BulkSender(client, s.bulkBytes(), s.bulkOperations(), s.concurrentRequests(), 200, new Answers());
  }

  /** Queues one document; waits while too many are unacknowledged. */
  void add(DocKind kind, String index, String id, byte[] source, Duration timeout) throws StoreException {
    Op op;
    synchronized (lock) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (pending >= pendingLimit && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) throw stalled("sending", timeout);
        waitNanos(left);
      }
      if (closed) throw new StoreException("the Elasticsearch store is closed");
      op = new Op(seq.incrementAndGet(), kind, index, id, source, 0, null);
      outstanding.get(kind).add(op.seq());
      pending++;
    }
    sender.add(op);
  }

  /** Waits until every document added so far is acknowledged (or quarantined and its quarantine document acknowledged). */
  void awaitAll(Duration timeout) throws StoreException {
    await(Set.of(DocKind.values()), timeout);
  }

  /**
   * Waits until the documents of {@code kind} added so far are acknowledged, not those added
   * meanwhile by other threads, nor those of other kinds. For QUARANTINE, every document (any may yet
   * be refused).
   */
  void await(DocKind kind, Duration timeout) throws StoreException {
    await(kind == DocKind.QUARANTINE ? Set.of(DocKind.values()) : Set.of(kind), timeout);
  }

  private void await(Set<DocKind> kinds, Duration timeout) throws StoreException {
    long upTo = seq.get();
    sender.flush();
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (!settled(kinds, upTo)) {
        if (closed) throw new StoreException("the Elasticsearch store is closed with " + pending + " documents unacknowledged");
        long left = deadline - System.nanoTime();
        if (left <= 0) throw stalled("waiting for acknowledgement", timeout);
        waitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
      }
    }
  }

  private boolean settled(Set<DocKind> kinds, long upTo) {
    for (DocKind k : kinds) {
      TreeSet<Long> left = outstanding.get(k);
      if (!left.isEmpty() && left.first() <= upTo) return false;
    }
    return true;
  }

  long pending() {
    synchronized (lock) {
      return pending;
    }
  }

  /** The largest bulk request body sent so far, in bytes. */
  long largestRequestBytes() {
    return sender.largestRequestBytes();
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

  private void done(List<Op> ops) {
    if (ops.isEmpty()) return;
    synchronized (lock) {
      for (Op op : ops) outstanding.get(op.kind()).remove(op.seq());
      pending -= ops.size();
      lock.notifyAll();
    }
    acknowledged.addAndGet(ops.size());
  }

  /** Sends again, after a pause that grows with the attempts (100 ms doubling to 10 s, with jitter). */
  private void retry(List<Op> ops) {
    if (closed || ops.isEmpty()) return; // stays pending: close() reports it, the journal still has it
    retried.addAndGet(ops.size());
    int attempt = 0;
    for (Op op : ops) attempt = Math.max(attempt, op.attempt());
    long base = Math.min(MAX_BACKOFF_MS, 100L << Math.min(attempt, 10));
    long delay = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    sender.later(() -> {
      for (Op op : ops) sender.add(op.again());
    }, delay);
  }

  /** One warning per 10 s at most: an outage fails every request. */
  private void warn(String message) {
    long now = System.nanoTime();
    if (now - lastWarning > TimeUnit.SECONDS.toNanos(10)) {
      lastWarning = now;
      LOG.log(System.Logger.Level.WARNING, message);
    }
  }

  /**
   * Replaces a refused document by its quarantine document. A quarantine document that is itself
   * refused for its size is rebuilt keeping less of the original text; refused for anything else
   * (its index has nothing that can conflict), it is kept and sent again, loudly.
   */
  private void refuse(Op op, String reason, int keepBytes, boolean tooLarge) {
    if (op.refusal() != null) {
      Refusal r = op.refusal();
      if (tooLarge && r.keepBytes() > 0) {
        int keep = r.keepBytes() > TOO_LARGE_KEEP_BYTES ? TOO_LARGE_KEEP_BYTES : r.keepBytes() / 4;
        sender.add(quarantineOf(r.original(), r.reason() + "; its quarantine document was too large as well (" + reason + ")", keep));
        return;
      }
      LOG.log(System.Logger.Level.ERROR, "the quarantine index refused the document standing for " + op.id() + ": " + reason);
      retry(List.of(op));
      return;
    }
    quarantined.incrementAndGet();
    Op q = quarantineOf(op, reason, keepBytes);
    synchronized (lock) {
      outstanding.get(op.kind()).remove(op.seq());
      outstanding.get(DocKind.QUARANTINE).add(q.seq());
      lock.notifyAll();
    }
    sender.add(q);
  }

  /** The quarantine document of {@code refused} (same sequence number: it takes the refused one's place in the waits). */
  private Op quarantineOf(Op refused, String reason, int keepBytes) {
    Event original = readBack(refused);
    Event q = Quarantine.of(original, refused.kind(), reason, Instant.now());
    if (keepBytes < Integer.MAX_VALUE) q = Quarantine.truncated(q, keepBytes);
    return new Op(refused.seq(), DocKind.QUARANTINE, quarantineIndex, quarantineId(refused.id()), sourceOf.apply(q), 0,
        new Refusal(refused, reason, keepBytes));
  }

  /** The refused document as an event again, without the folded copies the store added to it. */
  private static Event readBack(Op op) {
    try {
      Event e = EcsJson.read(new String(op.source(), StandardCharsets.UTF_8), EventStore.FREE_FORM);
      List<String> folded = new ArrayList<>();
      e.forEach((name, v) -> {
        if (name.startsWith(EsMapping.FOLDED + ".")) folded.add(name);
      });
      for (String f : folded) e.remove(f);
      return e;
    } catch (RuntimeException notJson) {
      return new Event().put("event.id", op.id()).put("event.original", new String(op.source(), StandardCharsets.UTF_8));
    }
  }

  /** The refused document's id, so a replay rewrites its quarantine document; hashed only past Elasticsearch's 512 bytes. */
  static String quarantineId(String id) {
    if (id.getBytes(StandardCharsets.UTF_8).length <= MAX_ID_BYTES) return id;
    try {
      byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + java.util.HexFormat.of().formatHex(h);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads each answer as {@link BulkOutcome} says. On the client's completion thread: nothing here waits. */
  private final class Answers implements BulkSender.Answers {
    @Override
    public void answered(List<Op> ops, BulkResponse response) {
      List<BulkResponseItem> items = response.items();
      if (items.size() != ops.size()) {
        failed(ops, new IllegalStateException("a bulk answer with " + items.size() + " items for " + ops.size() + " documents"));
        return;
      }
      List<Op> stored = new ArrayList<>(ops.size());
      List<Op> again = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        BulkResponseItem item = items.get(i);
        Op op = ops.get(i);
        BulkOutcome outcome = item.error() == null ? BulkOutcome.STORED : BulkOutcome.ofItem(item.status());
        String reason = item.error() == null ? null : item.status() + " " + item.error().type() + ": " + item.error().reason();
        switch (outcome) {
          case STORED -> stored.add(op);
          case QUARANTINE -> refuse(op, reason, Integer.MAX_VALUE, false);
          default -> {
            lastFailure = reason;
            again.add(op);
          }
        }
      }
      done(stored);
      if (!again.isEmpty()) {
        warn(again.size() + " documents refused for now (" + lastFailure + "), sending again");
        retry(again);
      }
    }

    @Override
    public void failed(List<Op> ops, Throwable failure) {
      int status = ElasticsearchEventStore.statusOf(failure);
      switch (BulkOutcome.ofRequest(status, ops.size())) {
        case SPLIT -> {
          long bytes = 0;
          for (Op op : ops) bytes += op.bytes();
          warn("a bulk request of " + ops.size() + " documents and " + bytes + " bytes was refused with " + status
              + (status == 413 ? " (larger than the cluster or a proxy accepts: lower bulk_bytes)" : "") + "; sending it in halves");
          int half = ops.size() / 2;
          sender.sendAlone(List.copyOf(ops.subList(0, half)));
          sender.sendAlone(List.copyOf(ops.subList(half, ops.size())));
        }
        case QUARANTINE -> {
          Op op = ops.get(0);
          if (status == 413) {
            refuse(op, "413 request entity too large: the document alone (" + op.bytes() + " bytes in its request) is larger than the"
                + " cluster accepts in one request (http.max_content_length, or a proxy's limit)", TOO_LARGE_KEEP_BYTES, true);
          } else {
            refuse(op, status + " the request holding only this document was refused: " + failure, Integer.MAX_VALUE, false);
          }
        }
        default -> {
          lastFailure = String.valueOf(failure);
          warn("bulk request of " + ops.size() + " documents failed, sending again (the journal keeps them meanwhile): " + failure);
          retry(ops);
        }
      }
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
    sender.close();
    if (failure != null) throw failure;
  }

  @Override
  public void close() throws StoreException {
    close(Duration.ofSeconds(10));
  }
}
