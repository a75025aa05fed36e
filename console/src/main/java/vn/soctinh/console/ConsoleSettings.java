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
    return new Builder().host("127.0.0.1").port(0).tls(true).generatedTlsDir(dataDir.resolve("tls")).publicOrigin("")
        .sessionIdle(Duration.ofMinutes(30)).sessionAbsolute(Duration.ofHours(12)).maxSessions(10_000).lockoutFailures(5).lockoutAddressFailures(20)
        .lockoutDuration(Duration.ofMinutes(15)).passwordMinLength(12).feedBuffer(1000).maxBodyBytes(64L << 20).language("vi")
        .maxConnections(DEFAULT_MAX_CONNECTIONS).idleTimeoutSecs(DEFAULT_IDLE_TIMEOUT_SECS).zone(vn.soctinh.analyzer.DisplayZone.DEFAULT).build();
  }

  public ConsoleSettings withMaxConnections(int n) {
    return toBuilder().maxConnections(n).build();
  }

  public ConsoleSettings withTls(boolean on) {
    return toBuilder().tls(on).build();
  }

  public ConsoleSettings withSessions(Duration idle, Duration absolute) {
    return toBuilder().sessionIdle(idle).sessionAbsolute(absolute).build();
  }

  public ConsoleSettings withFeedBuffer(int items) {
    return toBuilder().feedBuffer(items).build();
  }

  public ConsoleSettings withZone(java.time.ZoneId z) {
    return toBuilder().zone(z).build();
  }

  public ConsoleSettings withIdleTimeout(int secs) {
    return toBuilder().idleTimeoutSecs(secs).build();
  }

  /** This value's components in a builder, to change a few of them by name. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.host = host;
    b.port = port;
    b.tls = tls;
    b.certFile = certFile;
    b.keyFile = keyFile;
    b.generatedTlsDir = generatedTlsDir;
    b.publicOrigin = publicOrigin;
    b.sessionIdle = sessionIdle;
    b.sessionAbsolute = sessionAbsolute;
    b.maxSessions = maxSessions;
    b.lockoutFailures = lockoutFailures;
    b.lockoutAddressFailures = lockoutAddressFailures;
    b.lockoutDuration = lockoutDuration;
    b.passwordMinLength = passwordMinLength;
    b.feedBuffer = feedBuffer;
    b.maxBodyBytes = maxBodyBytes;
    b.language = language;
    b.maxConnections = maxConnections;
    b.idleTimeoutSecs = idleTimeoutSecs;
    b.zone = zone;
    return b;
  }

  /** ConsoleSettings by name: 20 positions are easy to swap. */
  public static final class Builder {
    private String host;
    private int port;
    private boolean tls;
    private Path certFile;
    private Path keyFile;
    private Path generatedTlsDir;
    private String publicOrigin;
    private Duration sessionIdle;
    private Duration sessionAbsolute;
    private int maxSessions;
    private int lockoutFailures;
    private int lockoutAddressFailures;
    private Duration lockoutDuration;
    private int passwordMinLength;
    private int feedBuffer;
    private long maxBodyBytes;
    private String language;
    private int maxConnections;
    private int idleTimeoutSecs;
    private java.time.ZoneId zone;

    public Builder host(String v) {
      host = v;
      return this;
    }

    public Builder port(int v) {
      port = v;
      return this;
    }

    public Builder tls(boolean v) {
      tls = v;
      return this;
    }

    public Builder certFile(Path v) {
      certFile = v;
      return this;
    }

    public Builder keyFile(Path v) {
      keyFile = v;
      return this;
    }

    public Builder generatedTlsDir(Path v) {
      generatedTlsDir = v;
      return this;
    }

    public Builder publicOrigin(String v) {
      publicOrigin = v;
      return this;
    }

    public Builder sessionIdle(Duration v) {
      sessionIdle = v;
      return this;
    }

    public Builder sessionAbsolute(Duration v) {
      sessionAbsolute = v;
      return this;
    }

    public Builder maxSessions(int v) {
      maxSessions = v;
      return this;
    }

    public Builder lockoutFailures(int v) {
      lockoutFailures = v;
      return this;
    }

    public Builder lockoutAddressFailures(int v) {
      lockoutAddressFailures = v;
      return this;
    }

    public Builder lockoutDuration(Duration v) {
      lockoutDuration = v;
      return this;
    }

    public Builder passwordMinLength(int v) {
      passwordMinLength = v;
      return this;
    }

    public Builder feedBuffer(int v) {
      feedBuffer = v;
      return this;
    }

    public Builder maxBodyBytes(long v) {
      maxBodyBytes = v;
      return this;
    }

    public Builder language(String v) {
      language = v;
      return this;
    }

    public Builder maxConnections(int v) {
      maxConnections = v;
      return this;
    }

    public Builder idleTimeoutSecs(int v) {
      idleTimeoutSecs = v;
      return this;
    }

    public Builder zone(java.time.ZoneId v) {
      zone = v;
      return this;
    }

    public ConsoleSettings build() {
      return new ConsoleSettings(host, port, tls, certFile, keyFile, generatedTlsDir, publicOrigin, sessionIdle, sessionAbsolute, maxSessions,
          lockoutFailures, lockoutAddressFailures, lockoutDuration, passwordMinLength, feedBuffer, maxBodyBytes, language, maxConnections,
          idleTimeoutSecs, zone);
    }
  }
}
