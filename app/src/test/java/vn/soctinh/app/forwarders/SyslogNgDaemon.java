package vn.soctinh.app.forwarders;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real syslog-ng forwarding one input file to a target, configured from one of the
 * {@code deploy/forwarders/syslog-ng-*.conf} templates. syslog-ng-core conflicts with rsyslog
 * as a Debian package, so it runs from the tree {@code .ci/install-test-deps.sh} unpacked
 * (env {@code SOCTINH_SYSLOGNG_ROOT}, default {@code /opt/soctinh-test/syslog-ng-root}).
 */
public final class SyslogNgDaemon extends ForwarderDaemon<SyslogNgDaemon.Template> {

  /** The syslog-ng forwarder templates in {@code deploy/forwarders}. */
  public enum Template implements ForwarderTemplate {
    NETWORK("syslog-ng-network.conf", Wire.TCP_LF),
    SYSLOG("syslog-ng-syslog.conf", Wire.TCP_OCTET_COUNTED),
    TLS("syslog-ng-tls.conf", Wire.TLS),
    MTLS("syslog-ng-mtls.conf", Wire.MUTUAL_TLS);

    private final String fileName;
    private final Wire wire;

    Template(String fileName, Wire wire) {
      this.fileName = fileName;
      this.wire = wire;
    }

    @Override
    public String daemon() {
      return "syslog-ng";
    }

    @Override
    public String fileName() {
      return fileName;
    }

    @Override
    public Wire wire() {
      return wire;
    }
  }

  public static final String ROOT_ENV = "SOCTINH_SYSLOGNG_ROOT";
  static final Path DEFAULT_ROOT = Path.of("/opt/soctinh-test/syslog-ng-root");
  /** Where shared/bench/install.sh unpacks it on developer machines. */
  static final Path BENCH_ROOT =
      Path.of(System.getProperty("user.home"), ".cache", "soc-bench", "syslog-ng-root");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private SyslogNgDaemon(Template template, Started started) {
    super(template, started);
  }

  /** The unpacked syslog-ng-core tree the tests use (it may not exist). */
  public static Path root() {
    String env = System.getenv(ROOT_ENV);
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    if (!Files.exists(binary(DEFAULT_ROOT)) && Files.exists(binary(BENCH_ROOT))) {
      return BENCH_ROOT;
    }
    return DEFAULT_ROOT;
  }

  /** Why syslog-ng cannot run here, or empty. */
  public static Optional<String> unavailableReason() {
    Path root = root();
    if (Files.isExecutable(binary(root))) {
      return Optional.empty();
    }
    Path marker = root.resolveSibling(root.getFileName() + ".unavailable");
    String why = "";
    try {
      if (Files.exists(marker)) {
        why = " -- " + Files.readString(marker, StandardCharsets.UTF_8).strip();
      }
    } catch (IOException e) {
      // no reason recorded: the generic message is enough
    }
    return Optional.of("syslog-ng not found at " + binary(root) + " (set " + ROOT_ENV
        + " or run .ci/install-test-deps.sh as root)" + why);
  }

  /**
   * Starts syslog-ng forwarding every line of {@code inputFile} to {@code host:port}.
   *
   * @param extraPlaceholders values for the template's other placeholders, e.g. from
   *     {@link TestPki#placeholders()} and {@link TestPki.ClientCert#placeholders()} for TLS
   */
  public static SyslogNgDaemon forward(Template template, String host, int port, Path inputFile,
      Map<String, String> extraPlaceholders) throws IOException {
    Map<String, String> values = new HashMap<>(extraPlaceholders);
    values.put("TARGET_HOST", host);
    values.put("TARGET_PORT", Integer.toString(port));
    values.put("INPUT_FILE", inputFile.toAbsolutePath().toString());
    return start(template, values);
  }

  /** Starts syslog-ng with the template filled from {@code placeholders}; WORK_DIR is a fresh temp dir. */
  public static SyslogNgDaemon start(Template template, Map<String, String> placeholders)
      throws IOException {
    unavailableReason().ifPresent(reason -> {
      throw new IllegalStateException(reason);
    });
    return new SyslogNgDaemon(template, launch("soctinh-syslog-ng-", template, placeholders, (config, workDir) -> {
      Path root = root();
      String bin = binary(root).toString();
      Path pidFile = workDir.resolve("syslog-ng.pid");
      Path control = workDir.resolve("syslog-ng.ctl");
      Map<String, String> env = Map.of(
          "SYSLOGNG_PREFIX", root.resolve("usr").toString(),
          "LD_LIBRARY_PATH", root.resolve("usr/lib/syslog-ng").toString());
      List<String> check = List.of(bin, "--syntax-only", "-f", config.toString());
      // -e: its own messages to stderr (the .out file); --no-caps: no capability juggling as root
      List<String> run = List.of(bin, "-F", "-e", "--no-caps", "-f", config.toString(),
          "--persist-file", workDir.resolve("syslog-ng.persist").toString(),
          "--pidfile", pidFile.toString(), "--control", control.toString());
      return DaemonProcess.start("syslog-ng", check, run, env, workDir, List.of(),
          () -> Files.exists(control) || RsyslogDaemon.isNonEmpty(pidFile), START_TIMEOUT);
    }));
  }



  private static Path binary(Path root) {
    return root.resolve("usr/sbin/syslog-ng");
  }
}
