package vn.soctinh.analyzer.parse;

import java.util.Locale;
import vn.soctinh.analyzer.event.Event;

/**
 * A URL as a device logged it, into ECS {@code url.*}: a whole URL (scheme, domain, port, path,
 * extension, query), a path with its query, or a proxy's CONNECT target {@code host:port}. Kept as
 * written ({@code url.original}); the parts are not decoded (Sigma's web rules match them encoded).
 */
public final class Urls {
  private Urls() {}

  public static void put(Event e, String u) {
    e.put("url.original", u);
    int q = u.indexOf('?');
    String head = q < 0 ? u : u.substring(0, q);
    int scheme = head.indexOf("://");
    String path = head;
    if (scheme > 0) {
      e.put("url.scheme", head.substring(0, scheme).toLowerCase(Locale.ROOT));
      int slash = head.indexOf('/', scheme + 3);
      host(e, slash < 0 ? head.substring(scheme + 3) : head.substring(scheme + 3, slash));
      path = slash < 0 ? "" : head.substring(slash);
    } else if (q < 0 && head.indexOf('/') < 0 && head.lastIndexOf(':') > 0) {
      host(e, head); // CONNECT host:port
      path = "";
    }
    if (!path.isEmpty()) {
      e.put("url.path", path);
      int ls = path.lastIndexOf('/');
      int dot = path.lastIndexOf('.');
      if (dot > ls + 1 && dot < path.length() - 1 && path.length() - dot <= 10) e.put("url.extension", path.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
    if (q >= 0 && q + 1 < u.length()) e.put("url.query", u.substring(q + 1));
  }

  /** "host", "host:port" or "[v6]:port": url.domain and url.port. */
  private static void host(Event e, String host) {
    int colon = host.lastIndexOf(':');
    if (colon > 0 && host.indexOf(']') < colon) {
      Values.putPort(e, "url.port", host.substring(colon + 1));
      host = host.substring(0, colon);
    }
    if (!host.isEmpty()) e.put("url.domain", host);
  }
}
