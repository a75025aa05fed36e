package vn.soctinh.collector.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.collector.tls.SelfSignedCertificate;

/** Issue #17, item 9: secrets are private from their first byte: the generated TLS key, and any file written as private. */
class PrivateFilesTest {
  @TempDir Path dir;

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void aPrivateFileIsTheOwnersOnlyAndReplacesTheOldOneWhole() throws Exception {
    Path f = dir.resolve("secret");
    Files.writeString(f, "old, world-readable");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    PrivateFiles.write(f, "new");
    assertEquals("new", Files.readString(f));
    assertEquals("rw-------", mode(f), "the replacement is private, whatever the old file was");
    assertFalse(Files.exists(dir.resolve("secret.tmp")));
  }

  @Test
  void theGeneratedTlsKeyIsPrivate() throws Exception {
    SelfSignedCertificate.Files2 pki = SelfSignedCertificate.ensure(dir.resolve("tls"));
    try (var files = Files.list(dir.resolve("tls"))) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (p.getFileName().toString().endsWith(".key")) assertEquals("rw-------", mode(p), p.toString());
      }
    }
    assertEquals("rw-------", mode(pki.keyFile()));
  }
}
