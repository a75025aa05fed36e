package vn.soctinh.analyzer.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.analyzer.detect.sigma.SigmaEngine;
import vn.soctinh.analyzer.detect.sigma.SigmaRules;
import vn.soctinh.analyzer.event.Event;

/** Hot reload on real files: edits, additions, deletions and broken edits take effect without a restart. */
class RuleWatcherTest {
  @TempDir Path dir;

  private static final String MAPPING = """
      logsources:
        - product: linux
          service: auth
          events: { event.dataset: [system.auth] }
      """;

  private static String rule(String id, String user) {
    return """
        title: login of %2$s
        id: %1$s
        name: %1$s
        logsource: {product: linux, service: auth}
        detection:
          sel: {user.name: %2$s, event.action: ssh_login_failed}
          condition: sel
        level: medium
        """.formatted(id, user);
  }

  private static final String CORRELATION = """
      title: five failures
      id: corr-five
      correlation:
        type: event_count
        rules: [rule-a]
        group-by: [source.ip]
        timespan: 10m
        condition: {gte: 5}
      level: high
      """;

  private static Event failure(String user, int second) {
    return new Event().put("event.dataset", "system.auth").put("event.action", "ssh_login_failed").put("user.name", user)
        .put("source.ip", "203.0.113.9").put("@timestamp", Instant.parse("2026-12-03T10:00:00Z").plusSeconds(second))
        .put("event.id", "e" + user + second);
  }

  /** The rule ids of the alerts one event raises through the stage. */
  private static List<String> fire(Detector stage, List<Event> sink, Event e) throws Exception {
    sink.clear();
    sink.addAll(stage.process(List.of(e)));
    List<String> ids = new ArrayList<>();
    for (Event a : sink) ids.add(a.getString("rule.id"));
    return ids;
  }

  @Test
  void editsAdditionsDeletionsAndBrokenEditsTakeEffect() throws Exception {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Path mapping = dir.resolve("mapping.yml");
    Files.writeString(mapping, MAPPING);
    Path a = rules.resolve("a.yml");
    Files.writeString(a, rule("rule-a", "root") + "---\n" + CORRELATION);
    List<Event> sink = new CopyOnWriteArrayList<>();
    try (RuleWatcher w = new RuleWatcher(List.of(rules), mapping, Map.of())) {
      SigmaRules first = w.load();
      assertEquals(2, first.report().loaded());
      Detector stage = new Detector(first, Detector.Settings.defaults(), null, vn.soctinh.analyzer.incident.Priority.defaults(), null,
          new SimpleMeterRegistry());
      assertNull(w.reloadIfChanged(), "nothing changed yet");
      // three failures of root count toward the correlation (the base rule is silent: the correlation uses it)
      for (int i = 0; i < 3; i++) assertEquals(List.of(), fire(stage, sink, failure("root", i)));

      // an unrelated rule is added: the correlation's open window survives the reload
      Files.writeString(rules.resolve("b.yml"), rule("rule-b", "admin"));
      SigmaRules second = w.reloadIfChanged();
      assertNotNull(second);
      stage.offer(second);
      assertEquals(List.of("rule-b"), fire(stage, sink, failure("admin", 3)));
      assertEquals(List.of(), fire(stage, sink, failure("root", 4)));
      assertEquals(List.of("corr-five"), fire(stage, sink, failure("root", 5)), "3 before and 2 after the reload make 5");

      // a broken edit: reported with file and line, the previous version keeps running
      Files.writeString(a, rule("rule-a", "root").replace("condition: sel", "condition: sel and nothere") + "---\n" + CORRELATION);
      SigmaRules third = w.reloadIfChanged();
      assertNotNull(third);
      assertEquals(List.of(a.toString()), third.report().keptPrevious());
      assertTrue(w.lastErrors().stream().anyMatch(x -> x.startsWith(a + ":") && x.contains("nothere")), w.lastErrors().toString());
      stage.offer(third);
      for (int i = 10; i < 14; i++) fire(stage, sink, failure("root", i));
      assertEquals(List.of("corr-five"), fire(stage, sink, failure("root", 14)), "the previous rule-a and its correlation still run");

      // a good edit: the new value applies, the old one no longer
      Files.writeString(a, rule("rule-a", "oracle") + "---\n" + CORRELATION.replace("gte: 5", "gte: 2"));
      stage.offer(w.reloadIfChanged());
      assertEquals(List.of(), fire(stage, sink, failure("oracle", 20)));
      assertEquals(List.of("corr-five"), fire(stage, sink, failure("oracle", 21)));
      for (int i = 22; i < 30; i++) assertEquals(List.of(), fire(stage, sink, failure("root", i)));

      // a broken mapping: nothing is reloaded, the error names the mapping file
      Files.writeString(mapping, "logsources: [ {product: linux");
      assertNull(w.reloadIfChanged());
      assertTrue(w.lastErrors().get(0).contains("mapping.yml"), w.lastErrors().toString());
      assertEquals(1, w.failedReloads());
      Files.writeString(mapping, MAPPING);

      // deleting a file takes its rules away
      Files.delete(rules.resolve("b.yml"));
      SigmaRules fourth = w.reloadIfChanged();
      assertEquals(2, fourth.report().loaded());
      stage.offer(fourth);
      assertEquals(List.of(), fire(stage, sink, failure("admin", 40)));
    }
  }

  @Test
  void thePollingThreadHandsNewRulesToTheStage() throws Exception {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Path mapping = dir.resolve("mapping.yml");
    Files.writeString(mapping, MAPPING);
    List<Event> sink = new CopyOnWriteArrayList<>();
    try (RuleWatcher w = new RuleWatcher(List.of(rules, dir.resolve("not-yet")), mapping, Map.of())) {
      Detector stage = new Detector(w.load(), Detector.Settings.defaults(), null, vn.soctinh.analyzer.incident.Priority.defaults(), null,
          new SimpleMeterRegistry());
      w.start(50, stage::offer);
      assertEquals(List.of(), fire(stage, sink, failure("root", 0)));
      // a directory that did not exist at start is watched too
      Files.createDirectories(dir.resolve("not-yet"));
      Files.writeString(dir.resolve("not-yet/late.yml"), rule("rule-late", "root"));
      List<String> got = List.of();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      for (int i = 1; got.isEmpty() && System.nanoTime() < deadline; i++) {
        Thread.sleep(50);
        got = fire(stage, sink, failure("root", i));
      }
      assertEquals(List.of("rule-late"), got);
      assertTrue(w.reloads() >= 1);
    }
  }
}
