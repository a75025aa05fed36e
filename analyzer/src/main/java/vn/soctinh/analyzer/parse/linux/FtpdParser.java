package vn.soctinh.analyzer.parse.linux;

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
 * FTP servers (wu-ftpd/ftpd, vsftpd, proftpd): connections, logins (anonymous, named, failed) and
 * their PAM lines; vsftpd's transfer and file log ({@code [pid 1] [bob] OK UPLOAD: Client "…", "/f", 1234 bytes, …},
 * downloads, mkdir, delete, rename, chmod) and proftpd's sessions ({@code host (name[ip]) - USER bob: Login successful.},
 * failed logins, unknown users, too many attempts, root login attempts, timeouts). FTP still carries
 * documents between agencies; a login failure burst from one address is a brute force like any
 * other, and an upload into a web root is how a defacement starts.
 */
public final class FtpdParser implements ContentParser {
  static final String DATASET = "ftp.log";
  private static final List<String> FILE = List.of("file");

  @Override
  public String name() {
    return "ftpd";
  }

  @Override
  public Set<String> programs() {
    return Set.of("ftpd", "in.ftpd", "vsftpd", "proftpd", "pure-ftpd");
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    String t = line.message().strip();
    if (PamMessages.parse(line.program(), t, e)) return ParseOutcome.RECOGNISED;
    // old PAM: "vsftpd: (pam_unix) authentication failure; logname= uid=0 euid=0 tty= ruser= rhost=203.0.113.5"
    if (t.startsWith("(pam_unix) ") && line.program() != null && PamMessages.parse(line.program() + "(pam_unix)", t.substring(11), e)) {
      return ParseOutcome.RECOGNISED;
    }
    String rest;
    if ((rest = Text.after(t, "connection from ")) != null) {
      // "connection from 24.54.76.216 (24-54-76-216.bflony.adelphia.net) at Sun Jul 17 23:21:54 2005"
      Ecs.classify(e, DATASET, EventClass.NETWORK, List.of("connection", "start"), "ftp_connection", null);
      Values.putIp(e, "source.ip", Text.word(rest, 0));
      String host = Text.between(rest, "(", ")");
      if (host != null && !host.isEmpty()) e.put("source.domain", host);
      return ParseOutcome.RECOGNISED;
    }
    if ((rest = Text.after(t, "ANONYMOUS FTP LOGIN FROM ")) != null) {
      Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, List.of("start"), "ftp_anonymous_login", "success");
      address(rest, e);
      e.put("user.name", "anonymous");
      return ParseOutcome.RECOGNISED;
    }
    if ((rest = Text.after(t, "FTP LOGIN FROM ")) != null) {
      // "FTP LOGIN FROM 10.0.0.5 [10.0.0.5], bob"
      Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, List.of("start"), "ftp_login", "success");
      return named(rest, e);
    }
    if ((rest = Text.after(t, "FTP LOGIN FAILED FROM ")) != null || (rest = Text.after(t, "failed login from ")) != null) {
      Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, List.of("start"), "ftp_login_failed", "failure");
      return named(rest, e);
    }
    if (vsftpd(t, e) || proftpd(t, e)) return ParseOutcome.RECOGNISED;
    if (t.startsWith("User ") && t.contains(" timed out after ")) {
      Ecs.classify(e, DATASET, EventClass.NETWORK, List.of("end"), "ftp_timeout", null);
      e.put("user.name", Text.word(t, 5));
      return ParseOutcome.RECOGNISED;
    }
    if (t.startsWith("getpeername (") || t.startsWith("lost connection to ") || t.contains("Transport endpoint is not connected")) {
      Ecs.classify(e, DATASET, EventClass.NETWORK, List.of("error"), "ftp_connection_error", "failure");
      return ParseOutcome.RECOGNISED;
    }
    return ParseOutcome.unrecognised("not a known FTP server message");
  }

  /**
   * vsftpd: "[pid 1234] [bob] OK UPLOAD: Client "203.0.113.5", "/file", 1234 bytes, 5.00Kbyte/sec",
   * "[pid 1234] CONNECT: Client "203.0.113.5"", "[bob] FAIL LOGIN: Client "…"" (the pid part only
   * with {@code log_pid}/file logging).
   */
  private static boolean vsftpd(String text, Event e) {
    String t = text;
    if (t.startsWith("[pid ")) {
      int close = t.indexOf("] ");
      if (close < 0) return false;
      t = t.substring(close + 2);
    }
    String user = null;
    if (t.startsWith("[")) {
      int close = t.indexOf("] ");
      if (close < 0) return false;
      user = t.substring(1, close);
      t = t.substring(close + 2);
    }
    int client = t.indexOf(": Client \"");
    if (client <= 0) return false;
    String verb = t.substring(0, client);
    boolean ok = verb.startsWith("OK ");
    boolean fail = verb.startsWith("FAIL ");
    String what = ok ? verb.substring(3) : fail ? verb.substring(5) : verb;
    String outcome = ok ? "success" : fail ? "failure" : null;
    String action;
    List<String> category = FILE;
    List<String> type;
    switch (what) {
      case "CONNECT" -> {
        action = "ftp_connection";
        category = EventClass.NETWORK;
        type = List.of("connection", "start");
      }
      case "LOGIN" -> {
        action = ok ? "ftp_login" : "ftp_login_failed";
        category = EventClass.AUTHENTICATION;
        type = List.of("start");
      }
      case "UPLOAD", "APPEND" -> {
        action = "ftp_upload";
        type = List.of("creation");
      }
      case "DOWNLOAD" -> {
        action = "ftp_download";
        type = List.of("access");
      }
      case "MKDIR" -> {
        action = "ftp_mkdir";
        type = List.of("creation");
      }
      case "RMDIR" -> {
        action = "ftp_rmdir";
        type = List.of("deletion");
      }
      case "DELETE" -> {
        action = "ftp_delete";
        type = List.of("deletion");
      }
      case "RENAME" -> {
        action = "ftp_rename";
        type = List.of("change");
      }
      case "CHMOD" -> {
        action = "ftp_chmod";
        type = List.of("change");
      }
      case "FTP command", "FTP response" -> {
        action = what.equals("FTP command") ? "ftp_command" : "ftp_response";
        category = EventClass.NETWORK;
        type = List.of("protocol");
      }
      default -> {
        return false;
      }
    }
    Ecs.classify(e, DATASET, category, type, action, outcome);
    if (user != null && !user.isEmpty() && !what.equals("CONNECT")) e.put("user.name", user);
    String rest = t.substring(client + ": Client \"".length());
    int q = rest.indexOf('"');
    if (q > 0) {
      String ip = rest.substring(0, q);
      Values.putIp(e, "source.ip", ip.startsWith("::ffff:") && ip.indexOf('.') > 0 ? ip.substring(7) : ip);
    }
    // ", "/path", 1234 bytes, 5.00Kbyte/sec" or ", "reason"" after the client
    if (q > 0 && rest.startsWith(", \"", q + 1)) {
      int start = q + 4;
      int end = rest.indexOf('"', start);
      if (end > start) {
        String arg = rest.substring(start, end);
        if (what.equals("LOGIN") || what.startsWith("FTP ")) {
          e.put("event.reason", arg);
        } else {
          e.put("file.path", arg);
        }
        String tail = rest.substring(end + 1);
        if (tail.startsWith(", ") && tail.contains(" bytes")) Values.putLong(e, "file.size", Text.word(tail, 2));
      }
    }
    return true;
  }

  /**
   * proftpd: "ftp.example.vn (client.example.org[203.0.113.5]) - USER bob: Login successful." (older
   * releases: "…[203.0.113.5]): USER …"), and the server's own "ftp.example.vn - ProFTPD 1.3.8 … STARTUP".
   * The client comes from this prefix only: the rest of the line may repeat names a user chose.
   */
  private static boolean proftpd(String t, Event e) {
    int sp = t.indexOf(' ');
    if (sp <= 0) return false;
    String msg;
    String client = null;
    if (t.startsWith(" (", sp)) {
      int close = t.indexOf("]) - ", sp);
      int skip = 5;
      int old = t.indexOf("]): ", sp);
      if (close < 0 || old >= 0 && old < close) {
        close = old;
        skip = 4;
      }
      if (close < 0) return false;
      client = t.substring(sp + 2, close + 1);
      msg = t.substring(close + skip).strip();
    } else if (t.startsWith(" - ", sp)) {
      msg = t.substring(sp + 3).strip();
    } else {
      return false;
    }
    String rest;
    String lower = msg.toLowerCase(java.util.Locale.ROOT);
    if (msg.startsWith("ProFTPD ") && (msg.endsWith("STARTUP") || msg.contains("SHUTDOWN") || msg.startsWith("ProFTPD killed"))) {
      boolean up = msg.endsWith("STARTUP");
      Ecs.classify(e, DATASET, EventClass.HOST, List.of(up ? "start" : "end"), up ? "service_started" : "service_stopped", "success");
      e.put("service.name", "proftpd");
      if (!msg.startsWith("ProFTPD killed")) e.put("service.version", Text.word(msg, 8));
      return true;
    }
    if (client == null) return false;
    if (msg.endsWith("session opened.")) {
      Ecs.classify(e, DATASET, EventClass.NETWORK, List.of("connection", "start"), "ftp_connection", null);
    } else if (msg.endsWith("session closed.")) {
      Ecs.classify(e, DATASET, EventClass.NETWORK, List.of("connection", "end"), "ftp_disconnect", null);
    } else if ((rest = Text.after(msg, "USER ")) != null || (rest = Text.after(msg, "ANON ")) != null) {
      boolean anon = msg.startsWith("ANON ");
      int colon = rest.indexOf(": ");
      int failed = rest.indexOf(" (Login failed): ");
      if (failed > 0 && (colon < 0 || failed < colon)) {
        String why = rest.substring(failed + " (Login failed): ".length()).strip();
        boolean unknown = why.toLowerCase(java.util.Locale.ROOT).contains("no such user");
        Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, List.of("start"), unknown ? "ftp_invalid_user" : "ftp_login_failed", "failure");
        e.put("user.name", rest.substring(0, failed));
        e.put("event.reason", why.endsWith(".") ? why.substring(0, why.length() - 1) : why);
      } else if (colon > 0 && rest.startsWith("Login successful", colon + 2)) {
        Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, List.of("start"), anon ? "ftp_anonymous_login" : "ftp_login", "success");
        e.put("user.name", rest.substring(0, colon));
      } else if (colon > 0 && rest.startsWith("no such user", colon + 2)) {
        // "USER admin: no such user found from 203.0.113.5 [203.0.113.5] to 10.0.0.2:21"
        Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, List.of("start"), "ftp_invalid_user", "failure");
        e.put("user.name", rest.substring(0, colon));
        e.put("event.reason", "no such user");
      } else {
        return false;
      }
    } else if (lower.startsWith("no such user '")) {
      Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, List.of("start"), "ftp_invalid_user", "failure");
      e.putNonEmpty("user.name", Text.between(msg, "'", "'"));
      e.put("event.reason", "no such user");
    } else if (msg.startsWith("Maximum login attempts (")) {
      Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, List.of("start"), "ftp_max_login_attempts", "failure");
      e.putNonEmpty("labels.repeat_count", Text.between(msg, "(", ")"));
      e.put("event.reason", msg);
    } else if (msg.startsWith("SECURITY VIOLATION: ") && lower.contains("root login attempted")) {
      Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, List.of("start"), "ftp_root_login_attempt", "failure");
      e.put("user.name", "root");
    } else if (lower.startsWith("ftp ") && lower.contains("timeout") || lower.startsWith("ftp login timed out") || lower.contains("idle timeout")) {
      Ecs.classify(e, DATASET, EventClass.NETWORK, List.of("connection", "end"), "ftp_timeout", null);
      e.put("event.reason", msg);
    } else if (msg.startsWith("Refused PORT ") || msg.startsWith("Refused EPRT ")) {
      Ecs.classify(e, DATASET, EventClass.NETWORK, List.of("denied"), "ftp_port_refused", "failure");
      e.put("event.reason", msg);
    } else if (msg.startsWith("Preparing to chroot to directory '")) {
      Ecs.classify(e, DATASET, EventClass.SESSION, List.of("info"), "ftp_chroot", null);
      e.put("file.path", Text.between(msg, "'", "'"));
    } else {
      return false;
    }
    peer(client, e);
    return true;
  }

  /** "client.example.org[203.0.113.5]" or "::ffff:1.2.3.4[::ffff:1.2.3.4]" */
  private static void peer(String client, Event e) {
    int open = client.lastIndexOf('[');
    if (open < 0) return;
    String ip = client.substring(open + 1, client.length() - 1);
    if (ip.startsWith("::ffff:") && ip.indexOf('.') > 0) ip = ip.substring(7);
    Values.putIp(e, "source.ip", ip);
    String name = client.substring(0, open);
    if (name.startsWith("::ffff:")) name = name.substring(7);
    if (!name.isEmpty() && !name.equals(ip)) e.put("source.domain", name);
  }

  private static void address(String rest, Event e) {
    String ip = Text.word(rest, 0);
    if (ip.endsWith(",")) ip = ip.substring(0, ip.length() - 1);
    Values.putIp(e, "source.ip", ip);
  }

  private static ParseOutcome named(String rest, Event e) {
    address(rest, e);
    int comma = rest.lastIndexOf(", ");
    if (comma > 0) e.put("user.name", rest.substring(comma + 2).strip());
    return ParseOutcome.RECOGNISED;
  }
}
