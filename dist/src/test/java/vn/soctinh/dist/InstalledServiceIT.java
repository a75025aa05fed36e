package vn.soctinh.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's server steps on an unpacked .deb: the unit's command, with the shipped configuration
 * moved to a temporary data directory and loopback ports, run as an unprivileged user from a
 * directory it cannot write; lines sent with the installed {@code soctinh send} are found with the
 * installed {@code soctinh search}, the shipped rules fire, and the console lets the first admin in
 * with the password from the file the README names.
 */
class InstalledServiceIT {
  /** An address in none of the shipped indicator lists, so that only the brute-force rule fires. */
  static final String ATTACKER = "198.51.100.23";
  static final int FAILED_LOGINS = 12;
  static final Duration START = Duration.ofSeconds(60);
  /** The address of the failed logins that go through rsyslog, apart from those sent directly. */
  static final String RSYSLOG_ATTACKER = "198.51.100.24";
  Process rsyslog;

  @TempDir Path tmp;
  Process server;
  Path out;
  Path err;
  /** What the last attempt of a wait printed, for its failure message. */
  String lastTry = "";

  @AfterEach
  void killLeftovers() {
    if (rsyslog != null && rsyslog.isAlive()) rsyslog.destroyForcibly();
    if (server != null && server.isAlive()) {
      server.descendants().forEach(ProcessHandle::destroyForcibly);
      server.destroyForcibly();
    }
  }

  @Test
  void theServiceCommandRunAsAnUnprivilegedUserFromAnyDirectoryLoadsTheShippedRulesStoresWhatItIsSentAndAlerts() throws Exception {
    Path root = tmp.resolve("root");
    Artifacts.unpack(root);
    Artifacts.openToOthers(tmp);
    // as root, the service's stand-in is nobody (runuser); otherwise ourselves
    String user = Commands.isRoot() ? "nobody" : null;
    Path data = Files.createDirectories(tmp.resolve("data"));
    if (user != null) Files.setOwner(data, data.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user));
    Path config = testConfig(root, data);
    Path home = root.resolve("usr/share/soctinh").toRealPath();
    Path launcher = root.resolve("usr/bin/soctinh");

    out = tmp.resolve("run.out");
    err = tmp.resolve("run.err");
    ProcessBuilder pb = new ProcessBuilder(Commands.as(user, serviceCommand(root, config))).directory(new File("/"))
        .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().remove("SOCTINH_HOME");
    pb.environment().remove("SOCTINH_CONFIG");
    pb.environment().putAll(environmentFile(root.resolve("etc/default/soctinh")));
    server = pb.start();
    waitUntil("the server has started", START, () -> Files.readString(out).contains("Press Ctrl-C to stop."));

    // it says where the shipped content came from, and loaded its rules
    String log = Files.readString(err);
    assertTrue(log.contains("shipped content: " + home + ", found SOCTINH_HOME"), log);
    Matcher rules = Pattern.compile("detection: (\\d+) rules loaded, (\\d+) failed").matcher(log);
    assertTrue(rules.find(), log);
    assertTrue(Integer.parseInt(rules.group(1)) > 0, rules.group());
    assertEquals("0", rules.group(2), log);

    // the first admin's password: in the file the README names, private to the service's user, never logged
    Path password = data.resolve(readmePasswordFile(root));
    assertTrue(Files.isRegularFile(password), password + " (the README's path, under this data_dir)");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(password)));
    if (user != null) assertEquals(user, Files.getOwner(password).getName());
    String pw = Files.readString(password).trim();
    assertFalse(log.contains(pw) || Files.readString(out).contains(pw), "the password itself is never logged");
    assertTrue(log.contains(password.toString()), "the log says where it is:\n" + log);

    // an agency's sshd lines, sent with the installed client, found with the installed search
    Map<String, Integer> ports = ports(Files.readString(out));
    Commands.Result sent = asUser(user, Map.of(), launcher.toString(), "send", "--host", "127.0.0.1", "--port", String.valueOf(ports.get("syslog_tcp")),
        "--count", String.valueOf(FAILED_LOGINS), "--template",
        "<38>1 {ts} srv-portal sshd 4242 - - Failed password for root from " + ATTACKER + " port 4{seq} ssh2");
    assertEquals(0, sent.code(), sent.describe());
    // no --config: the configuration named by SOCTINH_CONFIG (the installed launcher's /etc/soctinh/soctinh.yml)
    Map<String, String> cli = Map.of("SOCTINH_CONFIG", config.toString());
    Pattern summary = Pattern.compile("(\\d+) of (\\d+) events");
    waitUntil("search finds the " + FAILED_LOGINS + " lines", Duration.ofSeconds(30), () -> {
      Commands.Result r = asUser(user, cli, launcher.toString(), "search", "source.ip:" + ATTACKER);
      Matcher m = summary.matcher(r.out());
      lastTry = r.describe();
      return r.code() == 0 && m.find() && Integer.parseInt(m.group(2)) >= FAILED_LOGINS;
    });
    Matcher m = summary.matcher(lastTry);
    assertTrue(m.find(), lastTry);
    assertEquals(FAILED_LOGINS, Integer.parseInt(m.group(2)), lastTry);

    // the shipped brute-force correlation fires on them
    Path rule = home.resolve("rules/sigma/linux/corr_ssh_brute_force.yml");
    String title = shipped(rule, "title");
    String query = "rule.id:\"" + shipped(rule, "id") + "\" AND labels.group_source_ip:\"" + ATTACKER + "\"";
    waitUntil("the alert \"" + title + "\"", Duration.ofSeconds(30), () -> {
      Commands.Result r = asUser(user, cli, launcher.toString(), "search", "--alerts", query);
      lastTry = r.describe();
      return r.code() == 0 && r.out().contains(title);
    });

    // the README's step 4: a real rsyslog with the README's forwarding line, fed by logger as on an agency's machine
    viaRsyslog(root, ports.get("syslog_tcp"));
    waitUntil("the alert for the lines forwarded by rsyslog", Duration.ofSeconds(60), () -> {
      Commands.Result r = asUser(user, cli, launcher.toString(), "search", "--alerts",
          "rule.id:\"" + shipped(rule, "id") + "\" AND labels.group_source_ip:\"" + RSYSLOG_ATTACKER + "\"");
      lastTry = r.describe();
      return r.code() == 0 && r.out().contains(title);
    });
    Commands.Result forwarded = asUser(user, cli, launcher.toString(), "search", "source.ip:" + RSYSLOG_ATTACKER + " AND process.name:sshd");
    Matcher fm = summary.matcher(forwarded.out());
    assertTrue(fm.find(), forwarded.describe());
    assertEquals(FAILED_LOGINS, Integer.parseInt(fm.group(2)), "each line forwarded once, parsed as sshd: " + forwarded.describe());

    // the console lets the first admin in
    HttpClient http = HttpClient.newBuilder().sslContext(TrustAll.context()).connectTimeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + ports.get("console") + "/api/v1/auth/login"))
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(20))
        .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"admin\",\"password\":\"" + pw + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, login.statusCode(), login.body());

    // systemd's stop: SIGTERM, a clean exit within TimeoutStopSec with the unit's SuccessExitStatus
    server.destroy();
    assertTrue(server.waitFor(60, TimeUnit.SECONDS), "stopped within TimeoutStopSec");
    assertEquals(143, server.exitValue(), Files.readString(err));
    assertFalse(Files.readString(err).contains("error during shutdown"), Files.readString(err));
  }

  /**
   * A private rsyslogd (TCP input on loopback, its own work directory) whose forwarding is the
   * README's line with this server's address, and a dozen failed SSH logins sent to it with logger.
   */
  private void viaRsyslog(Path root, int socPort) throws Exception {
    Path rsyslogd = Path.of("/usr/sbin/rsyslogd");
    Path logger = Path.of("/usr/bin/logger");
    vn.soctinh.collector.testing.RequiredTools.assume(Files.isExecutable(rsyslogd) && Files.isExecutable(logger), "rsyslogd or logger not installed");
    String readme = Files.readString(root.resolve("usr/share/doc/soctinh/README.md"));
    Matcher m = Pattern.compile("(?m)^\\s*(\\*\\.\\* action\\(type=\"omfwd\".*\\))\\s*$").matcher(readme);
    assertTrue(m.find(), "the README's rsyslog forwarding line");
    String action = m.group(1).replace("soc.tinh.gov.vn", "127.0.0.1").replace("port=\"514\"", "port=\"" + socPort + "\"");
    assertFalse(action.equals(m.group(1)), action);
    Path work = Files.createDirectories(tmp.resolve("rsyslog"));
    int in;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      in = probe.getLocalPort();
    }
    Path conf = work.resolve("rsyslog.conf");
    Files.writeString(conf, "global(workDirectory=\"" + work + "\" processInternalMessages=\"on\")\n"
        + "module(load=\"imtcp\")\n"
        + "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" + in + "\" ruleset=\"agency\")\n"
        + "ruleset(name=\"agency\") {\n  " + action + "\n}\n"
        + "action(type=\"omfile\" file=\"" + work.resolve("internal.log") + "\")\n");
    rsyslog = new ProcessBuilder(rsyslogd.toString(), "-n", "-f", conf.toString(), "-i", work.resolve("rsyslogd.pid").toString())
        .redirectErrorStream(true).redirectOutput(work.resolve("rsyslogd.out").toFile()).start();
    waitUntil("rsyslogd listens on " + in, Duration.ofSeconds(20), () -> {
      lastTry = Files.exists(work.resolve("rsyslogd.out")) ? Files.readString(work.resolve("rsyslogd.out")) : "";
      if (!rsyslog.isAlive()) throw new AssertionError("rsyslogd exited: " + lastTry);
      try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), in)) {
        return true;
      } catch (java.io.IOException notYet) {
        return false;
      }
    });
    for (int i = 0; i < FAILED_LOGINS; i++) {
      Commands.Result r = Commands.run(Path.of("/"), Map.of(), Duration.ofSeconds(20), List.of(logger.toString(), "--server", "127.0.0.1",
          "--port", String.valueOf(in), "--tcp", "-p", "auth.info", "-t", "sshd",
          "Failed password for root from " + RSYSLOG_ATTACKER + " port 4100" + i + " ssh2"));
      assertEquals(0, r.code(), r.describe());
    }
  }

  /** The unit's ExecStart with the unpacked launcher and the test configuration in place of the installed ones. */
  static List<String> serviceCommand(Path root, Path config) throws Exception {
    Unit unit = Unit.parse(Files.readString(root.resolve(SystemdUnitIT.UNIT)));
    List<String> command = new ArrayList<>();
    for (String word : unit.get("Service.ExecStart").split(" ")) {
      if (word.equals(SystemdUnitIT.LAUNCHER)) word = root.resolve(word.substring(1)).toString();
      else if (word.equals("/etc/soctinh/soctinh.yml")) word = config.toString();
      command.add(word);
    }
    assertEquals(root.resolve("usr/bin/soctinh").toString(), command.get(0), "ExecStart runs the launcher on the PATH");
    return command;
  }

  /**
   * The shipped /etc/soctinh/soctinh.yml with its data directory and local rules moved under the test's
   * directory and every listener on a free loopback port.
   */
  static Path testConfig(Path root, Path data) throws Exception {
    String shipped = Files.readString(root.resolve("etc/soctinh/soctinh.yml"));
    String text = shipped.replace("data_dir: /var/lib/soctinh", "data_dir: " + data)
        .replace("/etc/soctinh/", root.resolve("etc/soctinh") + "/")
        .replaceAll("0\\.0\\.0\\.0:\\d+", "127.0.0.1:0")
        // the listeners the shipped file leaves at their defaults (on every interface)
        .replace("\nlisteners:\n", "\nlisteners:\n  netflow:\n    listen: udp://127.0.0.1:0\n  ipfix:\n    listen: udp://127.0.0.1:0\n");
    assertFalse(text.equals(shipped) || text.contains("0.0.0.0") || text.contains("/var/lib/soctinh\n"), text);
    Path config = root.getParent().resolve("soctinh.yml");
    Files.writeString(config, text);
    Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
    return config;
  }

  /** KEY=value lines as systemd's EnvironmentFile= reads them (comments skipped, one pair of quotes removed). */
  static Map<String, String> environmentFile(Path file) throws Exception {
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      line = line.trim();
      if (line.isEmpty() || line.startsWith("#")) continue;
      String value = line.substring(line.indexOf('=') + 1);
      if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) value = value.substring(1, value.length() - 1);
      env.put(line.substring(0, line.indexOf('=')), value);
    }
    return env;
  }

  /** The initial admin password file the README names, relative to the shipped data_dir. */
  static String readmePasswordFile(Path root) throws Exception {
    String readme = Files.readString(root.resolve("usr/share/doc/soctinh/README.md"));
    Matcher m = Pattern.compile("/var/lib/soctinh/(\\S*initial-admin-password)").matcher(readme);
    assertTrue(m.find(), "the README says where the first admin's password is");
    return m.group(1);
  }

  /** A top-level field of a shipped rule file ({@code title}, {@code id}). */
  static String shipped(Path rule, String field) throws Exception {
    Matcher m = Pattern.compile("(?m)^" + field + ": (.+)$").matcher(Files.readString(rule));
    assertTrue(m.find(), rule + ": " + field);
    return m.group(1).trim();
  }

  /** Listener name to port from the start's listener table ("  syslog_tcp  tcp   127.0.0.1:40123 ..."). */
  static Map<String, Integer> ports(String startOutput) {
    Map<String, Integer> ports = new LinkedHashMap<>();
    Matcher m = Pattern.compile("(?m)^\\s+(\\w+)\\s+\\w+\\s+127\\.0\\.0\\.1:(\\d+)").matcher(startOutput);
    while (m.find()) ports.put(m.group(1), Integer.parseInt(m.group(2)));
    assertTrue(ports.containsKey("syslog_tcp") && ports.containsKey("console"), startOutput);
    return ports;
  }

  private Commands.Result asUser(String user, Map<String, String> env, String... command) throws Exception {
    return Commands.run(Path.of("/"), env, Duration.ofSeconds(60), Commands.as(user, List.of(command)));
  }

  interface Check {
    boolean ok() throws Exception;
  }

  private void waitUntil(String what, Duration limit, Check check) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!check.ok()) {
      if (!server.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError((server.isAlive() ? "not within " + limit + ": " : "the server exited (" + server.exitValue() + ") before: ")
            + what + "\n--- last try\n" + lastTry + "\n--- server stdout\n" + Files.readString(out) + "--- server stderr\n" + Files.readString(err));
      }
      Thread.sleep(300);
    }
  }
}
