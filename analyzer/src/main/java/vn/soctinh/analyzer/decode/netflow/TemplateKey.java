package vn.soctinh.analyzer.decode.netflow;

import java.net.InetAddress;

/**
 * Where a template id is valid: per exporter address, protocol version and NetFlow v9 source id /
 * IPFIX observation domain (RFC 3954 section 5.1, RFC 7011 section 8). The exporter's port is left
 * out: exporters restart with a new source port and keep their templates' meaning. The version is
 * in: a device exporting v9 to one collector port and IPFIX to another numbers both from 256.
 *
 * @param exporter the exporter's address, or null when the sender is unknown
 * @param version 9 or 10
 */
record TemplateKey(InetAddress exporter, int version, long domain, int templateId) {}
