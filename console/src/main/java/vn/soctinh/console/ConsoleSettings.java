package vn.soctinh.console;

import java.nio.file.Path;
import java.time.Duration;

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
public record ConsoleSettings(String host, int port, boolean tls, Path certFile, Path keyFile, Path generatedTlsDir, String publicOrigin,
    Duration sessionIdle, Duration sessionAbsolute, int maxSessions, int lockoutFailures, int lockoutAddressFailures, Duration lockoutDuration,
    int passwordMinLength, int feedBuffer, long maxBodyBytes, String language, int maxConnections, int idleTimeoutSecs,
    java.time.ZoneId zone) {

  public static final int DEFAULT_PORT = 8443;
  public static final int DEFAULT_MAX_CONNECTIONS = 1024;
  public static final int DEFAULT_IDLE_TIMEOUT_SECS = 120;

  /** Loopback, a free port, TLS with a generated certificate: what tests start. */
  public static ConsoleSettings forTests(Path dataDir) {
    return new ConsoleSettings("127.0.0.1", 0, true, null, null, dataDir.resolve("tls"), "", Duration.ofMinutes(30), Duration.ofHours(12), 10_000,
        5, 20, Duration.ofMinutes(15), 12, 1000, 64L << 20, "vi", DEFAULT_MAX_CONNECTIONS, DEFAULT_IDLE_TIMEOUT_SECS,
        vn.soctinh.analyzer.DisplayZone.DEFAULT);
  }

  public ConsoleSettings withMaxConnections(int n) {
    return new ConsoleSettings(host, port, tls, certFile, keyFile, generatedTlsDir, publicOrigin, sessionIdle, sessionAbsolute, maxSessions,
        lockoutFailures, lockoutAddressFailures, lockoutDuration, passwordMinLength, feedBuffer, maxBodyBytes, language, n, idleTimeoutSecs, zone);
  }

  public ConsoleSettings withTls(boolean on) {
    return new ConsoleSettings(host, port, on, certFile, keyFile, generatedTlsDir, publicOrigin, sessionIdle, sessionAbsolute, maxSessions,
        lockoutFailures, lockoutAddressFailures, lockoutDuration, passwordMinLength, feedBuffer, maxBodyBytes, language, maxConnections, idleTimeoutSecs, zone);
  }

  public ConsoleSettings withSessions(Duration idle, Duration absolute) {
    return new ConsoleSettings(host, port, tls, certFile, keyFile, generatedTlsDir, publicOrigin, idle, absolute, maxSessions, lockoutFailures,
        lockoutAddressFailures, lockoutDuration, passwordMinLength, feedBuffer, maxBodyBytes, language, maxConnections, idleTimeoutSecs, zone);
  }

  public ConsoleSettings withFeedBuffer(int items) {
    return new ConsoleSettings(host, port, tls, certFile, keyFile, generatedTlsDir, publicOrigin, sessionIdle, sessionAbsolute, maxSessions,
        lockoutFailures, lockoutAddressFailures, lockoutDuration, passwordMinLength, items, maxBodyBytes, language, maxConnections, idleTimeoutSecs, zone);
  }

  public ConsoleSettings withZone(java.time.ZoneId z) {
    return new ConsoleSettings(host, port, tls, certFile, keyFile, generatedTlsDir, publicOrigin, sessionIdle, sessionAbsolute, maxSessions,
        lockoutFailures, lockoutAddressFailures, lockoutDuration, passwordMinLength, feedBuffer, maxBodyBytes, language, maxConnections, idleTimeoutSecs, z);
  }

  public ConsoleSettings withIdleTimeout(int secs) {
    return new ConsoleSettings(host, port, tls, certFile, keyFile, generatedTlsDir, publicOrigin, sessionIdle, sessionAbsolute, maxSessions,
        lockoutFailures, lockoutAddressFailures, lockoutDuration, passwordMinLength, feedBuffer, maxBodyBytes, language, maxConnections, secs, zone);
  }
}
