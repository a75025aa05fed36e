package vn.soctinh.app.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Turns IP address text into an {@link InetAddress} without ever asking DNS: IPv4 must be four
 * plain decimal parts, IPv6 must contain a colon (Java then parses it as a literal).
 */
final class IpLiterals {
  private IpLiterals() {}

  /** The address, or null when the text is not an IPv4 or IPv6 literal. */
  static InetAddress parse(String text) {
    if (text.indexOf(':') >= 0) return parseV6(text);
    byte[] b = parseV4(text);
    if (b == null) return null;
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static InetAddress parseV6(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
      if (!ok) return null; // zone ids (%eth0) are not accepted: they would make Java look up interfaces
    }
    try {
      return InetAddress.getByName("[" + text + "]"); // brackets: Java parses a literal or fails, never resolves
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static byte[] parseV4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) return null;
    byte[] b = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) return null;
      for (int j = 0; j < p.length(); j++) if (p.charAt(j) < '0' || p.charAt(j) > '9') return null;
      int v = Integer.parseInt(p);
      if (v > 255) return null;
      b[i] = (byte) v;
    }
    return b;
  }
}
