package vn.soctinh.analyzer.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.store.EventStore;

/** Incidents on a real store: grouping of alerts, human ids, moves, and two writers at once. Run on Lucene and Elasticsearch. */
abstract class IncidentServiceContract {
  /** A fresh, empty store. */
  abstract EventStore store() throws Exception;

  static final Instant T0 = Instant.parse("2026-12-03T02:00:00Z");

  private IncidentService service(EventStore store) {
    return new IncidentService(store, new IncidentRules(IncidentRulesTest.PACKS, "legacy-2017"), IncidentService.Grouping.defaults(),
        Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC));
  }

  static Event alert(String id, String rule, String ip, String system, String priority, Instant at) {
    Event a = new Event().put("event.id", id).put("rule.id", rule).put("rule.name", "Rule " + rule).put("labels.priority", priority)
        .put("event.start", at).put("event.end", at).put("organization.id", "so-khcn");
    if (ip != null) a.put("labels.group_source_ip", ip);
    if (system != null) a.put("labels.system_id", system).put("labels.system_name", "System " + system).put("labels.security_level", "3");
    return a;
  }

  @Test
  void alertsAreGroupedIntoIncidentsWithHumanIds() throws Exception {
    EventStore store = store();
    IncidentService s = service(store);
    List<Incident> first = s.onAlerts(List.of(alert("a1", "brute", "203.0.113.9", null, "P2", T0)));
    assertEquals("INC-2026-000001", first.get(0).id());
    assertEquals("Rule brute", first.get(0).title());
    s.onAlerts(List.of(alert("a2", "brute", "203.0.113.9", null, "P1", T0.plusSeconds(3600))));
    s.onAlerts(List.of(alert("a2", "brute", "203.0.113.9", null, "P1", T0.plusSeconds(3600)))); // published again: nothing new
    Incident one = s.get("INC-2026-000001").orElseThrow();
    assertEquals(List.of("a1", "a2"), one.alertIds());
    assertEquals(1, one.priority(), "the incident takes the most urgent alert's priority");

    // another rule on the same system joins the system's incident; another source of the first rule does not join its incident
    s.onAlerts(List.of(alert("b1", "sqli", null, "cong-dvc", "P2", T0)));
    s.onAlerts(List.of(alert("b2", "xss", null, "cong-dvc", "P3", T0.plusSeconds(60))));
    s.onAlerts(List.of(alert("c1", "brute", "198.51.100.7", null, "P2", T0)));
    s.onAlerts(List.of(alert("d1", "noise", "192.0.2.1", null, "P4", T0))); // P4 stays an alert
    s.onAlerts(List.of(alert("a3", "brute", "203.0.113.9", null, "P2", T0.plus(Duration.ofDays(2))))); // outside the 24 h window
    store.refresh();
    List<Incident> all = s.list("", 50);
    assertEquals(4, all.size(), all.toString());
    Incident system = all.stream().filter(i -> i.systems().contains("cong-dvc")).findFirst().orElseThrow();
    assertEquals(List.of("b1", "b2"), system.alertIds());
    assertEquals(3, system.securityLevel());
    assertEquals(List.of("INC-2026-000001", "INC-2026-000002", "INC-2026-000003", "INC-2026-000004"), all.stream().map(Incident::id).sorted().toList());
    assertEquals(1, s.list("labels.priority:P1", 10).size());
  }

  @Test
  void movesAreCheckedAndKept() throws Exception {
    EventStore store = store();
    IncidentService s = service(store);
    String id = s.onAlerts(List.of(alert("a1", "brute", "203.0.113.9", "cong-dvc", "P2", T0))).get(0).id();
    s.transition(id, "verifying", "analyst-1");
    IncidentRules.IllegalTransition e = assertThrows(IncidentRules.IllegalTransition.class, () -> s.transition(id, "lessons", "analyst-1"));
    assertTrue(e.getMessage().contains("allowed: initial_report, containing, false_positive"), e.getMessage());
    s.reportSent(id, "initial", "analyst-1");
    IllegalArgumentException badType = assertThrows(IllegalArgumentException.class, () -> s.classify(id, "alien_invasion", false, false, "analyst-1"));
    assertTrue(badType.getMessage().contains("ransomware"), badType.getMessage());
    s.classify(id, "ransomware", false, true, "analyst-1");
    store.refresh();
    assertEquals(1, s.list("labels.type:ransomware AND labels.serious:true", 10).size(), "classified and now serious");
    s.assign(id, "lead", List.of("analyst-1", "analyst-2"), "lead");
    Incident i = s.get(id).orElseThrow();
    assertEquals("verifying", i.state());
    assertEquals(T0.plusSeconds(600), i.time("acknowledged"));
    assertEquals(T0.plusSeconds(600), i.time("initial_report_sent"));
    assertEquals("lead", i.owner());
    assertEquals(List.of("opened", "state", "report", "classify", "assign"), i.timeline().stream().map(Incident.TimelineEntry::what).toList());
    assertTrue(i.essentialServiceDown());
    store.refresh();
    assertEquals(1, s.list("labels.state:verifying AND labels.owner:lead", 10).size());
  }

  @Test
  void twoWritersAtOnceLoseNothing() throws Exception {
    EventStore store = store();
    IncidentService s = service(store);
    String id = s.onAlerts(List.of(alert("a1", "brute", "203.0.113.9", null, "P2", T0))).get(0).id();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        int writer = w;
        fs.add(pool.submit(() -> {
          for (int k = 0; k < 8; k++) s.comment(id, "analyst-" + writer, "note " + k + " from **" + writer + "**");
          return null;
        }));
      }
      for (Future<?> f : fs) f.get();
    } finally {
      pool.shutdownNow();
    }
    assertEquals(16, s.get(id).orElseThrow().comments().size(), "every comment kept: a conflicting write is retried on the fresh incident");
  }

  @Test
  void twoNodesOpeningIncidentsAtOnceNeverShareANumber() throws Exception {
    // two services on one store: two cluster nodes on one Elasticsearch (or two writers on one Lucene)
    EventStore store = store();
    List<IncidentService> nodes = List.of(service(store), service(store));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int n = 0; n < 2; n++) {
        IncidentService node = nodes.get(n);
        int nodeNo = n;
        fs.add(pool.submit(() -> {
          // each alert its own rule: nothing groups, every alert opens an incident
          for (int k = 0; k < 10; k++) {
            for (Incident i : node.onAlerts(List.of(alert("n" + nodeNo + "-" + k, "rule-" + nodeNo + "-" + k, null, null, "P2", T0)))) ids.add(i.id());
          }
          return null;
        }));
      }
      for (Future<?> f : fs) f.get();
    } finally {
      pool.shutdownNow();
    }
    assertEquals(20, ids.size());
    assertEquals(20, new java.util.HashSet<>(ids).size(), "a number given twice: " + ids);
    java.util.TreeSet<String> sorted = new java.util.TreeSet<>(ids);
    assertEquals("INC-2026-000001", sorted.first());
    assertEquals("INC-2026-000020", sorted.last(), "no number skipped or doubled: " + sorted);
  }

  @Test
  void evidenceIsKeptWithItsHashAndTheLimitHolds(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    EventStore store = store();
    IncidentService s = service(store).evidenceIn(dir.resolve("evidence"), 1024);
    String id = s.onAlerts(List.of(alert("a1", "webshell", null, "cong-dvc", "P1", T0))).get(0).id();
    byte[] pcap = "GET /uploads/shell.php?cmd=id HTTP/1.1\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Incident i = s.attach(id, "../../etc/request.txt", new java.io.ByteArrayInputStream(pcap), "analyst-1", "the request that planted it");
    Incident.Evidence e = i.evidence().get(0);
    String hex = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(pcap));
    assertEquals(hex, e.sha256());
    assertEquals(pcap.length, e.size());
    assertEquals("analyst-1", e.uploader());
    assertEquals(".._.._etc_request.txt", e.name(), "no path in a file name");
    org.junit.jupiter.api.Assertions.assertArrayEquals(pcap, java.nio.file.Files.readAllBytes(s.evidenceFile(hex)));
    assertEquals(e, s.get(id).orElseThrow().evidence().get(0), "kept with the incident");
    java.io.IOException big = assertThrows(java.io.IOException.class,
        () -> s.attach(id, "big.bin", new java.io.ByteArrayInputStream(new byte[2048]), "analyst-1", null));
    assertTrue(big.getMessage().contains("limit of 1024 bytes"), big.getMessage());
    assertEquals(1, s.get(id).orElseThrow().evidence().size());
    try (var files = java.nio.file.Files.list(dir.resolve("evidence"))) {
      assertEquals(1, files.count(), "nothing of the refused upload stays");
    }
  }

  @Test
  void mergeAndSplit() throws Exception {
    EventStore store = store();
    IncidentService s = service(store);
    List<Event> alerts = List.of(alert("a1", "brute", "203.0.113.9", null, "P2", T0), alert("b1", "sqli", null, "cong-dvc", "P1", T0));
    store.index(vn.soctinh.analyzer.store.DocKind.ALERTS, alerts);
    String a = s.onAlerts(List.of(alerts.get(0))).get(0).id();
    String b = s.onAlerts(List.of(alerts.get(1))).get(0).id();
    Incident merged = s.merge(a, b, "lead");
    assertEquals(List.of("a1", "b1"), merged.alertIds());
    assertEquals(List.of("cong-dvc"), merged.systems());
    assertEquals(1, merged.priority());
    Incident gone = s.get(b).orElseThrow();
    assertEquals(a, gone.mergedInto());
    store.refresh();
    assertEquals(1, s.list("labels.open:true", 10).size(), "the merged one is no longer open");
    // a later sqli alert on the same system goes to the merged incident, not to the merged-away one
    s.onAlerts(List.of(alert("b2", "sqli", null, "cong-dvc", "P1", T0.plusSeconds(60))));
    assertTrue(s.get(a).orElseThrow().alertIds().contains("b2"));
    assertThrows(IllegalArgumentException.class, () -> s.merge(a, b, "lead"));

    Incident split = s.split(a, List.of("b1"), "lead");
    assertEquals(List.of("b1"), split.alertIds());
    assertEquals(List.of("cong-dvc"), split.systems(), "read back from the stored alert");
    assertEquals(1, split.priority());
    assertEquals(List.of("a1", "b2"), s.get(a).orElseThrow().alertIds());
    assertTrue(s.get(a).orElseThrow().timeline().stream().anyMatch(e -> e.detail().equals("1 alert(s) moved to " + split.id())));
    assertThrows(IllegalArgumentException.class, () -> s.split(a, List.of("a1", "b2"), "lead"), "not all of them");
  }
}
