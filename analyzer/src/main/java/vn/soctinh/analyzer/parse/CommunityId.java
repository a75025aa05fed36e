package vn.soctinh.analyzer.parse;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * The Community ID (version 1, seed 0) of a flow, {@code network.community_id}: the same string for
 * both directions of a connection whichever sensor saw it, so that a firewall's log line, a
 * Suricata alert and a NetFlow record of one connection can be joined. As the specification
 * (github.com/corelight/community-id-spec) defines it: SHA-1 over seed, the smaller endpoint's
 * address, the other's, the IP protocol, a zero byte, then the two ports (ICMP: type and
 * counterpart type, or type and code for one-way messages), base64, prefixed {@code 1:}.
 * Stateless; no name is ever resolved.
 */
public final class CommunityId {
  private CommunityId() {}

  /** The IANA protocol number of a transport name as parsers write it, or -1 when unknown. */
  public static int protocol(String transport) {
    if (transport == null) return -1;
    Long n = Values.parseLong(transport);
    if (n != null) return n >= 0 && n <= 255 ? n.intValue() : -1;
    return switch (transport.toLowerCase(Locale.ROOT)) {
      case "icmp" -> 1;
      case "igmp" -> 2;
      case "tcp" -> 6;
      case "udp" -> 17;
      case "gre" -> 47;
      case "esp" -> 50;
      case "ah" -> 51;
      case "ipv6-icmp", "icmpv6" -> 58;
      case "eigrp" -> 88;
      case "ospf" -> 89;
      case "pim" -> 103;
      case "vrrp" -> 112;
      case "sctp" -> 132;
      default -> -1;
    };
  }

  /**
   * The id, or null when the flow cannot have one: addresses that are not both IP literals of one
   * family, an unknown protocol, or TCP/UDP/SCTP without ports or ICMP without a type. For ICMP and
   * ICMPv6 the "ports" are the message type and code.
   */
  public static String of(String srcIp, String dstIp, int proto, Long srcPort, Long dstPort) {
    if (proto < 0 || proto > 255 || !Values.isIp(srcIp) || !Values.isIp(dstIp)) return null;
    byte[] s = address(srcIp);
    byte[] d = address(dstIp);
    if (s == null || d == null || s.length != d.length) return null;
    boolean ported = proto == 6 || proto == 17 || proto == 132 || proto == 1 || proto == 58;
    int sp = 0;
    int dp = 0;
    boolean oneWay = false;
    if (ported) {
      if (srcPort == null || srcPort < 0 || srcPort > 65535) return null;
      if (proto == 1 || proto == 58) {
        int type = srcPort.intValue();
        int counterpart = proto == 1 ? icmp4Counterpart(type) : icmp6Counterpart(type);
        sp = type;
        if (counterpart >= 0) {
          dp = counterpart;
        } else {
          oneWay = true; // an unsolicited message: no reply to pair it with, so never reordered
          dp = dstPort == null || dstPort < 0 || dstPort > 255 ? 0 : dstPort.intValue();
        }
      } else {
        if (dstPort == null || dstPort < 0 || dstPort > 65535) return null;
        sp = srcPort.intValue();
        dp = dstPort.intValue();
      }
    }
    if (!oneWay) {
      int c = compare(s, d);
      if (c > 0 || c == 0 && sp > dp) {
        byte[] t = s;
        s = d;
        d = t;
        int tp = sp;
        sp = dp;
        dp = tp;
      }
    }
    byte[] in = new byte[2 + s.length * 2 + 2 + (ported ? 4 : 0)];
    int i = 2; // seed 0
    System.arraycopy(s, 0, in, i, s.length);
    i += s.length;
    System.arraycopy(d, 0, in, i, d.length);
    i += d.length;
    in[i++] = (byte) proto;
    in[i++] = 0;
    if (ported) {
      in[i++] = (byte) (sp >>> 8);
      in[i++] = (byte) sp;
      in[i++] = (byte) (dp >>> 8);
      in[i] = (byte) dp;
    }
    return "1:" + Base64.getEncoder().encodeToString(sha1().digest(in));
  }

  /** Puts {@code network.community_id} from the event's endpoints, transport and ports (ICMP type/code given). */
  public static void put(vn.soctinh.analyzer.event.Event e, Long icmpType, Long icmpCode) {
    int proto = protocol(e.getString("network.transport"));
    if (proto < 0) proto = protocol(e.getString("network.iana_number"));
    boolean icmp = proto == 1 || proto == 58;
    String id = of(e.getString("source.ip"), e.getString("destination.ip"), proto,
        icmp ? icmpType : e.getLong("source.port"), icmp ? icmpCode : e.getLong("destination.port"));
    if (id != null) e.put("network.community_id", id);
  }

  private static int icmp4Counterpart(int type) {
    return switch (type) {
      case 8 -> 0;
      case 0 -> 8;
      case 13 -> 14;
      case 14 -> 13;
      case 15 -> 16;
      case 16 -> 15;
      case 10 -> 9;
      case 17 -> 18;
      case 18 -> 17;
      default -> -1;
    };
  }

  private static int icmp6Counterpart(int type) {
    return switch (type) {
      case 128 -> 129;
      case 129 -> 128;
      case 133 -> 134;
      case 134 -> 133;
      case 135 -> 136;
      case 136 -> 135;
      case 130 -> 131;
      case 131 -> 130;
      case 139 -> 140;
      case 140 -> 139;
      case 144 -> 145;
      case 145 -> 144;
      default -> -1;
    };
  }

  private static int compare(byte[] a, byte[] b) {
    for (int i = 0; i < a.length; i++) {
      int c = Integer.compare(a[i] & 0xff, b[i] & 0xff);
      if (c != 0) return c;
    }
    return 0;
  }

  /** The address's bytes; the text is a checked literal, so nothing is looked up. */
  private static byte[] address(String ip) {
    int pct = ip.indexOf('%');
    try {
      return InetAddress.getByName(pct >= 0 ? ip.substring(0, pct) : ip).getAddress();
    } catch (UnknownHostException | SecurityException ex) {
      return null;
    }
  }

  /** One digest per thread: looking the algorithm up costs more than hashing a flow's few bytes. */
  private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("every Java runtime has SHA-1", ex);
    }
  });

  private static MessageDigest sha1() {
    MessageDigest d = SHA1.get();
    d.reset();
    return d;
  }
}
