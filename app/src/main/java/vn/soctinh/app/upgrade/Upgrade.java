package vn.soctinh.app.upgrade;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import vn.soctinh.analyzer.store.StoreException;
import vn.soctinh.analyzer.store.lucene.LuceneReindex;
import vn.soctinh.collector.files.FormatMarker;
import vn.soctinh.collector.files.Release;
import vn.soctinh.collector.journal.Journal;

/**
 * {@code soctinh upgrade}: does what a plan lists, offline. Refuses before changing anything when a
 * part was written by a later release, or while a server holds the data directory (its lock) or the
 * store (Lucene's, which servers of earlier releases hold too). The store's partitions first, then
 * the journal's marker, the data directory's last: an upgrade cut short leaves the directory
 * unmarked, and running it again finishes it.
 */
public final class Upgrade {
  private Upgrade() {}

  /** One thing done. */
  public record Step(String part, String done) {}

  public static List<Step> run(UpgradePlan plan, LuceneReindex.Progress progress) throws IOException {
    if (!plan.refused().isEmpty()) throw new IOException(plan.refused().get(0).detail());
    List<Step> done = new ArrayList<>();
    try (DataDirLock lock = DataDirLock.acquire(plan.dataDir())) {
      for (UpgradePlan.Part p : plan.parts()) {
        if (p.state() != UpgradePlan.State.REINDEX) continue;
        LuceneReindex.Summary s;
        try {
          s = LuceneReindex.run(p.path(), progress);
        } catch (StoreException e) {
          throw new IOException(e.getMessage(), e);
        }
        done.add(new Step(p.name(), "rewrote " + s.partitions().size() + " partitions, " + s.documents() + " documents (" + s.quarantined()
            + " quarantined) into format " + LuceneReindex.currentFormat()));
      }
      for (UpgradePlan.Part p : plan.parts()) {
        if (p.state() != UpgradePlan.State.MARK || !p.name().equals("journal")) continue;
        Journal.checkFormat(p.path().getParent());
        new FormatMarker(Journal.FORMAT, Release.writer()).write(p.path().getParent());
        done.add(new Step(p.name(), "marked format " + Journal.FORMAT));
      }
      if (plan.part("data directory").map(p -> p.state() == UpgradePlan.State.MARK).orElse(false)) {
        DataDirFormat.mark(plan.dataDir());
        done.add(new Step("data directory", "marked format " + DataDirFormat.FORMAT));
      }
    }
    return done;
  }
}
