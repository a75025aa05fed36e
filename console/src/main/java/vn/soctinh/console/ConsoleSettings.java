package vn.soctinh.console;

import java.nio.file.Path;
import java.time.Duration;
import vn.soctinh.collector.ByName;

/**
 * Section {@code console:} of the configuration.
 *
 * @param tls serve HTTPS (a self-signed certificate is generated under {@code generatedTlsDir} when
 *     no {@code certFile} is given)
 * @param publicOrigin the origin browsers use (https://soc.example.gov.vn:8443), checked against
 *     Origin headers; empty: the request's own Host
 * @param idleTimeoutSecs a connection that neither sends nor receives for this long is closed, so
 *     idle connections cannot hold {@code maxConnections}; the live feed is pinged well within it
 * @param zone the zone pages, reports and drills show local times in (the config's {@code timezone})
 */
@ByName
public record ConsoleSettings(String host, int port, boolean tls, Path certFile, Path keyFile, Path generatedTlsDir, String publicOrigin,
    Duration sessionIdle, Duration sessionAbsolute, int maxSessions, int lockoutFailures, int lockoutAddressFailures, Duration lockoutDuration,
    int passwordMinLength, int feedBuffer, long maxBodyBytes, String language, int maxConnections, int idleTimeoutSecs,
    java.time.ZoneId zone) implements ConsoleSettingsBuilder.With {

  public static final int DEFAULT_PORT = 8443;
  public static final int DEFAULT_MAX_CONNECTIONS = 1024;
  public static final int DEFAULT_IDLE_TIMEOUT_SECS = 120;

  /** Loopback, a free port, TLS with a generated certificate: what tests start. */
  public static ConsoleSettings forTests(Path dataDir) {
    return ConsoleSettingsBuilder.builder().host("127.0.0.1").port(0).tls(true).generatedTlsDir(dataDir.resolve("tls")).publicOrigin("")
        .sessionIdle(Duration.ofMinutes(30)).sessionAbsolute(Duration.ofHours(12)).maxSessions(10_000).lockoutFailures(5).lockoutAddressFailures(20)
        .lockoutDuration(Duration.ofMinutes(15)).passwordMinLength(12).feedBuffer(1000).maxBodyBytes(64L << 20).language("vi")
        .maxConnections(DEFAULT_MAX_CONNECTIONS).idleTimeoutSecs(DEFAULT_IDLE_TIMEOUT_SECS).zone(vn.soctinh.analyzer.DisplayZone.DEFAULT).build();
  }

  public ConsoleSettings withSessions(Duration idle, Duration absolute) {
    return with().sessionIdle(idle).sessionAbsolute(absolute).build();
  }

  public ConsoleSettings withIdleTimeout(int secs) {
    return with().idleTimeoutSecs(secs).build();
  }
}
