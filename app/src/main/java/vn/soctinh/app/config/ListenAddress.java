package vn.soctinh.app.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * A listener's {@code listen:} URI, {@code SCHEME://HOST:PORT}. HOST is an IP literal (IPv6 in
 * brackets, {@code tcp://[::1]:5514}) or {@code localhost}; names are never resolved, so loading a
 * config never waits for DNS. PORT is 0..65535, 0 meaning "pick a free port" (tests).
 */
record ListenAddress(String scheme, InetSocketAddress address) {

  /** Parses {@code text}, accepting only the given schemes (the ones that fit the listener). */
  static Parsed<ListenAddress> parse(String text, List<String> schemes) {
    String expected = "expected " + String.join(" or ", schemes.stream().map(s -> s + "://HOST:PORT").toList());
    int sep = text.indexOf("://");
    if (sep < 0 || !schemes.contains(text.substring(0, sep))) return Parsed.expected(expected, text);
    String rest = text.substring(sep + 3);
    String host;
    String afterHost;
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      if (close < 0) return Parsed.expected(expected, text);
      host = rest.substring(1, close);
      afterHost = rest.substring(close + 1);
      if (host.indexOf(':') < 0) return bad("brackets are only for IPv6 addresses", text);
    } else {
      int colon = rest.lastIndexOf(':');
      if (colon >= 0 && rest.indexOf(':') != colon) return bad("an IPv6 address needs brackets, like tcp://[::1]:5514", text);
      host = colon < 0 ? rest : rest.substring(0, colon);
      afterHost = colon < 0 ? "" : rest.substring(colon);
    }
    if (!afterHost.startsWith(":") || afterHost.length() == 1) return bad("the port is missing", text);
    String portText = afterHost.substring(1);
    int port = 0;
    for (int i = 0; i < portText.length(); i++) {
      char c = portText.charAt(i);
      if (c < '0' || c > '9' || i >= 5) return bad("the port must be a number from 0 to 65535", text);
      port = port * 10 + (c - '0');
    }
    if (port > 65535) return bad("the port must be a number from 0 to 65535", text);
    InetAddress addr = host.equals("localhost") ? InetAddress.getLoopbackAddress() : IpLiterals.parse(host);
    if (addr == null) {
      return bad("host " + Parsed.quote(host) + " is not an IP address (use e.g. 0.0.0.0, 127.0.0.1, [::] or localhost)", text);
    }
    return Parsed.ok(new ListenAddress(text.substring(0, sep), new InetSocketAddress(addr, port)));
  }

  /** For the built-in defaults, which are known to be valid. */
  static ListenAddress of(String text, String scheme) {
    Parsed<ListenAddress> p = parse(text, List.of(scheme));
    if (p instanceof Parsed.Ok<ListenAddress> ok) return ok.value();
    throw new IllegalArgumentException(((Parsed.Invalid<ListenAddress>) p).message());
  }

  /** True when both would bind the same non-zero port on an overlapping address. */
  boolean clashesWith(ListenAddress other) {
    int port = address.getPort();
    if (port == 0 || port != other.address.getPort()) return false;
    InetAddress a = address.getAddress();
    InetAddress b = other.address.getAddress();
    return a.equals(b) || a.isAnyLocalAddress() || b.isAnyLocalAddress();
  }

  String uri() {
    InetAddress a = address.getAddress();
    String host = a.getHostAddress();
    return scheme + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  private static <T> Parsed<T> bad(String why, String text) {
    return Parsed.invalid(why + " in " + Parsed.quote(text));
  }
}
