package vn.soctinh.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped soctinh.service: systemd accepts it, and it runs the installed server as the operator guide says. */
class SystemdUnitIT {
  static final String UNIT = "lib/systemd/system/soctinh.service";
  static final String LAUNCHER = "/usr/bin/soctinh";

  @TempDir Path tmp;
  Path root;
  String unitText;

  @BeforeEach
  void unpack() throws Exception {
    root = tmp.resolve("root");
    Artifacts.unpack(root);
    unitText = Files.readString(root.resolve(UNIT));
  }

  @Test
  void systemdAnalyzeVerifiesTheUnitWithoutAWord() throws Exception {
    vn.soctinh.collector.testing.RequiredTools.assume(Commands.available("systemd-analyze"), "systemd-analyze is not installed");
    assertTrue(unitText.contains("\nExecStart=" + LAUNCHER + " "), unitText);
    // verify checks that ExecStart's program exists: point it at the unpacked launcher (a link, as installed)
    Path unpackedLauncher = root.resolve(LAUNCHER.substring(1));
    assertTrue(Files.isExecutable(unpackedLauncher), unpackedLauncher.toString());

    // first, that the check can fail: a unit whose program is missing
    Commands.Result broken = verify("broken", unitText.replace("\nExecStart=" + LAUNCHER, "\nExecStart=" + tmp.resolve("missing/soctinh")));
    assertNotEquals(0, broken.code(), broken.describe());
    assertTrue((broken.out() + broken.err()).contains("soctinh.service"), broken.describe());

    Commands.Result r = verify("ok", unitText.replace("\nExecStart=" + LAUNCHER, "\nExecStart=" + unpackedLauncher));
    assertEquals(0, r.code(), r.describe());
    assertTrue(!(r.out() + r.err()).contains("soctinh.service"), "no word about our unit:\n" + r.describe());
  }

  @Test
  void systemdRatesTheUnitsExposureOkOrSafe() throws Exception {
    vn.soctinh.collector.testing.RequiredTools.assume(Commands.available("systemd-analyze"), "systemd-analyze is not installed");
    Path dir = Files.createDirectories(tmp.resolve("security"));
    Path unit = Files.writeString(dir.resolve("soctinh.service"), unitText);
    Commands.Result r = Commands.run(dir, Map.of(), Duration.ofSeconds(60),
        List.of("systemd-analyze", "security", "--offline=yes", "--no-pager", unit.toString()));
    vn.soctinh.collector.testing.RequiredTools.assume(!r.err().contains("unrecognized option"),
        "this systemd-analyze cannot rate a unit file offline (systemd < 250)");
    Matcher m = Pattern.compile("Overall exposure level for soctinh.service: ([0-9.]+) (\\S+)").matcher(r.out());
    assertTrue(m.find(), r.describe());
    // systemd's scale: 0 SAFE .. 10 UNSAFE; without the hardening below this unit rates 9.x UNSAFE
    assertTrue(m.group(2).equals("OK") || m.group(2).equals("SAFE"), m.group() + "\n" + r.out());
  }

  @Test
  void theUnitRunsTheInstalledServerAsItsOwnUserWithTheHardeningTheGuideDescribes() throws Exception {
    Unit u = Unit.parse(unitText);
    String config = Files.readString(root.resolve("etc/soctinh/soctinh.yml"));
    Matcher dataDir = Pattern.compile("(?m)^data_dir: (\\S+)$").matcher(config);
    assertTrue(dataDir.find(), "the shipped configuration names its data_dir");

    assertEquals(LAUNCHER + " run --config /etc/soctinh/soctinh.yml", u.get("Service.ExecStart"));
    assertTrue(Files.isRegularFile(root.resolve("etc/soctinh/soctinh.yml")));
    assertEquals("soctinh", u.get("Service.User"));
    assertEquals("soctinh", u.get("Service.Group"));
    assertEquals(dataDir.group(1), u.get("Service.WorkingDirectory"));
    assertEquals(dataDir.group(1), u.get("Service.ReadWritePaths"), "the only writable path is the data directory");
    assertEquals("/var/lib/" + u.get("Service.StateDirectory"), dataDir.group(1), "systemd makes it for the user if missing");
    assertEquals("strict", u.get("Service.ProtectSystem"));
    for (String key : List.of("ProtectHome", "PrivateTmp", "PrivateDevices", "NoNewPrivileges", "ProtectKernelTunables",
        "ProtectKernelModules", "ProtectControlGroups", "RestrictSUIDSGID", "LockPersonality")) {
      assertEquals("yes", u.get("Service." + key), key);
    }
    assertEquals("AF_INET AF_INET6 AF_UNIX AF_NETLINK", u.get("Service.RestrictAddressFamilies"));
    assertEquals("@system-service", u.get("Service.SystemCallFilter"));
    assertNull(u.get("Service.MemoryDenyWriteExecute"), "the JIT needs writable executable memory");

    // the shipped configuration listens below 1024: the capability that allows it, and no other
    Matcher port = Pattern.compile("(?m)^\\s+listen: \\w+://[^\\s:]+:(\\d+)$").matcher(config);
    int lowest = Integer.MAX_VALUE;
    while (port.find()) lowest = Math.min(lowest, Integer.parseInt(port.group(1)));
    assertTrue(lowest < 1024, "the shipped configuration uses the standard syslog port 514");
    assertEquals("CAP_NET_BIND_SERVICE", u.get("Service.AmbientCapabilities"));
    assertEquals("CAP_NET_BIND_SERVICE", u.get("Service.CapabilityBoundingSet"));

    // operator guide, Running: SIGTERM drains and fsyncs, exit 143 is a clean stop
    assertEquals("SIGTERM", u.get("Service.KillSignal"));
    assertEquals("60", u.get("Service.TimeoutStopSec"));
    assertEquals("143", u.get("Service.SuccessExitStatus"));
    assertEquals("on-failure", u.get("Service.Restart"));
    assertEquals("65536", u.get("Service.LimitNOFILE"));
    assertNull(u.get("Service.StandardOutput"), "stdout and stderr go to the journal (the default)");
    assertEquals("-/etc/default/soctinh", u.get("Service.EnvironmentFile"));
    assertTrue(Files.isRegularFile(root.resolve("etc/default/soctinh")));
    assertEquals("multi-user.target", u.get("Install.WantedBy"));
  }

  private Commands.Result verify(String name, String text) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    Path unit = Files.writeString(dir.resolve("soctinh.service"), text);
    return Commands.run(dir, Map.of(), Duration.ofSeconds(60), List.of("systemd-analyze", "verify", "--man=no", unit.toString()));
  }
}
