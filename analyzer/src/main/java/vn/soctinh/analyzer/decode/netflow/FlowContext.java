package vn.soctinh.analyzer.decode.netflow;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * What the header of one export packet says, needed to read its records: who sent it, when, and the
 * clocks that relative flow times are counted on. Kept with data held for a missing template, so
 * that the data is read as of the packet it came in. Immutable.
 */
final class FlowContext {
  final InetSocketAddress exporter;
  final Instant receivedAt;
  /** 5, 9 or 10 (IPFIX). */
  final int version;
  /** The header's export time (Unix milliseconds). */
  final long exportMillis;
  /** The exporter's sysUpTime at export (v5, v9), or -1 (IPFIX headers have none). */
  final long uptimeMillis;
  /** v9 source id or IPFIX observation domain id; 0 for v5. */
  final long domain;
  /** The caller's opaque tag, handed back with every event made from this packet. */
  final Object origin;
  /** The exporter's IP as text, or null when unknown. */
  final String observerIp;
  /** IP:port ([IPv6]:port) for netflow.exporter.address, or null. */
  final String exporterAddress;
  final Instant exportTime;

  FlowContext(InetSocketAddress exporter, Instant receivedAt, int version, long exportMillis, long uptimeMillis, long domain, Object origin) {
    this.exporter = exporter;
    this.receivedAt = receivedAt;
    this.version = version;
    this.exportMillis = exportMillis;
    this.uptimeMillis = uptimeMillis;
    this.domain = domain;
    this.origin = origin;
    InetAddress a = exporter == null ? null : exporter.getAddress();
    this.observerIp = a == null ? null : IpText.of(a);
    this.exporterAddress = a == null ? null : (observerIp.indexOf(':') >= 0 ? "[" + observerIp + "]" : observerIp) + ":" + exporter.getPort();
    this.exportTime = Instant.ofEpochMilli(exportMillis);
  }

  /** The exporter's address for messages: its IP, or "unknown". */
  String exporterName() {
    return observerIp == null ? "unknown" : observerIp;
  }

  TemplateKey key(int templateId) {
    return new TemplateKey(exporter == null ? null : exporter.getAddress(), version, domain, templateId);
  }
}
