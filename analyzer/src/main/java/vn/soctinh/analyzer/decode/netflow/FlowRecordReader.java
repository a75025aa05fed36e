package vn.soctinh.analyzer.decode.netflow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import vn.soctinh.analyzer.event.Event;

/**
 * Reads the records of one data set with its template: one event per record, every field under
 * {@code netflow.<element name>}, the ECS fields made from them ({@link FlowFacts}), and
 * {@code event.original} = that record's bytes in base64. No I/O, one thread at a time.
 */
final class FlowRecordReader {
  static final List<String> CATEGORY = List.of("network");
  static final List<String> TYPE_FLOW = List.of("connection");
  static final List<String> TYPE_OPTIONS = List.of("info");

  /** Where reading a set stopped and why; the bytes from {@code offset} to the set's end were not read. */
  record Problem(int offset, String message) {}

  private final InformationElements table;
  private final FlowFacts facts = new FlowFacts();

  FlowRecordReader(InformationElements table) {
    this.table = table;
  }

  /**
   * Reads records from {@code from} until fewer bytes than the shortest record remain (RFC 7011
   * section 3.3.1: that is padding). Returns null, or the problem with a record whose
   * variable-length field runs past the set's end.
   */
  Problem readSet(byte[] b, int from, int to, Template t, FlowContext ctx, Instant knownSystemInit, Consumer<Event> out) {
    int p = from;
    while (to - p >= Math.max(1, t.minRecordLength)) {
      int start = p;
      Event e = new Event(t.fieldCount() + 32);
      facts.reset();
      List<String> undecoded = null;
      for (int i = 0; i < t.fieldCount(); i++) {
        int len = t.lengths[i];
        int fieldAt = p;
        if (len == Template.VARIABLE) {
          // RFC 7011 section 7: one length byte, or 255 and a two-byte length
          if (p >= to) return overrun(start, i, t, fieldAt);
          len = BigEndian.u8(b, p++);
          if (len == 255) {
            if (to - p < 2) return overrun(start, i, t, fieldAt);
            len = BigEndian.u16(b, p);
            p += 2;
          }
        }
        if (to - p < len) return overrun(start, i, t, fieldAt);
        InformationElement el = t.elements[i];
        if (el.type() != ElementType.PADDING) {
          Object v = FieldValues.decode(el.type(), b, p, len);
          if (v == null) {
            if (undecoded == null) undecoded = new ArrayList<>(2);
            undecoded.add(el.field().substring("netflow.".length()));
          } else {
            if (t.repeats) putRepeated(e, el.field(), v);
            else e.put(el.field(), v);
            facts.accept(el, v);
          }
        }
        p += len;
      }
      if (undecoded != null) e.put("netflow.undecoded_fields", undecoded);
      finish(e, t, ctx, knownSystemInit, b, start, p);
      out.accept(e);
      if (p == start) break; // templates of zero-length records are refused; never loop on one
    }
    return null;
  }

  /** A repeated element (allowed by RFC 7011) becomes a list rather than overwrite the first value. */
  private static void putRepeated(Event e, String field, Object v) {
    Object old = e.get(field);
    if (old == null) {
      e.put(field, v);
    } else if (old instanceof List<?> list) {
      List<Object> more = new ArrayList<>(list);
      more.add(v);
      e.put(field, more);
    } else {
      e.put(field, List.of(old, v));
    }
  }

  private Problem overrun(int recordStart, int field, Template t, int fieldAt) {
    return new Problem(recordStart, "record at byte " + recordStart + " of template " + t.id + ": field " + (field + 1) + " ("
        + t.elements[field].field().substring("netflow.".length()) + ") at byte " + fieldAt + " runs past the end of its set");
  }

  private void finish(Event e, Template t, FlowContext ctx, Instant knownSystemInit, byte[] b, int start, int end) {
    e.put("event.kind", "event");
    e.put("event.category", CATEGORY);
    e.put("event.type", t.options ? TYPE_OPTIONS : TYPE_FLOW);
    e.put("event.action", t.options ? "netflow_options" : "netflow_flow");
    e.put("event.dataset", "netflow.log");
    e.put("netflow.type", t.options ? "netflow_options" : "netflow_flow");
    if (t.id >= 256) e.putIfAbsent("netflow.template_id", (long) t.id);
    exporterFields(e, ctx);
    if (t.options) facts.times(e, ctx, null);
    else facts.writeFlow(e, ctx, knownSystemInit, table);
    e.put("event.original", Base64.getEncoder().encodeToString(Arrays.copyOfRange(b, start, end)));
  }

  /** observer.ip and netflow.exporter.*: the same on every event from one packet. */
  static void exporterFields(Event e, FlowContext ctx) {
    if (ctx.observerIp != null) e.put("observer.ip", ctx.observerIp);
    if (ctx.exporterAddress != null) e.put("netflow.exporter.address", ctx.exporterAddress);
    e.put("netflow.exporter.version", (long) ctx.version);
    e.put("netflow.exporter.timestamp", ctx.exportTime);
    if (ctx.uptimeMillis >= 0) e.put("netflow.exporter.uptime_millis", ctx.uptimeMillis);
    if (ctx.version != 5) e.put("netflow.exporter.source_id", ctx.domain);
  }
}
