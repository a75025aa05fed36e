package vn.soctinh.analyzer.store.elasticsearch;

import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.transport.ElasticsearchTransport;
import co.elastic.clients.transport.Endpoint;
import co.elastic.clients.transport.TransportOptions;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Completes asynchronous requests on a thread of our own, never on the HTTP client's I/O thread: a
 * connection failure completes a request synchronously inside the client's connection-pool lock,
 * and what the answer starts (counting acknowledgements under the writer's lock, reading a refused
 * document back to quarantine it) must not run there. With elasticsearch-java 8.19's BulkIngester,
 * which the store used before {@link BulkSender}, that deadlocked when a node went down (seen with
 * jstack in {@code ElasticsearchCrashIT}).
 */
final class HandoffTransport implements ElasticsearchTransport {
  private final ElasticsearchTransport delegate;
  private final ExecutorService completions = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "soctinh-es-completions");
    t.setDaemon(true);
    return t;
  });

  HandoffTransport(ElasticsearchTransport delegate) {
    this.delegate = delegate;
  }

  @Override
  public <RequestT, ResponseT, ErrorT> ResponseT performRequest(RequestT request, Endpoint<RequestT, ResponseT, ErrorT> endpoint,
      TransportOptions options) throws IOException {
    return delegate.performRequest(request, endpoint, options);
  }

  @Override
  public <RequestT, ResponseT, ErrorT> CompletableFuture<ResponseT> performRequestAsync(RequestT request,
      Endpoint<RequestT, ResponseT, ErrorT> endpoint, TransportOptions options) {
    CompletableFuture<ResponseT> out = new CompletableFuture<>();
    delegate.performRequestAsync(request, endpoint, options).whenComplete((r, t) -> completions.execute(() -> {
      if (t != null) out.completeExceptionally(t);
      else out.complete(r);
    }));
    return out;
  }

  @Override
  public JsonpMapper jsonpMapper() {
    return delegate.jsonpMapper();
  }

  @Override
  public TransportOptions options() {
    return delegate.options();
  }

  @Override
  public void close() throws IOException {
    completions.shutdown();
    delegate.close();
  }
}
