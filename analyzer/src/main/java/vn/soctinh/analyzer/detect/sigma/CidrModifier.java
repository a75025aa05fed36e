package vn.soctinh.analyzer.detect.sigma;

import vn.soctinh.collector.source.Cidr;

/** {@code cidr}: each value is an IPv4 or IPv6 network that the field's address must be in. */
final class CidrModifier implements Modifier.ValueKind {
  @Override
  public FieldMatcher.ValueTest test(Object value, ModifiedLine line) {
    String text = String.valueOf(value);
    int slash = text.indexOf('/');
    Cidr c = vn.soctinh.analyzer.parse.Values.isIp(slash < 0 ? text : text.substring(0, slash)) ? Cidr.parseOrNull(text) : null;
    if (c == null) throw new IllegalArgumentException(line.field + "|cidr: not a CIDR: " + value);
    return (e, x) -> x != null && contains(c, FieldMatcher.text(x));
  }

  /** Whether a field's text is an address literal inside the network (no name is looked up). */
  static boolean contains(Cidr c, String ip) {
    if (!vn.soctinh.analyzer.parse.Values.isIp(ip)) return false;
    try {
      return c.contains(java.net.InetAddress.getByName(ip.indexOf('%') > 0 ? ip.substring(0, ip.indexOf('%')) : ip).getAddress());
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
