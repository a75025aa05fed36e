package vn.soctinh.analyzer.drill;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import vn.soctinh.collector.syslog.SyslogSender;

/**
 * Plays a scenario into SOC Tỉnh's own listeners, over one syslog connection (TCP, TLS or RELP),
 * at the scenario's pace divided by {@code speed}. Each line carries the drill's mark; the
 * pipeline, not this class, decides what was seen and when.
 */
public final class DrillInjector {
  /** What was sent for one step, by this side's clock. */
  public record Sent(String step, Instant first, Instant last, int lines) {}

  public record Result(String drillId, List<Sent> steps, long sent, long acked, String error) {
    public boolean ok() {
      return error == null;
    }
  }

  private DrillInjector() {}

  /** The variables: the scenario's defaults, then the overrides ({@code --var}); unknown names are refused. */
  public static Map<String, String> variables(DrillScenario sc, Map<String, String> overrides) {
    Map<String, String> vars = new HashMap<>(sc.variables());
    for (var e : overrides.entrySet()) {
      if (!vars.containsKey(e.getKey())) {
        throw new IllegalArgumentException("the scenario " + sc.id() + " has no variable " + e.getKey() + " (it has " + new java.util.TreeSet<>(vars.keySet()) + ")");
      }
      vars.put(e.getKey(), e.getValue());
    }
    return vars;
  }

  private record Due(long atNanos, DrillScenario.Step step, String line, int seq) {}

  /**
   * Sends every line of the scenario; returns once all are sent (RELP: acknowledged). {@code onStep}
   * hears each step as its last line goes out. Local-time placeholders are written in {@code zone}
   * (the config's {@code timezone}, which the parser reads offset-less stamps in).
   */
  public static Result run(DrillScenario sc, String drillId, Map<String, String> vars, SyslogSender.Options target, double speed, java.time.ZoneId zone,
      Consumer<Sent> onStep) throws IOException, InterruptedException {
    if (!(speed > 0)) throw new IllegalArgumentException("speed must be > 0");
    List<Due> plan = new ArrayList<>();
    for (DrillScenario.Step s : sc.steps()) {
      for (int r = 0; r < s.repeat(); r++) {
        long at = (long) ((s.at().toNanos() + s.every().toNanos() * r) / speed);
        for (String line : s.lines()) plan.add(new Due(at, s, line, r));
      }
    }
    plan.sort(Comparator.comparingLong(Due::atNanos)); // stable: a step's lines keep their order
    Map<String, Instant> first = new LinkedHashMap<>();
    Map<String, Integer> count = new HashMap<>();
    Map<String, Integer> remaining = new HashMap<>();
    for (Due d : plan) remaining.merge(d.step().id(), 1, Integer::sum);
    List<Sent> steps = new ArrayList<>();
    long start = System.nanoTime();
    SyslogSender sender = new SyslogSender(target);
    try (SyslogSender.Connection c = sender.openConnection()) {
      String error = null;
      try {
        for (Due d : plan) {
          for (long wait; (wait = start + d.atNanos() - System.nanoTime()) > 0; ) {
            c.flush();
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) throw new InterruptedException();
          }
          Instant now = Instant.now();
          c.send(DrillLines.message(sc, d.step(), d.line(), vars, d.seq(), now, drillId, zone));
          String id = d.step().id();
          first.putIfAbsent(id, now);
          count.merge(id, 1, Integer::sum);
          if (remaining.merge(id, -1, Integer::sum) == 0) {
            c.flush();
            Sent s = new Sent(id, first.get(id), now, count.get(id));
            steps.add(s);
            if (onStep != null) onStep.accept(s);
          }
        }
      } catch (IOException e) {
        error = e.toString();
      }
      SyslogSender.Result r = c.finish();
      if (error == null && r.error() != null) error = r.error();
      return new Result(drillId, List.copyOf(steps), r.sent(), r.acked(), error);
    }
  }
}
