package vn.soctinh.analyzer.parse.network;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.EventClass;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;
import vn.soctinh.analyzer.parse.Values;

/**
 * strongSwan's IKE daemon, {@code charon} (pfSense's and OPNsense's IPsec, and Linux hosts'):
 * {@code THREAD[GROUP] <CONNECTION|IKE_SA_ID> text}. The thread goes to {@code process.thread.id},
 * the subsystem ({@code IKE}, {@code CFG}, {@code NET} …) to {@code log.logger}.
 *
 * <p>ECS values as Elastic's pfSense integration sets them for every charon line: provider
 * {@code charon}, protocol {@code ipsec}, category network; a packet sent or received gives its
 * addresses, ports and {@code network.bytes} with type connection. Elastic gives no action and reads
 * nothing else; ours name the IKE and CHILD SAs' lives ({@code ipsec_ike_sa_established},
 * {@code ipsec_ike_sa_deleting}, {@code ipsec_child_sa_established} …), authentications
 * ({@code ipsec_authentication} with the outcome, category authentication too), failed negotiations,
 * and {@code ipsec_<subsystem>} for any other line. On an SA's line the peer is {@code source.*} and
 * the gateway's own address {@code destination.*}. The connection, SA ids, identities, SPIs and
 * traffic selectors go under {@code pfsense.ipsec.*} on a pfSense source, {@code strongswan.*}
 * elsewhere (Elastic has no such fields). The gateway's host is {@code observer.name}; the netgate
 * observer is the pfSense source's to add ({@link PfsenseFilterlogParser}), never guessed here.
 */
public final class StrongswanParser implements ContentParser {
  private static final List<String> NETWORK = EventClass.NETWORK;
  private static final List<String> AUTH_NETWORK = EventClass.AUTH_NETWORK;
  private static final List<String> INFO = EventClass.INFO;
  private static final List<String> END = EventClass.END;
  private static final List<String> CONNECTION_START = EventClass.CONNECTION_START;
  private static final List<String> CONNECTION_END = EventClass.CONNECTION_END;
  private static final List<String> CONNECTION = List.of("connection");
  private static final List<String> CONNECTION_INFO = List.of("connection", "info");

  /** The vendor fields' names, built once per namespace. */
  private final String connection;
  private final String ikeSaId;
  private final String childSaId;
  private final String localId;
  private final String remoteId;
  private final String spiIn;
  private final String spiOut;
  private final String localTs;
  private final String remoteTs;

  /** For any strongSwan host: the vendor fields under {@code strongswan.*}. */
  public StrongswanParser() {
    this("strongswan.");
  }

  private StrongswanParser(String ns) {
    connection = ns + "connection";
    ikeSaId = ns + "ike_sa_id";
    childSaId = ns + "child_sa_id";
    localId = ns + "local_id";
    remoteId = ns + "remote_id";
    spiIn = ns + "spi_in";
    spiOut = ns + "spi_out";
    localTs = ns + "local_ts";
    remoteTs = ns + "remote_ts";
  }

  /** For a pfSense source: the vendor fields under {@code pfsense.ipsec.*}. */
  public static StrongswanParser forPfsense() {
    return new StrongswanParser("pfsense.ipsec.");
  }

  @Override
  public String name() {
    return "strongswan";
  }

  @Override
  public Set<String> programs() {
    // charon-systemd is found by its part before '-'
    return Set.of("charon");
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    String m = line.message().strip();
    if (m.isEmpty()) return ParseOutcome.unrecognised("empty charon message");
    int i = 0;
    // THREAD[GROUP] prefix, the thread optional (charon-systemd leaves it out)
    while (i < m.length() && i < 6 && Character.isDigit(m.charAt(i))) i++;
    String group = null;
    if (i < m.length() && m.charAt(i) == '[') {
      int close = m.indexOf(']', i);
      if (close > i + 1 && close - i <= 5 && upper(m, i + 1, close)) {
        if (i > 0) Values.putLong(e, "process.thread.id", m.substring(0, i));
        group = m.substring(i + 1, close);
        e.put("log.logger", group);
        i = close + 1;
      } else {
        i = 0;
      }
    } else {
      i = 0;
    }
    while (i < m.length() && m.charAt(i) == ' ') i++;
    // <CONNECTION|IKE_SA_ID>
    if (i < m.length() && m.charAt(i) == '<') {
      int close = m.indexOf('>', i);
      if (close > i) {
        int bar = m.lastIndexOf('|', close);
        if (bar > i) {
          if (bar > i + 1) e.put(connection, m.substring(i + 1, bar));
          Values.putLong(e, ikeSaId, m.substring(bar + 1, close));
        } else {
          Values.putLong(e, ikeSaId, m.substring(i + 1, close));
        }
        i = close + 1;
        while (i < m.length() && m.charAt(i) == ' ') i++;
      }
    }
    String t = m.substring(i);

    List<String> category = NETWORK;
    List<String> type = null;
    String action = null;
    String outcome = null;
    if (t.startsWith("sending packet: from ") || t.startsWith("received packet: from ")) {
      boolean sent = t.charAt(0) == 's';
      if (packet(e, t)) {
        action = sent ? "ipsec_packet_sent" : "ipsec_packet_received";
        type = CONNECTION;
      }
    } else if (t.startsWith("IKE_SA ") && t.contains(" established between ")) {
      sa(e, t, 7, '[', ']', ikeSaId);
      between(e, t, t.indexOf(" between ") + 9);
      action = "ipsec_ike_sa_established";
      type = CONNECTION_START;
      outcome = "success";
    } else if (t.startsWith("deleting IKE_SA ")) {
      sa(e, t, 16, '[', ']', ikeSaId);
      int b = t.indexOf(" between ");
      if (b > 0) between(e, t, b + 9);
      action = "ipsec_ike_sa_deleting";
      type = CONNECTION_END;
    } else if (t.startsWith("IKE_SA deleted")) {
      action = "ipsec_ike_sa_deleted";
      type = CONNECTION_END;
    } else if (t.startsWith("initiating IKE_SA ") || t.startsWith("initiating Main Mode IKE_SA ") || t.startsWith("initiating Aggressive Mode IKE_SA ")) {
      int sa = t.indexOf("IKE_SA ") + 7;
      sa(e, t, sa, '[', ']', ikeSaId);
      int to = t.indexOf(" to ");
      if (to > 0) Values.putIp(e, "destination.ip", word(t, to + 4));
      action = "ipsec_ike_sa_initiating";
      type = CONNECTION_START;
    } else if (t.contains(" is initiating a")) {
      Values.putIp(e, "source.ip", word(t, 0));
      action = "ipsec_ike_sa_initiated_by_peer";
      type = CONNECTION_START;
    } else if (t.startsWith("CHILD_SA ") && t.contains(" established")) {
      sa(e, t, 9, '{', '}', childSaId);
      spisAndSelectors(e, t);
      action = "ipsec_child_sa_established";
      type = CONNECTION_START;
      outcome = "success";
    } else if (t.startsWith("closing CHILD_SA ")) {
      sa(e, t, 17, '{', '}', childSaId);
      spisAndSelectors(e, t);
      action = "ipsec_child_sa_closing";
      type = CONNECTION_END;
    } else if (t.startsWith("establishing CHILD_SA ")) {
      sa(e, t, 22, '{', '}', childSaId);
      action = "ipsec_child_sa_establishing";
      type = CONNECTION_INFO;
    } else if (t.startsWith("authentication of '") || t.startsWith("XAuth authentication of '") || t.startsWith("RADIUS authentication of '")) {
      int q = t.indexOf('\'') + 1;
      int qe = t.indexOf('\'', q);
      String id = qe > q ? t.substring(q, qe) : null;
      boolean myself = qe > 0 && t.startsWith(" (myself)", qe + 1);
      boolean userName = t.charAt(0) != 'a'; // XAuth and RADIUS name a user; IKE's own authentication an identity
      if (id != null) e.put(myself ? localId : remoteId, id);
      if (id != null && userName && !myself) e.put("user.name", id);
      category = AUTH_NETWORK;
      type = INFO;
      if (t.contains(" failed")) {
        outcome = "failure";
        action = "ipsec_authentication";
      } else if (myself) {
        category = NETWORK;
        action = "ipsec_authentication_sent";
      } else {
        action = "ipsec_authentication";
        if (t.contains(" successful")) outcome = "success";
      }
    } else if (t.startsWith("received EAP identity '")) {
      int q = 23;
      int qe = t.indexOf('\'', q);
      if (qe > q) e.put("user.name", t.substring(q, qe));
      category = AUTH_NETWORK;
      type = INFO;
      action = "ipsec_eap_identity";
    } else if (t.startsWith("EAP method ") && t.contains(" failed for peer ")) {
      Values.putIp(e, "source.ip", word(t, t.indexOf(" failed for peer ") + 17));
      category = AUTH_NETWORK;
      type = INFO;
      action = "ipsec_authentication";
      outcome = "failure";
    } else if (t.contains("verification failed") || t.contains("MAC mismatched") || t.contains("AUTHENTICATION_FAILED")
        || t.startsWith("no shared key found for ")) {
      category = AUTH_NETWORK;
      type = INFO;
      action = "ipsec_authentication";
      outcome = "failure";
    } else if (t.contains("NO_PROPOSAL_CHOSEN") || t.contains("no acceptable proposal") || t.contains("TS_UNACCEPTABLE")
        || t.startsWith("no matching CHILD_SA config") || t.startsWith("failed to establish CHILD_SA")
        || t.startsWith("no IKE config found")) {
      action = "ipsec_negotiation_failed";
      type = CONNECTION_INFO;
      outcome = "failure";
    } else if (t.startsWith("giving up after ")) {
      action = "ipsec_peer_not_responding";
      type = CONNECTION_INFO;
      outcome = "failure";
    }
    if (action == null) {
      // Elastic's reading of any other line: a packet's addresses when it ends like one, "disconnected" ends
      packet(e, t);
      action = subsystemAction(group);
      boolean ended = t.toLowerCase(Locale.ROOT).contains("disconnected");
      type = e.get("source.ip") != null ? (ended ? CONNECTION_END : CONNECTION) : ended ? END : INFO;
    }
    e.put("event.dataset", "strongswan.log");
    // the VPN gateway that wrote the line is the observer, as a proxy is for its requests
    if (line.syslog() != null && line.syslog().hostname != null && !line.syslog().hostname.isEmpty()) e.put("observer.name", line.syslog().hostname);
    e.put("event.provider", "charon");
    e.put("network.protocol", "ipsec");
    Object ip = e.get("source.ip");
    if (ip == null) ip = e.get("destination.ip");
    if (ip != null) e.put("network.type", ip.toString().indexOf(':') >= 0 ? "ipv6" : "ipv4");
    EventClass.set(e, category, type, action, outcome);
    return ParseOutcome.RECOGNISED;
  }

  /** The action of a line we do not name, by its subsystem. */
  private static String subsystemAction(String group) {
    if (group == null) return "ipsec_message";
    return switch (group) {
      case "DMN" -> "ipsec_dmn";
      case "MGR" -> "ipsec_mgr";
      case "IKE" -> "ipsec_ike";
      case "CHD" -> "ipsec_chd";
      case "JOB" -> "ipsec_job";
      case "CFG" -> "ipsec_cfg";
      case "KNL" -> "ipsec_knl";
      case "NET" -> "ipsec_net";
      case "ASN" -> "ipsec_asn";
      case "ENC" -> "ipsec_enc";
      case "TLS" -> "ipsec_tls";
      case "ESP" -> "ipsec_esp";
      case "LIB" -> "ipsec_lib";
      case "APP" -> "ipsec_app";
      case "TNC", "IMC", "IMV", "PTS" -> "ipsec_tnc";
      default -> "ipsec_message";
    };
  }

  /** "... from ADDR[PORT] to ADDR[PORT] (N bytes)": source, destination, bytes; false when the text does not end so. */
  private static boolean packet(Event e, String t) {
    if (!t.endsWith(" bytes)")) return false;
    int open = t.lastIndexOf(" (");
    int to = open < 0 ? -1 : t.lastIndexOf(" to ", open);
    int from = to < 0 ? -1 : t.lastIndexOf("from ", to);
    if (from < 0) return false;
    Long bytes = Values.parseLong(t.substring(open + 2, t.length() - 7));
    if (bytes == null) return false;
    if (!endpoint(e, t, from + 5, to, "source") || !endpoint(e, t, to + 4, open, "destination")) {
      e.remove("source.ip");
      e.remove("source.port");
      e.remove("destination.ip");
      e.remove("destination.port");
      return false;
    }
    e.put("network.bytes", bytes);
    return true;
  }

  /** "ADDR[PORT]" in t[from, to) into PREFIX.ip and PREFIX.port. */
  private static boolean endpoint(Event e, String t, int from, int to, String prefix) {
    if (to <= from || t.charAt(to - 1) != ']') return false;
    int open = t.lastIndexOf('[', to - 1);
    if (open <= from) return false;
    String address = t.substring(from, open);
    if (!Values.isIp(address)) return false;
    Long port = Values.parseLong(t.substring(open + 1, to - 1));
    if (port == null || port < 0 || port > 65535) return false;
    e.put(prefix + ".ip", address);
    e.put(prefix + ".port", port);
    return true;
  }

  /** "NAME[ID]" or "NAME{ID}" at t[from...]: the connection and the SA's id. */
  private void sa(Event e, String t, int from, char open, char close, String idField) {
    int end = t.indexOf(' ', from);
    if (end < 0) end = t.length();
    int o = t.lastIndexOf(open, end - 1);
    if (o <= from || t.charAt(end - 1) != close) return;
    if (e.get(connection) == null) e.put(connection, t.substring(from, o));
    Values.putLong(e, idField, t.substring(o + 1, end - 1));
  }

  /** "LOCAL[LOCAL_ID]...REMOTE[REMOTE_ID]" at t[from...]: the peer as source, the gateway as destination. */
  private void between(Event e, String t, int from) {
    int dots = t.indexOf("...", from);
    if (dots < 0) return;
    int lo = t.indexOf('[', from);
    if (lo > from && lo < dots && t.charAt(dots - 1) == ']') {
      Values.putIp(e, "destination.ip", t.substring(from, lo));
      e.put(localId, t.substring(lo + 1, dots - 1));
    }
    int r = dots + 3;
    int ro = t.indexOf('[', r);
    int rc = t.lastIndexOf(']');
    if (ro > r && rc > ro) {
      Values.putIp(e, "source.ip", t.substring(r, ro));
      e.put(remoteId, t.substring(ro + 1, rc));
    }
  }

  /** "with SPIs IN_i [(N bytes)] OUT_o [(N bytes)] and TS LOCAL === REMOTE". */
  private void spisAndSelectors(Event e, String t) {
    int s = t.indexOf(" with SPIs ");
    if (s >= 0) {
      String in = word(t, s + 11);
      if (in.endsWith("_i")) e.put(spiIn, in.substring(0, in.length() - 2));
      int o = t.indexOf("_o", s + 11 + in.length());
      if (o > 0) {
        int ostart = t.lastIndexOf(' ', o) + 1;
        if (ostart > s + 11) e.put(spiOut, t.substring(ostart, o));
      }
    }
    int ts = t.indexOf(" and TS ");
    int eq = ts < 0 ? -1 : t.indexOf(" === ", ts + 8);
    if (eq > 0) {
      e.put(localTs, t.substring(ts + 8, eq).strip());
      e.put(remoteTs, t.substring(eq + 5).strip());
    }
  }

  private static String word(String t, int from) {
    if (from < 0 || from >= t.length()) return "";
    int end = from;
    while (end < t.length() && t.charAt(end) != ' ' && t.charAt(end) != ',') end++;
    return t.substring(from, end);
  }

  private static boolean upper(String s, int from, int to) {
    for (int i = from; i < to; i++) if (s.charAt(i) < 'A' || s.charAt(i) > 'Z') return false;
    return true;
  }
}
