package vn.soctinh.analyzer.incident;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import vn.soctinh.collector.ByName;

/**
 * An incident: what the SOC works, under the active regulation pack's states and deadlines.
 * Immutable; every change makes a new one with a timeline entry saying who did what when.
 *
 * @param id the human id, {@code INC-2026-000123}
 * @param pack the regulation pack it was opened under (switching packs leaves it valid)
 * @param priority 1 (P1) … 4
 * @param groupKeys what grouped alerts into it (rule and key, system), for the grouping window
 * @param serious the analyst's override of the computed seriousness, or null
 * @param times detected, acknowledged, contained, resolved, closed, initial_report_sent, closing_report_sent
 */
@ByName
public record Incident(String id, String title, String pack, String state, String type, int priority, String owner, List<String> assignees,
    List<String> orgs, List<String> systems, int securityLevel, List<String> alertIds, List<String> groupKeys, Boolean serious, String seriousReason,
    boolean nationalSecurity, boolean essentialServiceDown, boolean drill, Map<String, Instant> times, List<TimelineEntry> timeline,
    List<Comment> comments, List<Evidence> evidence, String mergedInto) implements IncidentBuilder.With {

  /** A file kept as evidence: stored under its SHA-256, with its size, who added it and when. */
  public record Evidence(String name, String sha256, long size, String uploader, Instant at, String note) {}

  /** One change: when, who, what (a short code), and the detail in words. */
  public record TimelineEntry(Instant at, String who, String what, String detail) {}

  /** A comment in Markdown (rendered safely by the console). */
  public record Comment(Instant at, String who, String text) {}

  public Instant time(String name) {
    return times.get(name);
  }

  public Incident withEntry(Instant at, String who, String what, String detail) {
    List<TimelineEntry> t = new ArrayList<>(timeline);
    t.add(new TimelineEntry(at, who, what, detail));
    return with().timeline(List.copyOf(t)).build();
  }

  Incident withState(String next, Map<String, Instant> nextTimes) {
    return with().state(next).times(Map.copyOf(nextTimes)).build();
  }

  /** Adds an alert (grouping): its id, and any new agency or system; priority rises to the alert's if higher. */
  public Incident withAlert(String alertId, List<String> keys, String org, String system, int level, int alertPriority) {
    LinkedHashSet<String> k = new LinkedHashSet<>(groupKeys);
    k.addAll(keys);
    List<String> a = new ArrayList<>(alertIds);
    if (!a.contains(alertId)) a.add(alertId);
    LinkedHashSet<String> o = new LinkedHashSet<>(orgs);
    if (org != null) o.add(org);
    LinkedHashSet<String> s = new LinkedHashSet<>(systems);
    if (system != null) s.add(system);
    return with().priority(Math.min(priority, alertPriority)).orgs(List.copyOf(o)).systems(List.copyOf(s)).securityLevel(Math.max(securityLevel, level))
        .alertIds(List.copyOf(a)).groupKeys(List.copyOf(k)).build();
  }

  public Incident withOwner(String owner, List<String> assignees) {
    return with().owner(owner).assignees(List.copyOf(assignees)).build();
  }

  public Incident withComment(Comment c) {
    List<Comment> cs = new ArrayList<>(comments);
    cs.add(c);
    return with().comments(List.copyOf(cs)).build();
  }

  public Incident withClassification(String type, Boolean serious, String seriousReason, boolean nationalSecurity, boolean essentialServiceDown) {
    return with().type(type).serious(serious).seriousReason(seriousReason).nationalSecurity(nationalSecurity)
        .essentialServiceDown(essentialServiceDown).build();
  }

  public Incident withEvidence(Evidence e) {
    List<Evidence> ev = new ArrayList<>(evidence);
    ev.add(e);
    return with().evidence(List.copyOf(ev)).build();
  }

  /** Merged into another incident: it takes no more alerts and counts as closed. */
  Incident mergedInto(String target, Instant at) {
    Map<String, Instant> t = times(times, "closed", at);
    return with().times(Map.copyOf(t)).mergedInto(target).build();
  }

  /** With exactly these alerts (and the agencies, systems and level given), for a merge or a split. */
  public Incident withAlerts(List<String> alerts, List<String> orgs, List<String> systems, int level, int priority, List<String> keys) {
    return with().priority(priority).orgs(List.copyOf(orgs)).systems(List.copyOf(systems)).securityLevel(level).alertIds(List.copyOf(alerts))
        .groupKeys(List.copyOf(keys)).build();
  }

  static Map<String, Instant> times(Map<String, Instant> base, String name, Instant at) {
    Map<String, Instant> m = new LinkedHashMap<>(base);
    m.putIfAbsent(name, at); // the first time counts: re-entering a state does not move it
    return m;
  }
}
