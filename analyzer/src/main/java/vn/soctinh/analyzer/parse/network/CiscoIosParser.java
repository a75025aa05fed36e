package vn.soctinh.analyzer.parse.network;

import static vn.soctinh.analyzer.parse.EventClass.INFO;
import static vn.soctinh.analyzer.parse.EventClass.NETWORK;
import static vn.soctinh.analyzer.parse.Text.between;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.EventClass;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;
import vn.soctinh.analyzer.parse.Values;
import vn.soctinh.analyzer.parse.linux.SshdParser;

/**
 * Cisco IOS, IOS-XE and NX-OS messages, {@code %FACILITY-SEVERITY-MNEMONIC: text}. The RFC 3164
 * decoder already took the sequence number, the {@code *Mar  1 00:00:01.123:} or
 * {@code Nov 23 10:00:00.123 ICT:} stamp and the host, and hands the tag over as the program; a tag
 * still at the start of the text (a relay that added its own header) is read too. The ASA family
 * ({@code %ASA-}, {@code %FTD-}, {@code %PIX-}, {@code %FWSM-}) is {@link CiscoAsaParser}'s.
 *
 * <p>ACL hits, logins, configuration changes, interface state, IOS IPS signatures and SSH
 * authentications get their own action and fields; NX-OS {@code SYSTEM_MSG} lines that carry an
 * sshd/PAM message are read as sshd would be. Any other well-formed tag is still recognised, with
 * the lower-cased mnemonic as action, so a device never floods the unparsed count.
 */
public final class CiscoIosParser implements ContentParser {
  static final String DATASET = "cisco_ios.log";
  private static final String[] LEVELS = {"emergencies", "alert", "critical", "error", "warning", "notification", "informational", "debug"};
  private final SshdParser sshd = new SshdParser();

  @Override
  public String name() {
    return "cisco-ios";
  }

  @Override
  public boolean sniff(LogLine line) {
    String p = line.syslog() != null ? line.syslog().appname : null;
    if (p != null && p.startsWith("%")) return tag(p) != null;
    return inText(line.message()) != null;
  }

  /** A tag in the text itself: at its start, or after a stamp a relay left ("2026 Nov 23 10:00:00 ICT: %AUTHPRIV-3-..."): {start, colon}. */
  static int[] inText(String m) {
    // only the first 65 characters can hold it: every line no program claims is asked, so no scan of the rest
    int p = -1;
    for (int i = 0, n = Math.min(m.length(), 65); i < n && p < 0; i++) if (m.charAt(i) == '%') p = i;
    if (p < 0 || (p > 0 && !m.startsWith(": ", p - 2))) return null;
    int colon = m.indexOf(':', p);
    return colon > p && colon - p < 80 && tag(m.substring(p, colon)) != null ? new int[] {p, colon} : null;
  }

  /** facility, severity, mnemonic of a %FAC-n-MNEMONIC tag that is not the ASA family's; else null. */
  static String[] tag(String t) {
    if (t == null || t.length() < 6 || t.length() > 80 || t.charAt(0) != '%') return null;
    int n = t.length();
    for (int i = 2; i + 2 < n; i++) {
      if (t.charAt(i) == '-' && t.charAt(i + 2) == '-' && Character.isDigit(t.charAt(i + 1))) {
        String fac = t.substring(1, i);
        String mnem = t.substring(i + 3);
        if (mnem.isEmpty() || !word(fac) || !word(mnem)) return null;
        if (fac.equals("ASA") || fac.equals("FTD") || fac.equals("PIX") || fac.equals("FWSM")) return null;
        return new String[] {fac, t.substring(i + 1, i + 2), mnem};
      }
    }
    return null;
  }

  private static boolean word(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c >= 'a' && c <= 'z')) return false;
    }
    return !s.isEmpty() && Character.isLetter(s.charAt(0));
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    String text = line.message();
    String appname = line.syslog() != null ? line.syslog().appname : null;
    String[] tag = appname != null && appname.startsWith("%") ? tag(appname) : null;
    if (tag == null) {
      int[] at = inText(text);
      if (at == null) return ParseOutcome.unrecognised("expected a %FACILITY-SEVERITY-MNEMONIC: tag");
      tag = tag(text.substring(at[0], at[1]));
      text = text.substring(at[1] + 1);
    }
    text = text.strip();
    String fac = tag[0];
    int sev = tag[1].charAt(0) - '0';
    String mnem = tag[2];
    e.put("event.dataset", DATASET);
    e.put("event.module", "cisco_ios");
    e.put("observer.vendor", "Cisco");
    e.put("observer.product", "IOS");
    e.put("observer.type", "router");
    e.put("cisco.ios.facility", fac);
    e.put("event.code", mnem);
    e.put("event.severity", (long) sev);
    e.put("log.level", LEVELS[Math.min(sev, 7)]);
    e.put("message", text);
    if (!specific(fac, mnem, text, line, e)) {
      EventClass.set(e, NETWORK, INFO, mnem.toLowerCase(Locale.ROOT), null);
    }
    return ParseOutcome.RECOGNISED;
  }

  private boolean specific(String fac, String mnem, String t, LogLine line, Event e) {
    if (mnem.startsWith("IPACCESSLOG") || mnem.startsWith("ACCESSLOG")) return accessLog(mnem, t, e);
    if (fac.equals("SEC_LOGIN")) return login(mnem, t, e);
    if (mnem.endsWith("CONFIG_I")) return config(t, e);
    if (fac.equals("PARSER") && mnem.equals("CFGLOG_LOGGEDCMD")) {
      // User:bob  logged command:interface Gi0/1
      EventClass.set(e, List.of("configuration"), List.of("change"), "command_logged", "success");
      int u = t.indexOf("User:");
      int c = t.indexOf("logged command:");
      if (u >= 0 && c > u) e.put("user.name", t.substring(u + 5, c).strip());
      if (c >= 0) e.put("process.command_line", t.substring(c + 15).strip());
      return true;
    }
    if ((fac.equals("LINK") || fac.equals("LINEPROTO")) && mnem.equals("UPDOWN")) {
      // Interface GigabitEthernet0/1, changed state to down / Line protocol on Interface Gi0/1, changed state to up
      int i = t.indexOf("Interface ");
      int comma = i < 0 ? -1 : t.indexOf(',', i);
      if (comma < 0) return false;
      String state = t.substring(t.lastIndexOf(' ') + 1);
      String what = fac.equals("LINK") ? "interface_" : "line_protocol_";
      EventClass.set(e, NETWORK, List.of("change"), what + (state.isEmpty() ? "changed" : state.toLowerCase(Locale.ROOT)), null);
      e.put("cisco.ios.interface.name", t.substring(i + 10, comma));
      e.put("observer.ingress.interface.name", t.substring(i + 10, comma));
      return true;
    }
    if (fac.equals("IPS") && mnem.startsWith("SIGNATURE")) return ips(t, e);
    if (fac.equals("SSH") && mnem.equals("SSH2_USERAUTH")) {
      // User 'bob' authentication for SSH2 Session from 203.0.113.5 (tty = 0) using crypto cipher '...', hmac '...' Succeeded
      boolean ok = t.endsWith("Succeeded");
      if (!ok && !t.endsWith("Failed")) return false;
      EventClass.set(e, List.of("authentication"), List.of("start"), ok ? "ssh_login" : "ssh_login_failed", ok ? "success" : "failure");
      String user = between(t, "User '", "'");
      if (user != null) e.put("user.name", user);
      Values.putIp(e, "source.ip", after(t, " from "));
      return true;
    }
    if (fac.equals("SSH") && (mnem.equals("SSH2_SESSION") || mnem.equals("SSH2_CLOSE"))) {
      boolean open = mnem.equals("SSH2_SESSION");
      EventClass.set(e, NETWORK, List.of("connection", open ? "start" : "end"), open ? "ssh_connection" : "ssh_connection_closed", null);
      Values.putIp(e, "source.ip", after(t, " from "));
      String user = between(t, "for user '", "'");
      if (user != null) e.put("user.name", user);
      return true;
    }
    if (mnem.equals("SYSTEM_MSG") && (fac.equals("AUTHPRIV") || fac.equals("DAEMON") || fac.equals("AUTH"))) return systemMsg(t, line, e);
    if (fac.equals("SYS") && (mnem.equals("RESTART") || mnem.equals("RELOAD"))) {
      EventClass.set(e, List.of("host"), List.of(mnem.equals("RESTART") ? "start" : "end"), mnem.equals("RESTART") ? "device_restarted" : "device_reload", null);
      return true;
    }
    return false;
  }

  /** list 101 denied tcp 203.0.113.5(51234) -> 10.0.0.1(22), 1 packet (DP: icmp a -> b (8/0), NP: a protocol number). */
  private static boolean accessLog(String mnem, String t, Event e) {
    if (!t.startsWith("list ")) {
      if (mnem.endsWith("RL")) {
        // access-list logging rate-limited or missed 15 packets
        EventClass.set(e, NETWORK, INFO, "acl_log_rate_limited", null);
        return true;
      }
      return false;
    }
    String[] w = t.split(" ", 6);
    if (w.length < 6) return false;
    boolean denied = w[2].equals("denied");
    if (!denied && !w[2].equals("permitted")) return false;
    int arrow = t.indexOf(" -> ");
    int protoAt = t.indexOf(' ' + w[3] + ' ', 4 + w[1].length() + w[2].length());
    int srcAt = protoAt < 0 ? -1 : protoAt + w[3].length() + 2;
    if (arrow < 0 || srcAt < 0 || srcAt >= arrow) return false;
    // Elastic's cisco_ios integration: deny/allow, with allowed/denied in event.type as for every firewall
    EventClass.set(e, NETWORK, List.of("connection", denied ? "denied" : "allowed"), denied ? "deny" : "allow", denied ? "failure" : "success");
    e.put("rule.name", w[1]);
    e.put("cisco.ios.access_list", w[1]);
    String proto = w[3].toLowerCase(Locale.ROOT);
    if (Values.parseLong(proto) != null) e.put("network.iana_number", proto);
    else e.put("network.transport", proto);
    endpoint(t.substring(srcAt, arrow), "source", e);
    int comma = t.indexOf(',', arrow);
    String dst = t.substring(arrow + 4, comma < 0 ? t.length() : comma).strip();
    int icmp = dst.indexOf(" (");
    if (icmp > 0 && dst.endsWith(")")) {
      String[] tc = dst.substring(icmp + 2, dst.length() - 1).split("/");
      if (tc.length == 2) {
        e.put("icmp.type", tc[0]);
        e.put("icmp.code", tc[1]);
      }
      dst = dst.substring(0, icmp);
    }
    endpoint(dst, "destination", e);
    if (comma > 0) {
      String n = t.substring(comma + 1).strip();
      int sp = n.indexOf(' ');
      Values.putLong(e, "network.packets", sp < 0 ? n : n.substring(0, sp));
    }
    String src = e.getString("source.ip");
    if (src != null) e.put("network.type", src.indexOf(':') >= 0 ? "ipv6" : "ipv4");
    return true;
  }

  /** "203.0.113.5(51234)", "203.0.113.5(51234) (GigabitEthernet0/1 001a.2b3c.4d5e)" or "203.0.113.5". */
  private static void endpoint(String s, String side, Event e) {
    String a = s.strip();
    int sp = a.indexOf(' ');
    if (sp > 0) {
      String rest = a.substring(sp + 1).strip();
      a = a.substring(0, sp);
      if (side.equals("source") && rest.startsWith("(")) {
        String iface = rest.substring(1, rest.indexOf(')') > 0 ? rest.indexOf(')') : rest.length()).strip();
        int s2 = iface.indexOf(' ');
        if (s2 > 0) iface = iface.substring(0, s2);
        if (!iface.isEmpty()) e.put("observer.ingress.interface.name", iface);
      }
    }
    int p = a.indexOf('(');
    if (p > 0 && a.endsWith(")")) {
      Values.putIp(e, side + ".ip", a.substring(0, p));
      Values.putPort(e, side + ".port", a.substring(p + 1, a.length() - 1));
    } else if (!Values.putIp(e, side + ".ip", a) && !a.isEmpty()) {
      e.put(side + ".domain", a);
    }
  }

  /** Login Success [user: bob] [Source: 10.0.0.5] [localport: 22] at 10:00:00 ICT Mon Nov 23 2026 */
  private static boolean login(String mnem, String t, Event e) {
    boolean ok = mnem.equals("LOGIN_SUCCESS");
    if (ok || mnem.equals("LOGIN_FAILED")) {
      EventClass.set(e, List.of("authentication"), List.of("start"), ok ? "admin_login" : "admin_login_failed", ok ? "success" : "failure");
    } else if (mnem.startsWith("QUIET_MODE")) {
      boolean on = mnem.equals("QUIET_MODE_ON");
      EventClass.set(e, List.of("authentication"), List.of(on ? "start" : "end"), on ? "login_quiet_mode_on" : "login_quiet_mode_off", null);
    } else {
      return false;
    }
    String user = between(t, "[user: ", "]");
    if (user != null && !user.isEmpty()) e.put("user.name", user);
    String src = between(t, "[Source: ", "]");
    if (src != null && !Values.putIp(e, "source.ip", src) && !src.isEmpty()) e.put("source.domain", src);
    Values.putPort(e, "destination.port", between(t, "[localport: ", "]"));
    String reason = between(t, "[Reason: ", "]");
    if (reason != null) e.put("event.reason", reason);
    return true;
  }

  /** Configured from console by bob on vty0 (10.0.0.5) | NX-OS: Configured from vty by admin on 10.0.0.5@pts/0 */
  private static boolean config(String t, Event e) {
    if (!t.startsWith("Configured from ")) return false;
    EventClass.set(e, List.of("configuration"), List.of("change"), "config_changed", "success");
    String by = after(t, " by ");
    if (!by.isEmpty() && !by.equals("console") && !by.equals("vty0")) e.put("user.name", by);
    String paren = between(t, "(", ")");
    if (paren != null) Values.putIp(e, "source.ip", paren);
    String on = after(t, " on ");
    int at = on.indexOf('@');
    if (at > 0) Values.putIp(e, "source.ip", on.substring(0, at));
    return true;
  }

  /** Sig:3051 Subsig:1 Sev:4 TCP Connection Window Size DoS [203.0.113.5:123 -> 10.0.0.1:80] */
  private static boolean ips(String t, Event e) {
    if (!t.startsWith("Sig:")) return false;
    EventClass.set(e, "alert", List.of("network", "intrusion_detection"), INFO, "ips_signature", null);
    e.put("rule.id", after(t, "Sig:"));
    String sub = after(t, "Subsig:");
    if (!sub.isEmpty()) e.put("cisco.ios.ips.subsig", sub);
    int sevAt = t.indexOf("Sev:");
    int nameFrom = sevAt < 0 ? -1 : t.indexOf(' ', sevAt);
    int bracket = t.lastIndexOf(" [");
    int close = bracket < 0 ? -1 : t.indexOf(']', bracket);
    if (nameFrom > 0 && bracket > nameFrom) e.put("rule.name", t.substring(nameFrom + 1, bracket).strip());
    String flow = close > 0 ? t.substring(bracket + 2, close) : null;
    int arrow = flow == null ? -1 : flow.indexOf(" -> ");
    if (arrow > 0) {
      hostPort(flow.substring(0, arrow), "source", e);
      hostPort(flow.substring(arrow + 4), "destination", e);
    }
    return true;
  }

  private static void hostPort(String s, String side, Event e) {
    int c = s.lastIndexOf(':');
    if (c > 0 && s.indexOf(':') == c && Values.putIp(e, side + ".ip", s.substring(0, c))) Values.putPort(e, side + ".port", s.substring(c + 1));
    else Values.putIp(e, side + ".ip", s);
  }

  /**
   * NX-OS forwards its Linux daemons: "pam_unix(dcos_sshd:auth): authentication failure; ... rhost=203.0.113.5 - dcos_sshd[123]".
   * An sshd or PAM text is read by the sshd parser; the device's own fields win.
   */
  private boolean systemMsg(String t, LogLine line, Event e) {
    String body = t;
    String program = null;
    int dash = t.lastIndexOf(" - ");
    if (dash > 0 && t.endsWith("]") && t.indexOf('[', dash) > 0) {
      program = t.substring(dash + 3, t.indexOf('[', dash));
      body = t.substring(0, dash).strip();
    }
    if (program == null || !program.endsWith("sshd")) return false;
    body = body.replace("(dcos_sshd:", "(sshd:");
    Event scratch = new Event();
    LogLine inner = new LogLine(body, "sshd", null, line.zone() == null ? ZoneOffset.UTC : line.zone(), line.received());
    if (!(sshd.parse(inner, scratch) instanceof ParseOutcome.Recognised)) return false;
    scratch.forEach((k, v) -> {
      if (!k.equals("event.dataset") && !k.equals("@timestamp") && !k.equals("message")) e.put(k, v);
    });
    e.put("process.name", program);
    return e.has("event.action");
  }


  /** The word after {@code key}, or "". */
  private static String after(String s, String key) {
    int i = s.indexOf(key);
    if (i < 0) return "";
    int from = i + key.length();
    int end = from;
    while (end < s.length() && s.charAt(end) != ' ' && s.charAt(end) != ',') end++;
    return s.substring(from, end);
  }
}
