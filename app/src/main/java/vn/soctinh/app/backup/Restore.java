package vn.soctinh.app.backup;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.Lock;
import org.apache.lucene.store.LockObtainFailedException;
import vn.soctinh.analyzer.audit.AuditLog;
import vn.soctinh.app.backup.BackupManifest.FileEntry;
import vn.soctinh.app.backup.BackupManifest.Part;
import vn.soctinh.app.config.SocTinhConfig;

/**
 * {@code soctinh restore}: a backup back into a data directory. Every file is checked against the
 * manifest (size and SHA-256) before anything is written, so a damaged backup changes nothing and
 * names the file. The target must be new or empty unless forced, and never one a server is using:
 * the store's lock is taken for the whole restore (a server that starts meanwhile refuses to open
 * the store). Files get back their modes. Parts outside the data directory are not written: they
 * are listed with where they came from.
 */
public final class Restore {
  private final SocTinhConfig config;
  private final Path dataDirOverride;
  private final boolean force;
  private final Consumer<String> progress;

  /**
   * @param config the configuration of the server that will run on the restored data (its journal and store places)
   * @param dataDirOverride restore into this data directory instead of the configuration's, or null
   * @param force replace what the target directories hold
   */
  public Restore(SocTinhConfig config, Path dataDirOverride, boolean force, Consumer<String> progress) {
    this.config = config;
    this.dataDirOverride = dataDirOverride;
    this.force = force;
    this.progress = progress;
  }

  /** @param notRestored parts left where they are in the backup (outside the data directory), with their original place */
  public record Result(BackupManifest manifest, Path dataDir, Path storeDir, Path journalDir, long files, long bytes, List<Part> notRestored) {}

  /** A backup that does not match its manifest. */
  public static final class DamagedBackupException extends IOException {
    DamagedBackupException(String message) {
      super(message);
    }
  }

  /** A target that is not empty (without --force) or that a running server uses. */
  public static final class TargetInUseException extends IOException {
    TargetInUseException(String message) {
      super(message);
    }
  }

  /** Checks every file of the backup against its manifest; returns the manifest. */
  public static BackupManifest verify(Path backup) throws IOException {
    BackupManifest m = BackupManifest.read(backup);
    Set<String> listed = new HashSet<>();
    for (FileEntry f : m.files()) {
      listed.add(f.path());
      Path p = backup.resolve(f.path());
      if (!Files.isRegularFile(p)) throw new DamagedBackupException("the backup is damaged: " + f.path() + " is missing");
      long size = Files.size(p);
      if (size != f.size()) {
        throw new DamagedBackupException("the backup is damaged: " + f.path() + " has " + size + " bytes, the manifest says " + f.size());
      }
      if (!FileTree.sha256(p).equals(f.sha256())) {
        throw new DamagedBackupException("the backup is damaged: " + f.path() + " does not match its SHA-256 in the manifest");
      }
      if (m.partOf(f.path()) == null) throw new DamagedBackupException("the backup is damaged: " + f.path() + " belongs to no part of the manifest");
    }
    for (FileEntry f : FileTree.entries(backup)) {
      if (!listed.contains(f.path())) throw new DamagedBackupException("the backup is damaged: " + f.path() + " is not in the manifest");
    }
    return m;
  }

  public Result run(Path backup) throws IOException {
    BackupManifest m = verify(backup);
    progress.accept("backup checked: " + m.files().size() + " files match the manifest (taken " + m.created() + " on " + m.host() + ")");
    Path configured = config.dataDir().toAbsolutePath().normalize();
    Path dataDir = dataDirOverride != null ? dataDirOverride.toAbsolutePath().normalize() : configured;
    Path storeDir = moved(config.analyzer().storeDir(), configured, dataDir);
    Path journalDir = moved(config.journal().dir(), configured, dataDir);
    if (backup.toAbsolutePath().normalize().startsWith(dataDir)) throw new IOException("the backup " + backup + " is inside the target " + dataDir);

    List<String> busy = new ArrayList<>();
    if (!emptyBut(dataDir, dataDir, storeDir, journalDir)) busy.add(dataDir.toString());
    if (!FileTree.emptyOrMissing(storeDir, Set.of(IndexWriter.WRITE_LOCK_NAME))) busy.add(storeDir.toString());
    if (!FileTree.emptyOrMissing(journalDir, Set.of())) busy.add(journalDir.toString());
    if (Files.isDirectory(storeDir)) {
      try (Directory d = FSDirectory.open(storeDir); Lock probe = obtain(d, storeDir)) {
        // a server would hold it: say so before "not empty"
      }
    }
    if (!busy.isEmpty() && !force) {
      throw new TargetInUseException("not restoring into " + String.join(", ", busy) + ": not empty (restore into a new or empty data"
          + " directory, or give --force to replace what is there)");
    }
    Files.createDirectories(storeDir);
    try (Directory d = FSDirectory.open(storeDir); Lock lock = obtain(d, storeDir)) {
      if (!busy.isEmpty()) {
        clear(dataDir, storeDir, journalDir);
        progress.accept("--force: removed what " + String.join(", ", busy) + " held");
      }
      long files = 0;
      long bytes = 0;
      List<Part> notRestored = new ArrayList<>();
      for (Part p : m.parts()) if (p.restoreTo() == BackupManifest.Target.NONE) notRestored.add(p);
      for (FileEntry f : m.files()) {
        Part p = m.partOf(f.path());
        Path root = switch (p.restoreTo()) {
          case DATA_DIR -> dataDir.resolve(p.restorePath());
          case STORE_DIR -> storeDir;
          case JOURNAL_DIR -> journalDir;
          case NONE -> null;
        };
        if (root == null) continue;
        String rest = f.path().equals(p.path()) ? "" : f.path().substring(p.path().length() + 1);
        Path to = rest.isEmpty() ? root : root.resolve(rest).normalize();
        if (!to.startsWith(root)) throw new DamagedBackupException("the backup is damaged: " + f.path() + " would be restored outside " + root);
        Files.createDirectories(to.getParent());
        Files.deleteIfExists(to);
        try (FileChannel out = FileTree.create(to, f.mode()); FileChannel in = FileChannel.open(backup.resolve(f.path()))) {
          long pos = 0;
          while (pos < f.size()) pos += in.transferTo(pos, f.size() - pos, out);
          out.force(true);
        }
        files++;
        bytes += f.size();
      }
      new AuditLog(dataDir.resolve("audit"), Clock.systemUTC()).append("cli:" + System.getProperty("user.name"), "backup.restore", backup.toString(),
          "restored a backup taken " + m.created() + " on " + m.host() + " by SOC Tỉnh " + m.version() + " (" + files + " files)");
      return new Result(m, dataDir, storeDir, journalDir, files, bytes, notRestored);
    }
  }

  /** The store's lock, or a refusal that says a server runs on it. */
  private static Lock obtain(Directory d, Path storeDir) throws IOException {
    try {
      return d.obtainLock(IndexWriter.WRITE_LOCK_NAME);
    } catch (LockObtainFailedException e) {
      throw new TargetInUseException("not restoring: the store in " + storeDir + " is in use (its lock is held by a running soctinh, or by"
          + " soctinh store reindex); stop it first");
    }
  }

  /**
   * Where a configured directory goes when restoring into another data directory: one inside the
   * configuration's data directory moves with it, one outside stays where it is configured.
   */
  static Path moved(Path configuredDir, Path configuredData, Path dataDir) {
    Path d = configuredDir.toAbsolutePath().normalize();
    return d.startsWith(configuredData) ? dataDir.resolve(configuredData.relativize(d).toString()) : d;
  }

  /** Whether {@code dir} holds nothing but (empty) directories of the store or the journal. */
  private static boolean emptyBut(Path dir, Path dataDir, Path storeDir, Path journalDir) throws IOException {
    if (!Files.exists(dir)) return true;
    try (var s = Files.list(dir)) {
      for (Path p : s.toList()) {
        if (storeDir.startsWith(p) || journalDir.startsWith(p)) {
          if (p.equals(storeDir) || p.equals(journalDir)) continue; // checked on their own
          if (!emptyBut(p, dataDir, storeDir, journalDir)) return false;
          continue;
        }
        return false;
      }
    }
    return true;
  }

  private static void clear(Path dataDir, Path storeDir, Path journalDir) throws IOException {
    for (Path dir : List.of(dataDir, storeDir, journalDir)) {
      if (!Files.isDirectory(dir)) continue;
      try (var s = Files.list(dir)) {
        for (Path p : s.toList()) {
          if (storeDir.startsWith(p) || journalDir.startsWith(p)) continue; // cleared on their own, keeping the lock
          if (p.getFileName().toString().equals(IndexWriter.WRITE_LOCK_NAME) && dir.equals(storeDir)) continue;
          FileTree.deleteTree(p);
        }
      }
    }
  }
}
