package vn.soctinh.analyzer.decode.netflow;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Builds NetFlow v5, v9 and IPFIX datagrams byte by byte, laid out as RFC 3954 and RFC 7011 (and
 * Cisco's v5 format) say, so that tests state packets field by field instead of as hex.
 */
final class FlowPacketWriter {
  private byte[] buf = new byte[128];
  private int len;
  private final Deque<Integer> open = new ArrayDeque<>();

  /** v5 header: version, count, sysUpTime, unix_secs, unix_nsecs, flow_sequence, engine type/id, sampling. */
  static FlowPacketWriter v5(int count, long uptimeMillis, long unixSecs, long unixNanos) {
    return new FlowPacketWriter().u16(5).u16(count).u32(uptimeMillis).u32(unixSecs).u32(unixNanos).u32(1).u8(1).u8(2).u16(0);
  }

  /** v9 header: version, count, sysUpTime, unix_secs, sequence, source id. */
  static FlowPacketWriter v9(long uptimeMillis, long unixSecs, long sourceId) {
    return new FlowPacketWriter().u16(9).u16(1).u32(uptimeMillis).u32(unixSecs).u32(1).u32(sourceId);
  }

  /** IPFIX message header: version 10, length (filled by {@link #ipfix()}), export time, sequence, domain. */
  static FlowPacketWriter ipfix(long exportSecs, long domain) {
    return new FlowPacketWriter().u16(10).u16(0).u32(exportSecs).u32(1).u32(domain);
  }

  /** One v5 record (48 bytes). */
  FlowPacketWriter v5Record(String src, String dst, String nextHop, int input, int output, long packets, long octets, long first,
      long last, int srcPort, int dstPort, int tcpFlags, int protocol, int tos, int srcAs, int dstAs, int srcMask, int dstMask) {
    return ip(src).ip(dst).ip(nextHop).u16(input).u16(output).u32(packets).u32(octets).u32(first).u32(last).u16(srcPort).u16(dstPort)
        .u8(0).u8(tcpFlags).u8(protocol).u8(tos).u16(srcAs).u16(dstAs).u8(srcMask).u8(dstMask).u16(0);
  }

  /** Opens a set or flowset; {@link #end()} fills in its length. */
  FlowPacketWriter set(int id) {
    open.push(len);
    return u16(id).u16(0);
  }

  FlowPacketWriter end() {
    int start = open.pop();
    return at(start + 2, len - start);
  }

  /** A template record header: id and field count. */
  FlowPacketWriter template(int id, int fieldCount) {
    return u16(id).u16(fieldCount);
  }

  /** Template fields as (type, length) pairs. */
  FlowPacketWriter fields(int... typeLength) {
    for (int v : typeLength) u16(v);
    return this;
  }

  /** An IPFIX enterprise-specific field: the element id with the enterprise bit, its length, the PEN. */
  FlowPacketWriter enterpriseField(int id, int length, long pen) {
    return u16(0x8000 | id).u16(length).u32(pen);
  }

  /** A variable-length value: 1-byte length, or 255 and a 2-byte length when {@code long3} or 255 bytes and more. */
  FlowPacketWriter varText(String text, boolean long3) {
    byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (long3 || b.length >= 255) u8(255).u16(b.length);
    else u8(b.length);
    return bytes(b);
  }

  FlowPacketWriter u8(int v) {
    grow(1);
    buf[len++] = (byte) v;
    return this;
  }

  FlowPacketWriter u16(int v) {
    return u8(v >>> 8).u8(v);
  }

  FlowPacketWriter u32(long v) {
    return u16((int) (v >>> 16) & 0xFFFF).u16((int) v & 0xFFFF);
  }

  FlowPacketWriter u64(long v) {
    return u32(v >>> 32).u32(v & 0xFFFFFFFFL);
  }

  /** An IP literal as 4 or 16 bytes (literals only: no look-up). */
  FlowPacketWriter ip(String literal) {
    try {
      return bytes(InetAddress.getByName(literal).getAddress());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }

  FlowPacketWriter bytes(byte[] b) {
    grow(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
    return this;
  }

  FlowPacketWriter zeros(int n) {
    return bytes(new byte[n]);
  }

  /** Overwrites a 2-byte value already written. */
  FlowPacketWriter at(int offset, int v) {
    buf[offset] = (byte) (v >>> 8);
    buf[offset + 1] = (byte) v;
    return this;
  }

  int position() {
    return len;
  }

  byte[] bytes() {
    return Arrays.copyOf(buf, len);
  }

  /** The IPFIX message with its length field (byte 2) set. */
  byte[] ipfix() {
    at(2, len);
    return bytes();
  }

  private void grow(int n) {
    if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
  }
}
