package vn.soctinh.analyzer.parse.linux;

import static vn.soctinh.analyzer.parse.EventClass.END;
import static vn.soctinh.analyzer.parse.EventClass.INFO;
import static vn.soctinh.analyzer.parse.EventClass.START;
import java.util.List;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;
import vn.soctinh.analyzer.parse.Values;
import vn.soctinh.analyzer.parse.Text;
import vn.soctinh.analyzer.parse.EventClass;

/**
 * OpenSSH's sshd: logins accepted and failed (password, publickey, keyboard-interactive …),
 * invalid users, pre-authentication disconnects and closes, too many attempts, identification and
 * protocol errors, reverse-mapping warnings, server start and stop, and the PAM lines sshd writes.
 * Brute-force and credential-stuffing rules read {@code event.action}, {@code user.name},
 * {@code source.ip} and {@code event.outcome} from here.
 *
 * <p>Logins are written as Elastic's system integration writes them: {@code event.action: ssh_login}
 * with {@code event.outcome} success or failure, and {@code system.auth.ssh.event} saying which line
 * it was ({@code Accepted}, {@code Failed}, {@code Invalid}), so that one attempt by an unknown user
 * (an "Invalid user" line, then a "Failed password" line) can be counted once. The method goes to
 * {@code system.auth.ssh.method}, the key to {@code system.auth.ssh.signature}; a line logged before
 * authentication gets {@code labels.preauth}.
 */
public final class SshdParser implements ContentParser {
  static final String DATASET = "system.auth";
  private static final List<String> AUTH_SESSION = List.of("authentication", "session");

  @Override
  public String name() {
    return "sshd";
  }

  @Override
  public Set<String> programs() {
    return Set.of("sshd", "sshd-session", "sshd-auth");
  }

  @Override
  public boolean sniff(LogLine line) {
    String m = line.message();
    return m.startsWith("Accepted ") && m.contains(" ssh2") || m.startsWith("Failed password for ");
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    String program = line.program();
    String text = line.message();
    if (PamMessages.parse(program, text, e)) return ParseOutcome.RECOGNISED;
    int repeat = 0;
    if (text.startsWith("message repeated ") && text.endsWith("]")) {
      // syslog's de-duplication: "message repeated 2 times: [ Failed password for root from ... ]"
      int open = text.indexOf(": [ ");
      if (open > 0) {
        Long n = Values.parseLong(Text.word(text, "message repeated ".length()));
        repeat = n == null ? 0 : n.intValue();
        text = text.substring(open + 4, text.length() - 1).strip();
        if (PamMessages.parse(program, text, e)) return repeated(e, repeat);
      }
    }
    boolean[] preauth = {false};
    String t = Text.stripPreauth(text, preauth);
    if (t.startsWith("error: ")) t = t.substring(7);
    if (t.startsWith("fatal: ")) t = t.substring(7);
    if (!classify(t, e)) return ParseOutcome.unrecognised("not a known sshd message");
    if (preauth[0]) e.put("labels.preauth", "true");
    return repeat > 0 ? repeated(e, repeat) : ParseOutcome.RECOGNISED;
  }

  private static ParseOutcome repeated(Event e, int n) {
    e.put("labels.repeat_count", String.valueOf(n));
    return ParseOutcome.RECOGNISED;
  }

  private static boolean classify(String t, Event e) {
    String rest;
    if ((rest = Text.after(t, "Accepted key ")) != null && rest.contains(" found at ")) {
      // which authorized_keys line matched: "Accepted key RSA SHA256:… found at /home/bob/.ssh/authorized_keys:1"
      Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, INFO, "ssh_key_matched", null);
      e.put("system.auth.ssh.signature", rest.substring(0, rest.indexOf(" found at ")));
      String file = Text.word(rest, rest.indexOf(" found at ") + 10);
      int line = file.lastIndexOf(':');
      e.put("file.path", line > 0 ? file.substring(0, line) : file);
      return true;
    }
    if ((rest = Text.after(t, "Accepted ")) != null) return login(rest, e, true);
    if ((rest = Text.after(t, "Failed ")) != null) return login(rest, e, false);
    if ((rest = Text.after(t, "Invalid user ")) != null) {
      Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, INFO, "ssh_login", "failure");
      e.put("system.auth.ssh.event", "Invalid");
      e.put("event.reason", "invalid user");
      return userFromAddress(rest, e);
    }
    if ((rest = Text.after(t, "input_userauth_request: invalid user ")) != null) {
      Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, START, "ssh_invalid_user", "failure");
      e.put("user.name", rest.strip());
      return true;
    }
    if ((rest = Text.after(t, "Postponed ")) != null) {
      Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, INFO, "ssh_auth_postponed", null);
      return login(rest, e, null);
    }
    if ((rest = Text.after(t, "Received disconnect from ")) != null) {
      Ecs.classify(e, DATASET, EventClass.NETWORK, END, "ssh_disconnect", null);
      return disconnect(rest, e);
    }
    if ((rest = Text.after(t, "Disconnected from ")) != null) {
      Ecs.classify(e, DATASET, EventClass.NETWORK, END, "ssh_disconnect", null);
      return peer(userPrefix(rest, e), e);
    }
    if ((rest = Text.after(t, "Connection closed by ")) != null || (rest = Text.after(t, "Connection reset by ")) != null) {
      Ecs.classify(e, DATASET, EventClass.NETWORK, END, "ssh_connection_closed", null);
      return peer(userPrefix(rest, e), e);
    }
    if ((rest = Text.after(t, "Disconnecting: Too many authentication failures")) != null
        || t.startsWith("Disconnecting ") && t.contains("Too many authentication failures")) {
      Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, START, "ssh_max_auth_attempts", "failure");
      if (rest != null && rest.startsWith(" for ")) e.put("user.name", userName(rest.substring(5)));
      else {
        String who = Text.between(t, "Disconnecting ", ": Too many");
        if (who != null) peer(userPrefix(who, e), e);
      }
      return true;
    }
    if ((rest = Text.after(t, "maximum authentication attempts exceeded for ")) != null) {
      Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, START, "ssh_max_auth_attempts", "failure");
      return userFromAddress(invalid(rest, e), e);
    }
    if ((rest = Text.after(t, "Did not receive identification string from ")) != null) {
      Ecs.classify(e, DATASET, EventClass.NETWORK, List.of("connection"), "ssh_no_identification", "failure");
      if (!peer(rest, e)) return false;
      e.put("system.auth.ssh.dropped_ip", e.get("source.ip")); // Elastic's name for the address that sent nothing
      return true;
    }
    if (t.startsWith("Bad protocol version identification ") || t.startsWith("banner exchange: ")
        || t.startsWith("kex_exchange_identification: ")) {
      Ecs.classify(e, DATASET, EventClass.NETWORK, List.of("connection"), "ssh_bad_protocol", "failure");
      String from = Text.between(t + " ", " from ", " ");
      if (from == null) from = Text.between(t, "Connection from ", " ");
      if (from != null) Values.putIp(e, "source.ip", from);
      Integer p = portAfter(t);
      if (p != null) e.put("source.port", (long) p);
      return true;
    }
    if ((rest = Text.after(t, "Unable to negotiate with ")) != null) {
      Ecs.classify(e, DATASET, EventClass.NETWORK, List.of("connection"), "ssh_negotiation_failed", "failure");
      return peer(rest, e);
    }
    if ((rest = Text.after(t, "Timeout before authentication for ")) != null) {
      Ecs.classify(e, DATASET, EventClass.NETWORK, END, "ssh_timeout", "failure");
      return peer(rest, e);
    }
    if ((rest = Text.after(t, "reverse mapping checking getaddrinfo for ")) != null) {
      Ecs.classify(e, DATASET, EventClass.NETWORK, INFO, "ssh_reverse_mapping_failed", null);
      e.put("source.domain", Text.word(rest, 0));
      Values.putIp(e, "source.ip", Text.between(rest, "[", "]"));
      return true;
    }
    if ((rest = Text.after(t, "Address ")) != null && t.contains(" maps to ")) {
      Ecs.classify(e, DATASET, EventClass.NETWORK, INFO, "ssh_reverse_mapping_mismatch", null);
      Values.putIp(e, "source.ip", Text.word(rest, 0));
      String host = Text.between(t, " maps to ", ",");
      if (host != null) e.put("source.domain", host);
      return true;
    }
    if (t.startsWith("Write failed: ") || t.startsWith("Read error from remote host ") || t.startsWith("ssh_dispatch_run_fatal: ")) {
      Ecs.classify(e, DATASET, EventClass.NETWORK, List.of("error"), "ssh_connection_error", "failure");
      String from = Text.between(t + " ", "remote host ", " ");
      if (from == null) from = Text.between(t + " ", "Connection from ", " ");
      if (from != null) Values.putIp(e, "source.ip", from);
      return true;
    }
    if ((rest = Text.after(t, "Server listening on ")) != null) {
      Ecs.classify(e, DATASET, EventClass.HOST, START, "ssh_server_started", "success");
      Values.putIp(e, "server.ip", Text.word(rest, 0));
      Integer p = portAfter(t);
      if (p != null) e.put("server.port", (long) p);
      return true;
    }
    if (t.startsWith("Received signal ") && t.contains("terminating")) {
      Ecs.classify(e, DATASET, EventClass.HOST, END, "ssh_server_stopped", null);
      return true;
    }
    if ((rest = Text.after(t, "Connection from ")) != null) {
      Ecs.classify(e, DATASET, EventClass.NETWORK, List.of("connection", "start"), "ssh_connection", null);
      return peer(rest, e);
    }
    return more(t, e);
  }

  /** The rarer messages: refusals by configuration, key and host-key problems, sessions, limits, server errors. */
  private static boolean more(String t, Event e) {
    String rest;
    if ((rest = Text.after(t, "User ")) != null && t.contains(" not allowed because ")) {
      // AllowUsers/DenyUsers/AllowGroups, a locked account, a shell that does not exist
      Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, START, "ssh_user_not_allowed", "failure");
      e.put("user.name", Text.word(rest, 0));
      e.put("event.reason", t.substring(t.indexOf(" not allowed because ") + 21));
      String from = Text.between(t, " from ", " not allowed");
      if (from != null) Values.putIp(e, "source.ip", from);
      return true;
    }
    if ((rest = Text.after(t, "PAM: Authentication failure for ")) != null) {
      Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, INFO, "authentication_failure", "failure"); // PAM's, before its sshd "Failed" line
      if (rest.startsWith("illegal user ")) {
        e.put("event.reason", "invalid user");
        rest = rest.substring("illegal user ".length());
      }
      return userFromAddress(rest, e);
    }
    if ((rest = Text.after(t, "PAM: User not known to the underlying authentication module for illegal user ")) != null) {
      // old sshd with UsePAM: an unknown account, before its "Failed" line
      Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, INFO, "authentication_failure", "failure");
      e.put("event.reason", "invalid user");
      int from = rest.lastIndexOf(" from ");
      if (from <= 0) {
        e.put("user.name", rest.strip());
        return true;
      }
      e.put("user.name", rest.substring(0, from));
      Ecs.sourceHost(e, Text.word(rest, from + 6));
      return true;
    }
    if ((rest = Text.after(t, "Authentication refused: ")) != null) {
      // the key would be accepted but the home or .ssh directory is writable by others
      Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, START, "ssh_auth_refused", "failure");
      e.put("event.reason", rest);
      return true;
    }
    if ((rest = Text.after(t, "userauth_pubkey: ")) != null || (rest = Text.after(t, "AuthorizedKeysCommand ")) != null) {
      Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, START, "ssh_key_refused", "failure");
      e.put("event.reason", rest);
      return true;
    }
    if ((rest = Text.after(t, "Could not load host key: ")) != null) {
      Ecs.classify(e, DATASET, EventClass.HOST, List.of("error"), "ssh_host_key_error", "failure");
      e.put("file.path", rest.strip());
      return true;
    }
    if (t.startsWith("key_exchange: ") || t.startsWith("Protocol major versions differ for ") || t.startsWith("Corrupted MAC on input")
        || t.startsWith("Bad packet length ")) {
      Ecs.classify(e, DATASET, EventClass.NETWORK, List.of("connection"), "ssh_negotiation_failed", "failure");
      String from = Text.between(t + " ", "Connection from ", " ");
      if (from == null) from = Text.between(t + " ", "differ for ", " ");
      if (from != null) Values.putIp(e, "source.ip", from);
      Integer p = portAfter(t);
      if (p != null && from != null) e.put("source.port", (long) p);
      return true;
    }
    if ((rest = Text.after(t, "Timeout, client not responding from ")) != null) {
      Ecs.classify(e, DATASET, EventClass.NETWORK, END, "ssh_timeout", "failure");
      return peer(userPrefix(rest, e), e);
    }
    if ((rest = Text.after(t, "Starting session: ")) != null || (rest = Text.after(t, "Close session: ")) != null) {
      boolean start = t.startsWith("Starting");
      Ecs.classify(e, DATASET, EventClass.SESSION, start ? START : END, start ? "ssh_session_started" : "ssh_session_closed", null);
      String who = start ? Text.between(rest, " for ", " from ") : Text.between(rest, "user ", " from ");
      if (who != null) e.put("user.name", who);
      int from = rest.indexOf(" from ");
      if (from > 0) peer(rest.substring(from + 6), e);
      return true;
    }
    if ((rest = Text.after(t, "subsystem request for ")) != null) {
      Ecs.classify(e, DATASET, EventClass.SESSION, INFO, "ssh_subsystem", null);
      e.put("labels.ssh_subsystem", Text.word(rest, 0));
      String user = Text.between(rest + " ", " by user ", " ");
      if (user != null) e.put("user.name", user);
      return true;
    }
    if ((rest = Text.after(t, "drop connection #")) != null && t.contains("MaxStartups")) {
      // "drop connection #10 from [203.0.113.5]:51234 on [10.0.0.2]:22 past MaxStartups": a flood of unauthenticated connections
      Ecs.classify(e, DATASET, EventClass.NETWORK, List.of("connection", "denied"), "ssh_connection_dropped", "failure");
      Values.putIp(e, "source.ip", Text.between(rest, "from [", "]"));
      e.put("event.reason", "MaxStartups");
      return true;
    }
    if ((rest = Text.after(t, "srclimit_penalise: ")) != null) {
      // OpenSSH 9.8 PerSourcePenalties: "ipv4: new 203.0.113.5/32 deferred penalty of 10 seconds for reason: …"
      Ecs.classify(e, DATASET, EventClass.NETWORK, List.of("denied"), "ssh_source_penalised", null);
      String addr = Text.between(rest, "new ", "/");
      if (addr == null) addr = Text.between(rest, "ipv6: ", "/");
      if (addr != null) Values.putIp(e, "source.ip", addr);
      int reason = rest.indexOf("reason: ");
      if (reason >= 0) e.put("event.reason", rest.substring(reason + 8));
      return true;
    }
    if (t.startsWith("connect_to ")) {
      // a port forwarding the client asked for that failed
      Ecs.classify(e, DATASET, EventClass.NETWORK, List.of("connection"), "ssh_forward_failed", "failure");
      String host = Text.word(t, "connect_to ".length());
      Values.putIp(e, "destination.ip", host);
      Integer p = portAfter(t);
      if (p != null) e.put("destination.port", (long) p);
      return true;
    }
    if (t.startsWith("Bind to port ") || t.startsWith("Cannot bind any address")) {
      Ecs.classify(e, DATASET, EventClass.HOST, List.of("error"), "ssh_server_error", "failure");
      e.put("event.reason", t);
      return true;
    }
    if ((rest = Text.after(t, "Transferred: ")) != null) {
      Ecs.classify(e, DATASET, EventClass.NETWORK, INFO, "ssh_transferred", null);
      Long sent = Values.parseLong(Text.between(rest, "sent ", ","));
      Long received = Values.parseLong(Text.between(rest, "received ", " bytes"));
      if (sent != null) e.put("destination.bytes", sent);
      if (received != null) e.put("source.bytes", received);
      return true;
    }
    if (t.startsWith("debug1: ") || t.startsWith("debug2: ") || t.startsWith("debug3: ")) {
      Ecs.classify(e, DATASET, EventClass.HOST, INFO, "ssh_debug", null);
      e.put("log.level", "debug");
      return true;
    }
    return false;
  }

  /** "password for [invalid user ]bob from 203.0.113.5 port 4242 ssh2[: RSA SHA256:…]" */
  private static boolean login(String rest, Event e, Boolean success) {
    int sp = rest.indexOf(" for ");
    if (sp <= 0) return false;
    String method = rest.substring(0, sp);
    if (success != null) {
      Ecs.classify(e, DATASET, success ? AUTH_SESSION : EventClass.AUTHENTICATION, INFO, "ssh_login", success ? "success" : "failure");
      e.put("system.auth.ssh.event", success ? "Accepted" : "Failed");
    }
    e.put("system.auth.ssh.method", method);
    String who = invalid(rest.substring(sp + 5), e);
    int from = who.lastIndexOf(" from ");
    if (from < 0) return false;
    e.put("user.name", who.substring(0, from));
    peer(who.substring(from + 6), e);
    int key = who.indexOf(": ", from);
    if (key > 0) e.put("system.auth.ssh.signature", who.substring(key + 2).strip());
    return true;
  }

  /** Drops "invalid user " and records it as the reason. */
  private static String invalid(String s, Event e) {
    if (s.startsWith("invalid user ")) {
      e.put("event.reason", "invalid user");
      return s.substring("invalid user ".length());
    }
    return s;
  }

  /** "bob from 203.0.113.5[ port 4242]" (the user name may be empty or contain spaces). */
  private static boolean userFromAddress(String s, Event e) {
    int from = s.lastIndexOf(" from ");
    if (from < 0) {
      e.put("user.name", s.strip());
      return true;
    }
    if (from > 0) e.put("user.name", s.substring(0, from));
    return peer(s.substring(from + 6), e);
  }

  /** "[user bob |invalid user bob |authenticating user bob ]203.0.113.5 ..." → the address part. */
  private static String userPrefix(String s, Event e) {
    for (String p : new String[] {"authenticating user ", "invalid user ", "user "}) {
      if (s.startsWith(p)) {
        String rest = s.substring(p.length());
        int sp = rest.indexOf(' ');
        if (sp < 0) return rest;
        e.put("user.name", rest.substring(0, sp));
        if (p.equals("invalid user ")) e.put("event.reason", "invalid user");
        return rest.substring(sp + 1);
      }
    }
    return s;
  }

  /** "203.0.113.5[ port 4242][...]" → source.ip and source.port. */
  private static boolean peer(String s, Event e) {
    String host = Text.word(s, 0);
    if (host.endsWith(":") || host.endsWith(",")) host = host.substring(0, host.length() - 1);
    if (!Values.putIp(e, "source.ip", host)) return false;
    Integer p = portAfter(s);
    if (p != null) e.put("source.port", (long) p);
    return true;
  }

  /** "203.0.113.5 port 4242: 11: Bye Bye" or "203.0.113.5: 11: Bye Bye" */
  private static boolean disconnect(String s, Event e) {
    if (!peer(s, e)) return false;
    int colon = s.indexOf(": ");
    if (colon > 0) {
      String rest = s.substring(colon + 2);
      int c2 = rest.indexOf(": ");
      if (c2 > 0 && Values.parseLong(rest.substring(0, c2)) != null) {
        e.put("labels.ssh_disconnect_code", rest.substring(0, c2));
        rest = rest.substring(c2 + 2);
      }
      e.put("event.reason", rest);
    }
    return true;
  }

  private static String userName(String s) {
    return Text.word(s.strip(), 0);
  }

  private static Integer portAfter(String s) {
    int i = s.indexOf(" port ");
    if (i < 0) return null;
    String w = Text.word(s, i + 6);
    int end = 0;
    while (end < w.length() && Character.isDigit(w.charAt(end))) end++;
    Long p = Values.parseLong(w.substring(0, end));
    return p == null || p > 65535 ? null : p.intValue();
  }
}
