package vn.soctinh.analyzer.decode.netflow;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * NetFlow v5: a 24-byte header and up to 30 fixed 48-byte records. The record layout is expressed
 * as a template of the IPFIX elements v9 later numbered the same way, so v5 flows come out with the
 * same field names as v9 and IPFIX ones.
 */
final class NetflowV5Reader {
  static final int HEADER_BYTES = 24;
  static final int RECORD_BYTES = 48;
  private static final int PADDING = 210;
  /** Element id and length of each v5 record field, in order (Cisco's v5 format). */
  private static final int[][] LAYOUT = {
      {8, 4}, {12, 4}, {15, 4}, {10, 2}, {14, 2}, {2, 4}, {1, 4}, {22, 4}, {21, 4}, {7, 2}, {11, 2},
      {PADDING, 1}, {6, 1}, {4, 1}, {5, 1}, {16, 2}, {17, 2}, {9, 1}, {13, 1}, {PADDING, 2}};

  private final Template template;

  NetflowV5Reader(InformationElements table) {
    InformationElement[] elements = new InformationElement[LAYOUT.length];
    int[] lengths = new int[LAYOUT.length];
    for (int i = 0; i < LAYOUT.length; i++) {
      elements[i] = table.element(LAYOUT[i][0], InformationElement.IANA);
      lengths[i] = LAYOUT[i][1];
    }
    template = new Template(0, false, 0, elements, lengths);
  }

  void read(byte[] b, InetSocketAddress exporter, Instant receivedAt, Object origin, FlowDecoder d) {
    if (b.length < HEADER_BYTES) {
      d.broken(new FlowContext(exporter, receivedAt, 5, receivedAt.toEpochMilli(), -1, 0, origin), b, 0, b.length,
          "NetFlow v5: the packet has " + b.length + " bytes, less than the 24-byte header");
      return;
    }
    int count = BigEndian.u16(b, 2);
    long uptime = BigEndian.u32(b, 4);
    long exportMillis = BigEndian.u32(b, 8) * 1000 + BigEndian.u32(b, 12) / 1_000_000;
    FlowContext ctx = new FlowContext(exporter, receivedAt, 5, exportMillis, uptime, 0, origin);
    int end = HEADER_BYTES + count * RECORD_BYTES;
    if (end > b.length) {
      d.broken(ctx, b, 0, b.length, "NetFlow v5: the header (count at byte 2) announces " + count + " records, " + end
          + " bytes with the header, but the packet has " + b.length);
      return;
    }
    int engineType = BigEndian.u8(b, 20);
    int engineId = BigEndian.u8(b, 21);
    int sampling = BigEndian.u16(b, 22);
    d.fixedRecords(ctx, template, b, HEADER_BYTES, end, e -> {
      e.put("netflow.engine_type", (long) engineType);
      e.put("netflow.engine_id", (long) engineId);
      // two bits of sampling mode, fourteen of interval
      if ((sampling & 0x3FFF) != 0) {
        e.put("netflow.sampling_interval", (long) (sampling & 0x3FFF));
        e.put("netflow.sampling_algorithm", (long) (sampling >>> 14));
      }
    });
    if (end < b.length) {
      d.broken(ctx, b, end, b.length, "NetFlow v5: " + (b.length - end) + " bytes at byte " + end + " after the " + count
          + " records the header announces");
    }
  }
}
