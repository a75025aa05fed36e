package vn.soctinh.analyzer.incident;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

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
public record Incident(String id, String title, String pack, String state, String type, int priority, String owner, List<String> assignees,
    List<String> orgs, List<String> systems, int securityLevel, List<String> alertIds, List<String> groupKeys, Boolean serious, String seriousReason,
    boolean nationalSecurity, boolean essentialServiceDown, boolean drill, Map<String, Instant> times, List<TimelineEntry> timeline,
    List<Comment> comments, List<Evidence> evidence, String mergedInto) {

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
    return toBuilder().timeline(List.copyOf(t)).build();
  }

  Incident withState(String next, Map<String, Instant> nextTimes) {
    return toBuilder().state(next).times(Map.copyOf(nextTimes)).build();
  }

  Incident withTimes(Map<String, Instant> nextTimes) {
    return withState(state, nextTimes);
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
    return toBuilder().priority(Math.min(priority, alertPriority)).orgs(List.copyOf(o)).systems(List.copyOf(s)).securityLevel(Math.max(securityLevel, level))
        .alertIds(List.copyOf(a)).groupKeys(List.copyOf(k)).build();
  }

  public Incident withOwner(String owner, List<String> assignees) {
    return toBuilder().owner(owner).assignees(List.copyOf(assignees)).build();
  }

  public Incident withComment(Comment c) {
    List<Comment> cs = new ArrayList<>(comments);
    cs.add(c);
    return toBuilder().comments(List.copyOf(cs)).build();
  }

  public Incident withClassification(String type, Boolean serious, String seriousReason, boolean nationalSecurity, boolean essentialServiceDown) {
    return toBuilder().type(type).serious(serious).seriousReason(seriousReason).nationalSecurity(nationalSecurity)
        .essentialServiceDown(essentialServiceDown).build();
  }

  public Incident withEvidence(Evidence e) {
    List<Evidence> ev = new ArrayList<>(evidence);
    ev.add(e);
    return toBuilder().evidence(List.copyOf(ev)).build();
  }

  /** Merged into another incident: it takes no more alerts and counts as closed. */
  Incident mergedInto(String target, Instant at) {
    Map<String, Instant> t = times(times, "closed", at);
    return toBuilder().times(Map.copyOf(t)).mergedInto(target).build();
  }

  /** With exactly these alerts (and the agencies, systems and level given), for a merge or a split. */
  public Incident withAlerts(List<String> alerts, List<String> orgs, List<String> systems, int level, int priority, List<String> keys) {
    return toBuilder().priority(priority).orgs(List.copyOf(orgs)).systems(List.copyOf(systems)).securityLevel(level).alertIds(List.copyOf(alerts))
        .groupKeys(List.copyOf(keys)).build();
  }

  static Map<String, Instant> times(Map<String, Instant> base, String name, Instant at) {
    Map<String, Instant> m = new LinkedHashMap<>(base);
    m.putIfAbsent(name, at); // the first time counts: re-entering a state does not move it
    return m;
  }

  /** This value's components in a builder, to change a few of them by name. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.title = title;
    b.pack = pack;
    b.state = state;
    b.type = type;
    b.priority = priority;
    b.owner = owner;
    b.assignees = assignees;
    b.orgs = orgs;
    b.systems = systems;
    b.securityLevel = securityLevel;
    b.alertIds = alertIds;
    b.groupKeys = groupKeys;
    b.serious = serious;
    b.seriousReason = seriousReason;
    b.nationalSecurity = nationalSecurity;
    b.essentialServiceDown = essentialServiceDown;
    b.drill = drill;
    b.times = times;
    b.timeline = timeline;
    b.comments = comments;
    b.evidence = evidence;
    b.mergedInto = mergedInto;
    return b;
  }

  /** Incident by name: 23 positions are easy to swap. */
  public static final class Builder {
    private String id;
    private String title;
    private String pack;
    private String state;
    private String type;
    private int priority;
    private String owner;
    private List<String> assignees;
    private List<String> orgs;
    private List<String> systems;
    private int securityLevel;
    private List<String> alertIds;
    private List<String> groupKeys;
    private Boolean serious;
    private String seriousReason;
    private boolean nationalSecurity;
    private boolean essentialServiceDown;
    private boolean drill;
    private Map<String, Instant> times;
    private List<TimelineEntry> timeline;
    private List<Comment> comments;
    private List<Evidence> evidence;
    private String mergedInto;

    public Builder id(String v) {
      id = v;
      return this;
    }

    public Builder title(String v) {
      title = v;
      return this;
    }

    public Builder pack(String v) {
      pack = v;
      return this;
    }

    public Builder state(String v) {
      state = v;
      return this;
    }

    public Builder type(String v) {
      type = v;
      return this;
    }

    public Builder priority(int v) {
      priority = v;
      return this;
    }

    public Builder owner(String v) {
      owner = v;
      return this;
    }

    public Builder assignees(List<String> v) {
      assignees = v;
      return this;
    }

    public Builder orgs(List<String> v) {
      orgs = v;
      return this;
    }

    public Builder systems(List<String> v) {
      systems = v;
      return this;
    }

    public Builder securityLevel(int v) {
      securityLevel = v;
      return this;
    }

    public Builder alertIds(List<String> v) {
      alertIds = v;
      return this;
    }

    public Builder groupKeys(List<String> v) {
      groupKeys = v;
      return this;
    }

    public Builder serious(Boolean v) {
      serious = v;
      return this;
    }

    public Builder seriousReason(String v) {
      seriousReason = v;
      return this;
    }

    public Builder nationalSecurity(boolean v) {
      nationalSecurity = v;
      return this;
    }

    public Builder essentialServiceDown(boolean v) {
      essentialServiceDown = v;
      return this;
    }

    public Builder drill(boolean v) {
      drill = v;
      return this;
    }

    public Builder times(Map<String, Instant> v) {
      times = v;
      return this;
    }

    public Builder timeline(List<TimelineEntry> v) {
      timeline = v;
      return this;
    }

    public Builder comments(List<Comment> v) {
      comments = v;
      return this;
    }

    public Builder evidence(List<Evidence> v) {
      evidence = v;
      return this;
    }

    public Builder mergedInto(String v) {
      mergedInto = v;
      return this;
    }

    public Incident build() {
      return new Incident(id, title, pack, state, type, priority, owner, assignees, orgs, systems, securityLevel, alertIds, groupKeys, serious,
          seriousReason, nationalSecurity, essentialServiceDown, drill, times, timeline, comments, evidence, mergedInto);
    }
  }
}
