package vn.soctinh.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import vn.soctinh.analyzer.store.elasticsearch.EsSettings;
import vn.soctinh.app.backup.Backup;
import vn.soctinh.app.config.SocTinhConfig;

/**
 * {@code soctinh backup DIR}: a consistent copy of the server's state while it runs (or not); see
 * {@link Backup} for what and in which order. With the store in Elasticsearch, everything else, and
 * how to snapshot the cluster.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
    description = {"Copy the store (at its latest commit), the journal and its consumers' offsets, the organisation, console users,",
        "the audit trail, evidence, detection state, TLS keys, local rules and the configuration into DIR (new or empty),",
        "with a manifest of every file's SHA-256. Safe while soctinh runs. DIR holds keys and password hashes: keep it as safe as the server."})
final class BackupCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DIR", description = "where to write the backup (must not exist, or be empty; not inside the data directory)")
  Path dir;

  @Option(names = "--json", description = "print a JSON summary") boolean json;

  @Mixin ConfigOption config;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    SocTinhConfig c = config.load();
    PrintWriter out = spec.commandLine().getOut();
    Backup.Result r;
    try {
      r = new Backup(c, config.chosen(), VersionCommand.version(), Clock.systemUTC(), line -> {
        if (!json) out.println("  " + line);
        out.flush();
      }).run(dir);
    } catch (IOException e) {
      throw new ExitException(1, "soctinh backup: " + e.getMessage() + " (nothing was kept in " + dir + ")");
    }
    AuditCommand.record(config, "backup.create", r.dir().toString(), r.record().files() + " files, " + r.record().bytes() + " bytes, manifest sha256 "
        + r.record().manifestSha256());
    EsSettings es = c.analyzer().elasticsearch();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("dir", r.dir().toString());
      m.put("files", r.record().files());
      m.put("bytes", r.record().bytes());
      m.put("seconds", r.record().seconds());
      m.put("manifest_sha256", r.record().manifestSha256());
      m.put("parts", r.manifest().parts().stream().map(p -> Map.of("name", p.name(), "what", p.what())).toList());
      m.put("notes", r.notes());
      if (es != null) m.put("elasticsearch_snapshot", snapshotHowTo(es));
      Json.print(out, m);
      return 0;
    }
    out.printf("backup written to %s: %d files, %d bytes in %.1f s%n", r.dir(), r.record().files(), r.record().bytes(), r.record().seconds());
    for (var p : r.manifest().parts()) out.printf("  %-16s %s%n", p.name(), p.what());
    for (String n : r.notes()) out.println("note: " + n);
    if (es != null) {
      out.println();
      for (String l : snapshotHowTo(es)) out.println(l);
    }
    out.flush();
    return 0;
  }

  /** What to run on the cluster: the indices are not in the backup. */
  static List<String> snapshotHowTo(EsSettings es) {
    String url = es.urls().get(0);
    String indices = es.indexPrefix() + "-*";
    return List.of(
        "The events, alerts and incidents are in Elasticsearch (" + indices + "). Snapshot them on the cluster,",
        "BEFORE this backup (the restored journal then replays what came after the snapshot):",
        "  # once: a repository on a path listed in path.repo of every node's elasticsearch.yml",
        "  curl -X PUT '" + url + "/_snapshot/soctinh' -H 'Content-Type: application/json' -d '{\"type\":\"fs\",\"settings\":{\"location\":\"/srv/es-snapshots/soctinh\"}}'",
        "  curl -X PUT '" + url + "/_snapshot/soctinh/soctinh-'$(date +%Y.%m.%d-%H%M)'?wait_for_completion=true' -H 'Content-Type: application/json' \\",
        "       -d '{\"indices\":\"" + indices + "\",\"include_global_state\":false}'",
        "docs/operator-guide.md, \"Backup and restore\", says how to restore it.");
  }
}
