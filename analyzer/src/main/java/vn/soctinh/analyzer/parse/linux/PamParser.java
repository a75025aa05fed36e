package vn.soctinh.analyzer.parse.linux;

import java.util.List;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;
import vn.soctinh.analyzer.parse.Text;
import vn.soctinh.analyzer.parse.EventClass;

/**
 * PAM lines of programs that have no parser of their own (login, gdm, systemd-user, polkit,
 * dovecot, unix_chkpwd …), found by program name or by a message that starts with {@code pam_}.
 */
public final class PamParser implements ContentParser {

  @Override
  public String name() {
    return "pam";
  }

  @Override
  public Set<String> programs() {
    return Set.of("login", "gdm", "gdm-password", "systemd-user", "polkit-agent-helper-1", "polkitd", "dovecot", "sshd-pam",
        "lightdm", "xrdp-sesman", "cockpit-session", "runuser", "unix_chkpwd");
  }

  @Override
  public boolean sniff(LogLine line) {
    String m = line.message();
    return m.startsWith("pam_") || (line.program() != null && line.program().endsWith("(pam_unix)"));
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    String m = line.message().strip();
    if (PamMessages.parse(line.program(), m, e)) return ParseOutcome.RECOGNISED;
    if (m.startsWith("FAILED LOGIN (") || m.startsWith("FAILED LOGIN SESSION FROM ") || m.startsWith("ROOT LOGIN ")) return login(m, e);
    return ParseOutcome.unrecognised("not a known PAM message");
  }

  /**
   * shadow-utils login(1) itself: "FAILED LOGIN (1) on '/dev/tty1' FOR 'root', Authentication failure",
   * "ROOT LOGIN  on '/dev/tty1'": console logins, which no network log shows.
   */
  private static ParseOutcome login(String m, Event e) {
    boolean failed = m.startsWith("FAILED");
    Ecs.classify(e, "system.auth", EventClass.AUTHENTICATION, List.of("start"), failed ? "login_failed" : "root_login", failed ? "failure" : "success");
    String user = Text.between(m, " FOR '", "'");
    if (user != null) e.put("user.name", user);
    else if (!failed) e.put("user.name", "root");
    String tty = Text.between(m, " on '", "'");
    if (tty != null) e.put("process.tty.name", tty);
    int comma = m.lastIndexOf("', ");
    if (failed && comma > 0) e.put("event.reason", m.substring(comma + 3));
    String from = Text.between(m + " ", " FROM ", " ");
    if (from != null) Ecs.sourceHost(e, from);
    return ParseOutcome.RECOGNISED;
  }
}
