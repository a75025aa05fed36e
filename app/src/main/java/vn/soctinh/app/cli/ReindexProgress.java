package vn.soctinh.app.cli;

import java.io.PrintWriter;
import java.time.Duration;
import vn.soctinh.analyzer.store.lucene.LuceneReindex;

/** How {@code soctinh store reindex} shows its progress on stderr: a bar on a terminal, one line per partition otherwise. */
final class ReindexProgress {
  private ReindexProgress() {}

  /** One line per partition when it has been swapped in: what a log or a CI run keeps. */
  static final class Lines implements LuceneReindex.Progress {
    private final PrintWriter err;

    Lines(PrintWriter err) {
      this.err = err;
    }

    @Override
    public void copying(String partition, long done, long total) {}

    @Override
    public void rewritten(LuceneReindex.Rewritten p) {
      err.println(line(p));
      err.flush();
    }
  }

  /** A bar redrawn in place (at most five times a second), then the partition's line. */
  static final class Bar implements LuceneReindex.Progress {
    static final int WIDTH = 30;
    private final PrintWriter err;
    private long lastDraw;

    Bar(PrintWriter err) {
      this.err = err;
    }

    @Override
    public void copying(String partition, long done, long total) {
      long now = System.nanoTime();
      if (done != 0 && done != total && now - lastDraw < 200_000_000L) return;
      lastDraw = now;
      int filled = total == 0 ? WIDTH : (int) (WIDTH * done / total);
      err.print("\r" + partition + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] "
          + (total == 0 ? 100 : 100 * done / total) + "% " + done + "/" + total + " documents");
      err.flush();
    }

    @Override
    public void rewritten(LuceneReindex.Rewritten p) {
      // \033[K clears what is left of the bar on the line
      err.println("\r" + line(p) + "\033[K");
      err.flush();
    }
  }

  static String line(LuceneReindex.Rewritten p) {
    return p.name() + ": " + p.documents() + " documents" + (p.quarantined() > 0 ? " (" + p.quarantined() + " quarantined)" : "") + ", "
        + mb(p.bytesBefore()) + " -> " + mb(p.bytesAfter()) + ", " + duration(p.took());
  }

  static String mb(long bytes) {
    return Math.round(bytes / 100_000.0) / 10.0 + " MB";
  }

  static String duration(Duration d) {
    long s = d.toSeconds();
    if (s < 60) return Math.round(d.toMillis() / 100.0) / 10.0 + " s";
    return s / 60 + " min " + s % 60 + " s";
  }
}
