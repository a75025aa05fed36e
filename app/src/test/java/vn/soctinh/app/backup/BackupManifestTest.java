package vn.soctinh.app.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.app.TestConfigs;
import vn.soctinh.app.config.SocTinhConfig;

/** What restore trusts in a backup: nothing, until the manifest and every file agree. */
class BackupManifestTest {
  @TempDir Path tmp;

  /** A small backup of a data directory that was never served (no server needed to check a manifest). */
  private Path backup() throws Exception {
    Path data = tmp.resolve("data");
    Files.createDirectories(data.resolve("console"));
    Files.writeString(data.resolve("console/users.json"), "{\"users\":[]}");
    Files.createDirectories(data.resolve("evidence"));
    Files.writeString(data.resolve("evidence/ab12"), "a screenshot");
    SocTinhConfig c = TestConfigs.loopback(data, "");
    List<String> lines = new ArrayList<>();
    Backup.Result r = new Backup(c, null, "test", Clock.systemUTC(), lines::add).run(tmp.resolve("backup"));
    assertTrue(r.manifest().files().stream().anyMatch(f -> f.path().equals("data/evidence/ab12")), r.manifest().files().toString());
    return r.dir();
  }

  @Test
  void anIntactBackupVerifiesAndEachKindOfDamageIsNamed() throws Exception {
    Path b = backup();
    assertEquals("test", Restore.verify(b).version());

    Files.writeString(b.resolve("data/stray"), "x");
    assertTrue(assertThrows(Restore.DamagedBackupException.class, () -> Restore.verify(b)).getMessage().contains("data/stray is not in the manifest"));
    Files.delete(b.resolve("data/stray"));

    Files.writeString(b.resolve("data/evidence/ab12"), "a screensh0t"); // same size, other bytes
    assertTrue(assertThrows(Restore.DamagedBackupException.class, () -> Restore.verify(b)).getMessage()
        .contains("data/evidence/ab12 does not match its SHA-256"));
    Files.delete(b.resolve("data/evidence/ab12"));
    assertTrue(assertThrows(Restore.DamagedBackupException.class, () -> Restore.verify(b)).getMessage().contains("data/evidence/ab12 is missing"));
  }

  @Test
  void aManifestThatPointsOutsideTheBackupOrIsOfAnotherFormatIsRefused() throws Exception {
    Path b = backup();
    Path m = b.resolve(BackupManifest.FILE);
    String text = Files.readString(m);
    Files.writeString(m, text.replace("\"path\" : \"data/evidence/ab12\"", "\"path\" : \"data/../../etc/passwd\""));
    assertTrue(assertThrows(IOException.class, () -> Restore.verify(b)).getMessage().contains("unsafe path \"data/../../etc/passwd\""));
    Files.writeString(m, text.replace("\"format\" : 1", "\"format\" : 99"));
    assertTrue(assertThrows(IOException.class, () -> Restore.verify(b)).getMessage().contains("manifest format 99"));
    Files.delete(m);
    assertTrue(assertThrows(IOException.class, () -> Restore.verify(b)).getMessage().contains("did not finish"));
  }

  @Test
  void aBackupIntoANonEmptyDirectoryOrIntoTheDataDirectoryIsRefusedAndLeavesNothing() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    SocTinhConfig c = TestConfigs.loopback(data, "");
    Backup b = new Backup(c, null, "test", Clock.systemUTC(), l -> {});
    assertTrue(assertThrows(IOException.class, () -> b.run(data.resolve("backup"))).getMessage().contains("is inside"));
    Path used = Files.createDirectories(tmp.resolve("used"));
    Files.writeString(used.resolve("keep"), "x");
    assertTrue(assertThrows(IOException.class, () -> b.run(used)).getMessage().contains("not empty"));
    assertEquals("x", Files.readString(used.resolve("keep")));
  }

  @Test
  void restoringIntoAnotherDataDirectoryMovesWhatWasInsideTheConfiguredOneOnly() {
    Path conf = Path.of("/var/lib/soctinh");
    assertEquals(Path.of("/srv/new/store"), Restore.moved(Path.of("/var/lib/soctinh/store"), conf, Path.of("/srv/new")));
    assertEquals(Path.of("/mnt/journal"), Restore.moved(Path.of("/mnt/journal"), conf, Path.of("/srv/new")));
  }
}
