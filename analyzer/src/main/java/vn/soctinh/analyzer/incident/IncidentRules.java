package vn.soctinh.analyzer.incident;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a regulation pack says about an incident: which moves are legal, what they stamp, whether
 * the incident is serious, and where its deadlines stand. An incident is judged by the pack it was
 * opened under, so switching the active pack leaves older incidents valid.
 */
public final class IncidentRules {
  private final Map<String, RegulationPack> packs;
  private final String active;

  /** A move the pack does not allow; the message lists the allowed ones. */
  public static final class IllegalTransition extends Exception {
    private final List<String> allowed;

    IllegalTransition(String message, List<String> allowed) {
      super(message);
      this.allowed = allowed;
    }

    public List<String> allowed() {
      return allowed;
    }
  }

  /**
   * Where one deadline stands.
   *
   * @param due null while the time it counts from is not set yet
   * @param status not_started, pending, warning (within the lead time), overdue, met, met_late
   */
  public record DeadlineStatus(RegulationPack.Deadline deadline, Instant due, Instant metAt, String status) {}

  public IncidentRules(Map<String, RegulationPack> packs, String active) {
    if (!packs.containsKey(active)) throw new IllegalArgumentException("no regulation pack " + active + " (have " + packs.keySet() + ")");
    this.packs = Map.copyOf(packs);
    this.active = active;
  }

  /** Every {@code .yml} pack in {@code dir}; the problems of all of them at once. */
  public static Map<String, RegulationPack> load(Path dir) throws IOException, RegulationPack.PackException {
    Map<String, RegulationPack> out = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(x -> x.toString().endsWith(".yml") || x.toString().endsWith(".yaml")).sorted().toList()) {
        try {
          RegulationPack pack = RegulationPack.parse(Files.readString(p, StandardCharsets.UTF_8), p.toString());
          if (out.putIfAbsent(pack.id(), pack) != null) problems.add(p + ":1:1: pack id " + pack.id() + " is used by another file too");
        } catch (RegulationPack.PackException e) {
          problems.addAll(e.problems());
        }
      }
    }
    if (!problems.isEmpty()) throw new RegulationPack.PackException(problems);
    return out;
  }

  public RegulationPack active() {
    return packs.get(active);
  }

  public RegulationPack packOf(Incident i) {
    RegulationPack p = packs.get(i.pack());
    if (p == null) throw new IllegalStateException("incident " + i.id() + " was opened under pack " + i.pack() + ", which is not loaded");
    return p;
  }

  /** A new incident in the active pack's initial state. */
  public Incident open(String id, String title, String type, int priority, List<String> orgs, List<String> systems, int securityLevel,
      List<String> alertIds, List<String> groupKeys, boolean drill, Instant detected, String who, Instant now) {
    return openIn(active().id(), id, title, type, priority, orgs, systems, securityLevel, alertIds, groupKeys, drill, detected, who, now);
  }

  /** A new incident under a given pack (a split keeps the pack of the incident it came from). */
  public Incident openIn(String packId, String id, String title, String type, int priority, List<String> orgs, List<String> systems, int securityLevel,
      List<String> alertIds, List<String> groupKeys, boolean drill, Instant detected, String who, Instant now) {
    RegulationPack p = packs.get(packId);
    if (p == null) throw new IllegalArgumentException("no regulation pack " + packId);
    Map<String, Instant> times = new LinkedHashMap<>();
    times.put("detected", detected);
    Incident i = IncidentBuilder.builder().id(id).title(title).pack(p.id()).state(p.initialState().id()).type(type).priority(priority)
        .assignees(List.of()).orgs(List.copyOf(orgs)).systems(List.copyOf(systems)).securityLevel(securityLevel).alertIds(List.copyOf(alertIds))
        .groupKeys(List.copyOf(groupKeys)).drill(drill).times(Map.copyOf(times)).timeline(List.of()).comments(List.of()).evidence(List.of()).build();
    return i.withEntry(now, who, "opened", "opened under " + p.id() + " in state " + p.initialState().id());
  }

  /** Moves the incident; entering a state stamps the pack's time for it (the first time only). */
  public Incident transition(Incident i, String to, String who, Instant at) throws IllegalTransition {
    RegulationPack p = packOf(i);
    List<String> allowed = p.allowedFrom(i.state());
    if (!allowed.contains(to)) {
      String why = p.state(to) == null ? "no state " + to + " in pack " + p.id() : "cannot go from " + i.state() + " to " + to;
      throw new IllegalTransition(why + "; allowed: " + (allowed.isEmpty() ? "none (" + i.state() + " is final)" : String.join(", ", allowed)), allowed);
    }
    Map<String, Instant> times = i.times();
    String stamp = p.timestamps().get(to);
    if (stamp != null) times = Incident.times(times, stamp, at);
    return i.withState(to, times).withEntry(at, who, "state", i.state() + " -> " + to);
  }

  /** A report was sent: {@code initial} or {@code closing}; this is what meets the deadlines. */
  public Incident reportSent(Incident i, String kind, String who, Instant at) {
    String time = switch (kind) {
      case "initial" -> "initial_report_sent";
      case "closing" -> "closing_report_sent";
      default -> throw new IllegalArgumentException("a report is initial or closing, not " + kind);
    };
    return i.withTimes(Map.copyOf(Incident.times(i.times(), time, at))).withEntry(at, who, "report", kind + " report sent");
  }

  /** The pack's criteria (any one): security level, agencies affected, type, an essential service down; or the analyst's override. */
  public boolean serious(Incident i) {
    if (i.serious() != null) return i.serious();
    return computedSerious(i);
  }

  public boolean computedSerious(Incident i) {
    RegulationPack.Serious s = packOf(i).serious();
    return i.securityLevel() >= s.minSecurityLevel() || i.orgs().size() >= s.minAgencies() || (i.type() != null && s.types().contains(i.type()))
        || (s.essentialServiceDown() && i.essentialServiceDown()) || i.nationalSecurity();
  }

  /** Overrides the computed seriousness; a reason is required (it goes on the timeline). */
  public Incident overrideSerious(Incident i, boolean serious, String reason, String who, Instant at) {
    if (reason == null || reason.isBlank()) throw new IllegalArgumentException("overriding whether an incident is serious needs a reason");
    return i.withClassification(i.type(), serious, reason, i.nationalSecurity(), i.essentialServiceDown())
        .withEntry(at, who, "serious", (serious ? "serious" : "not serious") + " (computed: " + computedSerious(i) + "): " + reason);
  }

  /** The deadlines that apply to this incident, and where each stands at {@code now}. */
  public List<DeadlineStatus> deadlines(Incident i, Instant now, Duration warnLead) {
    List<DeadlineStatus> out = new ArrayList<>();
    boolean serious = serious(i);
    for (RegulationPack.Deadline d : packOf(i).deadlines()) {
      boolean applies = switch (d.applies()) {
        case "serious" -> serious;
        case "national_security" -> i.nationalSecurity();
        default -> true;
      };
      if (!applies) continue;
      Instant from = i.time(d.from());
      Instant met = i.time(d.metBy());
      if (from == null) {
        out.add(new DeadlineStatus(d, null, met, met != null ? "met" : "not_started"));
        continue;
      }
      Instant due = from.plus(d.within());
      String status;
      if (met != null) status = met.isAfter(due) ? "met_late" : "met";
      else if (now.isAfter(due)) status = "overdue";
      else if (!now.isBefore(due.minus(warnLead))) status = "warning";
      else status = "pending";
      out.add(new DeadlineStatus(d, due, met, status));
    }
    return out;
  }
}
