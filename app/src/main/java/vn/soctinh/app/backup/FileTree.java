package vn.soctinh.app.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Copying files for backup and restore: each file is opened once and copied from that handle (a
 * file replaced by a rename meanwhile is copied whole, old or new), created with its source's mode
 * before a byte is written (a key stays 0600 throughout), and forced to disk. Hashes and modes for
 * the manifest.
 */
final class FileTree {
  private FileTree() {}

  /** Copies {@code src} to {@code dst} with its mode; false when {@code src} vanished first. */
  static boolean copyFile(Path src, Path dst) throws IOException {
    FileChannel in;
    try {
      in = FileChannel.open(src, StandardOpenOption.READ);
    } catch (NoSuchFileException gone) {
      return false;
    }
    try (in) {
      Files.createDirectories(dst.toAbsolutePath().getParent());
      try (FileChannel out = create(dst, mode(src))) {
        long size = in.size();
        long pos = 0;
        while (pos < size) {
          long n = in.transferTo(pos, size - pos, out);
          if (n <= 0) break; // truncated meanwhile: what was there is copied
          pos += n;
        }
        out.force(true);
      }
    }
    return true;
  }

  /** Creates {@code dst} (which must not exist) with {@code mode} from the start, or the default where modes are unknown. */
  static FileChannel create(Path dst, String mode) throws IOException {
    Set<StandardOpenOption> opts = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    if (mode == null) return FileChannel.open(dst, opts);
    try {
      FileAttribute<Set<PosixFilePermission>> perms = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode));
      FileChannel c = FileChannel.open(dst, opts, perms);
      Files.setPosixFilePermissions(dst, PosixFilePermissions.fromString(mode)); // the umask may have taken bits away
      return c;
    } catch (UnsupportedOperationException notPosix) {
      return FileChannel.open(dst, opts);
    }
  }

  /** Copies the regular files under {@code src} into {@code dst}, except those {@code skip} names; returns how many. */
  static int copyTree(Path src, Path dst, Predicate<Path> skip) throws IOException {
    if (!Files.exists(src)) return 0;
    if (Files.isRegularFile(src)) return !skip.test(src) && copyFile(src, dst) ? 1 : 0;
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(src)) {
      s.filter(p -> !skip.test(p)).filter(Files::isRegularFile).forEach(files::add);
    } catch (java.io.UncheckedIOException e) {
      // a directory removed while it was walked (a temp dir of the server): walk what is left
      if (!(e.getCause() instanceof NoSuchFileException)) throw e.getCause();
    }
    int n = 0;
    for (Path f : files) {
      if (copyFile(f, dst.resolve(src.relativize(f).toString()))) n++;
    }
    return n;
  }

  /** POSIX mode like {@code rw-------}, or null on a file system without them. */
  static String mode(Path p) throws IOException {
    try {
      return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    } catch (UnsupportedOperationException e) {
      return null;
    }
  }

  static String sha256(Path p) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(p)) {
      for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Every file under {@code root} but the manifest, with its size, hash and mode, in path order. */
  static List<BackupManifest.FileEntry> entries(Path root) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    List<BackupManifest.FileEntry> out = new ArrayList<>();
    for (Path f : files) {
      String rel = root.relativize(f).toString().replace('\\', '/');
      if (rel.equals(BackupManifest.FILE) || rel.equals(BackupManifest.FILE + ".tmp")) continue;
      out.add(new BackupManifest.FileEntry(rel, Files.size(f), sha256(f), mode(f)));
    }
    return out;
  }

  /** Deletes {@code dir} and everything under it (nothing if it does not exist). */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }

  /** Whether {@code dir} is missing or holds nothing (but {@code ignored} names). */
  static boolean emptyOrMissing(Path dir, Set<String> ignored) throws IOException {
    if (!Files.exists(dir)) return true;
    if (!Files.isDirectory(dir)) return false;
    try (Stream<Path> s = Files.list(dir)) {
      return s.allMatch(p -> ignored.contains(p.getFileName().toString()));
    }
  }
}
