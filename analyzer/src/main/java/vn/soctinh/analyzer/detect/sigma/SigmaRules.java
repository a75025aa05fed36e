package vn.soctinh.analyzer.detect.sigma;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import vn.soctinh.analyzer.event.Event;

/**
 * The loaded rule set: every {@code .yml}/{@code .yaml} file under the given directories, each rule
 * routed by its logsource. {@link #matching} gives the rules an event matches, in load order.
 */
public final class SigmaRules {
  /** A loaded rule with the logsource entries it listens to. */
  private record Routed(SigmaRule rule, int[] routeIndexes) {}

  /** Totals and failures of a load, for {@code soctinh rules check}. */
  /**
   * @param overridden rules and correlations of an earlier directory replaced by one with the same id
   *     in a later directory (a province's local rules over the shipped ones), as "id: FILE replaces FILE"
   */
  public record LoadReport(int files, int documents, int loaded, List<SigmaException> failed, List<SigmaRule> unrouted, List<String> keptPrevious,
      List<String> overridden) {
    public LoadReport(int files, int documents, int loaded, List<SigmaException> failed, List<SigmaRule> unrouted) {
      this(files, documents, loaded, failed, unrouted, List.of(), List.of());
    }
  }

  /** Where an id was loaded from: the directory's position in the list, the file, the line. */
  private record Owner(int dir, String file, int line) {}

  /** A correlation with the rules it names, resolved (refNames as written, in the same order). */
  public record Resolved(SigmaCorrelation correlation, List<SigmaRule> rules, List<String> refNames) {}

  private final List<Routed> rules;
  private final List<Resolved> correlations;
  private final SigmaMapping mapping;
  private final LoadReport report;

  /** Per logsource entry, the indexes (into {@link #rules}) of the rules routed to it, ascending. */
  private final int[][] byEntry;

  private SigmaRules(List<Routed> rules, List<Resolved> correlations, SigmaMapping mapping, LoadReport report) {
    this.rules = rules;
    this.byEntry = new int[mapping.entries().size()][];
    for (int i = 0; i < byEntry.length; i++) {
      List<Integer> list = new ArrayList<>();
      for (int r = 0; r < rules.size(); r++) {
        for (int idx : rules.get(r).routeIndexes()) {
          if (idx == i) {
            list.add(r);
            break;
          }
        }
      }
      byEntry[i] = list.stream().mapToInt(Integer::intValue).toArray();
    }
    this.correlations = correlations;
    this.mapping = mapping;
    this.report = report;
    this.index = MatchIndex.link(rules.stream().map(Routed::rule).toList());
  }

  private final MatchIndex index;
  private final ThreadLocal<EventView> views = ThreadLocal.withInitial(this::newView);

  /** A view for one thread's events; see {@link #matching(EventView, List)}. */
  EventView newView() {
    return new EventView(index);
  }

  public List<Resolved> correlations() {
    return correlations;
  }

  public SigmaMapping mapping() {
    return mapping;
  }

  public static SigmaRules load(List<Path> dirs, SigmaMapping mapping, Map<String, List<String>> placeholders) throws IOException {
    return load(dirs, mapping, placeholders, null);
  }

  /**
   * Loads again after an edit. A file that now has an error keeps its rules and correlations of
   * {@code previous} (the last version that loaded) running, and the error is reported; a file
   * that is gone takes its rules with it.
   *
   * <p>Ids are one namespace for rules and correlations. A later directory of {@code dirs} wins: its
   * rule or correlation replaces the one with the same id from an earlier directory (shipped rules
   * first, the province's own after them, so a local copy of a shipped rule is edited without touching
   * what an upgrade overwrites); each replacement is in {@link LoadReport#overridden}. Within one
   * directory an id used twice is an error for the second document, which does not load.
   */
  public static SigmaRules load(List<Path> dirs, SigmaMapping mapping, Map<String, List<String>> placeholders, SigmaRules previous)
      throws IOException {
    List<String> kept = new ArrayList<>();
    SigmaRuleParser parser = new SigmaRuleParser(mapping, placeholders);
    List<Routed> rules = new ArrayList<>();
    List<SigmaException> failed = new ArrayList<>();
    List<SigmaRule> unrouted = new ArrayList<>();
    List<SigmaCorrelation> pending = new ArrayList<>();
    int files = 0;
    int documents = 0;
    Map<String, Owner> owners = new java.util.HashMap<>();
    List<String> overridden = new ArrayList<>();
    for (int d = 0; d < dirs.size(); d++) {
      Path dir = dirs.get(d);
      List<Path> paths;
      if (Files.isRegularFile(dir)) {
        paths = List.of(dir);
      } else {
        try (Stream<Path> walk = Files.walk(dir)) {
          paths = walk.filter(p -> Files.isRegularFile(p) && (p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))).sorted().toList();
        }
      }
      for (Path p : paths) {
        files++;
        String text;
        try {
          text = Files.readString(p, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
          failed.add(new SigmaException(p.toString(), 0, 0, "not UTF-8 text"));
          if (previous != null && previous.keepFile(p.toString(), mapping, rules, pending)) kept.add(p.toString());
          continue;
        }
        SigmaRuleParser.FileResult r = parser.parse(text, p.toString());
        documents += r.documents();
        failed.addAll(r.errors());
        if (!r.errors().isEmpty() && previous != null && previous.keepFile(p.toString(), mapping, rules, pending)) {
          kept.add(p.toString());
          continue;
        }
        for (SigmaCorrelation c : r.correlations()) {
          if (claim(owners, c.id(), new Owner(d, c.file(), c.line()), failed, overridden, rules, pending)) pending.add(c);
        }
        for (SigmaRule rule : r.rules()) {
          if (!claim(owners, rule.id(), new Owner(d, rule.file(), rule.line()), failed, overridden, rules, pending)) continue;
          List<SigmaMapping.Entry> routes = mapping.routes(rule.logsource());
          if (routes.isEmpty()) unrouted.add(rule);
          rules.add(new Routed(rule, routes.stream().mapToInt(x -> indexOf(mapping.entries(), x)).toArray()));
        }
      }
    }
    // correlations name rules by id or name, in any file
    Map<String, SigmaRule> byRef = new java.util.HashMap<>();
    for (Routed r : rules) {
      if (r.rule().id() != null) byRef.put(r.rule().id(), r.rule());
      if (r.rule().name() != null) byRef.put(r.rule().name(), r.rule());
    }
    java.util.Set<String> correlationRefs = new java.util.HashSet<>();
    for (SigmaCorrelation c : pending) {
      if (c.id() != null) correlationRefs.add(c.id());
      if (c.name() != null) correlationRefs.add(c.name());
    }
    List<Resolved> resolved = new ArrayList<>();
    for (SigmaCorrelation c : pending) {
      List<SigmaRule> refs = new ArrayList<>();
      String problem = null;
      for (String ref : c.rules()) {
        SigmaRule r = byRef.get(ref);
        if (r == null) {
          problem = correlationRefs.contains(ref) ? "correlations of correlations are not supported yet: " + ref
              : "correlation names a rule that is not loaded: " + ref;
          break;
        }
        refs.add(r);
      }
      if (problem != null) failed.add(new SigmaException(c.file(), c.refsLine(), c.refsColumn(), problem));
      else resolved.add(new Resolved(c, List.copyOf(refs), c.rules()));
    }
    return new SigmaRules(rules, List.copyOf(resolved), mapping,
        new LoadReport(files, documents, rules.size() + resolved.size(), failed, unrouted, List.copyOf(kept), List.copyOf(overridden)));
  }

  /**
   * Whether a document with {@code id} may load: an id seen in an earlier directory is taken over (the
   * earlier rule or correlation removed), one seen in the same directory is an error.
   */
  private static boolean claim(Map<String, Owner> owners, String id, Owner claimant, List<SigmaException> failed, List<String> overridden,
      List<Routed> rules, List<SigmaCorrelation> pending) {
    if (id == null) return true;
    Owner before = owners.get(id);
    if (before != null && before.dir() == claimant.dir()) {
      failed.add(new SigmaException(claimant.file(), claimant.line(), 1,
          "id " + id + " is already used by " + before.file() + ":" + before.line() + " (ids must be unique; a later rules directory may replace an earlier one's)"));
      return false;
    }
    if (before != null) {
      rules.removeIf(r -> id.equals(r.rule().id()) && before.file().equals(r.rule().file()));
      pending.removeIf(c -> id.equals(c.id()) && before.file().equals(c.file()));
      overridden.add(id + ": " + claimant.file() + " replaces " + before.file());
    }
    owners.put(id, claimant);
    return true;
  }

  /** Adds this set's rules and correlations of {@code file} to a load in progress; false when it had none. */
  private boolean keepFile(String file, SigmaMapping mapping, List<Routed> into, List<SigmaCorrelation> correlationsInto) {
    boolean any = false;
    for (Routed r : rules) {
      if (!file.equals(r.rule().file())) continue;
      any = true;
      List<SigmaMapping.Entry> routes = mapping.routes(r.rule().logsource());
      into.add(new Routed(r.rule(), routes.stream().mapToInt(x -> indexOf(mapping.entries(), x)).toArray()));
    }
    for (Resolved c : correlations) {
      if (!file.equals(c.correlation().file())) continue;
      any = true;
      correlationsInto.add(c.correlation());
    }
    return any;
  }

  private static int indexOf(List<SigmaMapping.Entry> entries, SigmaMapping.Entry e) {
    for (int i = 0; i < entries.size(); i++) if (entries.get(i) == e) return i;
    throw new IllegalStateException("entry not in the mapping");
  }

  public LoadReport report() {
    return report;
  }

  public List<SigmaRule> rules() {
    return rules.stream().map(Routed::rule).toList();
  }

  /**
   * The part of this rule set that detection shard {@code index} of {@code count} runs: every rule
   * and correlation lands in exactly one shard, and a correlation lands with all the rules it counts,
   * so each window lives in one shard and sees its events in journal order, as with one shard. The
   * shard of a group of rules joined by correlations is a hash of its smallest id (a rule's id or
   * title, a correlation's id), stable across restarts and reloads that keep the ids.
   */
  public SigmaRules shard(int index, int count) {
    if (count <= 1) return this;
    Map<SigmaRule, SigmaRule> parent = new java.util.IdentityHashMap<>();
    for (Routed r : rules) parent.put(r.rule(), r.rule());
    for (Resolved c : correlations) {
      SigmaRule first = null;
      for (SigmaRule r : c.rules()) {
        if (!parent.containsKey(r)) continue;
        if (first == null) first = r;
        else parent.put(root(parent, r), root(parent, first));
      }
    }
    // the smallest id in a group (rules' and correlations') names it
    Map<SigmaRule, String> groupName = new java.util.IdentityHashMap<>();
    for (Routed r : rules) groupName.merge(root(parent, r.rule()), ruleId(r.rule()), (a, b) -> a.compareTo(b) <= 0 ? a : b);
    for (Resolved c : correlations) {
      for (SigmaRule r : c.rules()) {
        if (!parent.containsKey(r)) continue;
        groupName.merge(root(parent, r), c.correlation().displayId(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
        break;
      }
    }
    List<Routed> mine = new ArrayList<>();
    for (Routed r : rules) if (shardOf(groupName.get(root(parent, r.rule())), count) == index) mine.add(r);
    java.util.Set<SigmaRule> kept = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Routed r : mine) kept.add(r.rule());
    List<Resolved> myCorrelations = new ArrayList<>();
    for (Resolved c : correlations) if (!c.rules().isEmpty() && kept.contains(c.rules().get(0))) myCorrelations.add(c);
    return new SigmaRules(mine, myCorrelations, mapping, report);
  }

  /** The shard (of {@code count}) that a group named {@code id} runs in: a fixed hash, the same in every JVM. */
  public static int shardOf(String id, int count) {
    return Math.floorMod(id.hashCode() * 0x9E3779B9, count);
  }

  /** The id alerts of a rule carry: its id, else its title. */
  public static String ruleId(SigmaRule r) {
    return r.id() != null ? r.id() : r.title();
  }

  private static SigmaRule root(Map<SigmaRule, SigmaRule> parent, SigmaRule r) {
    SigmaRule p = parent.get(r);
    while (p != r) {
      SigmaRule up = parent.get(p);
      parent.put(r, up);
      r = p;
      p = up;
    }
    return r;
  }

  /** The rules whose logsource selects the event and whose detection matches it, in load order. */
  public List<SigmaRule> matching(Event e) {
    List<SigmaRule> out = new ArrayList<>();
    matching(views.get().reset(e), out);
    return out;
  }

  /** As {@link #matching(Event)}, into {@code out}, with the caller's view (already {@code reset} to the event). */
  void matching(EventView view, List<SigmaRule> out) {
    // each logsource entry is checked once per event; only the rules routed to a selected entry are tried
    Event e = view.event();
    List<SigmaMapping.Entry> entries = mapping.entries();
    int first = -1;
    java.util.BitSet candidates = null;
    for (int i = 0; i < entries.size(); i++) {
      if (byEntry[i].length == 0 || !entries.get(i).selects(e)) continue;
      if (first < 0) {
        first = i;
      } else {
        if (candidates == null) {
          candidates = new java.util.BitSet(rules.size());
          for (int r : byEntry[first]) candidates.set(r);
        }
        for (int r : byEntry[i]) candidates.set(r);
      }
    }
    if (first < 0) return;
    if (candidates == null) {
      for (int r : byEntry[first]) if (rules.get(r).rule().matches(view)) out.add(rules.get(r).rule());
    } else {
      for (int r = candidates.nextSetBit(0); r >= 0; r = candidates.nextSetBit(r + 1)) {
        if (rules.get(r).rule().matches(view)) out.add(rules.get(r).rule());
      }
    }
  }
}
