package vn.soctinh.app.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * When {@code soctinh backup} last finished for a data directory, where to and how big:
 * {@code <data_dir>/backup/last.json}, written by the backup, read by {@code soctinh status} (and
 * anyone else who asks "when was the last backup?"). Not itself part of a backup: it describes this
 * machine's backups.
 *
 * @param finished when the backup finished
 * @param dir where it was written
 * @param files files in it
 * @param bytes their total size
 * @param seconds how long it took
 * @param manifestSha256 SHA-256 of its manifest.json (to recognise that backup later)
 */
public record LastBackup(Instant finished, String dir, long files, long bytes, double seconds, String manifestSha256) {
  static final String DIR = "backup";
  static final String FILE = "last.json";

  /** The file under {@code dataDir}. */
  public static Path file(Path dataDir) {
    return dataDir.resolve(DIR).resolve(FILE);
  }

  /** The last backup of {@code dataDir}; empty when none was recorded or the record is unreadable. */
  public static Optional<LastBackup> read(Path dataDir) {
    Path f = file(dataDir);
    if (!Files.isRegularFile(f)) return Optional.empty();
    try {
      JsonNode o = BackupManifest.JSON.readTree(f.toFile());
      return Optional.of(new LastBackup(Instant.parse(o.path("finished").asText()), o.path("dir").asText(), o.path("files").asLong(),
          o.path("bytes").asLong(), o.path("seconds").asDouble(), o.path("manifest_sha256").asText()));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  void write(Path dataDir) throws IOException {
    Path f = file(dataDir);
    Files.createDirectories(f.getParent());
    ObjectNode o = BackupManifest.JSON.createObjectNode().put("finished", finished.toString()).put("dir", dir).put("files", files)
        .put("bytes", bytes).put("seconds", seconds).put("manifest_sha256", manifestSha256);
    Path tmp = f.resolveSibling(FILE + ".tmp");
    BackupManifest.JSON.writeValue(tmp.toFile(), o);
    Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
