package vn.soctinh.app.flows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A classic pcap file (libpcap 2.4, Ethernet) of hand-made IPv4/IPv6 TCP and UDP packets, for
 * flow exporters that read captures (softflowd -r). Checksums are filled for IPv4 headers only;
 * exporters do not check transport checksums.
 */
final class PcapWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  PcapWriter() {
    ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    h.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1); // LINKTYPE_ETHERNET
    out.writeBytes(h.array());
  }

  /** A UDP datagram with {@code payloadBytes} bytes of payload; returns its IP length (what flow counters add up). */
  int udp(Instant at, String src, int srcPort, String dst, int dstPort, int payloadBytes) throws IOException {
    ByteBuffer l4 = ByteBuffer.allocate(8 + payloadBytes);
    l4.putShort((short) srcPort).putShort((short) dstPort).putShort((short) (8 + payloadBytes)).putShort((short) 0);
    return packet(at, src, dst, 17, l4.array());
  }

  /** A TCP segment with the given flags (0x02 SYN, 0x10 ACK, 0x08 PSH, ...); returns its IP length. */
  int tcp(Instant at, String src, int srcPort, String dst, int dstPort, int flags, int payloadBytes) throws IOException {
    ByteBuffer l4 = ByteBuffer.allocate(20 + payloadBytes);
    l4.putShort((short) srcPort).putShort((short) dstPort).putInt(1).putInt(0).put((byte) 0x50).put((byte) flags)
        .putShort((short) 65535).putShort((short) 0).putShort((short) 0);
    return packet(at, src, dst, 6, l4.array());
  }

  private int packet(Instant at, String src, String dst, int protocol, byte[] l4) throws IOException {
    byte[] s = InetAddress.getByName(src).getAddress();
    byte[] d = InetAddress.getByName(dst).getAddress();
    ByteBuffer ip;
    if (s.length == 4) {
      ip = ByteBuffer.allocate(20 + l4.length);
      ip.put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4.length)).putShort((short) 1).putShort((short) 0)
          .put((byte) 64).put((byte) protocol).putShort((short) 0).put(s).put(d);
      ip.putShort(10, checksum(ip.array(), 20));
    } else {
      ip = ByteBuffer.allocate(40 + l4.length);
      ip.putInt(0x60000000).putShort((short) l4.length).put((byte) protocol).put((byte) 64).put(s).put(d);
    }
    ip.put(l4);
    byte[] frame = ByteBuffer.allocate(14 + ip.capacity()).put(new byte[6]).put(new byte[] {2, 0, 0, 0, 0, 1})
        .putShort((short) (s.length == 4 ? 0x0800 : 0x86DD)).put(ip.array()).array();
    ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    rec.putInt((int) at.getEpochSecond()).putInt(at.getNano() / 1000).putInt(frame.length).putInt(frame.length);
    out.writeBytes(rec.array());
    out.writeBytes(frame);
    return ip.capacity();
  }

  private static short checksum(byte[] b, int len) {
    int sum = 0;
    for (int i = 0; i < len; i += 2) sum += (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    while ((sum >> 16) != 0) sum = (sum & 0xFFFF) + (sum >> 16);
    return (short) ~sum;
  }

  Path writeTo(Path file) throws IOException {
    Files.write(file, out.toByteArray());
    return file;
  }
}
