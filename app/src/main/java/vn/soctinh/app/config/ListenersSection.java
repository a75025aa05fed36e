package vn.soctinh.app.config;

import static vn.soctinh.app.config.Sizes.GIB;
import static vn.soctinh.app.config.Sizes.KIB;
import static vn.soctinh.app.config.Sizes.MIB;

import java.util.ArrayList;
import java.util.HashMap;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import vn.soctinh.analyzer.parse.ParseSettings.ListenerParsing;
import vn.soctinh.collector.net.HttpSettings;
import vn.soctinh.collector.net.StreamSettings;
import vn.soctinh.collector.net.TlsSettings;
import vn.soctinh.collector.net.UdpSettings;

/**
 * The {@code listeners:} section: one reader per listener, then the check that no two TCP-based
 * listeners, and no two UDP ones (syslog, NetFlow, IPFIX), bind the same port. A disabled listener's keys are still read (so typos are found),
 * but its files and ports are not checked.
 */
final class ListenersSection {
  record Listeners(UdpSettings syslogUdp, StreamSettings syslogTcp, StreamSettings syslogTls, StreamSettings relp, HttpSettings http,
      Map<String, ListenerParsing> parsing, UdpSettings netflow, UdpSettings ipfix) {}

  /** An enabled listener, for the port check (TCP-based ones among themselves, UDP ones among themselves). */
  private record Bound(ConfigNode node, ListenAddress listen) {}

  static final String DEFAULT_UDP = "udp://0.0.0.0:5514";
  static final String DEFAULT_TCP = "tcp://0.0.0.0:5514";
  static final String DEFAULT_TLS = "tls://0.0.0.0:6514";
  static final String DEFAULT_RELP = "tcp://0.0.0.0:2514";
  static final String DEFAULT_HTTP = "http://0.0.0.0:8080";
  /** The ports exporters use by default: 2055 for NetFlow (Cisco's), 4739 for IPFIX (IANA, RFC 7011). */
  static final String DEFAULT_NETFLOW = "udp://0.0.0.0:2055";
  static final String DEFAULT_IPFIX = "udp://0.0.0.0:4739";

  private ListenersSection() {}

  /** {@code anySourceToken}: whether some agency has an HTTP token (for {@code http.require_token}). */
  static Listeners read(ConfigNode root, boolean anySourceToken) {
    ConfigNode all = root.section("listeners");
    List<Bound> bound = new ArrayList<>();
    List<Bound> udpBound = new ArrayList<>();
    Map<String, ListenerParsing> parsing = new HashMap<>();
    UdpSettings udp = udp(parsed(all.section("syslog_udp"), "syslog_udp", parsing), "syslog_udp", DEFAULT_UDP, udpBound);
    StreamSettings tcp = stream(parsed(all.section("syslog_tcp"), "syslog_tcp", parsing), "syslog_tcp", DEFAULT_TCP, List.of("tcp"), bound);
    StreamSettings tls = stream(parsed(all.section("syslog_tls"), "syslog_tls", parsing), "syslog_tls", DEFAULT_TLS, List.of("tls"), bound);
    StreamSettings relp = stream(parsed(all.section("relp"), "relp", parsing), "relp", DEFAULT_RELP, List.of("tcp", "tls"), bound);
    HttpSettings http = http(parsed(all.section("http"), "http", parsing), anySourceToken, bound);
    UdpSettings netflow = udp(flowParsed(all.section("netflow"), "netflow", parsing), "netflow", DEFAULT_NETFLOW, udpBound);
    UdpSettings ipfix = udp(flowParsed(all.section("ipfix"), "ipfix", parsing), "ipfix", DEFAULT_IPFIX, udpBound);
    all.finish();
    checkPorts(bound);
    checkPorts(udpBound);
    return new Listeners(udp, tcp, tls, relp, http, parsing, netflow, ipfix);
  }

  /** A flow listener's {@code format} (netflow unless set; no {@code parser}: flows have no content parser). */
  private static ConfigNode flowParsed(ConfigNode n, String name, Map<String, ListenerParsing> parsing) {
    ListenerParsing p = ParsingKeys.flowListener(n);
    if (p.format() != null) parsing.put(name, p);
    return n;
  }

  /** Reads the listener's format/parser keys (before its own finish() checks for unknown keys). */
  private static ConfigNode parsed(ConfigNode n, String name, Map<String, ListenerParsing> parsing) {
    ListenerParsing p = ParsingKeys.listener(n);
    if (p.format() != null || p.parser() != null) parsing.put(name, p);
    return n;
  }

  private static UdpSettings udp(ConfigNode n, String name, String defaultListen, List<Bound> bound) {
    boolean enabled = n.bool("enabled", true);
    ListenAddress listen = listen(n, defaultListen, List.of("udp"));
    int rcvbuf = n.intSize("rcvbuf_bytes", UdpSettings.DEFAULT_RCVBUF_BYTES, (int) (4 * KIB), (int) GIB);
    // 480 is the least a syslog receiver must accept (RFC 5426); 65535 the most a datagram carries
    int maxMessage = n.intSize("max_message_bytes", UdpSettings.DEFAULT_MAX_MESSAGE_BYTES, 480, 65535);
    n.finish();
    if (!enabled) return null;
    bound.add(new Bound(n, listen));
    return new UdpSettings(name, listen.address(), rcvbuf, maxMessage);
  }

  private static StreamSettings stream(ConfigNode n, String name, String defaultListen, List<String> schemes, List<Bound> bound) {
    boolean enabled = n.bool("enabled", true);
    ListenAddress listen = listen(n, defaultListen, schemes);
    int maxFrame = n.intSize("max_frame_bytes", StreamSettings.DEFAULT_MAX_FRAME_BYTES, (int) KIB, (int) (64 * MIB));
    int maxConnections = n.intValue("max_connections", StreamSettings.DEFAULT_MAX_CONNECTIONS, 1, 1_000_000);
    int perSource = n.intValue("max_connections_per_source", StreamSettings.DEFAULT_MAX_CONNECTIONS_PER_SOURCE, 1, 1_000_000);
    int idle = (int) n.duration("idle_timeout_secs", StreamSettings.DEFAULT_IDLE_TIMEOUT_SECS, 1, 7 * 86_400);
    int inflight = n.intSize("max_inflight_bytes", StreamSettings.DEFAULT_MAX_INFLIGHT_BYTES, (int) (64 * KIB), (int) GIB);
    if (perSource > maxConnections) {
      n.error("max_connections_per_source", "must not be more than max_connections (" + maxConnections + ") but was " + perSource);
    }
    if (inflight < maxFrame) {
      n.error("max_inflight_bytes", "must be at least max_frame_bytes (" + Sizes.format(maxFrame) + ") but was " + Sizes.format(inflight));
    }
    TlsSettings tls = null;
    if (schemes.contains("tls")) {
      TlsSettings read = TlsSection.read(n);
      if (!listen.scheme().equals("tls")) {
        TlsSection.refuseWithoutTls(n, read);
      } else {
        if (enabled) TlsSection.check(n, read);
        tls = read;
      }
    }
    n.finish();
    if (!enabled) return null;
    bound.add(new Bound(n, listen));
    return new StreamSettings(name, listen.address(), maxFrame, maxConnections, perSource, idle, inflight, tls);
  }

  private static HttpSettings http(ConfigNode n, boolean anySourceToken, List<Bound> bound) {
    boolean enabled = n.bool("enabled", true);
    ListenAddress listen = listen(n, DEFAULT_HTTP, List.of("http", "https"));
    Path cert = n.filePath("cert_file", "");
    Path key = n.filePath("key_file", "");
    if ((cert == null) != (key == null)) n.error(cert == null ? "cert_file" : "key_file", "cert_file and key_file go together");
    boolean https = listen.scheme().equals("https");
    if (!https && cert != null) n.error("cert_file", "is set but listen is http://; use https://");
    int maxBody = n.intSize("max_body_bytes", HttpSettings.DEFAULT_MAX_BODY_BYTES, (int) KIB, (int) GIB);
    boolean requireToken = n.bool("require_token", false);
    int maxConnections = n.intValue("max_connections", HttpSettings.DEFAULT_MAX_CONNECTIONS, 1, 1_000_000);
    int idle = n.intValue("idle_timeout_secs", HttpSettings.DEFAULT_IDLE_TIMEOUT_SECS, 1, 86_400);
    n.finish();
    if (!enabled) return null;
    if (requireToken && !anySourceToken) {
      n.error("require_token", "is true but no agency in sources has tokens, so every ingest request would be refused");
    }
    bound.add(new Bound(n, listen));
    return new HttpSettings("http", listen.address(), maxBody, requireToken, maxConnections, https ? new HttpSettings.Tls(cert, key) : null, idle);
  }

  private static ListenAddress listen(ConfigNode n, String defaultListen, List<String> schemes) {
    ListenAddress def = ListenAddress.of(defaultListen, schemes.get(0));
    return n.value("listen", def, "expected a URI like " + defaultListen, text -> ListenAddress.parse(text, schemes));
  }

  /** Two TCP-based listeners on one port cannot both bind; report it where the file sets a port. */
  private static void checkPorts(List<Bound> bound) {
    for (int j = 1; j < bound.size(); j++) {
      for (int i = 0; i < j; i++) {
        Bound a = bound.get(i);
        Bound b = bound.get(j);
        if (!a.listen().clashesWith(b.listen())) continue;
        Bound here = b.node().has("listen") || !a.node().has("listen") ? b : a;
        Bound other = here == b ? a : b;
        Position otherAt = other.node().has("listen") ? other.node().at("listen") : Position.NONE;
        here.node().error("listen", "port " + here.listen().address().getPort() + " is already used by "
            + other.node().path("listen") + " " + Parsed.quote(other.listen().uri()) + otherAt.suffix());
        break;
      }
    }
  }
}
