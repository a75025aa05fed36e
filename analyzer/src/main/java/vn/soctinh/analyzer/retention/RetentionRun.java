package vn.soctinh.analyzer.retention;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import vn.soctinh.analyzer.audit.AuditLog;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.analyzer.store.StoreException;

/**
 * Carries out a plan: deletes each row's documents (those older than its cut-off, of its agency,
 * not held by an incident) and writes one audit entry per deletion, naming who asked (the
 * scheduled job, a console user, the CLI user), then one for the whole pass. Nothing else deletes
 * by age.
 */
public final class RetentionRun {
  private static final System.Logger LOG = System.getLogger(RetentionRun.class.getName());

  /** One row's outcome. */
  public record Deleted(RetentionPlan.Row row, long deleted) {}

  /** The pass: what went, row by row, and the first failure if it stopped (rows after it were not tried). */
  public record Result(Instant at, String who, List<Deleted> deleted, String failure) {
    public long total() {
      return deleted.stream().mapToLong(Deleted::deleted).sum();
    }
  }

  private final EventStore store;
  private final AuditLog audit;
  private final Consumer<DocKind> durable;

  /**
   * @param durable makes a kind's deletions durable (the CLI commits the store; the server asks its
   *     pipeline, the only committer of events, to commit)
   */
  public RetentionRun(EventStore store, AuditLog audit, Consumer<DocKind> durable) {
    this.store = store;
    this.audit = audit;
    this.durable = durable;
  }

  public Result apply(RetentionPlan plan, String who) throws IOException {
    List<Deleted> out = new ArrayList<>();
    String failure = null;
    List<DocKind> touched = new ArrayList<>();
    for (RetentionPlan.Row r : plan.rows()) {
      long n;
      try {
        n = store.deleteOlderThan(r.kind(), r.cutoff(), r.agency(), r.query(), plan.holds().keep(r.kind()));
      } catch (StoreException | RuntimeException e) {
        failure = r.agencyLabel() + " " + r.kind().label() + ": " + e.getMessage();
        LOG.log(System.Logger.Level.WARNING, "retention stopped at " + failure);
        break;
      }
      out.add(new Deleted(r, n));
      if (n == 0) continue;
      if (!touched.contains(r.kind())) touched.add(r.kind());
      audit.append(who, "retention.delete", "agency:" + r.agencyLabel(), r.kind().label() + " older than " + r.cutoff() + " (" + r.days() + " days, "
          + (r.level() > 0 ? "level " + r.level() : "no level") + ", " + r.basis() + "): " + n + " deleted");
    }
    for (DocKind k : touched) durable.accept(k);
    Result result = new Result(plan.at(), who, List.copyOf(out), failure);
    audit.append(who, "retention.run", "store", result.total() + " documents deleted in " + out.stream().filter(d -> d.deleted() > 0).count()
        + " deletions; held by " + plan.holds().incidents().size() + " incidents: " + plan.holds().alertIds().size() + " alerts, "
        + plan.holds().eventIds().size() + " events" + (failure == null ? "" : "; stopped: " + failure));
    return result;
  }
}
