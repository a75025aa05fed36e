package vn.soctinh.analyzer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.soctinh.analyzer.event.Event;

/**
 * What every {@link EventStore} must do, whatever it runs on: subclasses supply a fresh, empty
 * store ({@code LuceneEventStoreTest}; the Elasticsearch one against a real node). The same query
 * text must mean the same thing on both.
 */
public abstract class EventStoreContract {
  protected static final Instant DAY1 = Instant.parse("2026-11-22T10:00:00Z");
  protected static final Instant DAY2 = Instant.parse("2026-11-23T10:00:00Z");
  protected EventStore store;

  protected abstract EventStore newStore() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = newStore();
  }

  @AfterEach
  void closeStore() throws Exception {
    if (store != null) store.close();
  }

  protected static Event event(String id, Instant at, String action, String srcIp, String user, long port, String agency, String message) {
    return new Event()
        .put("@timestamp", at)
        .put("event.id", id)
        .put("event.action", action)
        .put("source.ip", srcIp)
        .put("user.name", user)
        .put("destination.port", port)
        .put("organization.id", agency)
        .put("message", message)
        .put("event.original", "<13>" + message);
  }

  /** Six events over two days and two agencies. */
  protected void indexSample() throws StoreException {
    store.index(DocKind.EVENTS, List.of(
        event("e1", DAY1, "ssh_login_failed", "10.1.2.3", "root", 22, "so-tttt", "Failed password for root"),
        event("e2", DAY1.plusSeconds(60), "ssh_login_failed", "10.9.9.9", "admin", 22, "so-tttt", "Failed password for admin"),
        event("e3", DAY1.plusSeconds(120), "ssh_login", "192.168.1.5", "bob", 22, "ubnd-x", "Accepted password for bob"),
        event("e4", DAY2, "http_request", "203.0.113.5", "alice", 443, "ubnd-x", "Đăng nhập Cổng dịch vụ công Hà Nội"),
        event("e5", DAY2.plusSeconds(30), "ssh_login_failed", "203.0.113.5", "root", 2222, "so-tttt", "Failed password for root"),
        event("e6", DAY2.plusSeconds(90), "connection_denied", "2001:db8::5", "-", 3389, "ubnd-x", "Deny tcp")));
    store.commit("6");
    store.refresh();
  }

  private Set<String> ids(String query) throws StoreException {
    Set<String> out = new HashSet<>();
    for (Event e : store.search(SearchRequest.of(DocKind.EVENTS, query, 100)).hits()) out.add(e.getString("event.id"));
    return out;
  }

  /**
   * A document the store cannot take for what it holds (a port that is a word where the index holds
   * numbers) is quarantined with its original line and offset; the documents around it are stored,
   * and the next batch goes in as usual.
   */
  @Test
  void aDocumentRefusedForItsContentIsQuarantinedAndTheRestStored() throws Exception {
    Event good = event("q1", DAY1, "ssh_login_failed", "10.1.2.3", "root", 22, "so-tttt", "Failed password for root").put("log.offset", 1L);
    Event poison = new Event().put("@timestamp", DAY1.plusSeconds(1)).put("event.id", "q2").put("log.offset", 2L)
        .put("organization.id", "so-tttt").put("source.port", List.of(1L, "x")).put("event.original", "{\"source\":{\"port\":[1,\"x\"]}}");
    Event after = event("q3", DAY1.plusSeconds(2), "ssh_login", "10.1.2.4", "bob", 22, "so-tttt", "Accepted password for bob").put("log.offset", 3L);
    store.append(DocKind.EVENTS, List.of(good));
    store.commit("1");
    store.append(DocKind.EVENTS, List.of(poison, after));
    store.commit("3");
    store.append(DocKind.EVENTS, List.of(event("q4", DAY1.plusSeconds(3), "ssh_login", "10.1.2.5", "eve", 22, "so-tttt", "next batch")));
    store.commit("4");
    store.refresh();
    assertEquals(Set.of("q1", "q3", "q4"), ids(""));
    List<Event> q = store.search(SearchRequest.of(DocKind.QUARANTINE, "", 10)).hits();
    assertEquals(1, q.size(), "one quarantined document: " + q);
    Event doc = q.get(0);
    assertEquals("q2", doc.getString("event.id"));
    assertEquals(2L, doc.getLong("log.offset"));
    assertEquals("so-tttt", doc.getString("organization.id"));
    assertEquals("{\"source\":{\"port\":[1,\"x\"]}}", doc.getString("event.original"));
    assertEquals(Quarantine.REFUSED, doc.getString("error.type"));
    assertTrue(doc.getString("error.message") != null && !doc.getString("error.message").isBlank());
    assertTrue(doc.getString(Quarantine.DOCUMENT).contains("\"x\""), doc.getString(Quarantine.DOCUMENT));
    assertEquals(1, store.search(SearchRequest.of(DocKind.QUARANTINE, "log.offset:2", 10)).total(), "searchable by offset");
    assertEquals(1, store.quarantined());
  }

  /** `soctinh search --alerts '*'` once printed "0 of 0 alerts": a bare star was a wildcard on message, which alerts lack. */
  @Test
  void aBareStarMatchesEveryDocumentOfAKindThoseWithoutAMessageToo() throws Exception {
    store.index(DocKind.ALERTS, List.of(new Event().put("@timestamp", DAY1).put("event.id", "a1").put("rule.name", "SSH brute force"),
        new Event().put("@timestamp", DAY1).put("event.id", "a2").put("rule.name", "Port scan")));
    store.commit("1");
    store.refresh();
    assertEquals(2, store.search(SearchRequest.of(DocKind.ALERTS, "*", 10)).total());
    assertEquals(2, store.search(SearchRequest.of(DocKind.ALERTS, " * ", 10)).total());
    assertEquals(2, store.search(SearchRequest.of(DocKind.ALERTS, "", 10)).total());
  }

  @Test
  void indexedEventsAreFoundAndReturnedWhole() throws Exception {
    indexSample();
    SearchResult r = store.search(SearchRequest.of(DocKind.EVENTS, "", 10));
    assertEquals(6, r.total());
    Event e = store.get(DocKind.EVENTS, "e4").orElseThrow().doc();
    assertEquals("Đăng nhập Cổng dịch vụ công Hà Nội", e.get("message"));
    assertEquals(DAY2, e.get("@timestamp"));
    assertEquals(443L, e.get("destination.port"));
    assertEquals("<13>Đăng nhập Cổng dịch vụ công Hà Nội", e.get("event.original"));
  }

  @Test
  void keywordTextNumberAndBooleanQueries() throws Exception {
    indexSample();
    assertEquals(Set.of("e1", "e2", "e5"), ids("event.action:ssh_login_failed"));
    assertEquals(Set.of("e1", "e5"), ids("event.action:ssh_login_failed AND user.name:root"));
    assertEquals(Set.of("e2"), ids("event.action:ssh_login_failed AND NOT user.name:root AND NOT source.ip:203.0.113.0/24"));
    assertEquals(Set.of("e1", "e2", "e3", "e5"), ids("event.action:ssh*"));
    assertEquals(Set.of("e1", "e2", "e3"), ids("destination.port:22"));
    assertEquals(Set.of("e4", "e5", "e6"), ids("destination.port:[443 TO *]"));
    assertEquals(Set.of("e5"), ids("destination.port:{443 TO 3389}"));
    assertEquals(Set.of("e1", "e5"), ids("message:root"));
    assertEquals(Set.of("e1", "e2", "e5"), ids("\"failed password\""));
  }

  @Test
  void anAgencyScopeIsAFilterNoQueryCanWiden() throws Exception {
    indexSample();
    SearchRequest all = SearchRequest.of(DocKind.EVENTS, "", 100);
    SearchRequest mine = all.withOrgScope(Set.of("so-tttt"));
    assertEquals(3, store.search(mine).total());
    for (Event e : store.search(mine).hits()) assertEquals("so-tttt", e.getString("organization.id"));
    // query text that would escape a scope joined as text: it stays inside
    for (String q : List.of("*:* OR organization.id:ubnd-x", "organization.id:ubnd-x OR *", "NOT organization.id:so-tttt")) {
      for (Event e : store.search(SearchRequest.of(DocKind.EVENTS, q, 100).withOrgScope(Set.of("so-tttt"))).hits()) {
        assertEquals("so-tttt", e.getString("organization.id"), q);
      }
    }
    assertEquals(0, store.search(SearchRequest.of(DocKind.EVENTS, "organization.id:ubnd-x", 10).withOrgScope(Set.of("so-tttt"))).total());
    assertEquals(0, store.search(all.withOrgScope(Set.of())).total(), "an empty scope sees nothing");
    assertEquals(6, store.search(all.withOrgScope(Set.of("so-tttt", "ubnd-x"))).total());
    // aggregations count only what is in scope
    var agg = store.search(SearchRequest.of(DocKind.EVENTS, "", 0).withOrgScope(Set.of("ubnd-x"))
        .withAggregations(List.of(new Aggregation.Terms("by", "organization.id", 10)))).aggregations().get("by");
    assertEquals(Map.of("ubnd-x", 3L), agg);
  }

  @Test
  void cidrAndIpQueriesForIpv4AndIpv6() throws Exception {
    indexSample();
    assertEquals(Set.of("e1", "e2"), ids("source.ip:10.0.0.0/8"));
    assertEquals(Set.of("e1"), ids("source.ip:10.1.2.3"));
    assertEquals(Set.of("e4", "e5"), ids("source.ip:\"203.0.113.0/24\""));
    assertEquals(Set.of("e6"), ids("source.ip:2001:db8::/32"));
    assertEquals(Set.of("e3"), ids("source.ip:[192.168.0.0 TO 192.168.255.255]"));
  }

  @Test
  void accentsAreFoldedInText() throws Exception {
    indexSample();
    assertEquals(Set.of("e4"), ids("ha noi"));
    assertEquals(Set.of("e4"), ids("message:\"dang nhap\""));
    assertEquals(Set.of("e4"), ids("Hà Nội"));
  }

  @Test
  void timeRangeAndDateQueries() throws Exception {
    indexSample();
    SearchResult day2 = store.search(SearchRequest.of(DocKind.EVENTS, "", 10).withRange(DAY2, DAY2.plusSeconds(3600)));
    assertEquals(3, day2.total());
    assertEquals(Set.of("e1", "e2"), ids("@timestamp:[2026-11-22T10:00:00Z TO 2026-11-22T10:01:00Z]"));
  }

  @Test
  void sortAndSearchAfterPageThroughEverythingOnce() throws Exception {
    indexSample();
    List<String> seen = new ArrayList<>();
    SearchRequest req = SearchRequest.of(DocKind.EVENTS, "", 4).withSort("@timestamp", false);
    SearchResult page = store.search(req);
    seen.addAll(page.hits().stream().map(e -> e.getString("event.id")).toList());
    assertEquals(4, page.hits().size());
    page = store.search(req.after(page.nextCursor()));
    seen.addAll(page.hits().stream().map(e -> e.getString("event.id")).toList());
    assertNull(page.nextCursor(), "the last page says so");
    assertEquals(List.of("e1", "e2", "e3", "e4", "e5", "e6"), seen);
    List<String> newestFirst = store.search(SearchRequest.of(DocKind.EVENTS, "", 3)).hits().stream().map(e -> e.getString("event.id")).toList();
    assertEquals(List.of("e6", "e5", "e4"), newestFirst);
  }

  @Test
  void aggregations() throws Exception {
    indexSample();
    SearchResult r = store.search(SearchRequest.of(DocKind.EVENTS, "", 0).withAggregations(List.of(
        new Aggregation.Terms("actions", "event.action", 2),
        new Aggregation.Terms("ports", "destination.port", 10),
        new Aggregation.DateHistogram("per_day", "@timestamp", Duration.ofDays(1)),
        new Aggregation.Cardinality("attackers", "source.ip"))));
    assertEquals(Map.of("ssh_login_failed", 3L, "connection_denied", 1L), r.aggregations().get("actions"));
    assertEquals(List.of("ssh_login_failed", "connection_denied"), List.copyOf(r.aggregations().get("actions").keySet()));
    assertEquals(3L, r.aggregations().get("ports").get(22L));
    assertEquals(Map.of(Instant.parse("2026-11-22T00:00:00Z").toEpochMilli(), 3L, Instant.parse("2026-11-23T00:00:00Z").toEpochMilli(), 3L),
        r.aggregations().get("per_day"));
    assertEquals(Map.of("value", 5L), r.aggregations().get("attackers"));
    assertTrue(r.hits().isEmpty());
    assertEquals(6, r.total());
  }

  @Test
  void replayingTheSameEventsOverwritesInsteadOfDuplicating() throws Exception {
    indexSample();
    indexSample();
    assertEquals(6, store.search(SearchRequest.of(DocKind.EVENTS, "", 0)).total());
    assertEquals(6, store.stats().documents());
  }

  @Test
  void checkpointIsStoredWithTheCommit() throws Exception {
    assertTrue(store.checkpoint().isEmpty());
    indexSample();
    assertEquals("6", store.checkpoint().orElseThrow());
  }

  @Test
  void optimisticConcurrencyRefusesAStaleUpdate() throws Exception {
    Event inc = new Event().put("event.id", "INC-2026-000001").put("@timestamp", DAY2).put("incident.state", "received");
    store.index(DocKind.INCIDENTS, List.of(inc));
    EventStore.Versioned v1 = store.get(DocKind.INCIDENTS, "INC-2026-000001").orElseThrow();
    assertEquals(1, v1.version());
    long v2 = store.update(DocKind.INCIDENTS, "INC-2026-000001", v1.doc().copy().put("incident.state", "verified"), v1.version());
    assertEquals(2, v2);
    VersionConflictException ex = assertThrows(VersionConflictException.class,
        () -> store.update(DocKind.INCIDENTS, "INC-2026-000001", v1.doc().copy().put("incident.state", "closed"), v1.version()));
    assertEquals(2, ex.current());
    assertEquals("verified", store.get(DocKind.INCIDENTS, "INC-2026-000001").orElseThrow().doc().get("incident.state"));
    assertFalse(store.search(SearchRequest.of(DocKind.EVENTS, "", 1)).total() > 0, "incidents are not events");
  }

  @Test
  void retentionDropsOldDaysAndCanTargetOneAgency() throws Exception {
    indexSample();
    long gone = store.deleteOlderThan(DocKind.EVENTS, Instant.parse("2026-11-23T00:00:00Z"), "ubnd-x");
    assertEquals(1, gone);
    store.commit("r1");
    store.refresh();
    assertEquals(Set.of("e1", "e2", "e4", "e5", "e6"), ids(""));
    gone = store.deleteOlderThan(DocKind.EVENTS, Instant.parse("2026-11-23T00:00:00Z"), null);
    assertEquals(2, gone);
    store.commit("r2");
    store.refresh();
    assertEquals(Set.of("e4", "e5", "e6"), ids(""));
    assertEquals(3, store.stats().documents());
  }

  @Test
  void retentionCanDifferBySecurityLevel() throws Exception {
    // level-3 systems keep 1 day here, the rest longer: only old level-3 events go
    store.index(DocKind.EVENTS, List.of(
        event("a", DAY1, "x", "10.0.0.1", "u", 1, "so-tttt", "m").put("labels.security_level", "3"),
        event("b", DAY1, "x", "10.0.0.2", "u", 1, "so-tttt", "m").put("labels.security_level", "2"),
        event("c", DAY2, "x", "10.0.0.3", "u", 1, "so-tttt", "m").put("labels.security_level", "3")));
    store.commit("3");
    store.refresh();
    assertEquals(1, store.deleteOlderThan(DocKind.EVENTS, Instant.parse("2026-11-23T00:00:00Z"), null, "labels.security_level:3"));
    store.commit("r");
    store.refresh();
    assertEquals(Set.of("b", "c"), ids(""));
    StoreException bad = assertThrows(StoreException.class,
        () -> store.deleteOlderThan(DocKind.EVENTS, Instant.parse("2026-11-23T00:00:00Z"), null, "destination.port:abc"));
    assertTrue(bad.getMessage().contains("destination.port"), bad.getMessage());
    store.refresh();
    assertEquals(Set.of("b", "c"), ids(""), "a bad retention query deletes nothing");
  }

  /**
   * Legal holds: what retention is told to keep by id stays, however old, and the count of a dry run
   * is exactly what the deletion then removes. Thousands of held ids (more than a boolean query
   * takes) are one filter. Documents of no agency are found with {@code NOT organization.id:*}.
   */
  @Test
  void retentionKeepsHeldDocumentsAndCountsBeforeDeleting() throws Exception {
    indexSample();
    store.index(DocKind.EVENTS, List.of(new Event().put("@timestamp", DAY1).put("event.id", "no-agency").put("message", "m")));
    store.index(DocKind.ALERTS, List.of(
        new Event().put("@timestamp", DAY1).put("event.id", "a1").put("organization.id", "so-tttt").put("rule.name", "r"),
        new Event().put("@timestamp", DAY1).put("event.id", "a2").put("organization.id", "so-tttt").put("rule.name", "r")));
    store.commit("7");
    store.refresh();
    Instant cutoff = Instant.parse("2026-11-23T00:00:00Z");
    Set<String> held = new HashSet<>(Set.of("e2", "a2"));
    for (int i = 0; i < 5000; i++) held.add("held-elsewhere-" + i);
    assertEquals(3, store.countOlderThan(DocKind.EVENTS, cutoff, null, null, held));
    assertEquals(1, store.countOlderThan(DocKind.EVENTS, cutoff, "so-tttt", null, held));
    assertEquals(1, store.countOlderThan(DocKind.EVENTS, cutoff, null, "NOT organization.id:*", held), "the event of no agency");
    assertEquals(1, store.countOlderThan(DocKind.ALERTS, cutoff, "so-tttt", null, held));
    assertEquals(Set.of("e1", "e2", "e3", "e4", "e5", "e6", "no-agency"), ids(""), "counting deletes nothing");

    assertEquals(1, store.deleteOlderThan(DocKind.EVENTS, cutoff, "so-tttt", null, held));
    assertEquals(1, store.deleteOlderThan(DocKind.ALERTS, cutoff, "so-tttt", null, held));
    assertEquals(2, store.deleteOlderThan(DocKind.EVENTS, cutoff, null, null, held));
    store.commit("r1");
    store.refresh();
    assertEquals(Set.of("e2", "e4", "e5", "e6"), ids(""), "the held event stays, the rest of its day goes");
    assertEquals(List.of("a2"), store.search(SearchRequest.of(DocKind.ALERTS, "", 10)).hits().stream().map(e -> e.getString("event.id")).toList());
    assertEquals(0, store.countOlderThan(DocKind.EVENTS, cutoff, null, null, held));
    assertEquals(1, store.countOlderThan(DocKind.EVENTS, cutoff, null, null, Set.of()), "once released, the held event is due");
    assertEquals(1, store.deleteOlderThan(DocKind.EVENTS, cutoff, null, null, Set.of()));
    store.commit("r2");
    store.refresh();
    assertEquals(Set.of("e4", "e5", "e6"), ids(""));
    // the day is empty now: the next pass, even one agency's, drops it whole
    assertEquals(0, store.deleteOlderThan(DocKind.EVENTS, cutoff, "so-tttt", null, held));
    store.commit("r3");
    assertFalse(store.stats().partitions().contains("events-2026.11.22"), store.stats().partitions().toString());
    assertTrue(store.stats().partitions().contains("events-2026.11.23"), store.stats().partitions().toString());
  }

  @Test
  void aBadQueryIsAClearError() throws Exception {
    indexSample();
    // its own type: the console answers it as a bad request, not as a store that is away
    InvalidQueryException ex = assertThrows(InvalidQueryException.class, () -> store.search(SearchRequest.of(DocKind.EVENTS, "destination.port:abc", 1)));
    assertTrue(ex.getMessage().contains("destination.port"), ex.getMessage());
  }
}
