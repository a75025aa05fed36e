package vn.soctinh.dist;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The packages the build made (paths handed over by failsafe from the pom) and what they hold, read
 * with dpkg-deb and tar as an operator would.
 */
final class Artifacts {
  private Artifacts() {}

  /** One entry of a listing: its mode as {@code ls -l} prints it ({@code -rwxr-xr-x}), owner, and a link's target. */
  record Entry(String mode, String owner, String linkTarget) {
    boolean isFile() {
      return mode.startsWith("-");
    }
  }

  static Path deb() {
    return existing("soctinh.deb");
  }

  static Path tarball() {
    return existing("soctinh.tarball");
  }

  /** The project version the pom built. */
  static String version() {
    String v = System.getProperty("soctinh.version");
    assertTrue(v != null && !v.isBlank(), "run by failsafe from dist/pom.xml (system property soctinh.version)");
    return v;
  }

  /** The repository's rules/ directory, the shipped content's source. */
  static Path rulesSource() {
    return existing("soctinh.rules");
  }

  private static Path existing(String property) {
    String p = System.getProperty(property);
    assertTrue(p != null, "run by failsafe from dist/pom.xml (system property " + property + ")");
    Path path = Path.of(p);
    assertTrue(Files.exists(path), path + " does not exist: mvn package builds it");
    return path;
  }

  /** A {@code dpkg-deb -c} or {@code tar -tvf} listing: path (without ./ and a trailing /) to entry. */
  static Map<String, Entry> parseListing(String listing) {
    Map<String, Entry> out = new LinkedHashMap<>();
    for (String line : listing.split("\n")) {
      if (line.isBlank()) continue;
      // -rwxr-xr-x root/root      1310 2026-12-07 18:20 ./usr/share/soctinh/bin/soctinh
      String[] f = line.trim().split("\\s+", 6);
      String name = f[5];
      String target = null;
      int arrow = name.indexOf(" -> ");
      if (arrow >= 0) {
        target = name.substring(arrow + 4);
        name = name.substring(0, arrow);
      }
      if (name.startsWith("./")) name = name.substring(2);
      if (name.endsWith("/")) name = name.substring(0, name.length() - 1);
      if (!name.isEmpty()) out.put(name, new Entry(f[0], f[1], target));
    }
    return out;
  }

  static Map<String, Entry> debListing() throws IOException, InterruptedException {
    return parseListing(Commands.ok("dpkg-deb", "-c", deb().toString()));
  }

  /** The .deb unpacked into {@code root} as dpkg would place it (without running its scripts). */
  static void unpack(Path root) throws IOException, InterruptedException {
    Files.createDirectories(root);
    Commands.ok("dpkg-deb", "-x", deb().toString(), root.toString());
  }

  /** Opens a directory chain to other users (JUnit's temporary directories are 0700). */
  static void openToOthers(Path dir) throws IOException {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** The regular files under a source directory, relative, with / separators. */
  static Set<String> filesUnder(Path dir) throws IOException {
    try (var s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/'))
          .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }
  }
}
