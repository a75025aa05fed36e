package vn.soctinh.analyzer.decode.netflow;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * IPFIX (RFC 7011): a 16-byte message header, then sets: templates (id 2), options templates (id
 * 3) and data (256 and up). Template fields may carry an enterprise number (high bit of the element
 * id) and a variable length (65535); a template record with no fields withdraws its template, and
 * the ids 2 and 3 withdraw every template of their kind. The set headers are checked before anything
 * is read.
 */
final class IpfixReader {
  static final int HEADER_BYTES = 16;
  private static final int TEMPLATE_SET = 2;
  private static final int OPTIONS_TEMPLATE_SET = 3;
  private final InformationElements table;

  IpfixReader(InformationElements table) {
    this.table = table;
  }

  void read(byte[] b, InetSocketAddress exporter, Instant receivedAt, Object origin, FlowDecoder d) {
    if (b.length < HEADER_BYTES) {
      d.broken(new FlowContext(exporter, receivedAt, 10, receivedAt.toEpochMilli(), -1, 0, origin), b, 0, b.length,
          "IPFIX: the packet has " + b.length + " bytes, less than the 16-byte message header");
      return;
    }
    int length = BigEndian.u16(b, 2);
    FlowContext ctx = new FlowContext(exporter, receivedAt, 10, BigEndian.u32(b, 4) * 1000, -1, BigEndian.u32(b, 12), origin);
    if (length < HEADER_BYTES || length > b.length) {
      d.broken(ctx, b, 0, b.length, "IPFIX: the message length (byte 2) is " + length + " but the packet has " + b.length + " bytes"
          + (length < HEADER_BYTES ? " and the header alone is 16" : ""));
      return;
    }
    String bad = Sets.check(b, HEADER_BYTES, length, "set");
    if (bad != null) {
      d.broken(ctx, b, 0, b.length, "IPFIX: " + bad);
      return;
    }
    d.heardFrom(ctx);
    for (int p = HEADER_BYTES; p < length;) {
      int id = BigEndian.u16(b, p);
      int end = p + BigEndian.u16(b, p + 2);
      String problem = null;
      if (id == TEMPLATE_SET || id == OPTIONS_TEMPLATE_SET) problem = templates(b, p + 4, end, id == OPTIONS_TEMPLATE_SET, ctx, d);
      else if (id >= 256) d.dataSet(ctx, id, b, p, end);
      else problem = "set id " + id + " is reserved (2 templates, 3 options templates, 256 and up data)";
      if (problem != null) d.broken(ctx, b, p, end, "IPFIX: set at byte " + p + ": " + problem);
      p = end;
    }
    if (length < b.length) {
      d.broken(ctx, b, length, b.length, "IPFIX: " + (b.length - length) + " bytes at byte " + length + " after the end of the message");
    }
  }

  private String templates(byte[] b, int p, int end, boolean options, FlowContext ctx, FlowDecoder d) {
    String what = options ? "options template" : "template";
    while (end - p >= 4) {
      int id = BigEndian.u16(b, p);
      int count = BigEndian.u16(b, p + 2);
      if (id == 0 && count == 0 && Sets.zeros(b, p, end)) return null; // padding
      if (count == 0) {
        int all = options ? OPTIONS_TEMPLATE_SET : TEMPLATE_SET;
        if (id == all) d.withdrawAll(ctx, options);
        else if (id >= 256) d.withdraw(ctx, id);
        else return "withdrawal at byte " + p + " names template " + id + " (256 and up, or " + all + " for all)";
        p += 4;
        continue;
      }
      if (id < 256) return what + " at byte " + p + " has id " + id + " (template ids start at 256)";
      if (count > Template.MAX_FIELDS) return what + " " + id + " at byte " + p + " has " + count + " fields, more than " + Template.MAX_FIELDS;
      int q = p + 4;
      int scopes = 0;
      if (options) {
        if (end - q < 2) return what + " " + id + " at byte " + p + " lacks its scope field count";
        scopes = BigEndian.u16(b, q);
        q += 2;
        if (scopes == 0 || scopes > count) return what + " " + id + " at byte " + p + " has scope field count " + scopes + " of " + count + " fields";
      }
      InformationElement[] elements = new InformationElement[count];
      int[] lengths = new int[count];
      for (int i = 0; i < count; i++) {
        if (end - q < 4) return what + " " + id + " at byte " + p + ": field " + (i + 1) + " of " + count + " at byte " + q + " runs past the end of its set";
        int element = BigEndian.u16(b, q);
        lengths[i] = BigEndian.u16(b, q + 2);
        q += 4;
        long pen = InformationElement.IANA;
        if ((element & 0x8000) != 0) {
          // enterprise bit: a 4-byte private enterprise number follows
          if (end - q < 4) return what + " " + id + " at byte " + p + ": the enterprise number of field " + (i + 1) + " at byte " + q + " runs past the end of its set";
          pen = BigEndian.u32(b, q);
          q += 4;
          element &= 0x7FFF;
        }
        elements[i] = table.element(element, pen);
      }
      String refused = d.template(ctx, new Template(id, options, scopes, elements, lengths), p);
      if (refused != null) return refused;
      p = q;
    }
    return null;
  }
}
