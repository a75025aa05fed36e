package vn.soctinh.analyzer.parse.network;

import static vn.soctinh.analyzer.parse.Text.between;
import static vn.soctinh.analyzer.parse.network.AsaMessages.address;
import static vn.soctinh.analyzer.parse.network.AsaMessages.endpoint;
import static vn.soctinh.analyzer.parse.network.AsaMessages.strip;
import static vn.soctinh.analyzer.parse.network.AsaMessages.word;
import java.util.List;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.Values;

/**
 * The ASA messages about who got in and what they did: AAA and admin logins, remote-access VPN
 * sessions (AnyConnect, WebVPN, IKEv2), DAP and address assignment, configuration sessions and
 * commands. Fields only, as {@link AsaMessages}; {@link AsaCategories} types each id. Returns false
 * for any other id or a text that does not fit.
 */
final class AsaAccessMessages {
  private AsaAccessMessages() {}

  static boolean parse(String id, String t, Event e) {
    switch (id) {
      case "113004": // AAA user authentication Successful : server = 10.0.0.10 : user = bob
      case "113005": // AAA user authentication Rejected : reason = AAA failure : server = 10.0.0.10 : user = bob : user IP = 203.0.113.5
      case "113012": // AAA user authentication Successful : local database : user = bob
      case "113015": // AAA user authentication Rejected : reason = Invalid password : local database : user = bob : user IP = 10.0.0.5
        return aaa(t, e);
      case "113008": // AAA transaction status ACCEPT : user = bob
        if (!t.startsWith("AAA transaction status ")) return false;
        sourceUser(e, colonField(t, "user = "));
        return e.has("user.name");
      case "113009": // AAA retrieved default group policy (DfltGrpPolicy) for user = bob
        if (!t.startsWith("AAA retrieved ")) return false;
        String policy = between(t, "group policy (", ")");
        if (policy == null) policy = word(t, "group policy ");
        if (!policy.isEmpty()) e.put("cisco.asa.group_policy", policy);
        String forUser = t.indexOf(" for user ") > 0 ? t.substring(t.indexOf(" for user ") + 10) : "";
        sourceUser(e, forUser.startsWith("= ") ? forUser.substring(2).strip() : forUser.strip());
        return e.has("user.name");
      case "113019": return vpnDisconnect(t, e);
      case "113021": // Attempted console login failed. User bob did NOT have appropriate Admin Rights.
        sourceUser(e, between(t, "login failed. User ", " did NOT"));
        return e.has("user.name");
      case "113029": case "113030": case "113031": case "113032": case "113033": case "113034": case "113035": case "113036":
      case "113037": case "113038": case "113039": case "113040": case "716058":
        // Group <vpn> User <bob> IP <203.0.113.5> AnyConnect parent session started.
        return vpnSession(t, e, false) != null;
      case "716002": { // Group <vpn> User <bob> IP <203.0.113.5> WebVPN session terminated: User Requested.
        String rest = vpnSession(t, e, true);
        if (rest != null && rest.contains("terminated: ")) e.put("event.reason", trimDot(rest.substring(rest.indexOf("terminated: ") + 12)));
        return rest != null;
      }
      case "716039": { // Group <vpn> User <bob> IP <203.0.113.5> Authentication: rejected, Session Type: WebVPN.
        if (t.startsWith("Authentication: rejected, group = ")) {
          // the older form: Authentication: rejected, group = vpn user = bob , Session Type: WebVPN
          String g = between(t, "group = ", " user = ");
          if (g != null) {
            e.put("source.user.group.name", g.strip());
            e.put("cisco.asa.webvpn.group_name", g.strip());
          }
          sourceUser(e, colonField(t, " user = "));
          String type = colonField(t, "Session Type: ");
          if (type != null) e.put("cisco.asa.session_type", trimDot(type));
          return e.has("user.name");
        }
        String rest = vpnSession(t, e, true);
        if (rest != null && rest.contains("Session Type: ")) e.put("cisco.asa.session_type", trimDot(word(rest, "Session Type: ")));
        return rest != null;
      }
      case "716059": { // Group <vpn> User <bob> IP <10.8.0.5> AnyConnect session resumed connection from IP <203.0.113.5>.
        String rest = vpnSession(t, e, true);
        if (rest == null) return false;
        // the session's address is where it is resumed to; the client comes from the other one
        Object ip = e.remove("source.ip");
        if (ip != null) e.put("destination.ip", ip);
        String from = rest.contains("<") ? between(rest, "<", ">") : trimDot(word(rest, "from IP "));
        address(e, "source", from);
        return true;
      }
      case "611101": case "611102": // User authentication succeeded: IP address: 10.0.0.9, Uname: admin
        if (!t.startsWith("User authentication")) return false;
        Values.putIp(e, "source.ip", strip(word(t, "IP address: ")));
        return serverUser(e, word(t, "Uname: "));
      case "611103": // User logged out: Uname: admin
        return t.startsWith("User logged out") && serverUser(e, word(t, "Uname: "));
      case "502103": // User priv level changed: Uname: admin From: 1 To: 15
        if (!t.startsWith("User priv level changed")) return false;
        Values.putLong(e, "cisco.asa.privilege.old", word(t, " From: "));
        Values.putLong(e, "cisco.asa.privilege.new", word(t, " To: "));
        return serverUser(e, word(t, "Uname: "));
      case "605004": case "605005": return adminLogin(t, e);
      case "111004": // 10.0.0.5 end configuration: OK
        if (!t.contains(" end configuration: ")) return false;
        Values.putIp(e, "source.ip", word(t, ""));
        e.put("event.outcome", t.endsWith("OK") ? "success" : "failure"); // AsaCategories types it by the outcome
        return true;
      case "111007": // Begin configuration: 10.0.0.5 reading from terminal
        if (!t.startsWith("Begin configuration: ")) return false;
        Values.putIp(e, "source.ip", word(t, "Begin configuration: "));
        return true;
      case "111009": // User 'enable_15' executed cmd: show running-config
        if (!t.startsWith("User '") || !t.contains("' executed ")) return false;
        int cmd = t.indexOf(' ', t.indexOf("' executed ") + 11);
        if (cmd > 0) e.put("cisco.asa.command_line_arguments", t.substring(cmd + 1).strip());
        return serverUser(e, between(t, "User '", "'"));
      case "111010": // User 'admin', running 'CLI' from IP 10.0.0.5, executed 'write memory'
        if (!t.startsWith("User '") || !t.contains(", executed ")) return false;
        Values.putIp(e, "source.ip", strip(word(t, " from IP ")));
        String executed = t.substring(t.indexOf(", executed ") + 11).strip();
        e.put("cisco.asa.command_line_arguments", executed.length() > 1 && executed.startsWith("'") && executed.endsWith("'")
            ? executed.substring(1, executed.length() - 1) : executed);
        return serverUser(e, between(t, "User '", "'"));
      case "722051": return svcAddress(t, e);
      case "734001": return dapRecords(t, e);
      case "750002": case "750003": { // Local:198.51.100.1:500 Remote:203.0.113.5:500 Username:Unknown IKEv2 Received a IKE_INIT_SA request
        if (!t.startsWith("Local:")) return false;
        hostPort(e, "source", word(t, "Local:"));
        hostPort(e, "destination", word(t, " Remote:"));
        String user = word(t, " Username:");
        if (!user.isEmpty() && !user.equals("Unknown")) e.put("user.name", user);
        int r = t.indexOf(' ', t.indexOf(" Username:") + 1);
        if (r > 0 && t.indexOf(" Username:") > 0) e.put("event.reason", t.substring(r + 1).strip());
        return e.has("source.ip") || e.has("source.domain");
      }
      case "751025": return ikeAddress(t, e);
      case "315011": { // SSH session from 10.0.0.5 on interface inside for user "bob" disconnected by SSH server, reason: "Time-out activated" (0x91)
        if (!t.startsWith("SSH session from ")) return false;
        String from = word(t, "SSH session from ");
        if (!from.equals("on")) address(e, "source", from); // "SSH session from on interface ...": no address
        String on = word(t, " on interface ");
        if (!on.isEmpty()) e.put("observer.ingress.interface.name", on);
        String u = word(t, " for user ");
        sourceUser(e, u.length() > 1 && u.startsWith("\"") && u.endsWith("\"") ? u.substring(1, u.length() - 1) : u);
        int r = t.indexOf("reason: ");
        if (r > 0) e.put("event.reason", t.substring(r + 8).strip());
        return e.has("source.user.name") || AsaMessages.hasSource(e);
      }
      case "721016": case "721018": { // (WebVPN-Primary) WebVPN session for client user bob, IPv4 10.8.0.5 has been created.
        if (!t.startsWith("(") || !t.contains(" WebVPN session for client user ")) return false;
        String device = between(t, "(", ")");
        if (device != null) e.put("cisco.asa.device_type", device);
        sourceUser(e, between(t, "client user ", ","));
        int comma = t.indexOf(", IP", t.indexOf("client user "));
        if (comma > 0) Values.putIp(e, "destination.ip", word(t.substring(comma + 2), " "));
        return e.has("user.name");
      }
      case "602303": case "602304": { // IPSEC: An outbound LAN-to-LAN SA (SPI= 0xF81283) between 198.51.100.1 and 203.0.113.5 (user= peer) has been created.
        if (!t.contains(" SA (SPI= ") || !t.contains(" between ")) return false;
        String dir = word(t, ": An ");
        if (dir.equals("inbound") || dir.equals("outbound")) e.put("network.direction", dir);
        String tunnel = between(t, dir + " ", " SA (");
        if (tunnel != null) e.put("cisco.asa.tunnel_type", tunnel);
        address(e, "source", word(t, " between "));
        address(e, "destination", word(t, " and "));
        String u = between(t, "(user= ", ")");
        if (u != null && !u.isEmpty()) e.put("user.name", u);
        return AsaMessages.hasSource(e);
      }
      case "713049": case "713120": case "713202": case "713901": case "713902": { // Group = 198.51.100.1, IP = 198.51.100.1, PHASE 2 COMPLETED (msgid=0a1b2c3d)
        String ip = commaField(t, "IP = ");
        if (ip == null) return false;
        address(e, "source", ip);
        String u = commaField(t, "Username = ");
        if (u != null) e.put("user.name", u);
        int rest = t.indexOf(", ", t.indexOf("IP = "));
        if (rest > 0) {
          String r = t.substring(rest + 2).strip();
          String msgid = between(r, "(msgid=", ")");
          if (msgid != null) {
            e.put("cisco.asa.msgid", msgid); // Elastic's event.id; ours names the stored event itself
            r = r.substring(0, r.indexOf(" (msgid=")).strip();
          }
          e.put("event.reason", r);
        }
        return AsaMessages.hasSource(e);
      }
      default:
        return false;
    }
  }

  /**
   * "Group <g> User <u> IP <ip> rest" (or without the brackets): the group, user and address; the
   * rest of the text, or null when the line does not start so. WebVPN's group is also Elastic's
   * {@code cisco.asa.webvpn.group_name}.
   */
  private static String vpnSession(String t, Event e, boolean webvpn) {
    if (!t.startsWith("Group ")) return null;
    String group;
    String user;
    String ip;
    int restAt;
    if (t.startsWith("Group <")) {
      group = angle(t, "Group ");
      user = angle(t, "User ");
      ip = angle(t, "IP ");
      int ipAt = t.indexOf(" IP <");
      restAt = ipAt < 0 ? -1 : t.indexOf("> ", ipAt);
      restAt = restAt < 0 ? -1 : restAt + 2;
    } else {
      group = word(t, "Group ");
      user = word(t, " User ");
      ip = word(t, " IP ");
      int ipAt = t.indexOf(" IP ");
      restAt = ipAt < 0 ? -1 : t.indexOf(' ', ipAt + 4);
      restAt = restAt < 0 ? -1 : restAt + 1;
    }
    if (group == null || group.isEmpty() || ip == null) return null;
    e.put("source.user.group.name", group);
    if (webvpn) e.put("cisco.asa.webvpn.group_name", group);
    sourceUser(e, user);
    address(e, "source", ip);
    return restAt > 0 && restAt <= t.length() ? t.substring(restAt) : "";
  }

  /** An administrator of the ASA itself: Elastic's server.user.name, and user.name. */
  private static boolean serverUser(Event e, String user) {
    if (user == null || user.isEmpty()) return false;
    e.put("server.user.name", user);
    e.put("user.name", user);
    return true;
  }

  /** "0h:10m:05s" or "1d 2h:03m:04s" → nanoseconds, or null. */
  static Long hms(String s) {
    if (s == null) return null;
    long secs = 0;
    long n = -1;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        n = (n < 0 ? 0 : n * 10) + (c - '0');
        if (n > 10_000_000L) return null;
      } else if (c == 'd' || c == 'h' || c == 'm' || c == 's') {
        if (n < 0) return null;
        secs += n * (c == 'd' ? 86400 : c == 'h' ? 3600 : c == 'm' ? 60 : 1);
        n = -1;
      } else if (c != ':' && c != ' ') {
        return null;
      }
    }
    return n < 0 ? secs * 1_000_000_000L : null;
  }

  private static String trimDot(String s) {
    String x = s.strip();
    return x.endsWith(".") ? x.substring(0, x.length() - 1) : x;
  }

  private static boolean aaa(String t, Event e) {
    if (!t.startsWith("AAA user ")) return false;
    String kind = word(t, "AAA user ");
    if (!kind.isEmpty()) e.put("cisco.asa.aaa_type", kind);
    String user = colonField(t, "user = ");
    if (user == null) user = colonField(t, "User = ");
    sourceUser(e, user);
    address(e, "destination", colonField(t, "server = "));
    String ip = colonField(t, "user IP = ");
    if (ip != null) Values.putIp(e, "source.ip", ip);
    String reason = colonField(t, "reason = ");
    if (reason != null) {
      e.put("event.reason", reason);
      e.put("cisco.asa.rejection_reason", reason);
    }
    return true;
  }

  private static boolean vpnDisconnect(String t, Event e) {
    // Group = vpn, Username = bob, IP = 203.0.113.5, Session disconnected. Session Type: SSL, Duration: 0h:10m:00s, Bytes xmt: 1234, Bytes rcv: 5678, Reason: User Requested
    if (!t.contains("Session disconnected")) return false;
    String g = commaField(t, "Group = ");
    if (g != null) {
      e.put("user.group.name", g);
      e.put("source.user.group.name", g);
    }
    sourceUser(e, commaField(t, "Username = "));
    Values.putIp(e, "source.ip", commaField(t, "IP = "));
    Long d = hms(commaField(t, "Duration: "));
    if (d != null) e.put("event.duration", d);
    Values.putLong(e, "source.bytes", commaField(t, "Bytes xmt: "));
    Values.putLong(e, "destination.bytes", commaField(t, "Bytes rcv: "));
    String reason = commaField(t, "Reason: ");
    if (reason != null) e.put("event.reason", reason);
    String type = commaField(t, "Session Type: ");
    if (type != null) e.put("cisco.asa.session_type", type);
    return true;
  }

  private static boolean adminLogin(String t, Event e) {
    // Login denied from 203.0.113.5/51234 to outside:10.0.0.1/ssh for user "admin"
    if (!t.startsWith("Login ")) return false;
    endpoint(word(t, " from "), "source", e, false);
    String to = word(t, " to ");
    int slash = to.lastIndexOf('/');
    if (slash > 0) {
      endpoint(to.substring(0, slash), "destination", e, true);
      e.put("network.protocol", to.substring(slash + 1));
    }
    sourceUser(e, between(t, "user \"", "\""));
    return AsaMessages.hasSource(e);
  }

  /** The user a message names on the source's side: Elastic's source.user.*, and user.name, which rules read across sources. */
  static void sourceUser(Event e, String user) {
    if (user == null || user.isEmpty()) return;
    int at = user.indexOf('@');
    String name = at > 0 ? user.substring(0, at) : user;
    e.put("source.user.name", name);
    e.put("user.name", name);
    if (at > 0 && at < user.length() - 1) {
      e.put("source.user.email", user);
      e.put("source.user.domain", user.substring(at + 1));
    }
  }

  private static boolean svcAddress(String t, Event e) {
    // Group <vpn-users> User <bob> IP <203.0.113.5> IPv4 Address <10.20.0.1> IPv6 address <::> assigned to session
    if (!t.startsWith("Group ")) return false;
    String group = angle(t, "Group ");
    if (group != null) e.put("source.user.group.name", group);
    sourceUser(e, angle(t, "User "));
    String ip = angle(t, "IP ");
    address(e, "source", ip);
    String assigned = angle(t, "IPv4 Address ");
    if (assigned != null) Values.putIp(e, "cisco.asa.assigned_ip", assigned);
    int reason = t.indexOf("> ", t.indexOf("IP <") + 1);
    if (reason > 0) e.put("event.reason", t.substring(reason + 2).strip());
    return group != null;
  }

  /** The text in angle brackets after KEY ("User <bob>"), or null. */
  private static String angle(String t, String key) {
    return between(t, key + "<", ">");
  }

  private static boolean dapRecords(String t, Event e) {
    // DAP: User bob@example.vn, Addr 203.0.113.5, Connection AnyConnect: The following DAP records were selected for this connection: a, b
    if (!t.startsWith("DAP: User ")) return false;
    String user = between(t, "DAP: User ", ", ");
    if (user != null) e.put(user.indexOf('@') > 0 ? "user.email" : "user.name", user);
    address(e, "source", between(t, "Addr ", ","));
    String conn = between(t, "Connection ", ":");
    if (conn != null) e.put("cisco.asa.connection_type", conn);
    int sel = t.indexOf("selected for this connection: ");
    if (sel > 0) {
      List<String> records = new java.util.ArrayList<>();
      for (String r : t.substring(sel + 30).split(",")) {
        String x = r.strip();
        if (!x.isEmpty()) records.add(x);
      }
      if (!records.isEmpty()) e.put("cisco.asa.dap_records", records);
    }
    return user != null;
  }

  private static boolean ikeAddress(String t, Event e) {
    // Local:198.51.100.1:4500 Remote:203.0.113.5:50466 Username:bob@example.vn IKEv2 Group:vpn-policy IPv4 Address=172.16.0.9 IPv6 address=... assigned to session
    if (!t.startsWith("Local:")) return false;
    hostPort(e, "source", word(t, "Local:"));
    hostPort(e, "destination", word(t, " Remote:"));
    sourceUser(e, word(t, " Username:"));
    String group = word(t, " Group:");
    if (!group.isEmpty()) e.put("cisco.asa.group_policy", group);
    Values.putIp(e, "cisco.asa.assigned_ip", word(t, " IPv4 Address="));
    return e.has("source.ip") || e.has("source.domain");
  }

  /** "203.0.113.5:4500", "[2001:db8::1]:4500", "2001:db8::1:4500" or "vpn.example.vn:4500": the last colon is the port's. */
  private static void hostPort(Event e, String side, String s) {
    int colon = s.lastIndexOf(':');
    if (colon <= 0) return;
    address(e, side, s.substring(0, colon));
    Values.putPort(e, side + ".port", s.substring(colon + 1));
  }

  /**
   * The value after KEY up to the next ',' or a ':' that ends a word (AAA lines separate with " : ",
   * ": " or " , "; an IPv6 address's colons are followed by a digit or another colon).
   */
  private static String colonField(String t, String key) {
    int i = t.indexOf(key);
    if (i < 0) return null;
    int from = i + key.length();
    int end = from;
    while (end < t.length() && t.charAt(end) != ',' && !(t.charAt(end) == ':' && (end + 1 == t.length() || t.charAt(end + 1) == ' '))) end++;
    return t.substring(from, end).strip();
  }

  private static String commaField(String t, String key) {
    int i = t.indexOf(key);
    if (i < 0) return null;
    int end = t.indexOf(',', i);
    String v = t.substring(i + key.length(), end < 0 ? t.length() : end).strip();
    return v.endsWith(".") ? v.substring(0, v.length() - 1) : v;
  }
}
