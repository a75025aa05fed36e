package vn.soctinh.app.forwarders;

/** How a forwarder template puts messages on the wire, so a test can pick the matching listener. */
public enum Wire {
  /** TCP, each message ends with LF (RFC 6587 non-transparent framing). */
  TCP_LF(false),
  /** TCP, each message is "LENGTH SP MESSAGE" (RFC 6587 octet counting). */
  TCP_OCTET_COUNTED(false),
  /** TLS, octet counting inside (RFC 5425); the server is verified by name against the CA. */
  TLS(true),
  /** Like {@link #TLS}, and the forwarder presents a client certificate. */
  MUTUAL_TLS(true),
  /** RELP over TCP, every message acknowledged. */
  RELP(false),
  /** UDP, one message per datagram (RFC 5426). */
  UDP(false);

  private final boolean tls;

  Wire(boolean tls) {
    this.tls = tls;
  }

  public boolean tls() {
    return tls;
  }
}
