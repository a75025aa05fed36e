package vn.soctinh.analyzer.retention;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.collector.ByName;

/**
 * What one retention pass deletes, per agency and kind: the figure, the cut-off, and (for a dry
 * run) how many documents go and how many an incident holds. The same object drives the run, so
 * what the plan shows is what the run does.
 *
 * @param rows one per agency and kind (agency null: documents of no agency)
 * @param holds what incidents keep
 * @param journal the journal's disk use (it deletes consumed segments itself)
 * @param disk the data directory's file system, or null when unknown
 * @param notes things an operator should know (a journal kept longer than an agency's retention)
 */
@ByName
public record RetentionPlan(Instant at, String pack, Map<Integer, Integer> levelDays, int incidentHoldDays, List<Row> rows, LegalHolds holds,
    JournalView journal, DiskWatermark.Usage disk, List<String> notes) implements RetentionPlanBuilder.With {

  /**
   * @param count documents that go (-1 when not counted)
   * @param held documents past the cut-off that incidents keep (-1 when not counted)
   */
  @ByName
  public record Row(String agency, String name, int level, DocKind kind, int days, String basis, Instant cutoff, long count, long held) implements RetentionPlanRowBuilder.With {
    /** This row with its documents counted: {@code count} going, {@code held} kept by a legal hold. */
    public Row counted(long count, long held) {
      return with().count(count).held(held).build();
    }

    /** The store query that narrows this row beside its agency: documents of no agency carry no organization.id. */
    public String query() {
      return agency == null ? "NOT organization.id:*" : null;
    }

    public String agencyLabel() {
      return agency == null ? "(no agency)" : agency;
    }
  }

  /** The journal's bytes, and how long consumed segments stay ({@code journal.keep_consumed_secs}). */
  public record JournalView(long bytes, long consumedBytes, long unconsumedBytes, int segments, long keepConsumedSecs, Map<String, Long> consumers) {}

  public JsonObject toJson() {
    JsonArray rs = new JsonArray();
    for (Row r : rows) {
      rs.add(new JsonObject().put("agency", r.agency()).put("name", r.name()).put("level", r.level()).put("kind", r.kind().label())
          .put("days", r.days()).put("basis", r.basis()).put("cutoff", r.cutoff().toString()).put("count", r.count()).put("held", r.held()));
    }
    JsonArray hs = new JsonArray();
    for (LegalHolds.Hold h : holds.incidents()) {
      hs.add(new JsonObject().put("incident", h.incident()).put("open", h.open()).put("closed", h.closed() == null ? null : h.closed().toString())
          .put("held_until", h.until() == null ? null : h.until().toString()));
    }
    JsonObject levels = new JsonObject();
    levelDays.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> levels.put(Integer.toString(e.getKey()), e.getValue()));
    JsonObject o = new JsonObject().put("at", at.toString()).put("pack", pack).put("level_days", levels).put("incident_hold_days", incidentHoldDays)
        .put("rows", rs)
        .put("holds", new JsonObject().put("incidents", hs).put("alerts", holds.alertIds().size()).put("events", holds.eventIds().size()))
        .put("notes", new JsonArray(notes));
    if (journal != null) {
      o.put("journal", new JsonObject().put("bytes", journal.bytes()).put("consumed_bytes", journal.consumedBytes())
          .put("unconsumed_bytes", journal.unconsumedBytes()).put("segments", journal.segments()).put("keep_consumed_secs", journal.keepConsumedSecs())
          .put("consumers", new JsonObject(new java.util.TreeMap<String, Object>(journal.consumers()))));
    }
    if (disk != null) {
      o.put("disk", new JsonObject().put("path", disk.path()).put("total_bytes", disk.totalBytes()).put("usable_bytes", disk.usableBytes())
          .put("used_ratio", disk.usedRatio()));
    }
    long total = rows.stream().mapToLong(r -> Math.max(0, r.count())).sum();
    return o.put("total", total);
  }
}
