package vn.soctinh.analyzer.store.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.bulk.OperationType;
import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.ElasticsearchTransport;
import co.elastic.clients.transport.Endpoint;
import co.elastic.clients.transport.TransportOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.elasticsearch.EsBulkWriter.Op;
import vn.soctinh.collector.testing.TestSeed;

/**
 * {@link BulkSender} against a cluster that answers every request after a random pause: whatever
 * the document sizes and limits (drawn from a seed, printed on failure), a request never holds more
 * than maxBytes unless it is one document alone, nor more than maxOps documents, never more than
 * {@code concurrent} requests are in flight, and every document is sent exactly once.
 * The seed is the run's ({@link TestSeed}): {@code -Dsoctinh.seed=N} repeats a failing one.
 */
@ExtendWith(TestSeed.class)
class BulkSenderTest {
  /** Answers each bulk request with every item stored, after 0-5 ms, and counts requests in flight. */
  private static final class SlowCluster implements ElasticsearchTransport {
    final ScheduledExecutorService timer = Executors.newScheduledThreadPool(4);
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger mostInFlight = new AtomicInteger();
    final Random random;

    SlowCluster(long seed) {
      random = new Random(seed);
    }

    @Override
    public <RequestT, ResponseT, ErrorT> ResponseT performRequest(RequestT request, Endpoint<RequestT, ResponseT, ErrorT> endpoint,
        TransportOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <RequestT, ResponseT, ErrorT> CompletableFuture<ResponseT> performRequestAsync(RequestT request,
        Endpoint<RequestT, ResponseT, ErrorT> endpoint, TransportOptions options) {
      BulkRequest bulk = (BulkRequest) request;
      mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      List<BulkResponseItem> items = new ArrayList<>();
      for (var op : bulk.operations()) {
        items.add(BulkResponseItem.of(i -> i.operationType(OperationType.Index).index(op.index().index()).id(op.index().id()).status(201)));
      }
      CompletableFuture<ResponseT> out = new CompletableFuture<>();
      int delay;
      synchronized (random) {
        delay = random.nextInt(6);
      }
      timer.schedule(() -> {
        inFlight.decrementAndGet();
        out.complete((ResponseT) BulkResponse.of(r -> r.errors(false).took(1).items(items)));
      }, delay, TimeUnit.MILLISECONDS);
      return out;
    }

    @Override
    public JsonpMapper jsonpMapper() {
      return new JacksonJsonpMapper();
    }

    @Override
    public TransportOptions options() {
      return null;
    }

    @Override
    public void close() {
      timer.shutdownNow();
    }
  }

  @Test
  void requestsStayWithinTheirByteAndDocumentLimitsAndEveryDocumentIsSentOnce() throws Exception {
    long seed = TestSeed.seed();
    Random r = TestSeed.random();
    for (int round = 0; round < 8; round++) {
      long maxBytes = 2048 + r.nextInt(64 * 1024);
      int maxOps = 1 + r.nextInt(300);
      int concurrent = 1 + r.nextInt(4);
      int docs = 500 + r.nextInt(2000);
      String why = "seed " + seed + " round " + round + " (maxBytes " + maxBytes + ", maxOps " + maxOps + ", concurrent " + concurrent + ")";
      try (SlowCluster cluster = new SlowCluster(seed + round)) {
        List<List<Op>> requests = new CopyOnWriteArrayList<>();
        CountDownLatch answered = new CountDownLatch(docs);
        BulkSender.Answers answers = new BulkSender.Answers() {
          @Override
          public void answered(List<Op> ops, BulkResponse response) {
            requests.add(ops);
            for (int i = 0; i < ops.size(); i++) answered.countDown();
          }

          @Override
          public void failed(List<Op> ops, Throwable failure) {
            throw new AssertionError(why, failure);
          }
        };
        try (BulkSender sender = new BulkSender(new ElasticsearchAsyncClient(cluster), maxBytes, maxOps, concurrent, 5, answers)) {
          for (int i = 0; i < docs; i++) {
            // mostly small documents, some larger than a whole request
            int size = r.nextInt(20) == 0 ? (int) maxBytes + r.nextInt(4096) : r.nextInt(2048);
            byte[] source = ("{\"m\":\"" + "x".repeat(size) + "\"}").getBytes();
            sender.add(new Op(i + 1, DocKind.EVENTS, "soctinh-events-2026.11.22", "id" + i, source, 0, null));
          }
          sender.flush();
          assertTrue(answered.await(30, TimeUnit.SECONDS), why);
        }
        Set<String> ids = new HashSet<>();
        for (List<Op> req : requests) {
          long bytes = req.stream().mapToLong(Op::bytes).sum();
          assertTrue(bytes <= maxBytes || req.size() == 1, why + ": a request of " + req.size() + " documents and " + bytes + " bytes");
          assertTrue(req.size() <= maxOps, why + ": " + req.size() + " documents");
          for (Op op : req) assertTrue(ids.add(op.id()), why + ": " + op.id() + " sent twice");
        }
        assertEquals(docs, ids.size(), why);
        assertTrue(cluster.mostInFlight.get() <= concurrent, why + ": " + cluster.mostInFlight.get() + " in flight");
      }
    }
  }
}
