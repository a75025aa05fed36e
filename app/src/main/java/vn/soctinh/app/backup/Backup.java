package vn.soctinh.app.backup;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import vn.soctinh.analyzer.audit.AuditLog;
import vn.soctinh.analyzer.store.lucene.LuceneCommitCopy;
import vn.soctinh.app.backup.BackupManifest.Part;
import vn.soctinh.app.backup.BackupManifest.Target;
import vn.soctinh.app.config.SocTinhConfig;
import vn.soctinh.collector.journal.JournalCopy;

/**
 * {@code soctinh backup}: a consistent copy of a server's state, taken while it runs (or not),
 * without stopping or locking it. Everything is copied in one order, and the order is what makes
 * the copy consistent (docs/operator-guide.md, "Backup and restore", says the same):
 *
 * <ol>
 *   <li>The journal's segment files are pinned (opened), then the consumers' offsets are copied.
 *       Offsets only grow, and a segment is deleted only once every consumer has passed it, so the
 *       pinned segments hold every record from the lowest copied offset on.
 *   <li>Detection's state ({@code data/detection}): it records the offset it includes and is saved
 *       only after its alerts are durable in the store, so the store copied next holds every alert
 *       the state counts as stored; a restart replays from its offset.
 *   <li>The store, each partition at its latest commit. The pipeline commits the store before the
 *       journal offset, so every partition copied after the offsets holds at least every event
 *       before the copied store offset: nothing is skipped on restore, and what a partition holds
 *       beyond it is recognised and not stored twice.
 *   <li>The rest of the data directory: organisation, users, evidence, TLS keys, and the audit
 *       chain under its append lock. After the store, so every evidence file and audit entry an
 *       incident of the copy refers to is there.
 *   <li>Last the journal's records, from the pinned files: after the store, so the copy reaches at
 *       least the highest offset any copied partition holds. A restored journal therefore never
 *       hands out again an offset the restored store already used (an offset is an event's id),
 *       and never starts after a restored consumer's offset. The copy is checked record by record
 *       for this; a hole (a segment filled, consumed and deleted between two pins) fails the
 *       backup instead of giving a copy that loses events.
 * </ol>
 *
 * The manifest comes last: a backup without one did not finish. Configured files outside the data
 * directory (local rules, certificates, the configuration itself) are copied as parts of their
 * own; shipped content is not (the package brings it back).
 */
public final class Backup {
  private final SocTinhConfig config;
  private final Path configFile;
  private final String version;
  private final Clock clock;
  private final Consumer<String> progress;

  /**
   * @param configFile the configuration file in use (copied into the backup), or null for the built-in defaults
   * @param progress one line per step, for the operator
   */
  public Backup(SocTinhConfig config, Path configFile, String version, Clock clock, Consumer<String> progress) {
    this.config = config;
    this.configFile = configFile == null ? null : configFile.toAbsolutePath().normalize();
    this.version = version;
    this.clock = clock;
    this.progress = progress;
  }

  /** What a backup did, for the command to print. */
  public record Result(Path dir, BackupManifest manifest, LastBackup record, List<String> notes) {}

  /** Data-directory entries and what they are. */
  static final Map<String, String> DATA_PARTS = Map.of(
      "audit", "audit trail: hash-chained audit.log and its head, copied under the append lock",
      "console", "console users (Argon2id password hashes), API tokens, report drafts",
      "detection", "detection state: correlation windows, alerts not yet stored, source rhythms, rules switched off",
      "evidence", "incident evidence files, named by their SHA-256",
      "org", "the organisation tree and information systems (soctinh org import)",
      "tls", "the generated TLS certificate and its private key (mode 0600)",
      "drills", "drill plans",
      "reports", "monitoring reports already sent",
      "notify", "notifications that could not be delivered");

  /** Names never copied from the data directory: locks, half-written files, this machine's backup record. */
  static boolean notCopied(Path p) {
    String n = p.getFileName() == null ? "" : p.getFileName().toString();
    return n.endsWith(".tmp") || n.equals("write.lock") || n.equals("audit.lock") || n.equals(vn.soctinh.app.upgrade.DataDirLock.FILE);
  }

  public Result run(Path target) throws IOException {
    long started = System.nanoTime();
    Path dataDir = config.dataDir().toAbsolutePath().normalize();
    Path journalDir = config.journal().dir().toAbsolutePath().normalize();
    Path storeDir = config.analyzer().storeDir().toAbsolutePath().normalize();
    boolean embedded = config.analyzer().elasticsearch() == null;
    Path out = target.toAbsolutePath().normalize();
    for (Path own : List.of(dataDir, journalDir, storeDir)) {
      if (out.startsWith(own)) throw new IOException("the backup directory " + out + " is inside " + own + ", which it copies: choose another");
    }
    if (!FileTree.emptyOrMissing(out, Set.of())) throw new IOException(out + " is not empty: a backup goes into a new or empty directory");
    if (!Files.isDirectory(dataDir)) throw new IOException("no data directory " + dataDir + " to back up");
    Files.createDirectories(out);
    try {
      Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwx------")); // it holds keys and password hashes
    } catch (UnsupportedOperationException notPosix) {
      // nothing to set
    }
    try {
      return take(out, dataDir, journalDir, storeDir, embedded, started);
    } catch (IOException | RuntimeException e) {
      FileTree.deleteTree(out); // an unfinished backup must not look like one
      throw e;
    }
  }

  private Result take(Path out, Path dataDir, Path journalDir, Path storeDir, boolean embedded, long started) throws IOException {
    Instant created = clock.instant();
    List<Part> parts = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    ObjectNode details = BackupManifest.JSON.createObjectNode();
    boolean journalInData = journalDir.startsWith(dataDir);
    boolean storeInData = storeDir.startsWith(dataDir);

    // 1. pin the journal's segments, then copy the offsets
    Path journalOut = out.resolve("journal");
    ScheduledExecutorService pinner = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "soctinh-backup-pin");
      t.setDaemon(true);
      return t;
    });
    try (JournalCopy journal = JournalCopy.pin(journalDir)) {
      pinner.scheduleWithFixedDelay(() -> {
        try {
          journal.pinNew();
        } catch (IOException e) {
          // the final copy pins again and checks the chain
        }
      }, 50, 50, TimeUnit.MILLISECONDS);
      Map<String, Long> offsets = JournalCopy.copyOffsets(journalDir, journalOut);
      progress.accept("journal offsets " + offsets);

      // 2. detection's state
      Path detection = dataDir.resolve("detection");
      int n = FileTree.copyTree(detection, out.resolve("data/detection"), Backup::notCopied);
      if (n > 0) parts.add(dataPart("detection", detection));

      // 3. the store
      long storeReach = 0;
      if (embedded && Files.isDirectory(storeDir)) {
        LuceneCommitCopy.Copy store = LuceneCommitCopy.copy(storeDir, out.resolve("store"));
        ArrayNode ps = details.putObject("store").put("checkpoint", store.checkpoint()).putArray("partitions");
        long docs = 0;
        for (LuceneCommitCopy.Partition p : store.partitions()) {
          ps.addObject().put("name", p.name()).put("generation", p.generation()).put("documents", p.documents()).put("checkpoint", p.checkpoint())
              .put("bytes", p.bytes());
          docs += p.documents();
          storeReach = Math.max(storeReach, offset(p.checkpoint()));
        }
        storeReach = Math.max(storeReach, offset(store.checkpoint()));
        for (String s : store.skipped()) notes.add("store: " + s + " was left by an interrupted soctinh store reindex and is not in the backup");
        parts.add(new Part("store", "store", storeDir.toString(),
            "embedded Lucene store at its latest commit: events by day, alerts, incidents with their timelines, quarantine ("
                + store.partitions().size() + " partitions, " + docs + " documents)", Target.STORE_DIR, null));
        progress.accept("store: " + store.partitions().size() + " partitions, " + docs + " documents");
      } else if (!embedded) {
        var es = config.analyzer().elasticsearch();
        details.putObject("elasticsearch").put("index_prefix", es.indexPrefix()).put("indices", es.indexPrefix() + "-*")
            .put("urls", String.join(",", es.urls()));
        notes.add("the events, alerts and incidents are in Elasticsearch: they are not in this backup (take a snapshot, see below)");
      }

      // 4. the rest of the data directory
      List<Path> entries;
      try (var s = Files.list(dataDir)) {
        entries = s.sorted().toList();
      }
      for (Path e : entries) {
        String name = e.getFileName().toString();
        if (name.equals("detection") || name.equals(LastBackup.DIR) || notCopied(e)) continue;
        if ((journalInData && journalDir.startsWith(e)) || (storeInData && storeDir.startsWith(e))) {
          if (!e.equals(journalDir) && !e.equals(storeDir)) {
            notes.add("data directory entry " + name + " holds the journal or the store and is copied as that only");
          }
          continue;
        }
        int copied = name.equals("audit") ? (int) copyAudit(e, out.resolve("data/audit"))
            : FileTree.copyTree(e, out.resolve("data").resolve(name), Backup::notCopied);
        if (copied > 0 || name.equals("audit")) parts.add(dataPart(name, e));
      }

      // 5. the journal's records
      long mustStartBy = offsets.isEmpty() ? 0 : Collections.min(offsets.values());
      long mustReach = Math.max(storeReach, offsets.isEmpty() ? 0 : Collections.max(offsets.values()));
      JournalCopy.Range range = journal.copyTo(journalOut, mustStartBy, mustReach);
      if (!embedded && offsets.containsKey("analyzer")) {
        // The snapshot of the cluster is taken apart from this copy: the store's consumer starts over from
        // the oldest copied record, and the pipeline moves on to the restored cluster's own checkpoint
        // (events are written by id, their journal offset, so a record stored twice is one document).
        Files.writeString(journalOut.resolve("consumers/analyzer.offset"), range.firstOffset() + "\n");
      }
      details.putObject("journal").put("first_offset", range.firstOffset()).put("next_offset", range.nextOffset())
          .put("segments", range.segments()).put("bytes", range.bytes()).set("consumers", BackupManifest.JSON.valueToTree(new TreeMap<>(offsets)));
      parts.add(new Part("journal", "journal", journalDir.toString(), "the journal: records " + range.firstOffset() + " to " + (range.nextOffset() - 1)
          + " in " + range.segments() + " segments, and the consumers' offsets (copied before the store)", Target.JOURNAL_DIR, null));
      progress.accept("journal: records " + range.firstOffset() + ".." + range.nextOffset() + " in " + range.segments() + " segments");
    } finally {
      pinner.shutdownNow();
    }

    // 6. what the configuration names outside the data directory
    if (configFile != null) {
      if (!FileTree.copyFile(configFile, out.resolve("config").resolve(configFile.getFileName().toString()))) {
        throw new IOException("the configuration file " + configFile + " vanished");
      }
      parts.add(new Part("config", "config/" + configFile.getFileName(), configFile.toString(), "the configuration file in use",
          Target.NONE, null));
    } else {
      notes.add("no configuration file: the server runs on the built-in defaults");
    }
    external(out, dataDir, parts, notes, details);

    List<BackupManifest.FileEntry> files = FileTree.entries(out);
    BackupManifest m = BackupManifestBuilder.builder().format(BackupManifest.FORMAT).version(version).created(created.toString()).host(host())
        .dataDir(dataDir.toString()).configFile(configFile == null ? null : configFile.toString()).store(embedded ? "lucene" : "elasticsearch")
        .parts(List.copyOf(parts)).files(files).details(details).build();
    m.write(out);
    long bytes = files.stream().mapToLong(BackupManifest.FileEntry::size).sum();
    double secs = Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0;
    LastBackup last = new LastBackup(clock.instant(), out.toString(), files.size(), bytes, secs, FileTree.sha256(out.resolve(BackupManifest.FILE)));
    last.write(dataDir);
    return new Result(out, m, last, notes);
  }

  private long copyAudit(Path dir, Path to) throws IOException {
    long entries = new AuditLog(dir, Clock.systemUTC()).copyTo(to);
    progress.accept("audit trail: " + entries + " entries");
    return entries;
  }

  private static Part dataPart(String name, Path source) {
    return new Part("data/" + name, "data/" + name, source.toString(), DATA_PARTS.getOrDefault(name, "server state"), Target.DATA_DIR, name);
  }

  /** Configured paths outside the data directory and the installation: copied, reported on restore. */
  private void external(Path out, Path dataDir, List<Part> parts, List<String> notes, ObjectNode details) throws IOException {
    ArrayNode shipped = details.putArray("shipped_content");
    int i = 0;
    java.util.Set<Path> seen = new java.util.HashSet<>();
    for (ConfiguredContent.Item item : ConfiguredContent.of(config)) {
      Path p = item.path();
      if (p.startsWith(dataDir) || !seen.add(p)) continue;
      if (ConfiguredContent.shipped(p)) {
        shipped.add(item.key() + " = " + p);
        continue;
      }
      if (!Files.exists(p)) {
        notes.add(item.key() + " names " + p + ", which does not exist: not in the backup");
        continue;
      }
      String rel = "local/" + (++i) + "-" + p.getFileName();
      FileTree.copyTree(p, out.resolve(rel), Backup::notCopied);
      parts.add(new Part("local/" + i, rel, p.toString(), item.key() + " (outside the data directory)", Target.NONE, null));
    }
  }

  private static long offset(String checkpoint) {
    if (checkpoint == null) return 0;
    try {
      return Long.parseLong(checkpoint.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String host() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
