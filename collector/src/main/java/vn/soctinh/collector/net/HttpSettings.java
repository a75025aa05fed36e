package vn.soctinh.collector.net;

import java.net.InetSocketAddress;

/**
 * The HTTP server: {@code POST /api/v1/ingest} (NDJSON or a JSON array), {@code /metrics}, {@code /health}.
 *
 * @param name the listener's name
 * @param listen address and port to bind
 * @param maxBodyBytes a larger request body is refused with 413
 * @param requireToken refuse ingest requests without a known intake token
 */
public record HttpSettings(String name, InetSocketAddress listen, int maxBodyBytes, boolean requireToken) {
  public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
}
