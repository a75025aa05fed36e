package vn.soctinh.collector.net;

import java.net.InetSocketAddress;

/**
 * A stream listener: syslog over TCP or TLS (RFC 6587 framing), or RELP.
 *
 * @param name the listener's name (metrics label, journal metadata)
 * @param listen address and port to bind; port 0 picks a free one (tests)
 * @param maxFrameBytes longer frames are kept truncated to this size and flagged
 * @param maxConnections connections over this are refused
 * @param maxConnectionsPerSource connections from one source address over this are refused
 * @param idleTimeoutSecs a connection with nothing to read for this long is closed
 * @param maxInflightBytes bytes read from one connection and not yet in the journal; over it the
 *     connection stops reading (TCP backpressure)
 * @param tls TLS settings, or null for plain TCP
 */
public record StreamSettings(
    String name,
    InetSocketAddress listen,
    int maxFrameBytes,
    int maxConnections,
    int maxConnectionsPerSource,
    int idleTimeoutSecs,
    int maxInflightBytes,
    TlsSettings tls) {

  public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
  public static final int DEFAULT_MAX_CONNECTIONS = 2000;
  public static final int DEFAULT_MAX_CONNECTIONS_PER_SOURCE = 64;
  public static final int DEFAULT_IDLE_TIMEOUT_SECS = 900;
  public static final int DEFAULT_MAX_INFLIGHT_BYTES = 8 * 1024 * 1024;

}
