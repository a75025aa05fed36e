package vn.soctinh.analyzer.parse;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The Community ID (version 1, seed 0) of a TCP, UDP or SCTP flow: {@code 1:} and the base64 SHA-1 of
 * the ordered endpoints, the value Elastic's integrations write in {@code network.community_id}, so
 * one flow is found across a firewall's, an IDS's and a NetFlow exporter's events. ICMP (whose type
 * and code stand for ports) is not computed. Never resolves a name: only IP literals are read.
 */
public final class CommunityId {
  private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException(ex);
    }
  });

  private CommunityId() {}

  /** The ID, or null when a field is missing, not an IP literal or port, or the transport has no ports. */
  public static String of(String transport, String srcIp, Object srcPort, String dstIp, Object dstPort) {
    int proto = switch (transport == null ? "" : transport) {
      case "tcp" -> 6;
      case "udp" -> 17;
      case "sctp" -> 132;
      default -> -1;
    };
    if (proto < 0 || !(srcPort instanceof Long sp) || !(dstPort instanceof Long dp) || !Values.isIp(srcIp) || !Values.isIp(dstIp)) return null;
    if (sp < 0 || sp > 65535 || dp < 0 || dp > 65535) return null;
    byte[] a = literal(srcIp);
    byte[] b = literal(dstIp);
    if (a == null || b == null || a.length != b.length) return null;
    // the flow reads the same from both ends: the lower (address, port) goes first
    int c = java.util.Arrays.compareUnsigned(a, b);
    boolean swap = c > 0 || c == 0 && sp > dp;
    MessageDigest md = SHA1.get();
    md.reset();
    md.update(new byte[] {0, 0}); // seed
    md.update(swap ? b : a);
    md.update(swap ? a : b);
    long first = swap ? dp : sp;
    long second = swap ? sp : dp;
    md.update(new byte[] {(byte) proto, 0, (byte) (first >> 8), (byte) first, (byte) (second >> 8), (byte) second});
    return "1:" + Base64.getEncoder().encodeToString(md.digest());
  }

  private static byte[] literal(String ip) {
    try {
      return InetAddress.getByName(ip).getAddress(); // a literal, checked by Values.isIp: no look-up
    } catch (UnknownHostException ex) {
      return null;
    }
  }
}
