package vn.soctinh.analyzer.parse.linux;

import java.util.List;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;
import vn.soctinh.analyzer.parse.Values;

/**
 * FTP servers (wu-ftpd/ftpd, vsftpd, proftpd): connections, logins (anonymous, named, failed) and
 * their PAM lines. FTP still carries documents between agencies; a login failure burst from one
 * address is a brute force like any other.
 */
public final class FtpdParser implements ContentParser {
  static final String DATASET = "ftp.log";

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
    String rest;
    if ((rest = Text.after(t, "connection from ")) != null) {
      // "connection from 24.54.76.216 (24-54-76-216.bflony.adelphia.net) at Sun Jul 17 23:21:54 2005"
      Ecs.classify(e, DATASET, Ecs.NETWORK, List.of("connection", "start"), "ftp_connection", null);
      Values.putIp(e, "source.ip", Text.word(rest, 0));
      String host = Text.between(rest, "(", ")");
      if (host != null && !host.isEmpty()) e.put("source.domain", host);
      return ParseOutcome.RECOGNISED;
    }
    if ((rest = Text.after(t, "ANONYMOUS FTP LOGIN FROM ")) != null) {
      Ecs.classify(e, DATASET, Ecs.AUTHENTICATION, List.of("start"), "ftp_anonymous_login", "success");
      peer(rest, e);
      e.put("user.name", "anonymous");
      return ParseOutcome.RECOGNISED;
    }
    if ((rest = Text.after(t, "FTP LOGIN FROM ")) != null) {
      // "FTP LOGIN FROM 10.0.0.5 [10.0.0.5], bob"
      Ecs.classify(e, DATASET, Ecs.AUTHENTICATION, List.of("start"), "ftp_login", "success");
      return named(rest, e);
    }
    if ((rest = Text.after(t, "FTP LOGIN FAILED FROM ")) != null || (rest = Text.after(t, "failed login from ")) != null) {
      Ecs.classify(e, DATASET, Ecs.AUTHENTICATION, List.of("start"), "ftp_login_failed", "failure");
      return named(rest, e);
    }
    if (t.contains("] FAIL LOGIN: Client \"") || t.contains("] OK LOGIN: Client \"")) {
      // vsftpd: [bob] FAIL LOGIN: Client "203.0.113.5"
      boolean ok = t.contains("] OK LOGIN");
      Ecs.classify(e, DATASET, Ecs.AUTHENTICATION, List.of("start"), ok ? "ftp_login" : "ftp_login_failed", ok ? "success" : "failure");
      String user = Text.between(t, "[", "]");
      if (user != null) e.put("user.name", user);
      Values.putIp(e, "source.ip", Text.between(t, "Client \"", "\""));
      return ParseOutcome.RECOGNISED;
    }
    if (t.startsWith("User ") && t.contains(" timed out after ")) {
      Ecs.classify(e, DATASET, Ecs.NETWORK, List.of("end"), "ftp_timeout", null);
      e.put("user.name", Text.word(t, 5));
      return ParseOutcome.RECOGNISED;
    }
    if (t.startsWith("getpeername (") || t.startsWith("lost connection to ") || t.contains("Transport endpoint is not connected")) {
      Ecs.classify(e, DATASET, Ecs.NETWORK, List.of("error"), "ftp_connection_error", "failure");
      return ParseOutcome.RECOGNISED;
    }
    return ParseOutcome.unrecognised("not a known FTP server message");
  }

  private static void peer(String rest, Event e) {
    String ip = Text.word(rest, 0);
    if (ip.endsWith(",")) ip = ip.substring(0, ip.length() - 1);
    Values.putIp(e, "source.ip", ip);
  }

  private static ParseOutcome named(String rest, Event e) {
    peer(rest, e);
    int comma = rest.lastIndexOf(", ");
    if (comma > 0) e.put("user.name", rest.substring(comma + 2).strip());
    return ParseOutcome.RECOGNISED;
  }
}
