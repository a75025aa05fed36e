package vn.soctinh.analyzer.decode.netflow;

import java.net.InetAddress;

/**
 * Addresses and octets as text without any look-up: IPv4 dotted quads, IPv6 in the RFC 5952
 * canonical form (lower case, longest run of zero groups as {@code ::}), MAC addresses in the ECS
 * form {@code AA-BB-CC-DD-EE-FF}, other octets as lower-case hex.
 */
final class IpText {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();

  private IpText() {}

  static String of(InetAddress a) {
    byte[] b = a.getAddress();
    return b.length == 4 ? ipv4(b, 0) : ipv6(b, 0);
  }

  static String ipv4(byte[] b, int i) {
    StringBuilder s = new StringBuilder(15);
    for (int k = 0; k < 4; k++) {
      if (k > 0) s.append('.');
      s.append(b[i + k] & 0xFF);
    }
    return s.toString();
  }

  static String ipv6(byte[] b, int i) {
    int[] g = new int[8];
    for (int k = 0; k < 8; k++) g[k] = BigEndian.u16(b, i + 2 * k);
    // ::ffff:a.b.c.d, the form RFC 5952 section 5 recommends for IPv4-mapped addresses
    if (g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xFFFF) return "::ffff:" + ipv4(b, i + 12);
    int bestStart = -1;
    int bestLen = 1;
    for (int k = 0; k < 8;) {
      if (g[k] != 0) {
        k++;
        continue;
      }
      int start = k;
      while (k < 8 && g[k] == 0) k++;
      if (k - start > bestLen) {
        bestStart = start;
        bestLen = k - start;
      }
    }
    StringBuilder s = new StringBuilder(39);
    for (int k = 0; k < 8; k++) {
      if (k == bestStart) {
        s.append("::");
        k += bestLen - 1;
        continue;
      }
      if (s.length() > 0 && s.charAt(s.length() - 1) != ':') s.append(':');
      s.append(Integer.toHexString(g[k]));
    }
    return s.toString();
  }

  static String mac(byte[] b, int i) {
    char[] c = new char[17];
    for (int k = 0; k < 6; k++) {
      int v = b[i + k] & 0xFF;
      c[3 * k] = HEX_UPPER[v >> 4];
      c[3 * k + 1] = HEX_UPPER[v & 0xF];
      if (k < 5) c[3 * k + 2] = '-';
    }
    return new String(c);
  }

  static String hex(byte[] b, int i, int len) {
    char[] c = new char[2 * len];
    for (int k = 0; k < len; k++) {
      int v = b[i + k] & 0xFF;
      c[2 * k] = HEX[v >> 4];
      c[2 * k + 1] = HEX[v & 0xF];
    }
    return new String(c);
  }
}
