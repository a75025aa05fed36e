package vn.soctinh.app.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import vn.soctinh.collector.source.Cidr;

/**
 * A sender network as the configuration writes it ({@code sources:}, {@code drills.injectors}):
 * {@code 10.10.0.0/16}, {@code 2001:db8::/32}, or a single address (a /32 or /128), read strictly
 * into the one {@link Cidr} type: host bits must be zero, so that a typo such as
 * {@code 10.10.1.0/16} is caught instead of silently covering the whole /16.
 */
final class NetworkText {
  private NetworkText() {}

  static Parsed<Cidr> parse(String text) {
    String expected = "expected an IPv4 or IPv6 network like 10.10.0.0/16 or 2001:db8::/32";
    int slash = text.indexOf('/');
    String addrText = slash < 0 ? text : text.substring(0, slash);
    InetAddress addr = IpLiterals.parse(addrText);
    if (addr == null) return Parsed.expected(expected, text);
    if (addr instanceof Inet4Address && addrText.indexOf(':') >= 0) {
      return Parsed.invalid("IPv4-mapped IPv6 networks are not supported, write the IPv4 network instead of " + Parsed.quote(text));
    }
    int maxPrefix = addr.getAddress().length * 8;
    int prefix = maxPrefix;
    if (slash >= 0) {
      String p = text.substring(slash + 1);
      prefix = -1;
      if (!p.isEmpty() && p.length() <= 3 && p.chars().allMatch(c -> c >= '0' && c <= '9')) prefix = Integer.parseInt(p);
      if (prefix < 0 || prefix > maxPrefix) {
        return Parsed.invalid("prefix length must be 0 to " + maxPrefix + " in " + Parsed.quote(text));
      }
    }
    Cidr c = Cidr.of(addr.getAddress(), prefix);
    if (!java.util.Arrays.equals(c.network(), addr.getAddress())) {
      return Parsed.invalid("host bits are set in " + Parsed.quote(text) + "; did you mean " + c + "?");
    }
    return Parsed.ok(c);
  }
}
