package vn.soctinh.analyzer.parse.mail;

import static vn.soctinh.analyzer.parse.Text.between;
import static vn.soctinh.analyzer.parse.Text.after;
import static vn.soctinh.analyzer.parse.EventClass.AUTHENTICATION;
import static vn.soctinh.analyzer.parse.EventClass.CONNECTION_END;
import static vn.soctinh.analyzer.parse.EventClass.CONNECTION_START;
import static vn.soctinh.analyzer.parse.EventClass.DENIED;
import static vn.soctinh.analyzer.parse.EventClass.ERROR;
import static vn.soctinh.analyzer.parse.EventClass.HOST;
import static vn.soctinh.analyzer.parse.EventClass.INFO;
import static vn.soctinh.analyzer.parse.EventClass.NETWORK;
import static vn.soctinh.analyzer.parse.EventClass.PROTOCOL;
import static vn.soctinh.analyzer.parse.EventClass.START;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;
import vn.soctinh.analyzer.parse.Values;
import vn.soctinh.analyzer.parse.Text;

/**
 * Exim's main log, as Exim sends it to syslog or a shipper reads it from {@code mainlog}: message
 * arrivals ({@code <=}), deliveries ({@code =>}, {@code ->}), bounces ({@code **}), deferrals
 * ({@code ==}), completion, rejected commands with their ACL reason, authenticator failures,
 * sender-verify failures, SMTP connections and protocol errors, reverse-DNS misses, queue runs and
 * the daemon's start. A leading date, {@code [pid]} and message id are optional; the message id
 * goes to {@code exim.message_id} (and {@code email.local_id}). Action names are those of the
 * Postfix parser.
 */
public final class EximParser implements ContentParser {
  static final String DATASET = "exim.log";

  @Override
  public String name() {
    return "exim";
  }

  @Override
  public Set<String> programs() {
    return Set.of("exim", "exim4");
  }

  /**
   * A mainlog line read from a file, with no syslog header: the decoder took its stamp as the
   * header's and its first word (a message id, "H=(helo)", an authenticator) as the host name.
   */
  @Override
  public boolean sniff(LogLine line) {
    String t = mainlogText(line);
    return t != null;
  }

  /**
   * The mainlog text of a line without a syslog header, put back together, or null when it is not
   * one. Asked of every headerless line no program claims, so the text is only joined once it fits.
   */
  static String mainlogText(LogLine line) {
    var h = line.syslog();
    if (h == null || h.priority >= 0 || h.appname != null || h.timestamp == null) return null;
    String host = h.hostname;
    String m = line.message().strip();
    if (host == null) return fits(m) ? m : null;
    boolean marked = isMessageId(host, host.length()) && m.length() > 2 && (m.startsWith("<= ") || m.startsWith("=> ") || m.startsWith("-> ")
        || m.startsWith("** ") || m.startsWith("== ") || m.startsWith("Completed") || m.startsWith("H="));
    // the same tests as fits(host + " " + m), on the two parts: the host holds no space
    boolean session = host.startsWith("H=") && (contains(m, " rejected ") || contains(m, " F=<"))
        || contains(m, " authenticator failed for ") || host.equals("SMTP") && m.startsWith("connection from ")
        || host.equals("no") && m.startsWith("host name found for IP address ");
    return marked || session ? host + " " + m : null;
  }

  /** Whether a whole text is a mainlog line of a shape read without a syslog header. */
  private static boolean fits(String t) {
    int sp = t.indexOf(' ');
    boolean marked = sp > 0 && isMessageId(t, sp) && t.length() > sp + 3
        && (t.startsWith("<= ", sp + 1) || t.startsWith("=> ", sp + 1) || t.startsWith("-> ", sp + 1) || t.startsWith("** ", sp + 1)
            || t.startsWith("== ", sp + 1) || t.startsWith("Completed", sp + 1) || t.startsWith("H=", sp + 1));
    return marked || t.startsWith("H=") && (t.contains(" rejected ") || t.contains(" F=<")) || t.contains(" authenticator failed for ")
        || t.startsWith("SMTP connection from ") || t.startsWith("no host name found for IP address ");
  }

  /** Whether {@code needle} (starting with a space) is in {@code host + " " + m}, past the host. */
  private static boolean contains(String m, String needle) {
    return m.contains(needle) || m.regionMatches(0, needle, 1, needle.length() - 1);
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    String file = line.syslog() != null && line.syslog().priority < 0 ? mainlogText(line) : null;
    String t = file != null ? file : line.message().strip();
    t = skipDate(t);
    if (t.startsWith("[")) {
      int close = t.indexOf("] ");
      if (close > 1 && close < 16 && allDigits(t, 1, close)) t = t.substring(close + 2);
    }
    String id = null;
    int sp = t.indexOf(' ');
    if (sp > 0 && isMessageId(t, sp)) {
      id = t.substring(0, sp);
      t = t.substring(sp + 1);
    } else if (t.length() >= 16 && isMessageId(t, t.length())) {
      id = t;
      t = "";
    }
    if (!classify(t, id != null, e)) return ParseOutcome.unrecognised("not a known Exim message");
    if (id != null) {
      e.put("exim.message_id", id);
      e.put("email.local_id", id);
    }
    return ParseOutcome.RECOGNISED;
  }

  /** Drops "2026-11-23 10:00:01[.123][ +0700] " when the line starts with it. */
  static String skipDate(String t) {
    if (t.length() < 20 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != ' ' || t.charAt(13) != ':' || t.charAt(16) != ':'
        || !allDigits(t, 0, 4)) {
      return t;
    }
    int i = 19;
    if (i < t.length() && t.charAt(i) == '.') {
      i++;
      while (i < t.length() && Character.isDigit(t.charAt(i))) i++;
    }
    if (i + 6 < t.length() && t.charAt(i) == ' ' && (t.charAt(i + 1) == '+' || t.charAt(i + 1) == '-') && allDigits(t, i + 2, i + 6)) i += 6;
    return i < t.length() && t.charAt(i) == ' ' ? t.substring(i + 1) : t;
  }

  /** An Exim message id: 1tAbCd-000Xyz-Ab (4.96 and before) or 1tAbCd-00000000Xyz-AbCd (4.97 and later). */
  static boolean isMessageId(String s, int end) {
    if (end != 16 && end != 23) return false;
    int second = end == 16 ? 6 : 11;
    int third = end == 16 ? 2 : 4;
    if (s.charAt(6) != '-' || s.charAt(7 + second) != '-' || 8 + second + third != end) return false;
    for (int i = 0; i < end; i++) {
      if (i == 6 || i == 7 + second) continue;
      if (!Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) > 'z') return false;
    }
    return true;
  }

  private static boolean classify(String t, boolean message, Event e) {
    String rest;
    if (message) {
      if ((rest = after(t, "<= ")) != null) return arrival(rest, e);
      if ((rest = after(t, "=> ")) != null || (rest = after(t, "-> ")) != null || (rest = after(t, "*> ")) != null) {
        return delivery(rest, "mail_delivered", "success", e);
      }
      if ((rest = after(t, "** ")) != null) return delivery(rest, "mail_bounced", "failure", e);
      if ((rest = after(t, "== ")) != null) return delivery(rest, "mail_deferred", "failure", e);
      if (t.equals("Completed") || t.startsWith("Completed QT=") || t.startsWith("removed by ")) {
        Smtp.classify(e, DATASET, NETWORK, PROTOCOL, "mail_removed", null);
        return true;
      }
      if (t.startsWith("SA: Action: ")) {
        // sa-exim's verdict on the message: "SA: Action: flagged as Spam but accepted: score=8.2 required=5.0 …"
        Smtp.classify(e, DATASET, NETWORK, PROTOCOL, "mail_spam_check", null);
        e.put("event.reason", t.substring("SA: Action: ".length()));
        return true;
      }
      if (t.startsWith("Frozen") || t.equals("Message is frozen") || t.startsWith("Unfrozen by ")) {
        Smtp.classify(e, DATASET, NETWORK, PROTOCOL, t.startsWith("Unfrozen") ? "mail_unfrozen" : "mail_frozen", null);
        e.put("event.reason", t);
        return true;
      }
    }
    int rejected = t.indexOf(" rejected ");
    if (rejected >= 0 && (t.startsWith("H=") || t.startsWith("F=") || t.startsWith("U=")) || t.startsWith("rejected ")) {
      return rejectedCommand(t, rejected < 0 ? 0 : rejected + 1, e);
    }
    int verify = t.indexOf(" sender verify ");
    if (verify > 0 && t.startsWith("H=")) {
      Smtp.classify(e, DATASET, NETWORK, DENIED, "smtp_sender_verify_failed", "failure");
      peer(t.substring(2, verify), "source", e);
      String sender = between(t.substring(verify), "<", ">");
      if (sender != null) Smtp.putAddress(e, "email.from.address", sender);
      reason(t, verify, e);
      return true;
    }
    int auth = t.indexOf(" authenticator failed for ");
    if (auth > 0 && t.indexOf(' ') == auth) {
      // "dovecot_login authenticator failed for (helo) [203.0.113.5]:41556 I=[10.0.0.2]:587: 535 Incorrect authentication data (set_id=bob)"
      Smtp.classify(e, DATASET, AUTHENTICATION, START, "smtp_auth_failed", "failure");
      e.put("exim.authenticator", t.substring(0, auth));
      String peer = t.substring(auth + " authenticator failed for ".length());
      peer(peer, "source", e);
      int c = peer.indexOf(": ", peer.lastIndexOf(']') < 0 ? 0 : peer.lastIndexOf(']'));
      if (c > 0) Smtp.reply(e, "exim", peer.substring(c + 2));
      String user = between(t, "(set_id=", ")");
      if (user != null && !user.isEmpty()) e.put("user.name", user);
      e.put("network.protocol", "smtp");
      return true;
    }
    return connection(t, e) || service(t, e);
  }

  /** "&lt;= bob@example.vn H=mail.example.vn (helo) [203.0.113.5]:41234 I=[10.0.0.2]:25 P=esmtpsa A=dovecot_login:bob S=2345 id=… T="…" for a@x" */
  private static boolean arrival(String t, Event e) {
    Smtp.classify(e, DATASET, NETWORK, PROTOCOL, "mail_received", null);
    String sender = Text.word(t, 0);
    if (sender.startsWith("<") && sender.endsWith(">")) sender = sender.substring(1, sender.length() - 1);
    Smtp.putAddress(e, "email.from.address", sender);
    int h = attr(t, "H");
    if (h >= 0) peer(t.substring(h + 2), "source", e);
    local(t, e);
    e.putNonEmpty("exim.protocol", value(t, "P"));
    Values.putLong(e, "exim.size", value(t, "S"));
    e.putNonEmpty("email.message_id", value(t, "id"));
    e.putNonEmpty("email.subject", value(t, "T"));
    String auth = value(t, "A");
    if (auth != null) {
      int c = auth.indexOf(':');
      e.put("exim.authenticator", c < 0 ? auth : auth.substring(0, c));
      if (c > 0 && c + 1 < auth.length()) e.put("user.name", auth.substring(c + 1));
    } else {
      e.putNonEmpty("user.name", value(t, "U"));
    }
    int forAt = t.lastIndexOf(" for ");
    if (forAt > 0 && forAt > t.lastIndexOf('"')) {
      List<String> to = new ArrayList<>();
      for (String r : t.substring(forAt + 5).split(" ")) if (!r.isEmpty() && to.size() < 100) to.add(r);
      if (to.size() == 1) e.put("email.to.address", to.get(0));
      else if (!to.isEmpty()) e.put("email.to.address", to);
    }
    return true;
  }

  /** "=&gt; alice@example.org &lt;orig@x&gt; R=dnslookup T=remote_smtp H=mx.example.org [198.51.100.7] C="250 OK"" and "** x@y: reason" */
  private static boolean delivery(String t, String action, String outcome, Event e) {
    String address = Text.word(t, 0);
    if (address.isEmpty()) return false;
    Smtp.classify(e, DATASET, NETWORK, PROTOCOL, action, outcome);
    if (address.endsWith(":")) address = address.substring(0, address.length() - 1);
    e.put("email.to.address", address);
    String rest = t.substring(Math.min(t.length(), Text.word(t, 0).length() + 1));
    if (rest.startsWith("<")) {
      int close = rest.indexOf('>');
      if (close > 1) e.put("exim.original_recipient", rest.substring(1, close));
    }
    e.putNonEmpty("exim.router", value(t, "R"));
    e.putNonEmpty("exim.transport", value(t, "T"));
    int h = attr(t, "H");
    if (h >= 0) peer(t.substring(h + 2), "destination", e);
    String confirmation = value(t, "C");
    if (confirmation != null) {
      e.put("event.reason", confirmation);
    } else {
      int c = t.indexOf(": ");
      if (c > 0) e.put("event.reason", t.substring(c + 2));
    }
    return true;
  }

  /** "H=(helo) [203.0.113.5]:3755 I=[10.0.0.2]:25 F=&lt;a@x&gt; rejected RCPT &lt;b@y&gt;: relay not permitted" */
  private static boolean rejectedCommand(String t, int at, Event e) {
    String what = t.substring(at + "rejected ".length());
    String command = Text.word(what, 0);
    if (command.endsWith(":")) command = command.substring(0, command.length() - 1);
    if (command.equals("after")) command = Text.word(what, 6);
    if (command.equals("by")) command = "DATA"; // "rejected by local_scan(): …" runs on the message
    if (command.endsWith(":")) command = command.substring(0, command.length() - 1);
    if (command.isEmpty()) return false;
    boolean temporary = at >= 12 && t.startsWith("temporarily ", at - 12);
    Smtp.classify(e, DATASET, NETWORK, DENIED, "smtp_rejected", "failure");
    e.put("exim.smtp_command", command);
    if (temporary) e.put("exim.temporary", true);
    int h = attr(t, "H");
    if (h >= 0 && h < at) peer(t.substring(h + 2, Math.max(h + 2, at - 1)), "source", e);
    String from = value(t, "F");
    if (from != null) Smtp.putAddress(e, "email.from.address", strip(from));
    if (command.equals("RCPT")) {
      String to = Text.word(what, 5);
      if (to.endsWith(":")) to = to.substring(0, to.length() - 1);
      Smtp.putAddress(e, "email.to.address", strip(to));
    }
    reason(t, at, e);
    e.put("network.protocol", "smtp");
    return true;
  }

  /** SMTP sessions: connections, their end, protocol errors, timeouts, reverse-DNS misses. */
  private static boolean connection(String t, Event e) {
    String rest;
    if ((rest = after(t, "SMTP connection from ")) != null) {
      boolean closed = rest.contains(" closed by ") || rest.contains(" lost") || rest.contains(" D=");
      boolean dropped = rest.contains(" closed by DROP");
      Smtp.classify(e, DATASET, NETWORK, closed ? CONNECTION_END : CONNECTION_START, closed ? "smtp_disconnect" : "smtp_connection",
          dropped ? "failure" : null);
      peer(rest, "source", e);
      if (closed) {
        int why = rest.indexOf(" closed by ");
        if (why < 0) why = rest.indexOf(" lost");
        if (why < 0) why = rest.indexOf(" D=");
        e.put("event.reason", rest.substring(why + 1).strip());
      }
      e.put("network.protocol", "smtp");
      return true;
    }
    if ((rest = after(t, "no host name found for IP address ")) != null) {
      Smtp.classify(e, DATASET, NETWORK, INFO, "smtp_reverse_dns_failed", null);
      Values.putIp(e, "source.ip", Smtp.plainIp(Text.word(rest, 0)));
      return true;
    }
    if ((rest = after(t, "no IP address found for host ")) != null) {
      Smtp.classify(e, DATASET, NETWORK, INFO, "smtp_reverse_dns_failed", null);
      e.put("source.domain", Text.word(rest, 0));
      String ip = between(rest, "[", "]");
      if (ip != null) Values.putIp(e, "source.ip", Smtp.plainIp(ip));
      return true;
    }
    if ((rest = after(t, "no MAIL in SMTP connection from ")) != null) {
      Smtp.classify(e, DATASET, NETWORK, CONNECTION_END, "smtp_no_mail", null);
      peer(rest, "source", e);
      e.putNonEmpty("exim.smtp_commands", value(rest, "C"));
      return true;
    }
    int h = attr(t, "H");
    if (t.startsWith("SMTP protocol synchronization error") || t.startsWith("SMTP protocol error in ") || t.startsWith("SMTP syntax error in ")) {
      Smtp.classify(e, DATASET, NETWORK, PROTOCOL, "smtp_protocol_error", "failure");
      if (h >= 0) peer(t.substring(h + 2), "source", e);
      e.put("event.reason", h > 0 ? t.substring(0, h).strip() : t);
      return true;
    }
    if ((rest = after(t, "SMTP call from ")) != null && rest.contains(" dropped: ")) {
      Smtp.classify(e, DATASET, NETWORK, CONNECTION_END, "smtp_protocol_error", "failure");
      peer(rest, "source", e);
      e.put("event.reason", rest.substring(rest.indexOf(" dropped: ") + 1));
      return true;
    }
    int on = t.indexOf(" on connection from ");
    if (on > 0 && (t.startsWith("SMTP command timeout") || t.startsWith("SMTP data timeout") || t.startsWith("TLS error"))) {
      boolean tls = t.startsWith("TLS");
      Smtp.classify(e, DATASET, NETWORK, tls ? ERROR : CONNECTION_END, tls ? "smtp_tls_error" : "smtp_timeout", "failure");
      String peer = t.substring(on + " on connection from ".length());
      peer(peer, "source", e);
      int c = peer.indexOf(": ", Math.max(0, peer.indexOf(']')));
      e.put("event.reason", c > 0 ? peer.substring(c + 2) : t.substring(0, on));
      return true;
    }
    if ((rest = after(t, "Connection from ")) != null && rest.contains(" refused")) {
      Smtp.classify(e, DATASET, NETWORK, DENIED, "smtp_connection_refused", "failure");
      peer(rest, "source", e);
      e.put("event.reason", rest.substring(rest.indexOf(" refused") + 1));
      return true;
    }
    if (t.startsWith("H=") && t.contains(" Warning: ")) {
      Smtp.classify(e, DATASET, HOST, INFO, "mail_server_warning", null);
      peer(t.substring(2), "source", e);
      e.put("event.reason", t.substring(t.indexOf(" Warning: ") + 10));
      return true;
    }
    return false;
  }

  private static boolean service(String t, Event e) {
    if (t.startsWith("exim ") && t.contains(" daemon started")) {
      Smtp.classify(e, DATASET, HOST, START, "service_started", "success");
      e.put("service.version", Text.word(t, 5));
      e.put("service.name", "exim");
      return true;
    }
    if (t.startsWith("pid ") && t.contains(": SIGHUP received")) {
      Smtp.classify(e, DATASET, HOST, List.of("change"), "service_reloaded", "success");
      e.put("service.name", "exim");
      return true;
    }
    if (t.startsWith("Start queue run: ") || t.startsWith("End queue run: ")) {
      Smtp.classify(e, DATASET, HOST, INFO, "mail_queue_run", null);
      e.put("event.reason", t);
      return true;
    }
    if (t.startsWith("cwd=") && t.contains(" args: ")) {
      // log_selector +arguments: who ran exim with which options (exim -be, -C are how it is abused)
      Smtp.classify(e, DATASET, List.of("process"), START, "mail_server_command", null);
      e.put("process.working_directory", Text.word(t, 4));
      e.put("process.command_line", t.substring(t.indexOf(" args: ") + 7));
      return true;
    }
    return false;
  }

  /**
   * A peer as Exim writes it after {@code H=} or "from": {@code name (helo) [ip]:port}, {@code (helo) [ip]},
   * {@code [ip]:port}; the name to {@code <side>.domain}, the HELO to {@code exim.helo}, the address and
   * port. Stops at " I=" (the local interface) or ": ".
   */
  private static void peer(String s, String side, Event e) {
    int open = -1;
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(') depth++;
      else if (c == ')') depth = Math.max(0, depth - 1);
      else if (c == '[' && depth == 0) {
        open = i;
        break;
      }
    }
    if (open < 0) return;
    int close = s.indexOf(']', open);
    if (close < 0) return;
    Values.putIp(e, side + ".ip", Smtp.plainIp(s.substring(open + 1, close)));
    if (close + 1 < s.length() && s.charAt(close + 1) == ':') {
      int end = close + 2;
      while (end < s.length() && Character.isDigit(s.charAt(end))) end++;
      Values.putPort(e, side + ".port", s.substring(close + 2, end));
    }
    String names = s.substring(0, open).strip();
    if (names.startsWith("H=")) names = names.substring(2);
    int helo = names.indexOf('(');
    String name = (helo < 0 ? names : names.substring(0, helo)).strip();
    if (!name.isEmpty() && name.indexOf(' ') < 0) e.put(side + ".domain", name);
    if (helo >= 0 && side.equals("source")) {
      int end = names.lastIndexOf(')');
      if (end > helo + 1) e.put("exim.helo", names.substring(helo + 1, end));
    }
  }

  /** The reason after the first ": " that follows {@code from}. */
  private static void reason(String t, int from, Event e) {
    int c = t.indexOf(": ", from);
    if (c > 0) e.put("event.reason", t.substring(c + 2));
  }

  /** Where " KEY=" (or "KEY=" at the start) begins, or -1. */
  private static int attr(String t, String key) {
    if (t.startsWith(key + "=")) return 0;
    int i = t.indexOf(" " + key + "=");
    return i < 0 ? -1 : i + 1;
  }

  /** An attribute's value: "quoted text" (with \" escapes) or a word. */
  private static String value(String t, String key) {
    int i = attr(t, key);
    if (i < 0) return null;
    int from = i + key.length() + 1;
    if (from < t.length() && t.charAt(from) == '"') {
      StringBuilder sb = new StringBuilder();
      for (int j = from + 1; j < t.length(); j++) {
        char c = t.charAt(j);
        if (c == '\\' && j + 1 < t.length()) {
          sb.append(t.charAt(++j));
        } else if (c == '"') {
          return sb.toString();
        } else {
          sb.append(c);
        }
      }
      return sb.toString();
    }
    String w = Text.word(t, from);
    return w.isEmpty() ? null : w;
  }

  private static void local(String t, Event e) {
    int i = attr(t, "I");
    if (i >= 0) peer(t.substring(i + 2), "destination", e);
  }

  private static String strip(String address) {
    return address.startsWith("<") && address.endsWith(">") ? address.substring(1, address.length() - 1) : address;
  }

  private static boolean allDigits(String s, int from, int to) {
    if (from >= to) return false;
    for (int i = from; i < to; i++) if (!Character.isDigit(s.charAt(i))) return false;
    return true;
  }


}
