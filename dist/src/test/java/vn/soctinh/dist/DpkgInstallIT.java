package vn.soctinh.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real .deb through dpkg: install, reinstall over an edited configuration (the upgrade path),
 * remove, purge; its maintainer scripts run for real.
 *
 * <p>It changes the machine (a package, the soctinh account, /etc/soctinh, /var/lib/soctinh, for a
 * few seconds), so it runs only where that is harmless: as root with dpkg (the CI machine, a
 * throwaway VM; the suite installs its test packages there anyway), with a Java 17 runtime
 * installed as a package (the .deb depends on one), and with nothing of a soctinh installation
 * present (a package, its configuration, its data or its unit are never touched). Elsewhere it is
 * skipped, saying why; the unpacked-tree tests still run. The service is never started: without
 * systemd the scripts take their no-systemd path (a chroot, a container), with it they reload it
 * and find nothing to restart or stop.
 */
class DpkgInstallIT {
  static final Path CONFIG = Path.of("/etc/soctinh/soctinh.yml");
  static final Path DATA = Path.of("/var/lib/soctinh");
  static final Path LOCAL_RULE = Path.of("/etc/soctinh/rules.d/province-test.yml");
  static final Path HOME = Path.of("/usr/share/soctinh");
  static final Path WANTS = Path.of("/etc/systemd/system/multi-user.target.wants/soctinh.service");
  static final Path MASK = Path.of("/etc/systemd/system/soctinh.service");

  /** Set once the machine is known to be ours to change; nothing is cleaned up otherwise. */
  boolean ours;
  boolean installed;

  @BeforeEach
  void onlyWhereHarmless() throws Exception {
    vn.soctinh.collector.testing.RequiredTools.assume(Commands.available("dpkg") && Commands.isRoot(),
        "needs root and dpkg (the suite runs as root: bash .ci/run)");
    // below: not missing tools but a machine that is not ours to change, or lacks a runtime package; skipped everywhere
    String status = Commands.run("dpkg-query", "-W", "-f=${db:Status-Status}", "soctinh").out().trim();
    assumeTrue(status.isEmpty() || status.equals("not-installed"),
        "a soctinh package is installed (or its configuration left): not touching it");
    assumeTrue(!Files.exists(Path.of("/etc/soctinh")) && !Files.exists(DATA) && !Files.exists(MASK, java.nio.file.LinkOption.NOFOLLOW_LINKS),
        "/etc/soctinh, /var/lib/soctinh or /etc/systemd/system/soctinh.service exists: not touching it");
    String runtimes = Commands.run("dpkg-query", "-W", "-f=${Status} ${Package} ${Provides}\\n").out();
    assumeTrue(runtimes.lines().anyMatch(l -> l.startsWith("install ok installed")
        && (l.contains(" default-jre-headless ") || l.contains("java17-runtime-headless"))), "no Java 17 runtime package to satisfy Depends");
    ours = true;
  }

  @AfterEach
  void leaveNothing() throws Exception {
    if (!ours) return;
    if (installed) Commands.run("dpkg", "--purge", "soctinh");
    Files.deleteIfExists(LOCAL_RULE);
    Commands.run("rmdir", "--ignore-fail-on-non-empty", LOCAL_RULE.getParent().toString(), CONFIG.getParent().toString());
  }

  @Test
  void installReinstallOverAnEditRemoveAndPurgeLeaveWhatTheOperatorGuideSays() throws Exception {
    dpkg("-i", Artifacts.deb().toString());
    installed = true;

    // postinst: the account, its data directory, the configuration readable by the service only
    String account = Commands.ok("getent", "passwd", "soctinh").trim();
    assertTrue(account.endsWith(":" + DATA + ":/usr/sbin/nologin"), account);
    PosixFileAttributes data = attributes(DATA);
    assertEquals("soctinh", data.owner().getName());
    assertEquals("rwxr-x---", PosixFilePermissions.toString(data.permissions()));
    assertPrivateConfig();

    // the installed command on the PATH, as the service's user, from a directory it cannot write,
    // reads /etc/soctinh/soctinh.yml without being told (the launcher's SOCTINH_CONFIG)
    Commands.Result check = Commands.run(Path.of("/"), Map.of(), Duration.ofSeconds(60),
        List.of("runuser", "-u", "soctinh", "--", "soctinh", "config", "check"));
    assertEquals(0, check.code(), check.describe());
    assertTrue(check.out().contains(CONFIG.toString()), check.describe());

    // the operator enables it (systemctl only links files while systemd is not running)
    boolean enabled = Commands.available("systemctl") && Commands.run("systemctl", "enable", "soctinh").code() == 0;
    if (enabled) assertTrue(Files.isSymbolicLink(WANTS), WANTS.toString());

    // the operator's edits and own rules
    Files.writeString(CONFIG, Files.readString(CONFIG) + "# edited by the operator\n");
    Files.writeString(LOCAL_RULE, "title: a province's own rule\n");

    // an upgrade (here the same version again) keeps both, and the configuration's owner and mode
    dpkg("-i", "--force-confold", Artifacts.deb().toString());
    assertTrue(Files.readString(CONFIG).endsWith("# edited by the operator\n"));
    assertTrue(Files.exists(LOCAL_RULE));
    assertPrivateConfig();

    // remove: the program goes; configuration, local rules and data stay
    dpkg("-r", "soctinh");
    assertFalse(Files.exists(HOME), HOME + " removed");
    assertFalse(Files.exists(Path.of("/usr/bin/soctinh"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    assertTrue(Files.readString(CONFIG).endsWith("# edited by the operator\n"));
    assertTrue(Files.isDirectory(DATA));
    assertTrue(Files.exists(LOCAL_RULE));
    if (enabled) {
      assertTrue(Files.isSymbolicLink(MASK) && Files.readSymbolicLink(MASK).toString().equals("/dev/null"),
          "a removed package's enabled unit is masked, so that nothing starts it at boot");
    }

    // purge: configuration and data go; the province's own rules stay
    dpkg("--purge", "soctinh");
    installed = false;
    assertFalse(Files.exists(CONFIG));
    assertFalse(Files.exists(DATA));
    assertTrue(Files.exists(LOCAL_RULE), "local rules are never removed");
    assertFalse(Commands.run("dpkg-statoverride", "--list", CONFIG.toString()).out().contains("soctinh"), "statoverride removed");
    assertFalse(Files.exists(WANTS, java.nio.file.LinkOption.NOFOLLOW_LINKS), "the enablement is gone");
    assertFalse(Files.exists(MASK, java.nio.file.LinkOption.NOFOLLOW_LINKS), "and the mask");
  }

  private static void assertPrivateConfig() throws Exception {
    PosixFileAttributes config = attributes(CONFIG);
    assertEquals("root", config.owner().getName());
    assertEquals("soctinh", config.group().getName());
    assertEquals("rw-r-----", PosixFilePermissions.toString(config.permissions()));
  }

  private static PosixFileAttributes attributes(Path p) throws Exception {
    return Files.readAttributes(p, PosixFileAttributes.class);
  }

  /** dpkg, waiting (within a minute) for a lock another package manager holds. */
  private static void dpkg(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("dpkg"));
    command.addAll(List.of(args));
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      Commands.Result r = Commands.run(null, Map.of("DEBIAN_FRONTEND", "noninteractive"), Duration.ofSeconds(120), command);
      if (r.code() == 0) return;
      boolean locked = r.err().contains("lock");
      if (!locked || System.nanoTime() > deadline) throw new AssertionError(r.describe());
      Thread.sleep(1000);
    }
  }
}
