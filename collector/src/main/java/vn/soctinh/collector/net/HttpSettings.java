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
 */
public record HttpSettings(String name, InetSocketAddress listen, int maxBodyBytes, boolean requireToken, int maxConnections) {
  public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
  public static final int DEFAULT_MAX_CONNECTIONS = 512;

  public HttpSettings(String name, InetSocketAddress listen, int maxBodyBytes, boolean requireToken) {
    this(name, listen, maxBodyBytes, requireToken, DEFAULT_MAX_CONNECTIONS);
  }
}
