package vn.soctinh.analyzer.store.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.Quarantine;
import vn.soctinh.analyzer.store.SearchRequest;
import vn.soctinh.analyzer.store.StoreException;

/**
 * Every way we found for one attacker-written document to be refused by a real node, and what the
 * store makes of it: the document is quarantined, or stored in a documented degraded way, and the
 * ordinary documents after it are stored and found. A stall would show as a commit that times out.
 */
class ElasticsearchRejectionIT {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private static final AtomicInteger N = new AtomicInteger();
  private final List<ElasticsearchEventStore> opened = new ArrayList<>();
  private final List<BodyLimitProxy> proxies = new ArrayList<>();

  private ElasticsearchEventStore open(String url, EsSettings base) throws StoreException {
    String prefix = "rej" + ProcessHandle.current().pid() + "-" + N.incrementAndGet();
    ElasticsearchEventStore s = ElasticsearchEventStore.open(base.withUrl(url).withPrefix(prefix).withReplicas(0)
        .withStallTimeout(java.time.Duration.ofSeconds(60)));
    opened.add(s);
    return s;
  }

  private ElasticsearchEventStore open() throws StoreException {
    return open(TestElasticsearch.url(), EsSettings.of(TestElasticsearch.url()));
  }

  private BodyLimitProxy proxy(long maxBodyBytes) throws Exception {
    BodyLimitProxy p = new BodyLimitProxy(TestElasticsearch.url(), maxBodyBytes);
    proxies.add(p);
    return p;
  }

  @AfterEach
  void dropIndices() throws Exception {
    for (BodyLimitProxy p : proxies) p.close();
    for (ElasticsearchEventStore s : opened) {
      try (ElasticsearchEventStore cleanup = ElasticsearchEventStore.open(EsSettings.of(TestElasticsearch.url())
          .withPrefix(s.indexPrefix()).withReplicas(0))) {
        cleanup.deleteAll();
      }
      try {
        s.close();
      } catch (StoreException e) {
        // a test that failed may leave documents unacknowledged
      }
    }
  }

  /** An ordinary sshd event at offset {@code n}. */
  private static Event normal(String id, long n) {
    return new Event().put("@timestamp", T0.plusSeconds(n)).put("event.id", id).put("log.offset", n)
        .put("event.action", "ssh_login_failed").put("source.ip", "10.1.2." + (n % 250)).put("source.port", 40000 + n)
        .put("user.name", "root").put("organization.id", "so-tttt").put("message", "Failed password for root")
        .put("event.original", "<38>sshd[1]: Failed password for root from 10.1.2." + (n % 250));
  }

  private static Event poison(String id, long n) {
    return normal(id, n).put("event.original", "{\"poison\":" + n + "}");
  }

  private static Set<String> ids(ElasticsearchEventStore s, DocKind kind, String query) throws StoreException {
    Set<String> out = new TreeSet<>();
    for (Event e : s.search(SearchRequest.of(kind, query, 1000)).hits()) out.add(e.getString("event.id"));
    return out;
  }

  /** Writes {@code before}, the poison and {@code after} in one batch, then a second batch, and commits each. */
  private static void writeAround(ElasticsearchEventStore s, Event poison) throws StoreException {
    s.index(DocKind.EVENTS, List.of(normal("n1", 1), poison, normal("n3", 3)));
    s.commit("3");
    s.index(DocKind.EVENTS, List.of(normal("n4", 4)));
    s.commit("4");
    s.refresh();
  }

  private static void assertQuarantined(ElasticsearchEventStore s, String id, String reasonContains) throws StoreException {
    assertEquals(Set.of("n1", "n3", "n4"), ids(s, DocKind.EVENTS, ""), "the documents around it are stored");
    assertEquals(Set.of("n1", "n3", "n4"), ids(s, DocKind.EVENTS, "user.name:root AND source.ip:10.1.2.0/24"), "and found");
    List<Event> q = s.search(SearchRequest.of(DocKind.QUARANTINE, "", 10)).hits();
    assertEquals(List.of(id), q.stream().map(e -> e.getString("event.id")).toList(), "quarantined: " + q);
    String reason = q.get(0).getString("error.message");
    assertTrue(reason.contains(reasonContains), reason);
    assertEquals(Quarantine.REFUSED, q.get(0).getString("error.type"));
    assertEquals("events", q.get(0).getString("labels.kind"));
    assertEquals(0, s.pending());
  }

  @Test
  void aValueItsTypedFieldCannotTakeIsQuarantined() throws Exception {
    for (Object[] bad : new Object[][] {{"source.port", "x"}, {"source.ip", "not an address"}, {"event.start", "yesterday"},
        {"source.port", List.of(1L, "x")}}) {
      ElasticsearchEventStore s = open();
      writeAround(s, poison("p2", 2).put((String) bad[0], bad[1]));
      assertQuarantined(s, "p2", (String) bad[0]);
      assertEquals(1, s.quarantined());
    }
  }

  /**
   * {@code subobjects: false}: {@code labels.zone} and {@code labels.zone.name} are two fields, as on
   * Lucene. With objects, whichever came first in a day's index made every later document with the
   * other refused for the rest of the day: one line from an attacker at midnight would do.
   */
  @Test
  void aFieldThatIsAValueInOneDocumentAndAnObjectInAnotherIsStoredBothWays() throws Exception {
    ElasticsearchEventStore s = open();
    s.index(DocKind.EVENTS, List.of(normal("n0", 0).put("user", "x").put("labels.zone", "dmz")));
    s.commit("0");
    writeAround(s, normal("p2", 2).put("labels.zone.name", "lan"));
    s.index(DocKind.EVENTS, List.of(normal("n5", 5).put("labels.zone", List.of("a", "b")).put("labels.zone.name", "wan")));
    s.commit("5");
    s.refresh();
    assertEquals(Set.of("n0", "n1", "p2", "n3", "n4", "n5"), ids(s, DocKind.EVENTS, "user.name:root"), "user.name after user");
    assertEquals(Set.of("n0"), ids(s, DocKind.EVENTS, "user:x"));
    assertEquals(Set.of("p2", "n5"), ids(s, DocKind.EVENTS, "labels.zone.name:*"));
    assertEquals(Set.of("n0", "n5"), ids(s, DocKind.EVENTS, "labels.zone:*"));
    assertEquals(0, s.quarantined());
  }

  /**
   * A field 30 names deep is one field under its dotted name (Elasticsearch's depth limit of 20
   * counts objects, and there are none). A value nested deeper than {@link EsSource#MAX_DEPTH} is
   * sent as text: Elasticsearch 8.19 flattening objects under {@code subobjects: false} recurses
   * without a depth limit, and 1,200 levels stopped the test node with a StackOverflowError.
   */
  @Test
  void deeplyNestedFieldsAreStoredAndCannotCrashTheNode() throws Exception {
    ElasticsearchEventStore s = open();
    StringBuilder deep = new StringBuilder("labels");
    for (int i = 0; i < 30; i++) deep.append(".d").append(i);
    Object nested = "bottom";
    for (int i = 0; i < 3000; i++) nested = java.util.Map.of("n", nested);
    writeAround(s, normal("p2", 2).put(deep.toString(), "bottom").put("winlog.event_data", nested));
    assertTrue(s.reachable(), "the node is still up");
    assertEquals(Set.of("n1", "p2", "n3", "n4"), ids(s, DocKind.EVENTS, "user.name:root"));
    assertEquals(Set.of("p2"), ids(s, DocKind.EVENTS, deep + ":bottom"));
    assertEquals(0, s.quarantined());
  }

  /**
   * Lucene cannot index a term over 32766 bytes; keywords over 4096 characters are kept in
   * {@code _source} and not indexed ({@code ignore_above}), and text is cut into words of at most 255
   * characters: the document is stored, found by its other fields and returned whole; the long
   * value itself is not searchable (as on the Lucene store).
   */
  @Test
  void aValueTooLongToBeATermIsStoredWithoutIndexingIt() throws Exception {
    ElasticsearchEventStore s = open();
    String immense = "ổ".repeat(20_000); // 60,000 bytes of UTF-8 in one term
    writeAround(s, normal("p2", 2).put("labels.blob", immense).put("user.name", "root" + immense).put("message", immense));
    assertEquals(Set.of("n1", "p2", "n3", "n4"), ids(s, DocKind.EVENTS, "source.ip:10.1.2.0/24"));
    Event back = s.get(DocKind.EVENTS, "p2").orElseThrow().doc();
    assertEquals(immense, back.getString("labels.blob"), "kept whole");
    assertEquals(Set.of(), ids(s, DocKind.EVENTS, "labels.blob:*"), "not indexed");
    assertEquals(0, s.quarantined());
  }

  /**
   * {@code index.mapping.total_fields.ignore_dynamic_beyond_limit}: once an index has 5000 fields,
   * a new field is kept in {@code _source} but not mapped, instead of refusing the document. So a
   * sender who invents thousands of field names cannot make later documents refused; what it costs
   * is that fields first seen after the limit are not searchable in that day's index (declared
   * fields, and those seen before, still are).
   */
  @Test
  void thousandsOfNewFieldNamesCannotMakeLaterDocumentsRefused() throws Exception {
    ElasticsearchEventStore s = open();
    Event flood = normal("p2", 2);
    for (int i = 0; i < 6000; i++) flood.put("labels.f" + i, "v");
    writeAround(s, flood);
    s.index(DocKind.EVENTS, List.of(normal("n5", 5).put("labels.late", "after the flood")));
    s.commit("5");
    s.refresh();
    assertEquals(Set.of("n1", "p2", "n3", "n4", "n5"), ids(s, DocKind.EVENTS, "user.name:root AND source.ip:10.1.2.0/24"));
    assertEquals("after the flood", s.get(DocKind.EVENTS, "n5").orElseThrow().doc().getString("labels.late"), "kept in _source");
    assertEquals(Set.of(), ids(s, DocKind.EVENTS, "labels.late:*"), "a field first seen beyond the limit is not searchable");
    assertEquals(0, s.quarantined());
  }

  /** The node's http.max_content_length is 100 MiB: a larger document cannot be sent in any request. */
  @Test
  void aDocumentLargerThanTheClusterAcceptsIsQuarantinedWithItsOriginalCut() throws Exception {
    ElasticsearchEventStore s = open();
    String huge = "A".repeat(101 << 20);
    writeAround(s, poison("p2", 2).put("event.original", huge));
    assertQuarantined(s, "p2", "413");
    Event q = s.get(DocKind.QUARANTINE, "p2").orElseThrow().doc();
    String kept = q.getString("event.original");
    assertEquals(EsBulkWriter.TOO_LARGE_KEEP_BYTES, kept.length(), q.getString("error.message"));
    assertTrue(huge.startsWith(kept), "the beginning of the original, not the whole document: " + kept.substring(0, 80));
    assertEquals(2L, q.getLong("log.offset"));
    assertTrue(q.getString("error.message").contains("event.original truncated to its first 65536 of " + huge.length() + " bytes"),
        q.getString("error.message"));
  }

  /**
   * A proxy in front of the cluster with a body limit under bulk_bytes (nginx's client_max_body_size):
   * each refused request is split until its halves pass, and the one document over the limit on its
   * own is quarantined with its original cut. Nothing is sent again as is forever.
   */
  @Test
  void aRequestRefusedAsTooLargeIsSplitUntilTheDocumentResponsibleIsAlone() throws Exception {
    BodyLimitProxy proxy = proxy(256 << 10);
    ElasticsearchEventStore s = open(proxy.url(), EsSettings.of(proxy.url()).withBulk(10_000, 1 << 20, 2, 50_000));
    List<Event> batch = new ArrayList<>();
    for (int i = 0; i < 3000; i++) batch.add(normal("b" + i, 100 + i));
    batch.add(1500, poison("big", 99).put("event.original", "B".repeat(300 << 10)));
    s.index(DocKind.EVENTS, batch);
    s.commit("3100");
    s.refresh();
    assertTrue(proxy.refusedTooLarge.get() > 0, "the proxy refused requests");
    assertEquals(3000, s.search(SearchRequest.of(DocKind.EVENTS, "user.name:root", 0)).total());
    Event q = s.get(DocKind.QUARANTINE, "big").orElseThrow().doc();
    assertTrue(q.getString("error.message").startsWith("413"), q.getString("error.message"));
    assertEquals(EsBulkWriter.TOO_LARGE_KEEP_BYTES, q.getString("event.original").length());
    assertEquals(1, s.quarantined());
  }

  @Test
  void aBulkRequestNeverHoldsMoreThanBulkBytes() throws Exception {
    BodyLimitProxy proxy = proxy(Long.MAX_VALUE);
    int limit = 64 << 10;
    ElasticsearchEventStore s = open(proxy.url(), EsSettings.of(proxy.url()).withBulk(10_000, limit, 3, 50_000));
    java.util.Random random = new java.util.Random(42);
    List<Event> batch = new ArrayList<>();
    for (int i = 0; i < 2000; i++) batch.add(normal("s" + i, i).put("labels.pad", "p".repeat(random.nextInt(4000))));
    s.index(DocKind.EVENTS, batch);
    s.commit("2000");
    s.refresh();
    assertEquals(2000, s.search(SearchRequest.of(DocKind.EVENTS, "", 0)).total());
    long largest = proxy.bulkBodies.stream().mapToLong(Long::longValue).max().orElseThrow();
    assertTrue(proxy.bulkBodies.size() > 20, "bounded by bytes, not by the document count: " + proxy.bulkBodies.size() + " requests");
    assertTrue(largest <= limit, "largest request " + largest + " bytes");
    assertTrue(largest > limit - 5000, "requests are filled up to the limit: largest " + largest);
    assertEquals(largest, s.largestBulkRequestBytes(), "the writer counts the bytes of a request exactly as sent");
  }

  /** Overloaded, failing or refusing credentials: the cluster's state, not the documents'. Nothing is quarantined. */
  @Test
  void clusterSideFailuresAreSentAgainNotQuarantined() throws Exception {
    BodyLimitProxy proxy = proxy(Long.MAX_VALUE);
    ElasticsearchEventStore s = open(proxy.url(), EsSettings.of(proxy.url()));
    proxy.failNextBulks(503, 429, 401, 403, 502);
    List<Event> batch = new ArrayList<>();
    for (int i = 0; i < 100; i++) batch.add(normal("c" + i, i));
    s.index(DocKind.EVENTS, batch);
    s.commit("100");
    s.refresh();
    assertEquals(100, s.search(SearchRequest.of(DocKind.EVENTS, "", 0)).total());
    assertEquals(0, s.quarantined());
    assertTrue(s.retried() >= 5, "sent again after each of the five failures: " + s.retried());
    assertTrue(proxy.bulkBodies.size() >= 6, proxy.bulkBodies.size() + " bulk requests");
  }
}
