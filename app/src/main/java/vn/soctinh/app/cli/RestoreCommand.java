package vn.soctinh.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import vn.soctinh.app.backup.Restore;

/** {@code soctinh restore DIR}: a backup checked against its manifest, then written into an empty data directory. */
@Command(name = "restore", mixinStandardHelpOptions = true,
    description = {"Check a backup (every file's size and SHA-256 against its manifest), then restore it into the data directory,",
        "the store and the journal of the configuration (or --data-dir). The target must be new or empty (--force replaces it),",
        "and never in use by a running soctinh. The configuration file and local rules in the backup are listed, not written."})
final class RestoreCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DIR", description = "the backup (a directory written by soctinh backup)")
  Path dir;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "restore into this data directory (default: data_dir of the configuration)")
  Path dataDir;

  @Option(names = "--force", description = "replace what the target directories hold (never while a server uses them)")
  boolean force;

  @Option(names = "--check", description = "only check the backup against its manifest; write nothing")
  boolean check;

  @Option(names = "--json", description = "print a JSON summary") boolean json;

  @Mixin ConfigOption config;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (!Files.isDirectory(dir)) throw new ExitException(1, "soctinh restore: no backup directory " + dir);
    try {
      if (check) {
        var m = Restore.verify(dir);
        if (json) Json.print(out, Map.of("ok", true, "files", m.files().size(), "created", m.created(), "version", m.version()));
        else out.println("backup intact: " + m.files().size() + " files match the manifest (taken " + m.created() + " by SOC Tỉnh " + m.version() + ")");
        out.flush();
        return 0;
      }
      Restore.Result r = new Restore(config.load(), dataDir, force, line -> {
        if (!json) out.println("  " + line);
        out.flush();
      }).run(dir);
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data_dir", r.dataDir().toString());
        m.put("store_dir", r.storeDir().toString());
        m.put("journal_dir", r.journalDir().toString());
        m.put("files", r.files());
        m.put("bytes", r.bytes());
        m.put("not_restored", r.notRestored().stream().map(p -> Map.of("name", p.name(), "in_backup", dir.resolve(p.path()).toString(),
            "original", p.source(), "what", p.what())).toList());
        Json.print(out, m);
        return 0;
      }
      out.printf("restored %d files (%d bytes) into %s (store %s, journal %s)%n", r.files(), r.bytes(), r.dataDir(), r.storeDir(), r.journalDir());
      if ("elasticsearch".equals(r.manifest().store())) {
        out.println("The store was in Elasticsearch: restore the cluster's snapshot before starting soctinh (docs/operator-guide.md).");
      }
      if (!r.notRestored().isEmpty()) {
        out.println("Not written (outside the data directory); copy back what this machine lacks, keeping modes (cp -a):");
        for (var p : r.notRestored()) out.printf("  %-8s %s  <-  %s  (%s)%n", p.name(), p.source(), dir.resolve(p.path()), p.what());
      }
      out.flush();
      return 0;
    } catch (IOException e) { // a damaged backup, a target in use, or the disk
      throw new ExitException(1, "soctinh restore: " + e.getMessage());
    }
  }
}
