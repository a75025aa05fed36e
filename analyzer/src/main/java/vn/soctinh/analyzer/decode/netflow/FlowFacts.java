package vn.soctinh.analyzer.decode.netflow;

import java.time.Duration;
import java.time.Instant;
import vn.soctinh.analyzer.event.Event;

/**
 * The values of one flow record that ECS fields are made from, gathered while its fields are read,
 * then written as {@code source.*}, {@code destination.*}, {@code network.*}, {@code observer.*}
 * and {@code event.start/end}. Reused record after record (one decoder, one thread), so reading a
 * record allocates no map.
 */
final class FlowFacts {
  private static final long NONE = -1;
  private static final long MIN_EPOCH_SECS = -62_167_219_200L; // 0000-01-01
  private static final long MAX_EPOCH_SECS = 253_402_300_799L; // 9999-12-31T23:59:59
  /** event.duration is in nanoseconds, a long: about 292 years. */
  private static final long MAX_DURATION_SECS = 9_000_000_000L;

  private String srcIp;
  private String dstIp;
  private boolean ipv6;
  private long srcPort;
  private long dstPort;
  private long protocol;
  private long octets;
  private long initiatorOctets;
  private long responderOctets;
  private long reverseOctets;
  private long packets;
  private long initiatorPackets;
  private long responderPackets;
  private long reversePackets;
  private long ingress;
  private long egress;
  private long direction;
  private String srcMac;
  private String dstMac;
  private long vlan;
  private String natSrcIp;
  private String natDstIp;
  private long natSrcPort;
  private long natDstPort;
  private Instant start;
  private Instant end;
  private long startUptime;
  private long endUptime;
  private long startDeltaMicros;
  private long endDeltaMicros;
  private long durationMicros;
  /** systemInitTimeMilliseconds when this record carries it. */
  Instant systemInit;

  FlowFacts() {
    reset();
  }

  void reset() {
    srcIp = dstIp = srcMac = dstMac = natSrcIp = natDstIp = null;
    ipv6 = false;
    srcPort = dstPort = protocol = NONE;
    octets = initiatorOctets = responderOctets = reverseOctets = NONE;
    packets = initiatorPackets = responderPackets = reversePackets = NONE;
    ingress = egress = direction = vlan = natSrcPort = natDstPort = NONE;
    start = end = systemInit = null;
    startUptime = endUptime = startDeltaMicros = endDeltaMicros = durationMicros = NONE;
  }

  /** Notes a decoded field when ECS has a place for it; a delta counter wins over a total one. */
  void accept(InformationElement el, Object v) {
    if (el.reverse()) {
      switch (el.id()) {
        case 1 -> reverseOctets = num(v);
        case 85 -> reverseOctets = first(reverseOctets, v);
        case 2 -> reversePackets = num(v);
        case 86 -> reversePackets = first(reversePackets, v);
        default -> { }
      }
      return;
    }
    if (!el.iana()) return;
    switch (el.id()) {
      case 8 -> srcIp = first(srcIp, v);
      case 27 -> { if (srcIp == null) { srcIp = text(v); ipv6 = true; } }
      case 12 -> dstIp = first(dstIp, v);
      case 28 -> { if (dstIp == null) { dstIp = text(v); ipv6 = true; } }
      case 7 -> srcPort = num(v);
      case 180, 182 -> srcPort = first(srcPort, v);
      case 11 -> dstPort = num(v);
      case 181, 183 -> dstPort = first(dstPort, v);
      case 4 -> protocol = num(v);
      case 1 -> octets = num(v);
      case 85 -> octets = first(octets, v);
      case 231 -> initiatorOctets = num(v);
      case 232 -> responderOctets = num(v);
      case 2 -> packets = num(v);
      case 86 -> packets = first(packets, v);
      case 298 -> initiatorPackets = num(v);
      case 299 -> responderPackets = num(v);
      case 10 -> ingress = num(v);
      case 252 -> ingress = first(ingress, v);
      case 14 -> egress = num(v);
      case 253 -> egress = first(egress, v);
      case 61 -> direction = num(v);
      case 56 -> srcMac = text(v);
      case 80 -> dstMac = text(v);
      case 58 -> vlan = num(v);
      case 243 -> vlan = first(vlan, v);
      case 225, 281 -> natSrcIp = first(natSrcIp, v);
      case 226, 282 -> natDstIp = first(natDstIp, v);
      case 227 -> natSrcPort = num(v);
      case 228 -> natDstPort = num(v);
      case 150, 152, 154, 156 -> start = time(v);
      case 151, 153, 155, 157 -> end = time(v);
      case 22 -> startUptime = num(v);
      case 21 -> endUptime = num(v);
      case 158 -> startDeltaMicros = num(v);
      case 159 -> endDeltaMicros = num(v);
      case 161 -> durationMicros = first(durationMicros, num(v) * 1000);
      case 162 -> durationMicros = num(v);
      case 160 -> systemInit = time(v);
      default -> { }
    }
  }

  private static long first(long current, Object v) {
    return current != NONE ? current : num(v);
  }

  private static String first(String current, Object v) {
    return current != null ? current : text(v);
  }

  // The table gives each element one type, so these only guard against a table edit gone wrong.
  private static long num(Object v) {
    return v instanceof Long l && l >= 0 ? l : NONE;
  }

  private static String text(Object v) {
    return v instanceof String s ? s : null;
  }

  private static Instant time(Object v) {
    return v instanceof Instant t ? t : null;
  }

  /**
   * Writes the ECS fields of a flow record. {@code knownSystemInit} is the exporter's
   * systemInitTimeMilliseconds from an earlier options record (IPFIX), or null.
   */
  void writeFlow(Event e, FlowContext ctx, Instant knownSystemInit, InformationElements table) {
    if (srcIp != null) e.put("source.ip", srcIp);
    if (dstIp != null) e.put("destination.ip", dstIp);
    if (srcIp != null || dstIp != null) e.put("network.type", ipv6 ? "ipv6" : "ipv4");
    // ICMP puts type and code where ports go; they are not ports
    boolean icmp = protocol == 1 || protocol == 58;
    if (!icmp && srcPort != NONE) e.put("source.port", srcPort);
    if (!icmp && dstPort != NONE) e.put("destination.port", dstPort);
    if (protocol != NONE) {
      e.put("network.iana_number", Long.toString(protocol));
      String name = table.protocol((int) protocol);
      if (name != null) e.put("network.transport", name);
    }
    counts(e, "bytes", octets != NONE ? octets : initiatorOctets, reverseOctets != NONE ? reverseOctets : responderOctets);
    counts(e, "packets", packets != NONE ? packets : initiatorPackets, reversePackets != NONE ? reversePackets : responderPackets);
    if (ingress != NONE) e.put("observer.ingress.interface.id", Long.toString(ingress));
    if (egress != NONE) e.put("observer.egress.interface.id", Long.toString(egress));
    if (direction == 0) e.put("network.direction", "ingress");
    else if (direction == 1) e.put("network.direction", "egress");
    if (srcMac != null) e.put("source.mac", srcMac);
    if (dstMac != null) e.put("destination.mac", dstMac);
    if (vlan != NONE) e.put("network.vlan.id", Long.toString(vlan));
    if (natSrcIp != null) e.put("source.nat.ip", natSrcIp);
    if (natDstIp != null) e.put("destination.nat.ip", natDstIp);
    if (natSrcPort != NONE) e.put("source.nat.port", natSrcPort);
    if (natDstPort != NONE) e.put("destination.nat.port", natDstPort);
    times(e, ctx, systemInit != null ? systemInit : knownSystemInit);
  }

  private static void counts(Event e, String what, long forward, long reverse) {
    if (forward == NONE && reverse == NONE) return;
    if (forward != NONE) e.put("source." + what, forward);
    if (reverse != NONE) e.put("destination." + what, reverse);
    e.put("network." + what, (forward == NONE ? 0 : forward) + (reverse == NONE ? 0 : reverse));
  }

  /** event.start/end/duration and @timestamp (the flow's end, else its start, else the export time). */
  void times(Event e, FlowContext ctx, Instant init) {
    Instant s = start;
    Instant f = end;
    if (s == null) s = relative(ctx, init, startUptime, startDeltaMicros);
    if (f == null) f = relative(ctx, init, endUptime, endDeltaMicros);
    if (durationMicros != NONE) {
      if (s != null && f == null) f = s.plusNanos(durationMicros * 1000);
      else if (f != null && s == null) s = f.minusNanos(durationMicros * 1000);
    }
    s = storable(s);
    f = storable(f);
    if (s != null) e.put("event.start", s);
    if (f != null) e.put("event.end", f);
    if (s != null && f != null && !f.isBefore(s)) {
      Duration d = Duration.between(s, f);
      if (d.getSeconds() < MAX_DURATION_SECS) e.put("event.duration", d.toNanos());
    }
    e.put("@timestamp", f != null ? f : s != null ? s : ctx.exportTime);
  }

  /** Null for a time a store cannot hold (outside years 0..9999): a broken clock, not a flow time. */
  private static Instant storable(Instant t) {
    return t == null || t.getEpochSecond() < MIN_EPOCH_SECS || t.getEpochSecond() > MAX_EPOCH_SECS ? null : t;
  }

  /** A time given relative to the exporter's clocks, or null when this packet says nothing to anchor it. */
  private static Instant relative(FlowContext ctx, Instant init, long uptime, long deltaMicros) {
    if (uptime != NONE) {
      if (ctx.uptimeMillis >= 0) {
        // v5/v9: the header pairs sysUpTime with the wall clock; the difference is taken modulo
        // 2^32 ms (the counter wraps every 49.7 days) and as signed, for a flow that ends just after it
        int ago = (int) (ctx.uptimeMillis - uptime);
        return Instant.ofEpochMilli(ctx.exportMillis - ago);
      }
      return init == null ? null : init.plusMillis(uptime);
    }
    if (deltaMicros != NONE) return Instant.ofEpochMilli(ctx.exportMillis).minusNanos(deltaMicros * 1000);
    return null;
  }
}
