package vn.soctinh.analyzer.parse.mail;

import static vn.soctinh.analyzer.parse.Text.between;
import static vn.soctinh.analyzer.parse.EventClass.AUTHENTICATION;
import static vn.soctinh.analyzer.parse.EventClass.CONNECTION_END;
import static vn.soctinh.analyzer.parse.EventClass.END;
import static vn.soctinh.analyzer.parse.EventClass.ERROR;
import static vn.soctinh.analyzer.parse.EventClass.HOST;
import static vn.soctinh.analyzer.parse.EventClass.INFO;
import static vn.soctinh.analyzer.parse.EventClass.NETWORK;
import static vn.soctinh.analyzer.parse.EventClass.PROTOCOL;
import static vn.soctinh.analyzer.parse.EventClass.START;

import java.util.List;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;
import vn.soctinh.analyzer.parse.Values;
import vn.soctinh.analyzer.parse.Text;

/**
 * Dovecot (IMAP, POP3, submission, ManageSieve, LMTP): logins and the failed ones with their
 * attempt count, connections dropped before authenticating, the auth process's verdicts per
 * password database ({@code pam(bob,203.0.113.5): unknown user}), PAM failures, logouts with the
 * bytes moved, LMTP/LDA deliveries, start and stop. Each line starts with the Dovecot process
 * ({@code imap-login:}, {@code auth-worker(123):}, {@code imap(bob)<123><sess>:}) and may carry a
 * level ({@code Info:}, {@code Error:}); the protocol goes to {@code network.protocol}.
 *
 * <p>A webmail or phone that keeps a wrong password after a change fails every few minutes, an
 * attacker many times a second: both are {@code mail_login_failed} with {@code user.name} and
 * {@code source.ip}, and the correlation rules tell them apart.
 */
public final class DovecotParser implements ContentParser {
  static final String DATASET = "dovecot.log";
  private static final List<String> LEVELS = List.of("Info: ", "Warning: ", "Error: ", "Fatal: ", "Panic: ", "Debug: ");

  @Override
  public String name() {
    return "dovecot";
  }

  @Override
  public Set<String> programs() {
    // Dovecot 1.x and some packagings log under the process name itself.
    return Set.of("dovecot", "imap-login", "pop3-login", "submission-login", "managesieve-login");
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    String t = line.message().strip();
    if (t.startsWith("dovecot: ")) t = t.substring(9);
    String program = line.program() == null ? "" : line.program();
    String process;
    int colon = t.indexOf(": ");
    if (program.endsWith("-login") && !program.startsWith("dovecot")) {
      process = program;
      if (t.startsWith(program + ": ")) t = t.substring(program.length() + 2);
    } else if (colon > 0 && isProcess(t, colon)) {
      process = t.substring(0, colon);
      t = t.substring(colon + 2);
    } else {
      process = "";
    }
    String level = null;
    for (String l : LEVELS) {
      if (t.startsWith(l)) {
        level = l.substring(0, l.length() - 2).toLowerCase(java.util.Locale.ROOT);
        t = t.substring(l.length());
        break;
      }
    }
    String service = serviceOf(process);
    if (!classify(process, service, level, t, e)) return ParseOutcome.unrecognised("not a known Dovecot message");
    if (!service.isEmpty()) e.put("dovecot.process", service);
    if (level != null) e.putIfAbsent("log.level", level);
    return ParseOutcome.RECOGNISED;
  }

  /** "imap-login", "auth-worker(123)", "imap(bob)&lt;123&gt;&lt;abc&gt;", "IMAP(bob)": a name, then optional (…) and &lt;…&gt; parts. */
  static boolean isProcess(String t, int end) {
    int i = 0;
    while (i < end && (Character.isLetterOrDigit(t.charAt(i)) || t.charAt(i) == '-' || t.charAt(i) == '_')) i++;
    if (i == 0) return false;
    if (i == end) return true;
    char c = t.charAt(i);
    return (c == '(' || c == '<') && (t.charAt(end - 1) == ')' || t.charAt(end - 1) == '>');
  }

  private static String serviceOf(String process) {
    int i = 0;
    while (i < process.length() && process.charAt(i) != '(' && process.charAt(i) != '<') i++;
    return process.substring(0, i).toLowerCase(java.util.Locale.ROOT);
  }

  /** The user between the first parentheses of "imap(bob)&lt;…&gt;", or null. */
  private static String processUser(String process) {
    int open = process.indexOf('(');
    int close = process.indexOf(')', open + 1);
    return open < 0 || close < 0 ? null : process.substring(open + 1, close);
  }

  private static boolean classify(String process, String service, String level, String t, Event e) {
    if (service.endsWith("-login")) {
      String protocol = service.substring(0, service.length() - "-login".length());
      if (login(protocol.equals("submission") ? "smtp" : protocol, t, e)) return true;
    } else if (service.equals("auth") || service.startsWith("auth-worker") || service.equals("dovecot-auth")) {
      if (auth(t, e)) return true;
    } else if (service.equals("master")) {
      if (master(t, e)) return true;
    } else if (!service.isEmpty() && mail(service, processUser(process), t, e)) {
      return true;
    }
    if (t.contains("pam_unix(") && t.contains("authentication failure;")) return pamFailure(t, e);
    if (level != null && !level.equals("info") && !level.equals("debug")) {
      boolean warning = level.equals("warning");
      Smtp.classify(e, DATASET, HOST, warning ? INFO : ERROR, warning ? "mail_server_warning" : "mail_server_error", warning ? null : "failure");
      e.put("event.reason", t);
      peerOf(t, e);
      return true;
    }
    return false;
  }

  /** imap-login, pop3-login, …: the login process's verdict on one client. */
  private static boolean login(String protocol, String t, Event e) {
    if (t.startsWith("Login: ")) {
      Smtp.classify(e, DATASET, AUTHENTICATION, START, "mail_login", "success");
      attributes(protocol, t, e);
      return true;
    }
    if (!t.contains("rip=")) return false;
    String verdict = between(t, "(", ")");
    boolean authFailed = t.contains("(auth failed") || verdict != null && verdict.startsWith("auth failed");
    if (authFailed) {
      Smtp.classify(e, DATASET, AUTHENTICATION, START, "mail_login_failed", "failure");
      String attempts = Text.wordBefore(t, " attempts");
      if (attempts != null) Values.putLong(e, "dovecot.attempts", attempts);
    } else if (t.contains("(tried to use ") || t.startsWith("Maximum number of connections") || t.contains("(client didn't finish SASL auth")
        || t.contains("(auth aborted")) {
      Smtp.classify(e, DATASET, AUTHENTICATION, START, "mail_login_aborted", "failure");
    } else if (t.startsWith("Disconnected") || t.startsWith("Aborted login") || t.startsWith("Login aborted")) {
      Smtp.classify(e, DATASET, NETWORK, CONNECTION_END, "mail_disconnect", null);
    } else {
      return false;
    }
    int attrs = t.indexOf("): ");
    e.put("event.reason", t.substring(0, attrs > 0 ? attrs + 1 : Math.min(t.length(), t.indexOf("rip="))).strip());
    attributes(protocol, t, e);
    return true;
  }

  /** "user=&lt;bob&gt;, method=PLAIN, rip=203.0.113.5, lip=10.0.0.2, mpid=123, TLS, session=&lt;…&gt;" */
  private static void attributes(String protocol, String t, Event e) {
    e.put("network.protocol", protocol);
    String user = Smtp.value(t, "user");
    if (user != null && !user.isEmpty()) e.put("user.name", user);
    e.putNonEmpty("dovecot.auth_method", Smtp.value(t, "method"));
    Values.putIp(e, "source.ip", Smtp.plainIp(Smtp.value(t, "rip")));
    Values.putIp(e, "destination.ip", Smtp.plainIp(Smtp.value(t, "lip")));
    Values.putPort(e, "source.port", Smtp.value(t, "rport"));
    Values.putPort(e, "destination.port", Smtp.value(t, "lport"));
    e.putNonEmpty("dovecot.session", Smtp.value(t, "session"));
    if (t.contains(", TLS") || t.contains(", secured")) e.put("tls.established", true);
  }

  /** auth and auth-worker: "pam(bob,203.0.113.5,&lt;sess&gt;): unknown user", "sql(bob,203.0.113.5): Password mismatch". */
  private static boolean auth(String t, Event e) {
    int open = t.indexOf('(');
    int close = t.indexOf("): ");
    if (open <= 0 || close < open) return false;
    for (int i = 0; i < open; i++) {
      char c = t.charAt(i);
      if (!Character.isLetterOrDigit(c) && c != '-' && c != '_') return false;
    }
    String reason = t.substring(close + 3);
    String r = reason.toLowerCase(java.util.Locale.ROOT);
    boolean failed = r.contains("unknown user") || r.contains("mismatch") || r.contains("failed") || r.contains("invalid")
        || r.contains("not known") || r.contains("denied") || r.contains("expired") || r.contains("disabled");
    if (!failed) return false;
    Smtp.classify(e, DATASET, AUTHENTICATION, START, "mail_auth_failed", "failure");
    e.put("dovecot.passdb", t.substring(0, open));
    String[] parts = t.substring(open + 1, close).split(",", 3);
    if (!parts[0].isEmpty() && !parts[0].equals("?")) e.put("user.name", parts[0]);
    if (parts.length > 1) Values.putIp(e, "source.ip", Smtp.plainIp(parts[1]));
    if (parts.length > 2 && parts[2].startsWith("<") && parts[2].endsWith(">")) e.put("dovecot.session", parts[2].substring(1, parts[2].length() - 1));
    e.put("event.reason", reason);
    return true;
  }

  private static boolean pamFailure(String t, Event e) {
    // "pam_unix(dovecot:auth): authentication failure; logname= uid=0 euid=0 tty=dovecot ruser=bob rhost=203.0.113.5  user=bob"
    Smtp.classify(e, DATASET, AUTHENTICATION, START, "mail_auth_failed", "failure");
    String rhost = Text.field(t, "rhost");
    if (rhost != null && !Values.putIp(e, "source.ip", Smtp.plainIp(rhost))) e.put("source.domain", rhost);
    String user = Text.field(t, "user");
    if (user != null) e.put("user.name", user);
    e.put("event.reason", "authentication failure");
    e.put("labels.pam_module", "pam_unix");
    return true;
  }

  /** imap(bob), pop3(bob), lmtp(bob), lda(bob), submission(bob): a logged-in session. */
  private static boolean mail(String service, String user, String t, Event e) {
    String protocol = service.equals("lda") ? "lmtp" : service;
    if (t.startsWith("Disconnected: Logged out") || t.startsWith("Logged out")) {
      Smtp.classify(e, DATASET, List.of("session"), END, "mail_logout", "success");
    } else if (t.startsWith("Disconnected") || t.startsWith("Connection closed")) {
      Smtp.classify(e, DATASET, List.of("session"), END, "mail_session_closed", null);
      int paren = t.indexOf(" in=");
      e.put("event.reason", (paren > 0 ? t.substring(0, paren) : t).strip());
    } else if (t.startsWith("msgid=") || t.startsWith("sieve: msgid=")) {
      // lmtp/lda: "msgid=<abc@example.vn>: saved mail to INBOX"
      String m = t.startsWith("sieve: ") ? t.substring(7) : t;
      int c = m.indexOf(": ");
      if (c < 0) return false;
      String what = m.substring(c + 2);
      boolean saved = what.startsWith("saved mail to ") || what.startsWith("stored mail into ");
      Smtp.classify(e, DATASET, NETWORK, PROTOCOL, saved ? "mail_delivered" : "mail_delivery_status", saved ? "success" : null);
      String id = Smtp.value(m, "msgid");
      if (id != null && !id.isEmpty()) e.put("email.message_id", id);
      e.put("event.reason", what);
    } else if (t.startsWith("Connect from ") || t.startsWith("Disconnect from ")) {
      boolean connect = t.startsWith("Connect");
      Smtp.classify(e, DATASET, NETWORK, List.of("connection", connect ? "start" : "end"), connect ? "mail_connection" : "mail_disconnect", null);
      String peer = Text.word(t, connect ? 13 : 16);
      if (peer.endsWith(":")) peer = peer.substring(0, peer.length() - 1);
      Values.putIp(e, "source.ip", Smtp.plainIp(peer));
    } else {
      return false;
    }
    e.put("network.protocol", protocol);
    if (user != null && !user.isEmpty() && !user.chars().allMatch(Character::isDigit)) e.put("user.name", user);
    Values.putLong(e, "source.bytes", Smtp.value(t, "in"));
    Values.putLong(e, "destination.bytes", Smtp.value(t, "out"));
    return true;
  }

  private static boolean master(String t, Event e) {
    if (t.startsWith("Dovecot v") && t.contains(" starting up")) {
      Smtp.classify(e, DATASET, HOST, START, "service_started", "success");
      e.put("service.version", Text.word(t, 9));
    } else if (t.startsWith("Killed with signal ") || t.startsWith("Dovecot is shutting down")) {
      Smtp.classify(e, DATASET, HOST, END, "service_stopped", "success");
    } else {
      return false;
    }
    e.put("service.name", "dovecot");
    return true;
  }

  /** An error about one client ("…: user=&lt;&gt;, rip=203.0.113.5, …") keeps the client. */
  private static void peerOf(String t, Event e) {
    Values.putIp(e, "source.ip", Smtp.plainIp(Smtp.value(t, "rip")));
    String user = Smtp.value(t, "user");
    if (user != null && !user.isEmpty()) e.put("user.name", user);
  }
}
