package vn.soctinh.app.forwarders;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real rsyslogd forwarding one input file to a target, configured from one of the
 * {@code deploy/forwarders/rsyslog-*.conf} templates. Each daemon has its own work dir (config,
 * pid file, imfile state, queue files, {@code rsyslogd-internal.log}); it never touches the
 * host's syslog. Use with try-with-resources and put {@link #logs()} in failure messages.
 */
public final class RsyslogDaemon extends ForwarderDaemon<RsyslogDaemon.Template> {

  /** The rsyslog forwarder templates in {@code deploy/forwarders}. */
  public enum Template implements ForwarderTemplate {
    TCP("rsyslog-tcp.conf", Wire.TCP_LF),
    TCP_OCTET("rsyslog-tcp-octet.conf", Wire.TCP_OCTET_COUNTED),
    TLS("rsyslog-tls.conf", Wire.TLS),
    MTLS("rsyslog-mtls.conf", Wire.MUTUAL_TLS),
    RELP("rsyslog-relp.conf", Wire.RELP),
    /** A primary and a backup target; the harness's single target is the primary, the backup a port nobody listens on. */
    RELP_FAILOVER("rsyslog-relp-failover.conf", Wire.RELP),
    UDP("rsyslog-udp.conf", Wire.UDP);

    private final String fileName;
    private final Wire wire;

    Template(String fileName, Wire wire) {
      this.fileName = fileName;
      this.wire = wire;
    }

    @Override
    public String daemon() {
      return "rsyslog";
    }

    @Override
    public String fileName() {
      return fileName;
    }

    @Override
    public Wire wire() {
      return wire;
    }

    /**
     * Values the harness uses unless the caller gives others. UDP is paced (100 µs per
     * datagram) so that a lost line means a receiver bug, not a burst overflowing a default
     * 208 KiB socket buffer (net.core.rmem_max on a fresh Debian).
     */
    public Map<String, String> defaults() {
      if (this == RELP_FAILOVER) return Map.of("BACKUP_HOST", "127.0.0.1", "BACKUP_PORT", "9");
      return this == UDP ? Map.of("UDP_SEND_DELAY_US", "100") : Map.of();
    }

    /** The rsyslog module this template needs besides imfile, if any. */
    String extraModule() {
      return switch (wire) {
        case TLS, MUTUAL_TLS -> "lmnsd_gtls.so";
        case RELP -> "omrelp.so";
        default -> null;
      };
    }
  }

  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final List<Path> RSYSLOGD_CANDIDATES =
      List.of(Path.of("/usr/sbin/rsyslogd"), Path.of("/sbin/rsyslogd"));

  private RsyslogDaemon(Template template, Started started) {
    super(template, started);
  }

  /** Why rsyslogd cannot run here at all, or empty. */
  public static Optional<String> unavailableReason() {
    if (rsyslogd().isEmpty()) {
      return Optional.of("rsyslogd not found (" + RSYSLOGD_CANDIDATES
          + " or PATH): run .ci/install-test-deps.sh as root");
    }
    if (moduleDir().isEmpty()) {
      return Optional.of("rsyslog modules (imfile.so) not found under /usr/lib/*/rsyslog: "
          + "run .ci/install-test-deps.sh as root");
    }
    return Optional.empty();
  }

  /** Why this template cannot run here (rsyslogd or its module missing), or empty. */
  public static Optional<String> unavailableReason(Template template) {
    Optional<String> reason = unavailableReason();
    if (reason.isPresent() || template.extraModule() == null) {
      return reason;
    }
    Path module = moduleDir().orElseThrow().resolve(template.extraModule());
    if (!Files.exists(module)) {
      String pkg = template.wire() == Wire.RELP ? "rsyslog-relp" : "rsyslog-gnutls";
      return Optional.of(module + " missing (package " + pkg + "): run .ci/install-test-deps.sh as root");
    }
    return Optional.empty();
  }

  /**
   * Starts rsyslogd forwarding every line of {@code inputFile} to {@code host:port}.
   *
   * @param extraPlaceholders values for the template's other placeholders, e.g. from
   *     {@link TestPki#placeholders()} and {@link TestPki.ClientCert#placeholders()} for TLS;
   *     they override {@link Template#defaults()}
   */
  public static RsyslogDaemon forward(Template template, String host, int port, Path inputFile,
      Map<String, String> extraPlaceholders) throws IOException {
    Map<String, String> values = new HashMap<>(template.defaults());
    values.putAll(extraPlaceholders);
    values.put("TARGET_HOST", host);
    values.put("TARGET_PORT", Integer.toString(port));
    values.put("INPUT_FILE", inputFile.toAbsolutePath().toString());
    return start(template, values);
  }

  /**
   * Starts rsyslogd with the template filled from {@code placeholders}; {@code WORK_DIR} is set
   * to a fresh temp dir.
   */
  public static RsyslogDaemon start(Template template, Map<String, String> placeholders)
      throws IOException {
    unavailableReason(template).ifPresent(reason -> {
      throw new IllegalStateException(reason);
    });
    return new RsyslogDaemon(template, launch("soctinh-rsyslog-", template, placeholders, (config, workDir) -> {
      Path pidFile = workDir.resolve("rsyslogd.pid");
      String rsyslogd = rsyslogd().orElseThrow().toString();
      // rsyslogd changes to "/" when it starts: every path given to it is absolute.
      List<String> check = List.of(rsyslogd, "-N1", "-f", config.toString());
      List<String> run = List.of(rsyslogd, "-n", "-f", config.toString(), "-i", pidFile.toString());
      return DaemonProcess.start("rsyslogd", check, run, Map.of(), workDir,
          List.of(workDir.resolve("rsyslogd-internal.log")), () -> isNonEmpty(pidFile), START_TIMEOUT);
    }));
  }



  static Optional<Path> rsyslogd() {
    List<Path> candidates = new ArrayList<>(RSYSLOGD_CANDIDATES);
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(":")) {
        if (!dir.isEmpty()) {
          candidates.add(Path.of(dir, "rsyslogd"));
        }
      }
    }
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  static Optional<Path> moduleDir() {
    List<Path> roots = List.of(Path.of("/usr/lib"), Path.of("/usr/lib64"));
    for (Path root : roots) {
      if (Files.exists(root.resolve("rsyslog/imfile.so"))) {
        return Optional.of(root.resolve("rsyslog"));
      }
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> dirs = Files.list(root)) {
        Optional<Path> found = dirs.map(d -> d.resolve("rsyslog"))
            .filter(d -> Files.exists(d.resolve("imfile.so"))).findFirst();
        if (found.isPresent()) {
          return found;
        }
      } catch (IOException e) {
        // unreadable: try the next root
      }
    }
    return Optional.empty();
  }

  static boolean isNonEmpty(Path file) {
    try {
      return Files.size(file) > 0;
    } catch (IOException e) {
      return false;
    }
  }
}
