package vn.soctinh.app.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A sender network from the {@code sources:} table: {@code 10.10.0.0/16}, {@code 2001:db8::/32}, or
 * a single address (a /32 or /128). Host bits must be zero, so that a typo such as
 * {@code 10.10.1.0/16} is caught instead of silently covering the whole /16.
 *
 * @param canonical the network in Java's canonical text, used to find duplicates across agencies
 */
record Cidr(String canonical) {

  static Parsed<Cidr> parse(String text) {
    String expected = "expected an IPv4 or IPv6 network like 10.10.0.0/16 or 2001:db8::/32";
    int slash = text.indexOf('/');
    String addrText = slash < 0 ? text : text.substring(0, slash);
    InetAddress addr = IpLiterals.parse(addrText);
    if (addr == null) return Parsed.expected(expected, text);
    if (addr instanceof Inet4Address && addrText.indexOf(':') >= 0) {
      return Parsed.invalid("IPv4-mapped IPv6 networks are not supported, write the IPv4 network instead of " + Parsed.quote(text));
    }
    byte[] bytes = addr.getAddress();
    int maxPrefix = bytes.length * 8;
    int prefix = maxPrefix;
    if (slash >= 0) {
      String p = text.substring(slash + 1);
      prefix = -1;
      if (!p.isEmpty() && p.length() <= 3 && p.chars().allMatch(c -> c >= '0' && c <= '9')) prefix = Integer.parseInt(p);
      if (prefix < 0 || prefix > maxPrefix) {
        return Parsed.invalid("prefix length must be 0 to " + maxPrefix + " in " + Parsed.quote(text));
      }
    }
    byte[] network = bytes.clone();
    for (int bit = prefix; bit < maxPrefix; bit++) network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    String canonical = host(network) + "/" + prefix;
    if (!java.util.Arrays.equals(network, bytes)) {
      return Parsed.invalid("host bits are set in " + Parsed.quote(text) + "; did you mean " + canonical + "?");
    }
    return Parsed.ok(new Cidr(canonical));
  }

  private static String host(byte[] b) {
    try {
      return InetAddress.getByAddress(b).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // only thrown for a wrong array length
    }
  }
}
