package vn.soctinh.analyzer.decode.netflow;

import java.net.InetAddress;

/**
 * Where a template id is valid: per exporter address and NetFlow v9 source id / IPFIX observation
 * domain (RFC 3954 section 5.1, RFC 7011 section 8). The exporter's port is left out: exporters
 * restart with a new source port and keep their templates' meaning.
 *
 * @param exporter the exporter's address, or null when the sender is unknown
 */
record TemplateKey(InetAddress exporter, long domain, int templateId) {}
