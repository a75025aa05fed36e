package vn.soctinh.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the .deb and the tarball hold, read back with dpkg-deb and tar. */
class PackageLayoutIT {
  /** Where each top directory of the tarball lives once installed (the .deb's paths). */
  static final Map<String, String> TARBALL_TO_DEB = Map.of(
      "bin/", "usr/share/soctinh/bin/",
      "lib/", "usr/share/soctinh/lib/",
      "rules/", "usr/share/soctinh/rules/",
      "etc/", "etc/",
      "systemd/", "lib/systemd/system/",
      "doc/", "usr/share/doc/soctinh/");

  @TempDir Path tmp;

  @Test
  void theDebIsSoctinhForEveryArchitectureAtTheBuildsVersionAndNeedsAJava17Runtime() throws Exception {
    String[] f = Commands.ok("dpkg-deb", "-f", Artifacts.deb().toString(), "Package", "Version", "Architecture", "Depends").split("\n");
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : f) fields.put(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 1).trim());
    assertEquals("soctinh", fields.get("Package"));
    assertEquals("all", fields.get("Architecture"));
    // a snapshot sorts before its release: 0.1.0~SNAPSHOT < 0.1.0
    assertEquals(Artifacts.version().replace("-SNAPSHOT", "~SNAPSHOT"), fields.get("Version"));
    String depends = fields.get("Depends");
    assertTrue(depends.contains("default-jre-headless (>= 2:1.17) | java17-runtime-headless"), depends);
    assertEquals(0, Commands.run("dpkg", "--compare-versions", fields.get("Version"), "lt", Artifacts.version().replace("-SNAPSHOT", "")).code(),
        "dpkg orders the snapshot before its release");
  }

  @Test
  void theDebHoldsTheLauncherOnThePathTheJarEveryShippedRuleTheUnitAndThePrivateConfiguration() throws Exception {
    Map<String, Artifacts.Entry> deb = Artifacts.debListing();
    assertEquals("-rwxr-xr-x", mode(deb, "usr/share/soctinh/bin/soctinh"));
    Artifacts.Entry onPath = deb.get("usr/bin/soctinh");
    assertNotNull(onPath, "soctinh on the PATH");
    assertEquals("../share/soctinh/bin/soctinh", onPath.linkTarget(), "a relative link, so that an unpacked tree works too");
    assertEquals("-rw-r--r--", mode(deb, "usr/share/soctinh/lib/soctinh.jar"));
    assertEquals("-rw-r-----", mode(deb, "etc/soctinh/soctinh.yml"), "may hold secrets: root (and the soctinh group, from postinst)");
    assertEquals("-rw-r--r--", mode(deb, "lib/systemd/system/soctinh.service"));
    assertTrue(deb.containsKey("etc/soctinh/rules.d"), "the local rules directory");
    Set<String> shipped = new TreeSet<>();
    deb.forEach((path, e) -> {
      if (e.isFile() && path.startsWith("usr/share/soctinh/rules/")) shipped.add(path.substring("usr/share/soctinh/rules/".length()));
    });
    assertEquals(Artifacts.filesUnder(Artifacts.rulesSource()), shipped, "every file of rules/ and nothing else");
    for (var e : deb.entrySet()) {
      assertEquals("root/root", e.getValue().owner(), e.getKey() + ": the service user does not exist when dpkg unpacks");
      assertTrue(!e.getKey().startsWith("var/"), e.getKey() + ": data is made by postinst for the service user, not shipped");
    }
  }

  @Test
  void everyFileUnderEtcIsAConffileSoThatAnUpgradeKeepsTheOperatorsEdits() throws Exception {
    Path control = tmp.resolve("control");
    Commands.ok("dpkg-deb", "-e", Artifacts.deb().toString(), control.toString());
    Set<String> conffiles = new TreeSet<>(Files.readAllLines(control.resolve("conffiles")));
    conffiles.remove("");
    Set<String> underEtc = new TreeSet<>();
    Artifacts.debListing().forEach((path, e) -> {
      if (e.isFile() && path.startsWith("etc/")) underEtc.add("/" + path);
    });
    assertTrue(underEtc.contains("/etc/soctinh/soctinh.yml"), underEtc.toString());
    assertEquals(underEtc, conffiles);
  }

  @Test
  void theMaintainerScriptsAreShellThatParses() throws Exception {
    Path control = tmp.resolve("control");
    Commands.ok("dpkg-deb", "-e", Artifacts.deb().toString(), control.toString());
    for (String script : new String[] {"postinst", "prerm", "postrm"}) {
      Path p = control.resolve(script);
      assertTrue(Files.isExecutable(p), script);
      assertTrue(Files.readString(p).startsWith("#!/bin/sh\n"), script);
      Commands.Result r = Commands.run("sh", "-n", p.toString());
      assertEquals(0, r.code(), r.describe());
    }
  }

  @Test
  void theShippedServerConfigurationPassesConfigCheckWithTheInstalledCommand() throws Exception {
    Path root = tmp.resolve("root");
    Artifacts.unpack(root);
    Path config = root.resolve("etc/soctinh/soctinh.yml");
    Commands.Result r = Commands.run(tmp, Map.of(), java.time.Duration.ofSeconds(60),
        java.util.List.of(root.resolve("usr/bin/soctinh").toString(), "config", "check", "--json", "--config", config.toString()));
    assertEquals(0, r.code(), r.describe());
    String compact = r.out().replaceAll("\\s+", "");
    assertTrue(compact.contains("\"ok\":true") && compact.contains("\"data_dir\":\"/var/lib/soctinh\""), r.describe());
  }

  @Test
  void theTarballIsTheSameTreeUnderItsVersionedDirectory() throws Exception {
    String top = "soctinh-" + Artifacts.version() + "/";
    Map<String, String> tarFiles = new TreeMap<>();
    Artifacts.parseListing(Commands.ok("tar", "-tzvf", Artifacts.tarball().toString())).forEach((path, e) -> {
      assertTrue(path.startsWith(top) || (path + "/").equals(top), path + " outside " + top);
      if (!e.isFile()) return;
      String inside = path.substring(top.length());
      String installed = TARBALL_TO_DEB.entrySet().stream().filter(m -> inside.startsWith(m.getKey()))
          .map(m -> m.getValue() + inside.substring(m.getKey().length())).findFirst()
          .orElseThrow(() -> new AssertionError(path + ": not in a directory the installation guide places"));
      tarFiles.put(installed, e.mode());
    });
    Map<String, String> debFiles = new TreeMap<>();
    Artifacts.debListing().forEach((path, e) -> {
      if (e.isFile()) debFiles.put(path, e.mode());
    });
    assertEquals(debFiles, tarFiles, "the same files with the same modes");
  }

  private static String mode(Map<String, Artifacts.Entry> listing, String path) {
    Artifacts.Entry e = listing.get(path);
    assertNotNull(e, path + " is not in the package");
    return e.mode();
  }
}
