package vn.soctinh.analyzer.detect;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import vn.soctinh.analyzer.detect.ioc.IocMatcher;
import vn.soctinh.analyzer.detect.sigma.SigmaAlert;
import vn.soctinh.analyzer.detect.sigma.SigmaEngine;
import vn.soctinh.analyzer.detect.sigma.SigmaRules;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.incident.Priority;

/**
 * One detection shard: the rules and correlations {@link SigmaRules#shard} gives it, their windows
 * (the engine) and their open alerts (the suppressor). It sees every event of every batch, in
 * journal order, and reads events only: the shards of a batch run at once on shared events.
 */
final class RuleShard {
  /** An alert document and the position, in its batch, of the event that raised it. */
  record Raised(int event, int shard, Event doc) {}

  final int index;
  private final int count;
  private final SigmaEngine engine;
  private final AlertSuppressor suppressor;
  private final boolean raisesIndicators;
  /** The alert rule ids this shard raises (rules and correlations), for restoring open alerts. */
  private volatile Set<String> ruleIds;

  RuleShard(int index, int count, SigmaRules all, Duration lateness, int maxGroups, int maxGroupsPerSender, AlertSuppressor suppressor) {
    this.index = index;
    this.count = count;
    this.engine = new SigmaEngine(all.shard(index, count), lateness, maxGroups, maxGroupsPerSender);
    this.suppressor = suppressor;
    this.raisesIndicators = SigmaRules.shardOf(AlertDocuments.IOC_RULE, count) == index;
    this.ruleIds = idsOf(engine.rules());
  }

  private static Set<String> idsOf(SigmaRules rules) {
    Set<String> ids = new java.util.HashSet<>();
    for (var r : rules.rules()) ids.add(SigmaRules.ruleId(r));
    for (var c : rules.correlations()) ids.add(c.correlation().displayId());
    return ids;
  }

  SigmaEngine engine() {
    return engine;
  }

  AlertSuppressor suppressor() {
    return suppressor;
  }

  /** Hot reload: this shard's part of {@code all}; windows of unchanged correlations carry over. */
  void replaceRules(SigmaRules all) {
    engine.replaceRules(all.shard(index, count));
    ruleIds = idsOf(engine.rules());
  }

  /** Does an alert of this rule id belong to this shard's suppressor (for restoring state)? */
  boolean owns(String ruleId) {
    if (AlertDocuments.IOC_RULE.equals(ruleId)) return raisesIndicators;
    return ruleIds.contains(ruleId);
  }

  /**
   * Runs the events {@code from} on through this shard's rules; an event whose processing throws
   * (a bug in a matcher, never bad input by design) is skipped here and counted, so one event
   * cannot stop detection.
   */
  List<Raised> process(List<Event> batch, int from, IocMatcher ioc, Set<String> disabled, Priority priority, Runnable failed) {
    List<Raised> out = new ArrayList<>(0);
    for (int i = from; i < batch.size(); i++) {
      Event e = batch.get(i);
      try {
        List<SigmaAlert> raised = engine.process(e);
        if (raisesIndicators && ioc != null && e.get("threat.indicator.type") != null) {
          List<IocMatcher.Hit> hits = ioc.lookup(e);
          if (!hits.isEmpty()) {
            raised = new ArrayList<>(raised);
            raised.add(0, AlertDocuments.ofIndicator(hits.get(0), e));
          }
        }
        for (SigmaAlert a : raised) {
          if (disabled.contains(a.ruleId())) continue;
          Event doc = suppressor.admit(AlertDocuments.of(a, e, priority, Instant.now()), a.correlation() ? null : e);
          out.add(new Raised(i, index, doc));
        }
      } catch (RuntimeException ex) {
        failed.run();
      }
    }
    return out;
  }

  void writeState(DataOutputStream out, long offset) throws IOException {
    engine.writeState(out, offset);
    suppressor.writeState(out);
  }

  /** Reads one saved section, keeping what belongs to this shard; returns the offset it includes. */
  long readState(DataInputStream in) throws IOException {
    long offset = engine.readState(in);
    suppressor.readState(in, this::owns);
    return offset;
  }
}
