package vn.soctinh.collector.http;

import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.net.InetAddress;

/** Who is at the other end of an HTTP request, as the socket says (never a header a client sets). */
public final class HttpPeers {
  private HttpPeers() {}

  /** Whether the request comes from this machine (127.0.0.0/8, ::1): what the intake and the console serve without login. */
  public static boolean loopback(RoutingContext rc) {
    try {
      // an address literal from the socket: no name lookup
      return rc.request().remoteAddress() != null && InetAddress.getByName(rc.request().remoteAddress().hostAddress()).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }
}
