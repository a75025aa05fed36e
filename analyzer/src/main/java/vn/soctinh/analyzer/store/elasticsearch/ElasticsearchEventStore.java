package vn.soctinh.analyzer.store.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.DateHistogramBucket;
import co.elastic.clients.elasticsearch._types.aggregations.DoubleTermsBucket;
import co.elastic.clients.elasticsearch._types.aggregations.LongTermsBucket;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch.core.IndexResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import co.elastic.clients.util.BinaryData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.apache.lucene.queryparser.classic.ParseException;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;
import vn.soctinh.analyzer.event.EcsJson;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.store.Aggregation;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.analyzer.store.FieldType;
import vn.soctinh.analyzer.store.InvalidQueryException;
import vn.soctinh.analyzer.store.SearchRequest;
import vn.soctinh.analyzer.store.SearchResult;
import vn.soctinh.analyzer.store.StoreException;
import vn.soctinh.analyzer.store.VersionConflictException;
import vn.soctinh.analyzer.store.lucene.FoldingAnalyzer;
import vn.soctinh.analyzer.store.lucene.StoreQueryParser;

/**
 * The scale-out store: the same contract as the embedded one on an Elasticsearch cluster (8.19 or
 * 9.x). Events go to daily indices {@code <prefix>-events-YYYY.MM.DD} (the UTC day of
 * {@code @timestamp}, as on Lucene) behind the alias {@code <prefix>-events}; alerts and incidents to
 * {@code <prefix>-alerts} and {@code <prefix>-incidents}; the pipeline's checkpoint to
 * {@code <prefix>-meta}; documents refused for what they contain to {@code <prefix>-quarantine}
 * ({@link DocKind#QUARANTINE}, the {@link vn.soctinh.analyzer.store.Quarantine} shape). Writes go
 * through {@link EsBulkWriter}; a commit returns once Elasticsearch acknowledged every document and
 * every quarantine document (its translog makes an acknowledged write durable), then records the
 * checkpoint.
 */
public final class ElasticsearchEventStore implements EventStore {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int DELETE_PAGE = 1000;

  private final EsSettings settings;
  private final FieldType.Mapping mapping;
  private final RestClient rest;
  private final RestClientTransport transport;
  private final ElasticsearchClient client;
  private final EsQueries queries;
  private final HandoffTransport async;
  private final EsBulkWriter writer;
  private final String prefix;
  private volatile boolean templatesReady;

  private ElasticsearchEventStore(EsSettings settings, FieldType.Mapping mapping) throws StoreException {
    this.settings = settings;
    this.mapping = mapping;
    this.prefix = settings.indexPrefix();
    this.rest = restClient(settings);
    this.transport = new RestClientTransport(rest, new JacksonJsonpMapper());
    this.client = new ElasticsearchClient(transport);
    this.queries = new EsQueries(mapping);
    this.async = new HandoffTransport(transport);
    this.writer = new EsBulkWriter(new co.elastic.clients.elasticsearch.ElasticsearchAsyncClient(async), settings,
        index(DocKind.QUARANTINE), this::source);
  }

  /**
   * Connects and installs the index templates. An unreachable cluster is not an error here: the
   * templates are installed before the first write, and the pipeline retries until it succeeds.
   */
  public static ElasticsearchEventStore open(EsSettings settings) throws StoreException {
    ElasticsearchEventStore s = new ElasticsearchEventStore(settings, FieldType.Mapping.ecs());
    try {
      s.ensureTemplates();
    } catch (StoreException e) {
      System.getLogger(ElasticsearchEventStore.class.getName()).log(System.Logger.Level.WARNING,
          "Elasticsearch not ready yet (" + e.getMessage() + "); writes wait for it");
    }
    return s;
  }

  /** Connects without installing anything: for readers such as {@code soctinh search --es}. */
  public static ElasticsearchEventStore openForReading(EsSettings settings) throws StoreException {
    return new ElasticsearchEventStore(settings, FieldType.Mapping.ecs());
  }

  private static RestClient restClient(EsSettings s) throws StoreException {
    HttpHost[] hosts = s.urls().stream().map(HttpHost::create).toArray(HttpHost[]::new);
    RestClientBuilder b = RestClient.builder(hosts);
    List<Header> headers = new ArrayList<>();
    if (s.apiKey() != null) headers.add(new BasicHeader("Authorization", "ApiKey " + s.apiKey()));
    // preemptive: no first request refused with 401, and clusters behind a proxy that does not challenge work too
    else if (s.username() != null) {
      String pair = s.username() + ":" + (s.password() == null ? "" : s.password());
      headers.add(new BasicHeader("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8))));
    }
    if (!headers.isEmpty()) b.setDefaultHeaders(headers.toArray(new Header[0]));
    SSLContext ssl = s.caCertificate() == null ? null : sslContext(s);
    if (ssl != null) b.setHttpClientConfigCallback(h -> h.setSSLContext(ssl));
    return b.build();
  }

  private static SSLContext sslContext(EsSettings s) throws StoreException {
    try (InputStream in = Files.newInputStream(s.caCertificate())) {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int n = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) ks.setCertificateEntry("ca" + n++, c);
      if (n == 0) throw new StoreException("no certificate in " + s.caCertificate());
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new StoreException("cannot read the Elasticsearch CA certificate " + s.caCertificate() + ": " + e.getMessage(), e);
    }
  }

  private String index(DocKind kind) {
    return prefix + "-" + kind.label();
  }

  /** The indices a search of {@code kind} reads: for events the daily indices, possibly none yet. */
  private String pattern(DocKind kind) {
    return kind == DocKind.EVENTS ? prefix + "-events-*" : index(kind);
  }

  String indexFor(DocKind kind, Event e) {
    return prefix + "-" + kind.partitionOf(e);
  }

  private void ensureTemplates() throws StoreException {
    if (templatesReady) return;
    synchronized (this) {
      if (templatesReady) return;
      put("/_index_template/" + prefix + "-events", EsMapping.template(mapping, prefix + "-events-*", prefix + "-events",
          settings.shards(), settings.replicas()));
      for (DocKind k : new DocKind[] {DocKind.ALERTS, DocKind.INCIDENTS}) {
        put("/_index_template/" + index(k), EsMapping.template(mapping, index(k), null, settings.shards(), settings.replicas()));
      }
      String quarantine = index(DocKind.QUARANTINE);
      createIfMissing(quarantine, EsMapping.quarantineIndex(settings.replicas()));
      // an index created by an earlier version gets the fields it lacks (adding fields is allowed);
      // if a cluster refuses, quarantining still works, with those fields not searchable
      try {
        put("/" + quarantine + "/_mapping", EsMapping.quarantineMappings());
      } catch (StoreException e) {
        System.getLogger(ElasticsearchEventStore.class.getName()).log(System.Logger.Level.WARNING,
            "could not add the quarantine fields to " + quarantine + " (" + e.getMessage() + "); its documents are kept, some fields not searchable");
      }
      ObjectNode meta = JSON.createObjectNode();
      meta.putObject("settings").put("number_of_shards", 1).put("number_of_replicas", settings.replicas());
      meta.putObject("mappings").put("dynamic", false);
      createIfMissing(prefix + "-meta", meta);
      templatesReady = true;
    }
  }

  /** The cluster answers and is not red: GET /_cluster/health with a 2 s timeout of its own. */
  @Override
  public boolean reachable() {
    try {
      Request r = new Request("GET", "/_cluster/health");
      r.addParameter("timeout", "2s");
      r.setOptions(r.getOptions().toBuilder().setRequestConfig(org.apache.http.client.config.RequestConfig.custom()
          .setConnectTimeout(2000).setSocketTimeout(3000).build()));
      Response resp = rest.performRequest(r);
      return !"red".equals(JSON.readTree(resp.getEntity().getContent()).path("status").asText());
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** {@code GET /_cluster/health}: status, number_of_nodes, unassigned_shards ... as the cluster says them. */
  public Map<String, Object> clusterHealth() throws StoreException {
    try {
      Response resp = rest.performRequest(new Request("GET", "/_cluster/health"));
      return JSON.readValue(resp.getEntity().getContent(), new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
    } catch (IOException | RuntimeException e) {
      throw new StoreException("Elasticsearch cluster health: " + e.getMessage(), e);
    }
  }

  private void put(String path, JsonNode body) throws StoreException {
    request("PUT", path, body);
  }

  private void createIfMissing(String index, JsonNode body) throws StoreException {
    try {
      Request r = new Request("PUT", "/" + index);
      r.setJsonEntity(body.toString());
      rest.performRequest(r);
    } catch (ResponseException e) {
      if (!e.getMessage().contains("resource_already_exists_exception")) throw new StoreException("creating " + index + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new StoreException("Elasticsearch unreachable: " + e.getMessage(), e);
    }
  }

  private JsonNode request(String method, String path, JsonNode body) throws StoreException {
    try {
      Request r = new Request(method, path);
      if (body != null) r.setJsonEntity(body.toString());
      Response resp = rest.performRequest(r);
      return resp.getEntity() == null ? JSON.createObjectNode() : JSON.readTree(resp.getEntity().getContent());
    } catch (ResponseException e) {
      throw new StoreException(method + " " + path + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new StoreException("Elasticsearch unreachable (" + method + " " + path + "): " + e.getMessage(), e);
    }
  }

  /** The document as sent ({@link EsSource}): the event, plus the folded copy of its text fields (left out of _source). */
  byte[] source(Event e) {
    Event out = null;
    for (Map.Entry<String, FieldType> f : mapping.declared().entrySet()) {
      if (f.getValue() != FieldType.TEXT) continue;
      Object v = e.get(f.getKey());
      if (v == null) continue;
      if (out == null) out = e.copy();
      out.put(EsMapping.folded(f.getKey()), FoldingAnalyzer.fold(String.valueOf(v)));
    }
    return EsSource.write(out == null ? e : out);
  }

  @Override
  public void index(DocKind kind, List<Event> docs) throws StoreException {
    ensureTemplates();
    for (Event e : docs) {
      String id = e.getString("event.id");
      if (id == null || id.isEmpty()) throw new IllegalArgumentException("a stored document needs event.id");
      writer.add(kind, indexFor(kind, e), id, source(e), settings.stallTimeout());
    }
  }

  @Override
  public void commit(String checkpoint) throws StoreException {
    ensureTemplates();
    writer.awaitAll(settings.stallTimeout());
    try {
      client.index(i -> i.index(prefix + "-meta").id("checkpoint").document(Map.of("checkpoint", checkpoint)));
    } catch (IOException | ElasticsearchException e) {
      throw new StoreException("recording the checkpoint failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<String> checkpoint() throws StoreException {
    try {
      var r = client.get(g -> g.index(prefix + "-meta").id("checkpoint"), ObjectNode.class);
      if (!r.found() || r.source() == null) return Optional.empty();
      return Optional.of(r.source().path("checkpoint").asText());
    } catch (ElasticsearchException e) {
      if (e.status() == 404) return Optional.empty();
      throw new StoreException("reading the checkpoint failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new StoreException("Elasticsearch unreachable: " + e.getMessage(), e);
    }
  }

  @Override
  public void refresh() throws StoreException {
    writer.awaitAll(settings.stallTimeout());
    refreshIndices(prefix + "-*");
  }

  /**
   * Waits for the documents of {@code kind} indexed so far, then refreshes only its indices: incident
   * grouping reads incidents after each batch of alerts and must neither wait for the events in
   * flight nor make the event indices flush small segments.
   */
  @Override
  public void refresh(DocKind kind) throws StoreException {
    writer.await(kind, settings.stallTimeout());
    refreshIndices(pattern(kind));
  }

  private void refreshIndices(String indices) throws StoreException {
    try {
      client.indices().refresh(r -> r.index(indices).ignoreUnavailable(true).allowNoIndices(true));
    } catch (IOException | ElasticsearchException e) {
      throw new StoreException("refresh failed: " + e.getMessage(), e);
    }
  }

  /** One document with where it lives and its concurrency tokens. */
  private record Found(Event doc, String index, long version, long seqNo, long primaryTerm) {}

  private Optional<Found> find(DocKind kind, String id) throws StoreException {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("query").putObject("term").put("event.id", id);
    body.put("size", 1).put("version", true).put("seq_no_primary_term", true);
    SearchResponse<BinaryData> r = search(pattern(kind), body);
    if (r.hits().hits().isEmpty()) return Optional.empty();
    Hit<BinaryData> h = r.hits().hits().get(0);
    return Optional.of(new Found(event(h.source()), h.index(), h.version() == null ? 1 : h.version(), h.seqNo(), h.primaryTerm()));
  }

  @Override
  public Optional<Versioned> get(DocKind kind, String id) throws StoreException {
    refresh(kind);
    return find(kind, id).map(f -> new Versioned(f.doc(), f.version()));
  }

  @Override
  public long update(DocKind kind, String id, Event doc, long expectedVersion) throws StoreException {
    ensureTemplates();
    refresh(kind);
    Optional<Found> current = find(kind, id);
    long have = current.map(Found::version).orElse(0L);
    if (have != expectedVersion) throw new VersionConflictException(id, expectedVersion, have);
    Event e = doc.copy();
    e.put("event.id", id);
    String target = current.map(Found::index).orElse(indexFor(kind, e));
    try {
      IndexResponse resp = client.index(i -> {
        i.index(target).id(id).document(BinaryData.of(source(e), "application/json")).refresh(co.elastic.clients.elasticsearch._types.Refresh.True);
        if (current.isPresent()) i.ifSeqNo(current.get().seqNo()).ifPrimaryTerm(current.get().primaryTerm());
        else i.opType(co.elastic.clients.elasticsearch._types.OpType.Create);
        return i;
      });
      return resp.version();
    } catch (ElasticsearchException ex) {
      if (ex.status() == 409) {
        long now = find(kind, id).map(Found::version).orElse(0L);
        throw new VersionConflictException(id, expectedVersion, now);
      }
      throw new StoreException("update " + id + " failed: " + ex.getMessage(), ex);
    } catch (IOException ex) {
      // a conditional write that lost the race comes back as a transport error with status 409
      if (statusOf(ex) == 409) {
        long now = find(kind, id).map(Found::version).orElse(0L);
        throw new VersionConflictException(id, expectedVersion, now);
      }
      throw new StoreException("update " + id + " failed: " + ex.getMessage(), ex);
    }
  }

  /** The HTTP status of a failed request, from the client's exception or the REST client's under it; 0 when none. */
  static int statusOf(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof co.elastic.clients.transport.TransportException te && te.statusCode() > 0) return te.statusCode();
      if (c instanceof ElasticsearchException ee) return ee.status(); // an error answered with a JSON body
      if (c instanceof org.elasticsearch.client.ResponseException re) return re.getResponse().getStatusLine().getStatusCode();
      if (c.getCause() == c) break;
    }
    return 0;
  }

  /** A search is stopped by the cluster after this long, and refused ({@code analyzer.query_timeout_ms}). */
  private volatile long queryTimeoutMs = vn.soctinh.analyzer.store.lucene.LuceneEventStore.DEFAULT_QUERY_TIMEOUT_MS;

  /** How long one search may run before the cluster stops it and it is refused. */
  public ElasticsearchEventStore queryTimeout(long ms) {
    if (ms < 0) throw new IllegalArgumentException("query timeout must not be negative: " + ms);
    this.queryTimeoutMs = ms;
    return this;
  }

  @Override
  public SearchResult search(SearchRequest r) throws StoreException {
    ObjectNode body = JSON.createObjectNode();
    body.set("query", query(r.query(), r.from(), r.to(), r.orgScope()));
    body.put("size", r.size()).put("track_total_hits", true).put("timeout", queryTimeoutMs + "ms");
    FieldType sortType = mapping.forQuery(r.sortField());
    String order = r.descending() ? "desc" : "asc";
    ArrayNode sort = body.putArray("sort");
    sort.addObject().putObject(r.sortField()).put("order", order).put("unmapped_type", unmappedType(sortType));
    sort.addObject().putObject("event.id").put("order", order).put("unmapped_type", "keyword");
    if (!r.searchAfter().isEmpty()) {
      ArrayNode after = body.putArray("search_after");
      for (Object v : r.searchAfter()) after.addPOJO(v);
    }
    if (!r.aggregations().isEmpty()) {
      ObjectNode aggs = body.putObject("aggs");
      for (Aggregation a : r.aggregations()) aggs.set(a.name(), aggregation(a));
    }
    SearchResponse<BinaryData> resp = search(pattern(r.kind()), body);
    if (resp.timedOut()) {
      // partial results would read as complete ones: refused, as the embedded store does
      throw InvalidQueryException.overTimeLimit(queryTimeoutMs, null);
    }
    List<Event> hits = new ArrayList<>();
    List<Object> next = null;
    for (Hit<BinaryData> h : resp.hits().hits()) hits.add(event(h.source()));
    if (r.size() > 0 && hits.size() == r.size()) {
      var last = resp.hits().hits().get(hits.size() - 1).sort();
      List<Object> cursor = new ArrayList<>();
      for (var v : last) cursor.add(v.isString() ? v.stringValue() : v.isDouble() ? (Object) v.doubleValue() : v._get());
      next = cursor;
    }
    Map<String, Map<Object, Long>> aggs = new LinkedHashMap<>();
    for (Aggregation a : r.aggregations()) aggs.put(a.name(), buckets(a, resp.aggregations().get(a.name())));
    long total = resp.hits().total() == null ? hits.size() : resp.hits().total().value();
    return new SearchResult(total, hits, next, aggs);
  }

  private JsonNode query(String text, Instant from, Instant to) throws StoreException {
    return query(text, from, to, null);
  }

  private JsonNode query(String text, Instant from, Instant to, java.util.Set<String> orgScope) throws StoreException {
    ObjectNode q;
    try {
      q = queries.toJson(StoreQueryParser.parse(text, mapping));
    } catch (ParseException e) {
      throw new InvalidQueryException(e.getMessage(), e);
    }
    if (from == null && to == null && orgScope == null) return q;
    ObjectNode bool = JSON.createObjectNode();
    bool.putArray("must").add(q);
    ArrayNode filter = bool.putArray("filter");
    if (from != null || to != null) {
      ObjectNode range = JSON.createObjectNode().put("format", "epoch_millis");
      if (from != null) range.put("gte", from.toEpochMilli());
      if (to != null) range.put("lt", to.toEpochMilli());
      filter.addObject().putObject("range").set("@timestamp", range);
    }
    if (orgScope != null) filter.add(queries.toJson(StoreQueryParser.orgScope(orgScope)));
    ObjectNode out = JSON.createObjectNode();
    out.set("bool", bool);
    return out;
  }

  private static String unmappedType(FieldType t) {
    return switch (t) {
      case LONG -> "long";
      case DOUBLE -> "double";
      case DATE -> "date";
      case IP -> "ip";
      default -> "keyword";
    };
  }

  private static ObjectNode aggregation(Aggregation a) {
    ObjectNode n = JSON.createObjectNode();
    if (a instanceof Aggregation.Terms t) {
      n.putObject("terms").put("field", t.field()).put("size", t.size());
    } else if (a instanceof Aggregation.DateHistogram h) {
      n.putObject("date_histogram").put("field", h.field()).put("fixed_interval", h.interval().toMillis() + "ms").put("min_doc_count", 1);
    } else if (a instanceof Aggregation.Cardinality c) {
      n.putObject("cardinality").put("field", c.field());
    }
    return n;
  }

  private static Map<Object, Long> buckets(Aggregation a, Aggregate agg) {
    Map<Object, Long> out = a instanceof Aggregation.DateHistogram ? new TreeMap<>() : new LinkedHashMap<>();
    if (agg == null) return out;
    if (agg.isSterms()) for (StringTermsBucket b : agg.sterms().buckets().array()) out.put(b.key().stringValue(), b.docCount());
    else if (agg.isLterms()) for (LongTermsBucket b : agg.lterms().buckets().array()) out.put(b.key(), b.docCount());
    else if (agg.isDterms()) for (DoubleTermsBucket b : agg.dterms().buckets().array()) out.put(b.key(), b.docCount());
    else if (agg.isDateHistogram()) for (DateHistogramBucket b : agg.dateHistogram().buckets().array()) out.put(b.key(), b.docCount());
    else if (agg.isCardinality()) out.put("value", agg.cardinality().value());
    return out;
  }

  private SearchResponse<BinaryData> search(String indices, ObjectNode body) throws StoreException {
    try {
      return client.search(s -> s.withJson(new StringReader(body.toString())).index(indices).ignoreUnavailable(true).allowNoIndices(true),
          BinaryData.class);
    } catch (ElasticsearchException e) {
      throw new StoreException("search failed: " + reason(e), e);
    } catch (IOException e) {
      throw new StoreException("Elasticsearch unreachable: " + e.getMessage(), e);
    }
  }

  private static String reason(ElasticsearchException e) {
    var cause = e.error();
    StringBuilder s = new StringBuilder(String.valueOf(cause.reason()));
    for (var root : cause.rootCause()) if (root.reason() != null && !s.toString().contains(root.reason())) s.append("; ").append(root.reason());
    return s.toString();
  }

  private static Event event(BinaryData source) throws StoreException {
    try {
      var buf = source.asByteBuffer();
      byte[] b = new byte[buf.remaining()];
      buf.get(b);
      return EcsJson.read(new String(b, StandardCharsets.UTF_8), EventStore.FREE_FORM);
    } catch (IOException e) {
      throw new StoreException("cannot read a document from Elasticsearch: " + e.getMessage(), e);
    }
  }

  @Override
  public long deleteOlderThan(DocKind kind, Instant cutoff, String agency, String query) throws StoreException {
    return deleteOlderThan(kind, cutoff, agency, query, java.util.Set.of());
  }

  @Override
  public long deleteOlderThan(DocKind kind, Instant cutoff, String agency, String query, java.util.Set<String> keepIds) throws StoreException {
    ensureTemplates();
    boolean narrowed = query != null && !query.isBlank();
    JsonNode narrowing = narrowed ? query(query, null, null) : null; // a bad query fails before anything is deleted
    checkKeep(keepIds);
    refresh();
    long deleted = 0;
    // whole days go as indices only when nothing in them may be held (with holds, document by document),
    // or when earlier passes by agency left them empty
    boolean whole = agency == null && !narrowed && keepIds.isEmpty();
    if (kind == DocKind.EVENTS) {
      for (Map.Entry<String, Long> ix : indices(prefix + "-events-*").entrySet()) {
        LocalDate day;
        try {
          day = LocalDate.parse(ix.getKey().substring((prefix + "-events-").length()), DAY);
        } catch (RuntimeException e) {
          continue; // not one of ours
        }
        if ((whole || ix.getValue() == 0) && !day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(cutoff)) {
          // the whole day is past retention: drop the index instead of deleting documents
          deleted += ix.getValue();
          request("DELETE", "/" + ix.getKey(), null);
        }
      }
    }
    deleted += deleteMatching(pattern(kind), expired(cutoff, agency, narrowing, keepIds));
    return deleted;
  }

  @Override
  public long countOlderThan(DocKind kind, Instant cutoff, String agency, String query, java.util.Set<String> keepIds) throws StoreException {
    JsonNode narrowing = query != null && !query.isBlank() ? query(query, null, null) : null;
    checkKeep(keepIds);
    ObjectNode body = JSON.createObjectNode();
    body.putObject("query").set("bool", expired(cutoff, agency, narrowing, keepIds));
    body.put("size", 0).put("track_total_hits", true);
    SearchResponse<BinaryData> r = search(pattern(kind), body);
    return r.hits().total() == null ? 0 : r.hits().total().value();
  }

  /** A terms query takes at most index.max_terms_count (65,536 by default) values: more is refused, never half-applied. */
  static final int MAX_KEEP_IDS = 65_000;

  private static void checkKeep(java.util.Set<String> keepIds) throws StoreException {
    if (keepIds.size() > MAX_KEEP_IDS) {
      throw new StoreException("retention: " + keepIds.size() + " documents are held by incidents, more than one Elasticsearch terms filter takes ("
          + MAX_KEEP_IDS + "); nothing was deleted");
    }
  }

  /** Older than {@code cutoff}, of {@code agency} (null: any), matching {@code narrowing} (null: all), not one of {@code keepIds}. */
  private static ObjectNode expired(Instant cutoff, String agency, JsonNode narrowing, java.util.Set<String> keepIds) {
    ObjectNode bool = JSON.createObjectNode();
    ArrayNode filter = bool.putArray("filter");
    filter.addObject().putObject("range").set("@timestamp", JSON.createObjectNode().put("lt", cutoff.toEpochMilli()).put("format", "epoch_millis"));
    if (agency != null) filter.addObject().putObject("term").put("organization.id", agency);
    if (narrowing != null) filter.add(narrowing);
    if (!keepIds.isEmpty()) {
      ArrayNode ids = bool.putArray("must_not").addObject().putObject("terms").putArray("event.id");
      for (String id : new java.util.TreeSet<>(keepIds)) ids.add(id);
    }
    return bool;
  }

  /** Delete-by-query done by the client (search after + bulk delete): the reindex module is not everywhere. */
  private long deleteMatching(String indices, ObjectNode bool) throws StoreException {
    long n = 0;
    List<Object> after = null;
    while (true) {
      ObjectNode body = JSON.createObjectNode();
      body.putObject("query").set("bool", bool);
      body.put("size", DELETE_PAGE).put("_source", false);
      body.putArray("sort").addObject().put("event.id", "asc");
      if (after != null) {
        ArrayNode a = body.putArray("search_after");
        for (Object v : after) a.addPOJO(v);
      }
      SearchResponse<BinaryData> r = search(indices, body);
      List<Hit<BinaryData>> hits = r.hits().hits();
      if (hits.isEmpty()) break;
      try {
        var resp = client.bulk(b -> {
          for (Hit<BinaryData> h : hits) b.operations(o -> o.delete(d -> d.index(h.index()).id(h.id())));
          return b;
        });
        if (resp.errors()) throw new StoreException("retention delete failed for some documents: " + resp.items().get(0).error());
      } catch (IOException | ElasticsearchException e) {
        throw new StoreException("retention delete failed: " + e.getMessage(), e);
      }
      n += hits.size();
      after = new ArrayList<>();
      for (var v : hits.get(hits.size() - 1).sort()) after.add(v._get());
      if (hits.size() < DELETE_PAGE) break;
    }
    if (n > 0) refresh();
    return n;
  }

  /** Index name → documents, for indices matching {@code pattern}. */
  private Map<String, Long> indices(String pattern) throws StoreException {
    JsonNode stats = request("GET", "/" + pattern + "/_stats/docs?ignore_unavailable=true&allow_no_indices=true", null);
    Map<String, Long> out = new TreeMap<>();
    stats.path("indices").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().path("primaries").path("docs").path("count").asLong()));
    return out;
  }

  @Override
  public StoreStats stats() throws StoreException {
    refresh();
    String all = prefix + "-events-*," + index(DocKind.ALERTS) + "," + index(DocKind.INCIDENTS) + "," + index(DocKind.QUARANTINE);
    JsonNode stats = request("GET", "/" + all + "/_stats/docs,store?ignore_unavailable=true&allow_no_indices=true", null);
    long docs = 0;
    long bytes = 0;
    List<String> names = new ArrayList<>();
    for (var it = stats.path("indices").fields(); it.hasNext();) {
      var e = it.next();
      long count = e.getValue().path("primaries").path("docs").path("count").asLong();
      // the quarantine index exists from the start; like Lucene's partition, it counts once something is in it
      if (count == 0 && e.getKey().equals(index(DocKind.QUARANTINE))) continue;
      docs += count;
      bytes += e.getValue().path("total").path("store").path("size_in_bytes").asLong();
      names.add(e.getKey().substring(prefix.length() + 1));
    }
    names.sort(null);
    return new StoreStats(docs, bytes, names);
  }

  public String indexPrefix() {
    return prefix;
  }

  /** Documents sent again after a failure, since this store opened. */
  public long retried() {
    return writer.retried.get();
  }

  @Override
  public long quarantined() {
    return writer.quarantined.get();
  }

  /** The largest bulk request body sent since this store opened, in bytes (at most bulk_bytes, or one document alone). */
  public long largestBulkRequestBytes() {
    return writer.largestRequestBytes();
  }

  /** Documents Elasticsearch acknowledged since this store opened. */
  public long acknowledged() {
    return writer.acknowledged.get();
  }

  /** Documents sent but not yet acknowledged. */
  public long pending() {
    return writer.pending();
  }

  /** Deletes every index and template of this store's prefix (tests, and an operator starting over). */
  public void deleteAll() throws StoreException {
    writer.awaitAll(settings.stallTimeout());
    for (String ix : indices(prefix + "-*").keySet()) request("DELETE", "/" + ix, null);
    for (String t : new String[] {"events", "alerts", "incidents"}) {
      try {
        request("DELETE", "/_index_template/" + prefix + "-" + t, null);
      } catch (StoreException e) {
        // absent
      }
    }
    templatesReady = false;
  }

  @Override
  public void close() throws StoreException {
    try {
      writer.close(settings.stallTimeout());
      if (writer.acknowledged.get() > 0) {
        // what this process wrote is searchable the moment it stops, not one refresh interval later
        try {
          client.indices().refresh(r -> r.index(prefix + "-*").ignoreUnavailable(true).allowNoIndices(true));
        } catch (IOException | ElasticsearchException e) {
          // the cluster refreshes by itself within a second
        }
      }
    } finally {
      try {
        async.close();
      } catch (IOException e) {
        // closing
      }
    }
  }
}
