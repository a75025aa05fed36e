package vn.soctinh.app.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import vn.soctinh.console.ConsoleSettings;
import vn.soctinh.console.ConsoleSettingsBuilder;

/** Section {@code console:}: the analysts' web console on its own port, HTTPS by default. */
final class ConsoleSection {
  static final String DEFAULT_LISTEN = "https://0.0.0.0:8443";

  private ConsoleSection() {}

  /** The settings, or null when {@code enabled: false}. */
  /** @param zone the config's {@code timezone}: what the console shows local times in */
  static ConsoleSettings read(ConfigNode root, Path dataDir, java.time.ZoneId zone) {
    ConfigNode n = root.section("console");
    boolean enabled = n.bool("enabled", true);
    ListenAddress listen = n.value("listen", ListenAddress.of(DEFAULT_LISTEN, "https"), "expected a URI like " + DEFAULT_LISTEN,
        t -> ListenAddress.parse(t, List.of("https", "http")));
    Path cert = n.filePath("cert_file", "");
    Path key = n.filePath("key_file", "");
    if ((cert == null) != (key == null)) n.error(cert == null ? "cert_file" : "key_file", "cert_file and key_file go together");
    String origin = n.string("public_origin", "");
    if (!origin.isEmpty() && !origin.matches("https?://[^/\\s]+")) n.error("public_origin", "an origin like https://soc.example.gov.vn:8443, without a path");
    long idleMins = n.integer("session_idle_mins", 30, 1, 24 * 60);
    long maxHours = n.integer("session_max_hours", 12, 1, 24 * 14);
    int maxSessions = n.intValue("max_sessions", 10_000, 10, 1_000_000);
    int failures = n.intValue("lockout_failures", 5, 1, 100);
    int addressFailures = n.intValue("lockout_address_failures", 20, 1, 10_000);
    long lockMins = n.integer("lockout_mins", 15, 1, 24 * 60);
    int minLength = n.intValue("password_min_length", 12, 8, 128);
    int feed = n.intValue("feed_buffer", 1000, 10, 1_000_000);
    long maxBody = n.size("max_body_bytes", 64L << 20, 1L << 10, 1L << 30);
    String language = n.string("language", "vi");
    int maxConnections = n.intValue("max_connections", ConsoleSettings.DEFAULT_MAX_CONNECTIONS, 1, 1_000_000);
    int idleTimeout = n.intValue("idle_timeout_secs", ConsoleSettings.DEFAULT_IDLE_TIMEOUT_SECS, 1, 24 * 3600);
    if (!language.equals("vi") && !language.equals("en")) n.error("language", "vi or en, not " + language);
    n.finish();
    if (!enabled) return null;
    boolean tls = listen.scheme().equals("https");
    if (!tls && (cert != null)) n.error("cert_file", "is set but listen is http://; use https://");
    return ConsoleSettingsBuilder.builder().host(listen.address().getHostString()).port(listen.address().getPort()).tls(tls).certFile(cert)
        .keyFile(key).generatedTlsDir(dataDir.resolve("tls")).publicOrigin(origin).sessionIdle(Duration.ofMinutes(idleMins))
        .sessionAbsolute(Duration.ofHours(maxHours)).maxSessions(maxSessions).lockoutFailures(failures).lockoutAddressFailures(addressFailures)
        .lockoutDuration(Duration.ofMinutes(lockMins)).passwordMinLength(minLength).feedBuffer(feed).maxBodyBytes(maxBody).language(language)
        .maxConnections(maxConnections).idleTimeoutSecs(idleTimeout).zone(zone).build();
  }
}
