package vn.soctinh.analyzer.parse.mail;

import static vn.soctinh.analyzer.parse.Text.between;
import static vn.soctinh.analyzer.parse.Text.after;
import static vn.soctinh.analyzer.parse.EventClass.AUTHENTICATION;
import static vn.soctinh.analyzer.parse.EventClass.CONNECTION_END;
import static vn.soctinh.analyzer.parse.EventClass.CONNECTION_START;
import static vn.soctinh.analyzer.parse.EventClass.DENIED;
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
 * Postfix, every daemon ({@code postfix/smtpd}, {@code postfix/submission/smtpd}, {@code qmgr},
 * {@code cleanup}, {@code smtp}, {@code local}, {@code postscreen}, {@code anvil} …; the registry
 * gives this parser every program under {@code postfix}): SMTP connections, rejects with their
 * reply code and envelope, SASL logins and failures, the life of a queued message (client,
 * message-id, sender and size, one line per recipient with its relay and status, removal),
 * reverse-DNS warnings, postscreen's verdicts and the daemons' own warnings. The queue id goes to
 * {@code postfix.queue_id} (and {@code email.local_id}), which is what joins a message's lines.
 *
 * <p>Action names are shared with the Exim parser ({@code smtp_auth_failed}, {@code smtp_rejected},
 * {@code mail_delivered} …) so that a rule does not depend on which MTA an agency runs.
 */
public final class PostfixParser implements ContentParser {
  static final String DATASET = "postfix.log";

  @Override
  public String name() {
    return "postfix";
  }

  @Override
  public Set<String> programs() {
    return Set.of("postfix");
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    String t = line.message().strip();
    String queueId = null;
    String body = t;
    int colon = t.indexOf(": ");
    if (colon > 0 && isQueueId(t, colon)) {
      queueId = t.substring(0, colon);
      body = t.substring(colon + 2);
    } else if (t.startsWith("NOQUEUE: ")) {
      body = t.substring("NOQUEUE: ".length());
    }
    if (!classify(body, queueId != null, e)) return ParseOutcome.unrecognised("not a known Postfix message");
    if (queueId != null) {
      e.put("postfix.queue_id", queueId);
      e.put("email.local_id", queueId);
    }
    return ParseOutcome.RECOGNISED;
  }

  /**
   * A queue id: short ones are upper-case hex (3F1A2B4C5D), long ones ({@code enable_long_queue_ids})
   * letters and digits without vowels (4T3Xb52pZZz9tyZ); neither is an English word like "warning".
   */
  static boolean isQueueId(String s, int end) {
    if (end < 6 || end > 24) return false;
    boolean hex = true;
    boolean digit = false;
    boolean vowel = false;
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      boolean d = c >= '0' && c <= '9';
      if (!d && !(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z')) return false;
      digit |= d;
      if (!d && !(c >= 'A' && c <= 'F')) hex = false;
      if ("AEIOUaeiou".indexOf(c) >= 0) vowel = true;
    }
    return digit && (hex || !vowel && end >= 10);
  }

  private static boolean classify(String t, boolean queued, Event e) {
    String rest;
    if ((rest = after(t, "reject: ")) != null) return check(rest, "smtp_rejected", "failure", DENIED, e);
    if ((rest = after(t, "reject_warning: ")) != null) return check(rest, "smtp_reject_warning", null, INFO, e);
    if ((rest = after(t, "milter-reject: ")) != null) return check(rest, "smtp_rejected", "failure", DENIED, e);
    if ((rest = after(t, "discard: ")) != null) return check(rest, "mail_discarded", "failure", DENIED, e);
    if ((rest = after(t, "hold: ")) != null) return check(rest, "mail_held", null, INFO, e);
    if ((rest = after(t, "filter: ")) != null) return check(rest, "mail_filtered", null, INFO, e);
    if ((rest = after(t, "redirect: ")) != null) return check(rest, "mail_redirected", null, INFO, e);
    if ((rest = after(t, "warning: ")) != null) return warning(rest, e);
    for (String level : new String[] {"error", "fatal", "panic"}) {
      if ((rest = after(t, level + ": ")) != null) {
        Smtp.classify(e, DATASET, HOST, ERROR, "mail_server_error", "failure");
        e.put("log.level", level);
        e.put("event.reason", rest);
        return true;
      }
    }
    if (queued) {
      Boolean done = queueLine(t, e);
      if (done != null) return done;
    }
    if (smtpd(t, e)) return true;
    if (postscreen(t, e)) return true;
    return service(t, e);
  }

  /** Lines of one queued message; null when the text is none of them. */
  private static Boolean queueLine(String t, Event e) {
    String rest;
    if ((rest = after(t, "client=")) != null) {
      String sasl = Smtp.value(t, "sasl_username");
      if (sasl != null && !sasl.isEmpty()) {
        Smtp.classify(e, DATASET, AUTHENTICATION, START, "smtp_auth", "success");
        e.put("user.name", sasl);
        e.putNonEmpty("postfix.sasl_method", Smtp.value(t, "sasl_method"));
      } else {
        Smtp.classify(e, DATASET, NETWORK, PROTOCOL, "mail_client", null);
      }
      int comma = rest.indexOf(',');
      Smtp.peer(e, "source", comma < 0 ? rest : rest.substring(0, comma));
      e.put("network.protocol", "smtp");
      return true;
    }
    if (t.startsWith("message-id=") || t.startsWith("resent-message-id=")) {
      Smtp.classify(e, DATASET, NETWORK, PROTOCOL, "mail_message_id", null);
      String id = Smtp.value(t, t.startsWith("resent") ? "resent-message-id" : "message-id");
      if (id != null && !id.isEmpty()) e.put("email.message_id", id);
      return true;
    }
    if (t.startsWith("uid=") && t.contains(" from=")) {
      // pickup: a message submitted on the host itself (sendmail command, a web application)
      Smtp.classify(e, DATASET, NETWORK, PROTOCOL, "mail_submitted", null);
      e.put("user.id", Smtp.value(t, "uid"));
      Smtp.putAddress(e, "email.from.address", Smtp.value(t, "from"));
      return true;
    }
    if (t.startsWith("to=<")) return delivery(t, e);
    if (t.startsWith("from=<")) {
      String status = Smtp.value(t, "status");
      if ("expired".equals(status)) {
        Smtp.classify(e, DATASET, NETWORK, PROTOCOL, "mail_expired", "failure");
      } else {
        Smtp.classify(e, DATASET, NETWORK, PROTOCOL, "mail_received", null);
        Values.putLong(e, "postfix.size", Smtp.value(t, "size"));
        Values.putLong(e, "postfix.nrcpt", Smtp.value(t, "nrcpt"));
      }
      Smtp.putAddress(e, "email.from.address", Smtp.value(t, "from"));
      return true;
    }
    if (t.equals("removed")) {
      Smtp.classify(e, DATASET, NETWORK, PROTOCOL, "mail_removed", null);
      return true;
    }
    for (String kind : new String[] {"sender non-delivery notification: ", "sender delivery status notification: ",
        "postmaster non-delivery notification: ", "sender delay notification: "}) {
      if ((rest = after(t, kind)) != null) {
        Smtp.classify(e, DATASET, NETWORK, PROTOCOL, "mail_bounce_notification", null);
        e.put("postfix.notification_queue_id", rest.strip());
        return true;
      }
    }
    if ((rest = after(t, "host ")) != null && (rest.contains(" said: ") || rest.contains(" refused to talk to me: "))) {
      // the remote server's answer to our delivery attempt
      Smtp.classify(e, DATASET, NETWORK, ERROR, "mail_delivery_error", "failure");
      int sp = rest.indexOf(' ');
      Smtp.peer(e, "destination", rest.substring(0, sp));
      int c = rest.indexOf(": ", sp);
      if (c > 0) Smtp.reply(e, "postfix", rest.substring(c + 2));
      return true;
    }
    if (t.startsWith("lost connection with ") || t.startsWith("conversation with ")) {
      Smtp.classify(e, DATASET, NETWORK, ERROR, "mail_delivery_error", "failure");
      Smtp.peer(e, "destination", Text.word(t, t.indexOf(" with ") + 6));
      e.put("event.reason", t);
      return true;
    }
    return null;
  }

  /** "to=<a@b>, orig_to=<c>, relay=mx[ip]:25, delay=1.2, delays=…, dsn=2.0.0, status=sent (250 2.0.0 Ok)" */
  private static boolean delivery(String t, Event e) {
    String status = Smtp.value(t, "status");
    if (status == null || status.isEmpty()) return false;
    String action;
    String outcome;
    switch (status) {
      case "sent", "deliverable" -> {
        action = "mail_delivered";
        outcome = "success";
      }
      case "deferred" -> {
        action = "mail_deferred";
        outcome = "failure";
      }
      case "bounced", "undeliverable", "expired" -> {
        action = "mail_bounced";
        outcome = "failure";
      }
      default -> {
        action = "mail_delivery_status";
        outcome = null;
      }
    }
    Smtp.classify(e, DATASET, NETWORK, PROTOCOL, action, outcome);
    Smtp.putAddress(e, "email.to.address", Smtp.value(t, "to"));
    e.putNonEmpty("postfix.orig_to", Smtp.value(t, "orig_to"));
    String relay = Smtp.value(t, "relay");
    if (relay != null && !relay.isEmpty()) {
      e.put("postfix.relay", relay);
      Smtp.peer(e, "destination", relay);
    }
    e.putNonEmpty("postfix.delay", Smtp.value(t, "delay"));
    e.putNonEmpty("postfix.dsn", Smtp.value(t, "dsn"));
    e.put("postfix.status", status);
    int s = t.indexOf("status=" + status);
    int open = t.indexOf('(', s);
    int close = t.lastIndexOf(')');
    if (open > 0 && close > open) e.put("event.reason", t.substring(open + 1, close));
    return true;
  }

  /**
   * smtpd's reject lines and cleanup's header/body checks:
   * "RCPT from host[ip]: 554 5.7.1 &lt;x&gt;: Relay access denied; from=&lt;a&gt; to=&lt;b&gt; proto=ESMTP helo=&lt;h&gt;" and
   * "header Subject: … from host[ip]; from=&lt;a&gt; to=&lt;b&gt; proto=ESMTP helo=&lt;h&gt;: 5.7.1 message content rejected".
   */
  private static boolean check(String t, String action, String outcome, List<String> type, Event e) {
    String command = Text.word(t, 0);
    int tail = tailStart(t);
    if (command.equals("header") || command.equals("body")) {
      if (tail < 0) return false;
      int from = t.lastIndexOf(" from ", tail);
      if (from < 0) return false;
      classifyCheck(e, action, outcome, type, command);
      Smtp.peer(e, "source", t.substring(from + 6, tail));
      e.put("postfix.content", t.substring(command.length() + 1, from));
      envelope(t.substring(tail), e);
      int reply = t.indexOf(">: ", tail);
      if (reply > 0) Smtp.reply(e, "postfix", t.substring(reply + 3));
      return true;
    }
    if (!t.startsWith(command + " from ")) return false;
    int peerStart = command.length() + 6;
    int peerEnd = t.indexOf(": ", peerStart);
    if (peerEnd < 0) return false;
    classifyCheck(e, action, outcome, type, command);
    Smtp.peer(e, "source", t.substring(peerStart, peerEnd));
    String response = tail < 0 ? t.substring(peerEnd + 2) : t.substring(peerEnd + 2, Math.max(peerEnd + 2, tail));
    Smtp.reply(e, "postfix", response);
    if (tail >= 0) envelope(t.substring(tail), e);
    return true;
  }

  private static void classifyCheck(Event e, String action, String outcome, List<String> type, String command) {
    Smtp.classify(e, DATASET, NETWORK, type, action, outcome);
    e.put("postfix.smtp_command", command);
    e.put("network.protocol", "smtp");
  }

  /** Where "; from=&lt;…&gt; to=&lt;…&gt; proto=… helo=&lt;…&gt;" starts (the last such tail), or -1. */
  private static int tailStart(String t) {
    for (String k : new String[] {"; from=<", "; to=<", "; proto=", "; helo=<"}) {
      int i = t.lastIndexOf(k);
      if (i >= 0) return i;
    }
    return -1;
  }

  private static void envelope(String tail, Event e) {
    Smtp.putAddress(e, "email.from.address", Smtp.value(tail, "from"));
    Smtp.putAddress(e, "email.to.address", Smtp.value(tail, "to"));
    e.putNonEmpty("postfix.proto", Smtp.value(tail, "proto"));
    e.putNonEmpty("postfix.helo", Smtp.value(tail, "helo"));
  }

  private static boolean warning(String t, Event e) {
    String rest;
    int sasl = t.indexOf(": SASL ");
    if (sasl > 0 && t.indexOf(" authentication failed", sasl) > 0) {
      // "unknown[203.0.113.5]: SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=bob@x"
      Smtp.classify(e, DATASET, AUTHENTICATION, START, "smtp_auth_failed", "failure");
      Smtp.peer(e, "source", t.substring(0, sasl));
      String method = Text.word(t, sasl + 7);
      e.put("postfix.sasl_method", method);
      String user = Smtp.value(t, "sasl_username");
      if (user != null && !user.isEmpty()) e.put("user.name", user);
      int reason = t.indexOf("authentication failed: ", sasl);
      if (reason > 0) {
        String r = t.substring(reason + "authentication failed: ".length());
        int u = r.indexOf(", sasl_username=");
        e.putNonEmpty("event.reason", (u >= 0 ? r.substring(0, u) : r).strip());
      }
      e.put("network.protocol", "smtp");
      return true;
    }
    if ((rest = after(t, "hostname ")) != null && rest.contains(" does not resolve to address ")) {
      // "hostname mail.example.org does not resolve to address 203.0.113.5: Name or service not known"
      Smtp.classify(e, DATASET, NETWORK, INFO, "smtp_reverse_dns_failed", null);
      e.put("source.domain", Text.word(rest, 0));
      String ip = Text.word(rest, rest.indexOf(" to address ") + 12);
      Values.putIp(e, "source.ip", ip.endsWith(":") ? ip.substring(0, ip.length() - 1) : ip);
      return true;
    }
    int hn = t.indexOf(": hostname ");
    int al = t.indexOf(": address not listed for hostname ");
    if (hn > 0 && t.contains(" verification failed") || al > 0) {
      // "203.0.113.5: hostname x.example verification failed: …", "203.0.113.5: address not listed for hostname x"
      Smtp.classify(e, DATASET, NETWORK, INFO, "smtp_reverse_dns_failed", null);
      int c = al > 0 ? al : hn;
      Values.putIp(e, "source.ip", t.substring(0, c));
      String name = al > 0 ? Text.word(t, al + ": address not listed for hostname ".length()) : Text.word(t, hn + ": hostname ".length());
      e.putNonEmpty("source.domain", name);
      return true;
    }
    if ((rest = after(t, "non-SMTP command from ")) != null || (rest = after(t, "Illegal address syntax from ")) != null) {
      Smtp.classify(e, DATASET, NETWORK, PROTOCOL, "smtp_protocol_error", "failure");
      Smtp.peer(e, "source", Text.word(rest, 0));
      e.put("event.reason", t);
      e.put("network.protocol", "smtp");
      return true;
    }
    if (t.startsWith("header ") || t.startsWith("body ")) return check(t, "mail_content_warning", null, INFO, e);
    if (t.startsWith("TLS library problem") || t.contains("TLS handshake")) {
      Smtp.classify(e, DATASET, NETWORK, ERROR, "smtp_tls_error", "failure");
      e.put("log.level", "warning");
      e.put("event.reason", t);
      return true;
    }
    // Postfix warns about its own configuration and tables: kept whole, as a warning of the MTA.
    Smtp.classify(e, DATASET, HOST, INFO, "mail_server_warning", null);
    e.put("log.level", "warning");
    e.put("event.reason", t);
    return true;
  }

  /** smtpd (and smtp's connection failures): connects, disconnects, lost connections, TLS. */
  private static boolean smtpd(String t, Event e) {
    String rest;
    if ((rest = after(t, "connect from ")) != null) {
      Smtp.classify(e, DATASET, NETWORK, CONNECTION_START, "smtp_connection", null);
      Smtp.peer(e, "source", Text.word(rest, 0));
      e.put("network.protocol", "smtp");
      return true;
    }
    if ((rest = after(t, "disconnect from ")) != null) {
      Smtp.classify(e, DATASET, NETWORK, CONNECTION_END, "smtp_disconnect", null);
      String peer = Text.word(rest, 0);
      Smtp.peer(e, "source", peer);
      if (rest.length() > peer.length() + 1) e.put("postfix.commands", rest.substring(peer.length() + 1).strip());
      e.put("network.protocol", "smtp");
      return true;
    }
    for (String[] k : new String[][] {{"lost connection after ", "smtp_lost_connection"}, {"timeout after ", "smtp_timeout"},
        {"too many errors after ", "smtp_too_many_errors"}, {"improper command pipelining after ", "smtp_protocol_error"}}) {
      if ((rest = after(t, k[0])) != null) {
        int from = rest.indexOf(" from ");
        if (from < 0) return false;
        Smtp.classify(e, DATASET, NETWORK, CONNECTION_END, k[1], "failure");
        e.put("postfix.smtp_command", Text.word(rest, 0));
        Smtp.peer(e, "source", Text.word(rest, from + 6));
        e.put("network.protocol", "smtp");
        return true;
      }
    }
    int tls = t.indexOf(" TLS connection established ");
    if (tls > 0 && t.indexOf(' ') == tls) {
      // "Anonymous TLS connection established from x[ip]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)"
      int at = tls + " TLS connection established ".length();
      boolean inbound = t.startsWith("from ", at);
      Smtp.classify(e, DATASET, NETWORK, PROTOCOL, "smtp_tls_established", "success");
      int peerEnd = t.indexOf(": ", tls);
      if (peerEnd > 0) {
        Smtp.peer(e, inbound ? "source" : "destination", t.substring(Math.min(peerEnd, at + (inbound ? 5 : 3)), peerEnd));
        String proto = Text.word(t, peerEnd + 2);
        if (proto.startsWith("TLSv")) {
          e.put("tls.version_protocol", "tls");
          e.put("tls.version", proto.substring(4));
        }
        int cipher = t.indexOf(" with cipher ", peerEnd);
        if (cipher > 0) e.put("tls.cipher", Text.word(t, cipher + 13));
      }
      e.put("postfix.tls_trust", t.substring(0, tls));
      return true;
    }
    if ((rest = after(t, "SSL_accept error from ")) != null || (rest = after(t, "SSL_connect error to ")) != null) {
      Smtp.classify(e, DATASET, NETWORK, ERROR, "smtp_tls_error", "failure");
      String peer = Text.word(rest, 0);
      Smtp.peer(e, t.startsWith("SSL_accept") ? "source" : "destination", peer);
      e.put("event.reason", t);
      return true;
    }
    if ((rest = after(t, "connect to ")) != null && rest.contains("]:")) {
      // smtp: "connect to mx.example.org[198.51.100.7]:25: Connection timed out"
      Smtp.classify(e, DATASET, NETWORK, ERROR, "mail_delivery_error", "failure");
      int c = rest.indexOf("]:");
      int end = rest.indexOf(": ", c + 2);
      Smtp.peer(e, "destination", end < 0 ? rest : rest.substring(0, end));
      if (end > 0) e.put("event.reason", rest.substring(end + 2));
      return true;
    }
    if ((rest = after(t, "statistics: ")) != null) {
      // anvil/scache/tlsmgr: "max connection rate 12/60s for (smtp:203.0.113.5) at Nov 23 10:00:01"
      Smtp.classify(e, DATASET, NETWORK, INFO, "mail_server_statistics", null);
      e.put("event.kind", "metric");
      String client = between(rest, "(", ")");
      if (client != null) {
        int c = client.indexOf(':');
        if (c > 0) Values.putIp(e, "source.ip", client.substring(c + 1));
      }
      e.put("event.reason", rest);
      return true;
    }
    if ((rest = after(t, "addr ")) != null && rest.contains(" listed by domain ")) {
      // dnsblog: "addr 203.0.113.5 listed by domain zen.spamhaus.org as 127.0.0.2"
      Smtp.classify(e, DATASET, NETWORK, INFO, "smtp_dnsbl_listed", null);
      Values.putIp(e, "source.ip", Text.word(rest, 0));
      e.put("postfix.dnsbl", Text.word(rest, rest.indexOf(" listed by domain ") + 18));
      return true;
    }
    return false;
  }

  /** postscreen's verdicts on a client before smtpd sees it. Peers are "[ip]:port". */
  private static boolean postscreen(String t, Event e) {
    String rest;
    if ((rest = after(t, "CONNECT from ")) != null) {
      Smtp.classify(e, DATASET, NETWORK, CONNECTION_START, "smtp_connection", null);
      Smtp.peer(e, "source", Text.word(rest, 0));
      int to = rest.indexOf(" to ");
      if (to > 0) Smtp.peer(e, "destination", Text.word(rest, to + 4));
      e.put("network.protocol", "smtp");
      return true;
    }
    if ((rest = after(t, "PASS NEW ")) != null || (rest = after(t, "PASS OLD ")) != null) {
      Smtp.classify(e, DATASET, NETWORK, List.of("allowed"), "postscreen_pass", "success");
      Smtp.peer(e, "source", Text.word(rest, 0));
      e.put("postfix.postscreen", t.substring(0, 8));
      return true;
    }
    if ((rest = after(t, "PREGREET ")) != null) {
      // "PREGREET 11 after 0.15 from [203.0.113.5]:56789: EHLO x\r\n": talked before the greeting, a bot
      int from = rest.indexOf(" from ");
      if (from < 0) return false;
      Smtp.classify(e, DATASET, NETWORK, DENIED, "postscreen_pregreet", "failure");
      Smtp.peer(e, "source", Text.word(rest, from + 6));
      int c = rest.indexOf(": ", from);
      if (c > 0) e.put("event.reason", rest.substring(c + 2));
      return true;
    }
    if ((rest = after(t, "DNSBL rank ")) != null) {
      int f = rest.indexOf(" for ");
      if (f < 0) return false;
      Smtp.classify(e, DATASET, NETWORK, DENIED, "postscreen_dnsbl", "failure");
      Values.putLong(e, "postfix.dnsbl_rank", Text.word(rest, 0));
      Smtp.peer(e, "source", Text.word(rest, f + 5));
      return true;
    }
    if ((rest = after(t, "HANGUP after ")) != null) {
      int from = rest.indexOf(" from ");
      if (from < 0) return false;
      Smtp.classify(e, DATASET, NETWORK, CONNECTION_END, "postscreen_hangup", "failure");
      Smtp.peer(e, "source", Text.word(rest, from + 6));
      return true;
    }
    if ((rest = after(t, "DISCONNECT ")) != null) {
      Smtp.classify(e, DATASET, NETWORK, CONNECTION_END, "smtp_disconnect", null);
      Smtp.peer(e, "source", Text.word(rest, 0));
      e.put("network.protocol", "smtp");
      return true;
    }
    for (String k : new String[] {"WHITELISTED ", "ALLOWLISTED ", "BLACKLISTED ", "DENYLISTED ", "WHITELIST VETO ", "ALLOWLIST VETO "}) {
      if ((rest = after(t, k)) != null) {
        boolean allowed = k.startsWith("WHITELISTED") || k.startsWith("ALLOWLISTED");
        Smtp.classify(e, DATASET, NETWORK, List.of(allowed ? "allowed" : "denied"), allowed ? "postscreen_allowlisted" : "postscreen_denylisted",
            allowed ? "success" : "failure");
        Smtp.peer(e, "source", Text.word(rest, 0));
        return true;
      }
    }
    for (String k : new String[] {"COMMAND PIPELINING from ", "NON-SMTP COMMAND from ", "BARE NEWLINE from ", "COMMAND TIME LIMIT from ",
        "COMMAND COUNT LIMIT from ", "COMMAND LENGTH LIMIT from "}) {
      if ((rest = after(t, k)) != null) {
        Smtp.classify(e, DATASET, NETWORK, DENIED, "postscreen_protocol_violation", "failure");
        Smtp.peer(e, "source", Text.word(rest, 0));
        e.put("event.reason", k.substring(0, k.length() - 6));
        return true;
      }
    }
    if (t.startsWith("cache ") && t.contains(" full cleanup: ")) {
      Smtp.classify(e, DATASET, NETWORK, INFO, "mail_server_statistics", null);
      e.put("event.kind", "metric");
      e.put("event.reason", t);
      return true;
    }
    return false;
  }

  /** master and postfix-script: start, stop, reload. */
  private static boolean service(String t, Event e) {
    if (t.startsWith("daemon started -- version ") || t.equals("starting the Postfix mail system")) {
      Smtp.classify(e, DATASET, HOST, START, "service_started", "success");
    } else if (t.startsWith("terminating on signal ") || t.equals("stopping the Postfix mail system")) {
      Smtp.classify(e, DATASET, HOST, END, "service_stopped", "success");
    } else if (t.startsWith("reload -- version ") || t.equals("refreshing the Postfix mail system")) {
      Smtp.classify(e, DATASET, HOST, List.of("change"), "service_reloaded", "success");
    } else {
      return false;
    }
    e.put("service.name", "postfix");
    int v = t.indexOf("version ");
    if (v > 0) {
      String version = Text.word(t, v + 8);
      e.putNonEmpty("service.version", version.endsWith(",") ? version.substring(0, version.length() - 1) : version);
    }
    return true;
  }


}
