package vn.soctinh.analyzer.parse.network;

import java.util.List;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.EventClass;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;
import vn.soctinh.analyzer.parse.Values;

/**
 * An OpenVPN server's messages (program {@code openvpn}, Debian's {@code ovpn-NAME}, or a name
 * starting with {@code openvpn}): a pfSense's, an OPNsense's or a Linux host's. A client's messages start with its peer, {@code ADDRESS:PORT} before it authenticated and
 * {@code NAME/ADDRESS:PORT} after, which gives {@code source.ip}/{@code port} and {@code user.name};
 * pfSense's authentication script writes {@code user 'NAME' authenticated} or {@code ... could not
 * authenticate.}.
 *
 * <p>ECS values as Elastic's pfSense integration sets them for every OpenVPN line (provider and
 * protocol {@code openvpn}; category network, plus authentication for a line about authentication;
 * type info, plus connection when the line names the peer and start when it initiates; outcome
 * failure for an error or a refused user). Elastic gives no action; ours name the message
 * ({@code vpn_login} with the outcome, {@code openvpn_connection_initiated},
 * {@code openvpn_address_assigned} …, {@code openvpn_message} for any other line), so that no
 * OpenVPN line stays unparsed. The client's version, platform and GUI ({@code peer info}) go to
 * {@code pfsense.openvpn.peer_info} on a pfSense source (Elastic's name), {@code openvpn.peer_info}
 * elsewhere. The server's host is {@code observer.name}; the netgate observer is the pfSense
 * source's to add ({@link PfsenseFilterlogParser}), never guessed here.
 */
public final class OpenVpnParser implements ContentParser {
  private static final List<String> NETWORK = EventClass.NETWORK;
  private static final List<String> AUTH_NETWORK = EventClass.AUTH_NETWORK;
  private static final List<String> INFO = EventClass.INFO;
  private static final List<String> CONNECTION_END = EventClass.CONNECTION_END;
  // Elastic's types for a line naming its peer, and for one initiating a connection
  private static final List<String> CONNECTION_INFO = List.of("connection", "info");
  private static final List<String> CONNECTION_START = List.of("connection", "info", "start");

  private final String peerInfoField;

  /** For any OpenVPN server: the peer's information in {@code openvpn.peer_info}. */
  public OpenVpnParser() {
    this("openvpn.peer_info");
  }

  private OpenVpnParser(String peerInfoField) {
    this.peerInfoField = peerInfoField;
  }

  /** For a pfSense source: Elastic's name for the peer's information, {@code pfsense.openvpn.peer_info}. */
  public static OpenVpnParser forPfsense() {
    return new OpenVpnParser("pfsense.openvpn.peer_info");
  }

  @Override
  public String name() {
    return "openvpn";
  }

  @Override
  public Set<String> programs() {
    // ovpn: Debian's openvpn@NAME units name their daemon ovpn-NAME (found by the part before '-')
    return Set.of("openvpn", "ovpn");
  }

  /** A program named after OpenVPN that the registry does not split, such as {@code openvpn_server1}. */
  @Override
  public boolean sniff(LogLine line) {
    String p = line.program();
    return p != null && p.length() > 7 && p.regionMatches(true, 0, "openvpn", 0, 7);
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    String m = line.message().strip();
    if (m.isEmpty()) return ParseOutcome.unrecognised("empty OpenVPN message");
    // the client prefix: "ADDRESS:PORT " or "NAME/ADDRESS:PORT " (a certificate's name may hold spaces)
    int rest = 0;
    String user = null;
    int sp = m.indexOf(' ');
    int wordEnd = sp < 0 ? m.length() : sp;
    if (peer(e, m, 0, wordEnd)) {
      rest = wordEnd;
    } else {
      int slash = m.indexOf('/');
      if (slash > 0 && slash < 256) {
        int end = m.indexOf(' ', slash);
        if (end < 0) end = m.length();
        if (peer(e, m, slash + 1, end)) {
          user = m.substring(0, slash);
          rest = end;
        }
      }
    }
    String text = m.substring(rest).stripLeading();
    boolean hasPeer = rest > 0;

    List<String> category = NETWORK;
    List<String> type = hasPeer ? CONNECTION_INFO : INFO;
    String action;
    String outcome = null;
    boolean peerInfo = text.startsWith("peer info: ");
    if (peerInfo) {
      action = "openvpn_peer_info";
      e.put(peerInfoField, text.substring(11));
    } else if (text.startsWith("[") && text.contains("] Peer Connection Initiated with ")) {
      int close = text.indexOf(']');
      if (user == null && close > 1) user = text.substring(1, close);
      if (!hasPeer) hasPeer = peer(e, text, text.indexOf(" with ") + 6, text.length());
      action = "openvpn_connection_initiated";
      type = CONNECTION_START;
    } else if (text.startsWith("user '")) {
      int q = text.indexOf('\'', 6);
      if (q > 6) user = text.substring(6, q);
      String after = q < 0 ? "" : text.substring(q + 1);
      category = AUTH_NETWORK;
      action = "vpn_login";
      if (after.contains("not auth") || after.contains("could not") || after.contains("failed")) outcome = "failure";
      else if (after.contains("authenticated")) outcome = "success";
      else action = "openvpn_message";
    } else if (text.contains("Username/Password authentication succeeded for username '")) {
      int from = text.indexOf("username '") + 10;
      int q = text.indexOf('\'', from);
      if (q > from) user = text.substring(from, q);
      category = AUTH_NETWORK;
      action = "vpn_login";
      outcome = "success";
    } else if (text.startsWith("TLS Auth Error:") || text.contains("Username/Password verification failed")
        || text.startsWith("AUTH-PAM: ") && text.contains("failed")) {
      category = AUTH_NETWORK;
      action = "vpn_login";
      outcome = "failure";
    } else if (text.startsWith("MULTI_sva: pool returned ")) {
      // the address handed to the client from the pool: its address inside the tunnel
      String v4 = value(text, "IPv4=");
      if (!Values.putIp(e, "source.nat.ip", v4)) Values.putIp(e, "source.nat.ip", value(text, "IPv6="));
      action = "openvpn_address_assigned";
    } else if (text.startsWith("MULTI: primary virtual IP for ")) {
      int colon = text.lastIndexOf(": ");
      if (colon > 0) Values.putIp(e, "source.nat.ip", text.substring(colon + 2).strip());
      action = "openvpn_address_assigned";
    } else if (text.startsWith("MULTI: Learn: ")) {
      action = "openvpn_route_learned";
    } else if (text.startsWith("TLS Error:") || text.startsWith("TLS_ERROR:")) {
      action = "openvpn_tls_error";
      outcome = "failure";
    } else if (text.startsWith("VERIFY OK")) {
      action = "openvpn_certificate_verified";
      outcome = "success";
    } else if (text.startsWith("VERIFY ") && text.contains("ERROR")) {
      action = "openvpn_certificate_error";
      outcome = "failure";
    } else if (text.startsWith("TLS: Initial packet from ")) {
      action = "openvpn_tls_initial_packet";
    } else if (text.contains("Inactivity timeout")) {
      action = "openvpn_inactivity_timeout";
      type = CONNECTION_END;
    } else if (text.startsWith("Connection reset") || text.contains("[soft,connection-reset]")) {
      action = "openvpn_connection_reset";
      type = CONNECTION_END;
    } else if (text.contains("[soft,remote-exit]") || text.contains("client-instance exiting")) {
      action = "openvpn_client_exited";
      type = CONNECTION_END;
    } else {
      action = "openvpn_message";
    }
    // Elastic's rule for the other lines: a line about authentication is also in that category
    if (category == NETWORK && !peerInfo && text.contains("auth")) category = AUTH_NETWORK;
    // a line that names its peer only inside the text ("... from [AF_INET]ADDRESS:PORT")
    if (!hasPeer && lastPeer(e, text)) hasPeer = true;
    if (hasPeer && type == INFO) type = CONNECTION_INFO;
    if (outcome == null && (containsIgnoreCase(text, "error") || text.contains("not auth"))) outcome = "failure";
    if (user != null && !user.isEmpty()) e.put("user.name", user);
    e.put("event.dataset", "openvpn.log");
    // the VPN gateway that wrote the line is the observer, as a proxy is for its requests
    if (line.syslog() != null && line.syslog().hostname != null && !line.syslog().hostname.isEmpty()) e.put("observer.name", line.syslog().hostname);
    e.put("event.provider", "openvpn");
    e.put("network.protocol", "openvpn");
    Object ip = e.get("source.ip");
    if (ip != null) e.put("network.type", ip.toString().indexOf(':') >= 0 ? "ipv6" : "ipv4");
    EventClass.set(e, category, type, action, outcome);
    return ParseOutcome.RECOGNISED;
  }

  /**
   * Reads {@code [AF_INET]ADDRESS:PORT} (the family tag optional, a trailing comma or period
   * dropped) from s[from, to) into source.ip and source.port; false, and nothing put, when it is not one.
   */
  private static boolean peer(Event e, String s, int from, int to) {
    if (from < 0 || to - from < 3) return false;
    if (s.startsWith("[AF_INET6]", from)) from += 10;
    else if (s.startsWith("[AF_INET]", from)) from += 9;
    while (to > from && (s.charAt(to - 1) == ',' || s.charAt(to - 1) == '.')) to--;
    int colon = s.lastIndexOf(':', to - 1);
    if (colon <= from || colon == to - 1) return false;
    for (int i = colon + 1; i < to; i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
    String address = s.substring(from, colon);
    if (!Values.isIp(address)) return false;
    if (!Values.putPort(e, "source.port", s.substring(colon + 1, to))) return false;
    e.put("source.ip", address);
    return true;
  }

  /** The last word of the text that is a peer, as Elastic's pattern finds it. */
  private static boolean lastPeer(Event e, String text) {
    int end = text.length();
    while (end > 0) {
      int start = text.lastIndexOf(' ', end - 1) + 1;
      if (text.indexOf(':', start) >= 0 && text.indexOf(':', start) < end && peer(e, text, start, end)) return true;
      end = start - 1;
    }
    return false;
  }

  /** The value after {@code key} up to a comma or space, or null. */
  private static String value(String s, String key) {
    int i = s.indexOf(key);
    if (i < 0) return null;
    int from = i + key.length();
    int end = from;
    while (end < s.length() && s.charAt(end) != ',' && s.charAt(end) != ' ') end++;
    return s.substring(from, end);
  }

  private static boolean containsIgnoreCase(String s, String lower) {
    int n = lower.length();
    for (int i = 0; i + n <= s.length(); i++) if (s.regionMatches(true, i, lower, 0, n)) return true;
    return false;
  }
}
