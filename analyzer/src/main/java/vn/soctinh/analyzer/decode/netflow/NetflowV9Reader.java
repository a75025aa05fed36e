package vn.soctinh.analyzer.decode.netflow;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * NetFlow v9 (RFC 3954): a 20-byte header, then flowsets: templates (id 0), options templates
 * (id 1) and data (id 256 and up, named by their template id). The flowset headers are checked
 * before anything is read, so a packet whose lengths do not add up becomes one _unparsed event
 * and not a few flows plus garbage.
 */
final class NetflowV9Reader {
  static final int HEADER_BYTES = 20;
  private final InformationElements table;

  NetflowV9Reader(InformationElements table) {
    this.table = table;
  }

  void read(byte[] b, InetSocketAddress exporter, Instant receivedAt, Object origin, FlowDecoder d) {
    if (b.length < HEADER_BYTES) {
      d.broken(new FlowContext(exporter, receivedAt, 9, receivedAt.toEpochMilli(), -1, 0, origin), b, 0, b.length,
          "NetFlow v9: the packet has " + b.length + " bytes, less than the 20-byte header");
      return;
    }
    FlowContext ctx = new FlowContext(exporter, receivedAt, 9, BigEndian.u32(b, 8) * 1000, BigEndian.u32(b, 4), BigEndian.u32(b, 16), origin);
    String bad = Sets.check(b, HEADER_BYTES, b.length, "flowset");
    if (bad != null) {
      d.broken(ctx, b, 0, b.length, "NetFlow v9: " + bad);
      return;
    }
    d.heardFrom(ctx);
    for (int p = HEADER_BYTES; p < b.length;) {
      int id = BigEndian.u16(b, p);
      int end = p + BigEndian.u16(b, p + 2);
      String problem = null;
      if (id == 0) problem = templates(b, p + 4, end, ctx, d);
      else if (id == 1) problem = optionsTemplates(b, p + 4, end, ctx, d);
      else if (id >= 256) d.dataSet(ctx, id, b, p, end);
      else problem = "flowset id " + id + " is reserved (0 templates, 1 options templates, 256 and up data)";
      if (problem != null) d.broken(ctx, b, p, end, "NetFlow v9: flowset at byte " + p + ": " + problem);
      p = end;
    }
  }

  private String templates(byte[] b, int p, int end, FlowContext ctx, FlowDecoder d) {
    while (end - p >= 4) {
      int id = BigEndian.u16(b, p);
      int count = BigEndian.u16(b, p + 2);
      if (id == 0 && count == 0 && Sets.zeros(b, p, end)) return null; // padding
      if (id < 256) return "template at byte " + p + " has id " + id + " (template ids start at 256)";
      if (count == 0) { // not in RFC 3954; read as IPFIX reads it, a withdrawal
        d.withdraw(ctx, id);
        p += 4;
        continue;
      }
      if (count > Template.MAX_FIELDS) return "template " + id + " at byte " + p + " has " + count + " fields, more than " + Template.MAX_FIELDS;
      int need = 4 + 4 * count;
      if (end - p < need) return "template " + id + " at byte " + p + " has " + count + " fields (" + need + " bytes) but its flowset ends at byte " + end;
      InformationElement[] elements = new InformationElement[count];
      int[] lengths = new int[count];
      for (int i = 0; i < count; i++) {
        int q = p + 4 + 4 * i;
        elements[i] = table.element(BigEndian.u16(b, q), InformationElement.IANA);
        lengths[i] = BigEndian.u16(b, q + 2);
      }
      String refused = d.template(ctx, new Template(id, false, 0, elements, lengths), p);
      if (refused != null) return refused;
      p += need;
    }
    return null;
  }

  private String optionsTemplates(byte[] b, int p, int end, FlowContext ctx, FlowDecoder d) {
    while (end - p >= 6) {
      int id = BigEndian.u16(b, p);
      int scopeBytes = BigEndian.u16(b, p + 2);
      int optionBytes = BigEndian.u16(b, p + 4);
      if (id == 0 && scopeBytes == 0 && optionBytes == 0 && Sets.zeros(b, p, end)) return null; // padding
      if (id < 256) return "options template at byte " + p + " has id " + id + " (template ids start at 256)";
      if (scopeBytes % 4 != 0 || optionBytes % 4 != 0 || scopeBytes == 0) {
        return "options template " + id + " at byte " + p + " has scope length " + scopeBytes + " and option length " + optionBytes
            + " (each a multiple of 4, the scope not empty)";
      }
      int scopes = scopeBytes / 4;
      int count = scopes + optionBytes / 4;
      if (count > Template.MAX_FIELDS) return "options template " + id + " at byte " + p + " has " + count + " fields, more than " + Template.MAX_FIELDS;
      int need = 6 + scopeBytes + optionBytes;
      if (end - p < need) return "options template " + id + " at byte " + p + " needs " + need + " bytes but its flowset ends at byte " + end;
      InformationElement[] elements = new InformationElement[count];
      int[] lengths = new int[count];
      for (int i = 0; i < count; i++) {
        int q = p + 6 + 4 * i;
        int type = BigEndian.u16(b, q);
        elements[i] = i < scopes ? table.v9Scope(type) : table.element(type, InformationElement.IANA);
        lengths[i] = BigEndian.u16(b, q + 2);
      }
      String refused = d.template(ctx, new Template(id, true, scopes, elements, lengths), p);
      if (refused != null) return refused;
      p += need;
    }
    return null;
  }
}
