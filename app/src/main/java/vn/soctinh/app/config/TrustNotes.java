package vn.soctinh.app.config;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * What in a configuration trusts more than the safe defaults would, said at start so an operator
 * reads it in the journal rather than learns it from an incident: listeners that take lines from
 * anyone who reaches them (plain syslog, NetFlow, the token-less intake), a console without TLS, the
 * field guard off, drill injectors beyond loopback. Each line names the key that changes it.
 */
public final class TrustNotes {
  private TrustNotes() {}

  public static List<String> of(SocTinhConfig c) {
    List<String> out = new ArrayList<>();
    if (c.syslogUdp() != null && !loopback(c.syslogUdp().listen())) out.add(open("listeners.syslog_udp", c.syslogUdp().listen(), "UDP (sender addresses can be forged)"));
    if (c.syslogTcp() != null && !loopback(c.syslogTcp().listen())) out.add(open("listeners.syslog_tcp", c.syslogTcp().listen(), "plain TCP"));
    if (c.relp() != null && c.relp().tls() == null && !loopback(c.relp().listen())) out.add(open("listeners.relp", c.relp().listen(), "RELP without TLS"));
    if (c.http() != null && !c.http().requireToken() && !loopback(c.http().listen())) {
      out.add("listeners.http on " + c.http().listen().getHostString() + ":" + c.http().listen().getPort() + " takes JSON without a token (listeners.http.require_token: false); such events stay unassigned");
    }
    if (c.http() != null && c.http().tls() == null && !loopback(c.http().listen())) {
      out.add("listeners.http on " + c.http().listen().getHostString() + ":" + c.http().listen().getPort()
          + " is plain http://: intake tokens cross the agencies' networks in clear; use https://");
    }
    if (c.netflow() != null && !loopback(c.netflow().listen())) out.add(open("listeners.netflow", c.netflow().listen(), "NetFlow over UDP"));
    if (c.ipfix() != null && !loopback(c.ipfix().listen())) out.add(open("listeners.ipfix", c.ipfix().listen(), "IPFIX over UDP"));
    if (c.console() != null && !c.console().tls()) out.add("console.listen is http://: passwords and sessions cross the network in clear; use https://");
    if (c.analyzer() != null && !c.analyzer().fieldGuard()) out.add("analyzer.field_guard is off: a value of the wrong type can reach the store unchecked");
    if (c.drills() != null) {
      for (String i : c.drills().injectors()) {
        if (!loopbackNetwork(i)) out.add("drills.injectors includes " + i + ": lines from there may mark themselves as drills, which page no one");
      }
    }
    return out;
  }

  private static String open(String key, InetSocketAddress a, String what) {
    return key + " on " + a.getHostString() + ":" + a.getPort() + " takes lines from anyone who reaches it (" + what
        + "); its events count for an agency only when the sender's network, TLS name or token is in that agency's sources";
  }

  /** A CIDR inside 127.0.0.0/8 or ::1/128 (the collector's reading of it, as drills.injectors is read). */
  private static boolean loopbackNetwork(String cidr) {
    try {
      vn.soctinh.collector.source.Cidr c = vn.soctinh.collector.source.Cidr.parse(cidr);
      boolean v4 = c.network().length == 4;
      return java.net.InetAddress.getByAddress(c.network()).isLoopbackAddress() && c.prefix() >= (v4 ? 8 : 128);
    } catch (java.io.IOException | IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean loopback(InetSocketAddress a) {
    return a.getAddress() != null && a.getAddress().isLoopbackAddress();
  }
}
