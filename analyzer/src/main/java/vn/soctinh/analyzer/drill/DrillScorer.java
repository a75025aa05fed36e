package vn.soctinh.analyzer.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.incident.Incident;

/**
 * Scores a drill from what the pipeline recorded: when each step's first line was received (the
 * stored events' {@code event.created}), when an expected rule raised its alert (the alert's
 * {@code event.created}), and what the incident holding that alert went through (its stamped
 * times). Nothing is taken from the injector's own clock, so a drill run from another machine
 * scores the same.
 *
 * <p>Per step, the weight × the scenario's shares: detection in full within {@code detect_within},
 * half later, nothing when missed; acknowledge, contain and resolve likewise against their times,
 * counted from the detection. Steps without expected rules are listed, not scored. The red team
 * earns the detection share of each step that went unseen (half when seen late).
 */
public final class DrillScorer {
  private DrillScorer() {}

  /** When a step's lines were received, from the stored events marked with it. */
  public record Injected(Instant first, long count) {}

  public static DrillScore score(DrillScenario sc, String drillId, Map<String, Injected> injected, List<Event> alerts, List<Incident> incidents,
      List<DrillScore.RefereeEntry> referee, Instant now) {
    DrillScenario.Scoring w = sc.scoring();
    List<DrillScore.Row> rows = new ArrayList<>();
    Set<String> incidentIds = new LinkedHashSet<>();
    double blue = 0, blueMax = 0, red = 0, redMax = 0;
    Instant started = null;
    for (Injected i : injected.values()) if (i.first() != null && (started == null || i.first().isBefore(started))) started = i.first();
    for (DrillScenario.Step step : sc.steps()) {
      Injected inj = injected.get(step.id());
      Instant at = inj == null ? null : inj.first();
      long count = inj == null ? 0 : inj.count();
      double max = step.expectRules().isEmpty() ? 0 : step.weight() * (w.detect() + (step.expectIncident() ? w.acknowledge() + w.contain() + w.resolve() : 0));
      blueMax += max;
      redMax += step.expectRules().isEmpty() ? 0 : step.weight() * w.detect();
      if (step.expectRules().isEmpty() || at == null) {
        DrillScore.Status st = step.expectRules().isEmpty() ? DrillScore.Status.NOT_EXPECTED : DrillScore.Status.NOT_INJECTED;
        rows.add(DrillScoreRowBuilder.builder().step(step).status(st).injectedAt(at).injected(count).points(0).maxPoints(max).build());
        continue;
      }
      Event first = null;
      Set<String> fired = new LinkedHashSet<>();
      Set<String> names = new LinkedHashSet<>();
      Set<String> ids = new HashSet<>(); // the step's alerts, for finding its incident
      for (Event a : alerts) {
        String rule = a.getString("rule.id");
        if (rule == null || !step.expectRules().contains(rule) || !belongs(a, step, sc)) continue;
        Instant raised = raised(a);
        // an alert raised before the step was sent is about an earlier step
        if (raised == null || raised.isBefore(at)) continue;
        fired.add(rule);
        ids.add(a.getString("event.id"));
        if (a.getString("rule.name") != null) names.add(a.getString("rule.name"));
        if (first == null || raised.isBefore(raised(first))) first = a;
      }
      Instant detectedAt = first == null ? null : raised(first);
      Duration ttd = detectedAt == null ? null : Duration.between(at, detectedAt);
      if (ttd != null && ttd.isNegative()) ttd = Duration.ZERO;
      DrillScore.Status status;
      double points = 0;
      if (detectedAt == null) {
        status = Duration.between(at, now).compareTo(w.detectWithin()) > 0 ? DrillScore.Status.MISSED : DrillScore.Status.WAITING;
        if (status == DrillScore.Status.MISSED) red += step.weight() * w.detect();
      } else if (ttd.compareTo(w.detectWithin()) <= 0) {
        status = DrillScore.Status.DETECTED;
        points += step.weight() * w.detect();
      } else {
        status = DrillScore.Status.LATE;
        points += step.weight() * w.detect() / 2.0;
        red += step.weight() * w.detect() / 2.0;
      }
      Incident inc = null;
      if (first != null) {
        for (Incident i : incidents) {
          if (i.mergedInto() != null) continue;
          for (String id : i.alertIds()) if (ids.contains(id)) inc = inc == null ? i : inc;
        }
      }
      Duration tta = null, ttc = null, ttr = null;
      if (inc != null) {
        incidentIds.add(inc.id());
        tta = since(detectedAt, inc.time("acknowledged"));
        ttc = since(detectedAt, inc.time("contained"));
        ttr = since(detectedAt, inc.time("resolved"));
        if (ttr == null) ttr = since(detectedAt, inc.time("closed"));
        if (step.expectIncident()) {
          points += part(step.weight() * w.acknowledge(), tta, w.acknowledgeWithin());
          points += part(step.weight() * w.contain(), ttc, w.containWithin());
          points += part(step.weight() * w.resolve(), ttr, w.resolveWithin());
        }
      }
      blue += points;
      rows.add(DrillScoreRowBuilder.builder().step(step).status(status).injectedAt(at).injected(count).rules(List.copyOf(fired))
          .ruleNames(List.copyOf(names)).detectedAt(detectedAt).toDetect(ttd).incidentId(inc == null ? null : inc.id())
          .incidentState(inc == null ? null : inc.state()).toAcknowledge(tta).toContain(ttc).toResolve(ttr).points(points).maxPoints(max).build());
    }
    double blueManual = 0, redManual = 0;
    for (DrillScore.RefereeEntry e : referee) {
      if ("blue".equals(e.team())) blueManual += e.points();
      else if ("red".equals(e.team())) redManual += e.points();
    }
    return DrillScoreBuilder.builder().drillId(drillId).scenarioId(sc.id()).title(sc.title()).startedAt(started)
        .rows(List.copyOf(rows)).blue(new DrillScore.Totals(blue, blueMax, blueManual))
        .red(new DrillScore.Totals(red, redMax, redManual)).referee(List.copyOf(referee))
        .incidents(List.copyOf(incidentIds)).computedAt(now).build();
  }

  /**
   * An alert counts for a step when the last event behind it belongs to that step, or when no other
   * step expects the same rule (a correlation may end on a later step's line).
   */
  private static boolean belongs(Event alert, DrillScenario.Step step, DrillScenario sc) {
    String s = alert.getString("labels.drill_step");
    if (step.id().equals(s)) return true;
    for (DrillScenario.Step other : sc.steps()) {
      if (other != step && other.expectRules().contains(alert.getString("rule.id"))) return false;
    }
    return true;
  }

  private static Instant raised(Event a) {
    Instant t = a.getInstant("event.created");
    return t != null ? t : a.getInstant("event.start");
  }

  private static Duration since(Instant from, Instant to) {
    if (from == null || to == null) return null;
    Duration d = Duration.between(from, to);
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** In full within the time, half later, nothing when it did not happen. */
  private static double part(double full, Duration took, Duration within) {
    if (took == null) return 0;
    return took.compareTo(within) <= 0 ? full : full / 2.0;
  }
}
