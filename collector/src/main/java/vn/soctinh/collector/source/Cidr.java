package vn.soctinh.collector.source;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 network in CIDR notation; a bare address is a /32 or /128. The one network type
 * of SOC Tỉnh: sender networks (the sources table, drill injectors), organisation networks and the
 * Sigma {@code cidr} modifier all use it; the configuration reads it strictly
 * ({@code vn.soctinh.app.config.NetworkText}), text written by others is read as {@link #parse} does.
 * Its text ({@link #toString}) is canonical: equal networks print the same.
 */
public record Cidr(byte[] network, int prefix) {

  /** The network of {@code address} with {@code prefix} bits (host bits cleared). */
  public static Cidr of(byte[] address, int prefix) {
    if (prefix < 0 || prefix > address.length * 8) throw new IllegalArgumentException("prefix length must be 0.." + address.length * 8);
    return new Cidr(mask(address, prefix), prefix);
  }

  /** As {@link #parse}, or null when the text is not a network. */
  public static Cidr parseOrNull(String s) {
    try {
      return parse(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  public static Cidr parse(String s) {
    String t = s.trim();
    int slash = t.indexOf('/');
    String addr = slash < 0 ? t : t.substring(0, slash);
    if (!addr.matches("[0-9a-fA-F:.]+")) throw new IllegalArgumentException("not an IP address: '" + addr + "'");
    byte[] a;
    try {
      a = InetAddress.getByName(addr).getAddress(); // literal only (checked above): no DNS look-up
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: '" + addr + "'");
    }
    int bits = a.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(t.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad prefix length in '" + s + "'");
      }
      if (prefix < 0 || prefix > bits) throw new IllegalArgumentException("prefix length must be 0.." + bits + " in '" + s + "'");
    }
    return new Cidr(mask(a, prefix), prefix);
  }

  public boolean contains(byte[] addr) {
    if (addr.length != network.length) return false;
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (addr[i] != network[i]) return false;
    }
    int rest = prefix % 8;
    if (rest == 0) return true;
    int m = (0xff << (8 - rest)) & 0xff;
    return (addr[full] & m) == (network[full] & 0xff);
  }

  private static byte[] mask(byte[] a, int prefix) {
    byte[] n = a.clone();
    for (int i = 0; i < n.length; i++) {
      int bitsHere = Math.max(0, Math.min(8, prefix - i * 8));
      n[i] = (byte) (n[i] & ((0xff << (8 - bitsHere)) & 0xff));
    }
    return n;
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
    } catch (UnknownHostException e) {
      return "?/" + prefix;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && c.prefix == prefix && java.util.Arrays.equals(c.network, network);
  }

  @Override
  public int hashCode() {
    return 31 * java.util.Arrays.hashCode(network) + prefix;
  }
}
