package vn.soctinh.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import vn.soctinh.analyzer.store.StoreException;
import vn.soctinh.analyzer.store.lucene.LuceneReindex;

/**
 * {@code soctinh store}: the embedded store's partitions (format, documents, bytes) and the one-time
 * rewrite of those of an earlier format. Status only reads (safe while the server runs); the reindex
 * refuses to start while a server holds the store.
 */
@Command(name = "store", mixinStandardHelpOptions = true, description = "The embedded (Lucene) store: status of its partitions, and reindex into the current format.",
    subcommands = {StoreCommand.Status.class, StoreCommand.Reindex.class})
final class StoreCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing a subcommand (status, reindex)");
  }

  /** Where the embedded store is: {@code --dir}, else the configuration's {@code analyzer.store_dir}. */
  static final class Location {
    @Mixin ConfigOption config;

    @Option(names = "--dir", paramLabel = "DIR", description = "store directory (default: analyzer.store_dir of the configuration)")
    Path dir;

    Path embedded(String command) {
      Path d = dir;
      if (d == null) {
        var analyzer = config.load().analyzer();
        if (analyzer.elasticsearch() != null) {
          throw new ExitException(2, "soctinh store " + command + ": applies to the embedded store only, and this configuration stores in"
              + " Elasticsearch (analyzer.store: elasticsearch), whose indices are managed by the cluster");
        }
        d = analyzer.storeDir();
      }
      if (!Files.isDirectory(d)) throw new ExitException(1, "soctinh store " + command + ": no store at " + d);
      return d;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = {"Each partition's format, documents and bytes, from its last commit (safe while soctinh runs).",
          "Partitions of an earlier format are rewritten by soctinh store reindex."})
  static final class Status implements Callable<Integer> {
    @Mixin Location location;
    @Option(names = "--json", description = "print JSON") boolean json;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      Path d = location.embedded("status");
      LuceneReindex.Status s = status(d, "status");
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dir", d.toString());
        m.put("current_format", LuceneReindex.currentFormat());
        m.put("partitions", s.partitions().stream().map(StoreCommand::toMap).toList());
        m.put("to_reindex", s.toRewrite().size());
        m.put("interrupted", s.interrupted());
        Json.print(out, m);
        return 0;
      }
      out.printf("%-22s %6s %12s %12s%n", "partition", "format", "documents", "bytes");
      for (LuceneReindex.PartitionStatus p : s.partitions()) {
        out.printf("%-22s %6d %12d %12d%s%n", p.name(), p.format(), p.documents(), p.bytes(), p.current() ? "" : "  (earlier format)");
      }
      int old = s.toRewrite().size();
      if (old > 0) {
        out.printf("%d of %d partitions are of an earlier format: stop the server, then run soctinh store reindex%n", old, s.partitions().size());
      } else {
        out.printf("every partition is in the current format (%d)%n", LuceneReindex.currentFormat());
      }
      if (!s.interrupted().isEmpty()) {
        out.println("left by an interrupted reindex (resolved when the store is next opened for writing): " + String.join(", ", s.interrupted()));
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "reindex", mixinStandardHelpOptions = true,
      description = {"Rewrite each partition of an earlier format into the current one (sorted newest first), from the documents' own source.",
          "Stop the server first: the reindex refuses to run while the store is in use.",
          "Each partition is written beside the old one and swapped in; a crash leaves the old or the new one whole.",
          "Progress goes to stderr: a bar on a terminal, else one line per partition."})
  static final class Reindex implements Callable<Integer> {
    @Mixin Location location;
    @Option(names = "--json", description = "print the summary as JSON") boolean json;
    @Option(names = "--dry-run", description = "only list the partitions that would be rewritten") boolean dryRun;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      Path d = location.embedded("reindex");
      PrintWriter out = spec.commandLine().getOut();
      if (dryRun) {
        List<LuceneReindex.PartitionStatus> todo = status(d, "reindex").toRewrite();
        if (json) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("dry_run", true);
          m.put("partitions", todo.stream().map(StoreCommand::toMap).toList());
          m.put("documents", todo.stream().mapToLong(LuceneReindex.PartitionStatus::documents).sum());
          m.put("bytes", todo.stream().mapToLong(LuceneReindex.PartitionStatus::bytes).sum());
          Json.print(out, m);
        } else {
          for (LuceneReindex.PartitionStatus p : todo) out.printf("would rewrite %s (format %d, %d documents, %d bytes)%n", p.name(), p.format(), p.documents(), p.bytes());
          out.printf("%d partitions, %d documents to rewrite%n", todo.size(), todo.stream().mapToLong(LuceneReindex.PartitionStatus::documents).sum());
        }
        out.flush();
        return 0;
      }
      PrintWriter err = spec.commandLine().getErr();
      LuceneReindex.Summary s;
      try {
        s = LuceneReindex.run(d, System.console() != null ? new ReindexProgress.Bar(err) : new ReindexProgress.Lines(err));
      } catch (StoreException e) {
        throw new ExitException(1, "soctinh store reindex: " + e.getMessage());
      }
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> parts = new ArrayList<>();
        for (LuceneReindex.Rewritten r : s.partitions()) {
          Map<String, Object> p = new LinkedHashMap<>();
          p.put("name", r.name());
          p.put("documents", r.documents());
          p.put("quarantined", r.quarantined());
          p.put("bytes_before", r.bytesBefore());
          p.put("bytes_after", r.bytesAfter());
          p.put("seconds", seconds(r.took()));
          parts.add(p);
        }
        m.put("format", LuceneReindex.currentFormat());
        m.put("partitions", parts);
        m.put("documents", s.documents());
        m.put("quarantined", s.quarantined());
        m.put("bytes_before", s.bytesBefore());
        m.put("bytes_after", s.bytesAfter());
        m.put("seconds", seconds(s.took()));
        Json.print(out, m);
      } else if (s.partitions().isEmpty()) {
        out.printf("nothing to rewrite: every partition is in the current format (%d)%n", LuceneReindex.currentFormat());
      } else {
        out.printf("rewrote %d partitions, %d documents (%d quarantined), %s -> %s, in %s%n", s.partitions().size(), s.documents(), s.quarantined(),
            ReindexProgress.mb(s.bytesBefore()), ReindexProgress.mb(s.bytesAfter()), ReindexProgress.duration(s.took()));
        if (s.quarantined() > 0) out.println("the quarantined documents are kept whole in the quarantine partition, with the reason each was refused");
      }
      out.flush();
      return 0;
    }
  }

  private static LuceneReindex.Status status(Path d, String command) {
    try {
      return LuceneReindex.status(d);
    } catch (StoreException e) {
      throw new ExitException(1, "soctinh store " + command + ": " + e.getMessage());
    }
  }

  private static Map<String, Object> toMap(LuceneReindex.PartitionStatus p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", p.name());
    m.put("format", p.format());
    m.put("documents", p.documents());
    m.put("bytes", p.bytes());
    m.put("current", p.current());
    return m;
  }

  private static double seconds(Duration d) {
    return Math.round(d.toMillis() / 100.0) / 10.0;
  }
}
