package vn.soctinh.collector.net;

import java.net.InetSocketAddress;

/**
 * The HTTP server: {@code POST /api/v1/ingest} (NDJSON or a JSON array), {@code /metrics}, {@code /health}.
 *
 * @param name the listener's name
 * @param listen address and port to bind
 * @param maxBodyBytes a larger request body is refused with 413
 * @param requireToken refuse ingest requests without a known intake token
 * @param maxConnections connections over this are closed at once
 * @param tls HTTPS, or null for plain HTTP (intake tokens then cross the network in clear)
 * @param idleTimeoutSecs a connection that neither sends nor receives for this long is closed: a
 *     connection that opens and sends nothing would otherwise hold a slot of {@code maxConnections}
 */
public record HttpSettings(String name, InetSocketAddress listen, int maxBodyBytes, boolean requireToken, int maxConnections, Tls tls,
    int idleTimeoutSecs) {
  public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
  public static final int DEFAULT_MAX_CONNECTIONS = 512;
  public static final int DEFAULT_IDLE_TIMEOUT_SECS = 60;

  /**
   * HTTPS ({@code listen: https://...}): the certificate and key given, or (both null) the
   * self-signed pair the syslog TLS listener uses, generated in the data directory.
   */
  public record Tls(java.nio.file.Path certFile, java.nio.file.Path keyFile) {}

  public HttpSettings(String name, InetSocketAddress listen, int maxBodyBytes, boolean requireToken) {
    this(name, listen, maxBodyBytes, requireToken, DEFAULT_MAX_CONNECTIONS, null, DEFAULT_IDLE_TIMEOUT_SECS);
  }
}
