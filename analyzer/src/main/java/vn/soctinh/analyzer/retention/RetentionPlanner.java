package vn.soctinh.analyzer.retention;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import vn.soctinh.analyzer.org.OrgDirectory;
import vn.soctinh.analyzer.org.Organization;
import vn.soctinh.analyzer.store.Aggregation;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.analyzer.store.SearchRequest;
import vn.soctinh.analyzer.store.SearchRequestBuilder;
import vn.soctinh.analyzer.store.StoreException;
import vn.soctinh.collector.journal.JournalUsage;

/**
 * Works out a {@link RetentionPlan}: every agency of the directory and every agency the store has
 * old documents of (an agency no longer in the directory still has its data deleted, after
 * {@code default_days}), each kind that ages (events, alerts, quarantine; never incidents), with the
 * holds of the moment. Reads only: the same planner serves the dry run, the console and the run.
 */
public final class RetentionPlanner {
  /** At most this many agencies are looked for in the store (a province has hundreds). */
  static final int MAX_AGENCIES = 10_000;
  static final List<DocKind> KINDS = List.of(DocKind.EVENTS, DocKind.ALERTS, DocKind.QUARANTINE);

  private final EventStore store;
  private final RetentionPolicy policy;
  private final Supplier<OrgDirectory> orgs;
  private final Path journalDir;
  private final long keepConsumedSecs;
  private final Supplier<DiskWatermark.Usage> disk;

  /**
   * @param journalDir the journal's directory (null: not shown)
   * @param disk the data directory's file system (null: not shown)
   */
  public RetentionPlanner(EventStore store, RetentionPolicy policy, Supplier<OrgDirectory> orgs, Path journalDir, long keepConsumedSecs,
      Supplier<DiskWatermark.Usage> disk) {
    this.store = store;
    this.policy = policy;
    this.orgs = orgs;
    this.journalDir = journalDir;
    this.keepConsumedSecs = keepConsumedSecs;
    this.disk = disk;
  }

  public RetentionPolicy policy() {
    return policy;
  }

  /** The plan at {@code now}; {@code count}: also count what goes and what is held (a dry run), else -1. */
  public RetentionPlan plan(Instant now, boolean count) throws StoreException {
    OrgDirectory d = orgs.get();
    LegalHolds holds = LegalHolds.find(store, now, policy.incidentHoldDays());
    List<RetentionPlan.Row> rows = new ArrayList<>();
    int shortest = Integer.MAX_VALUE;
    for (DocKind kind : KINDS) {
      TreeSet<String> agencies = new TreeSet<>();
      for (Organization o : d.organizations()) agencies.add(o.id());
      agencies.addAll(agenciesBefore(kind, policy.cutoff(now, shortestDays(kind))));
      List<String> all = new ArrayList<>(agencies);
      all.add(null); // documents of no agency
      for (String agency : all) {
        RetentionPolicy.AgencyDays a = policy.of(d, agency);
        int days = a.days(kind);
        shortest = Math.min(shortest, days);
        Instant cutoff = policy.cutoff(now, days);
        Organization o = agency == null ? null : d.organization(agency);
        String basis = policy.basis(a.level(), kind);
        RetentionPlan.Row row = RetentionPlanRowBuilder.builder().agency(agency).name(o == null ? null : o.name()).level(a.level()).kind(kind)
            .days(days).basis(basis).cutoff(cutoff).count(-1).held(-1).build();
        if (count) {
          long going = store.countOlderThan(kind, cutoff, agency, row.query(), holds.keep(kind));
          long past = holds.keep(kind).isEmpty() ? going : store.countOlderThan(kind, cutoff, agency, row.query(), java.util.Set.of());
          row = row.counted(going, past - going);
        }
        rows.add(row);
      }
    }
    List<String> notes = new ArrayList<>();
    RetentionPlan.JournalView journal = journal();
    if (journal != null && shortest != Integer.MAX_VALUE && keepConsumedSecs > shortest * 86_400L) {
      notes.add("journal.keep_consumed_secs (" + keepConsumedSecs + " s) keeps consumed raw lines longer than the shortest retention ("
          + shortest + " days): they outlive the store's deletion until the journal drops them");
    }
    if (policy.pack() == null) notes.add("no regulation pack: the figures are those of the retention: section alone");
    return RetentionPlanBuilder.builder().at(now).pack(policy.pack() == null ? null : policy.pack().id())
        .levelDays(policy.levels()).incidentHoldDays(policy.incidentHoldDays()).rows(List.copyOf(rows)).holds(holds)
        .journal(journal).disk(disk == null ? null : disk.get()).notes(List.copyOf(notes)).build();
  }

  /** The shortest figure any agency has for a kind: no agency's documents older than that are missed. */
  private int shortestDays(DocKind kind) {
    int min = Integer.MAX_VALUE;
    for (int level = 0; level <= 5; level++) min = Math.min(min, policy.days(level, kind));
    return min;
  }

  /** Agencies with documents of {@code kind} older than {@code before}. */
  private List<String> agenciesBefore(DocKind kind, Instant before) throws StoreException {
    SearchRequest r = SearchRequestBuilder.builder().kind(kind).query("").to(before).sortField("@timestamp").descending(true).size(0)
        .aggregations(List.of(new Aggregation.Terms("agencies", "organization.id", MAX_AGENCIES))).build();
    Map<Object, Long> buckets = store.search(r).aggregations().getOrDefault("agencies", Map.of());
    List<String> out = new ArrayList<>();
    for (Object k : buckets.keySet()) out.add(String.valueOf(k));
    return out;
  }

  private RetentionPlan.JournalView journal() {
    if (journalDir == null || !Files.isDirectory(journalDir)) return null;
    try {
      JournalUsage u = JournalUsage.of(journalDir);
      return new RetentionPlan.JournalView(u.bytes(), u.consumedBytes(), u.unconsumedBytes(), u.segments(), keepConsumedSecs, u.consumers());
    } catch (IOException e) {
      return null;
    }
  }
}
