package vn.soctinh.analyzer.parse.linux;

import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;

/**
 * PAM lines of programs that have no parser of their own (login, gdm, systemd-user, polkit,
 * dovecot …), found by program name or by a message that starts with {@code pam_}.
 */
public final class PamParser implements ContentParser {

  @Override
  public String name() {
    return "pam";
  }

  @Override
  public Set<String> programs() {
    return Set.of("login", "gdm", "gdm-password", "systemd-user", "polkit-agent-helper-1", "polkitd", "dovecot", "sshd-pam",
        "lightdm", "xrdp-sesman", "cockpit-session", "runuser");
  }

  @Override
  public boolean sniff(LogLine line) {
    String m = line.message();
    return m.startsWith("pam_") || (line.program() != null && line.program().endsWith("(pam_unix)"));
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    return PamMessages.parse(line.program(), line.message().strip(), e) ? ParseOutcome.RECOGNISED
        : ParseOutcome.unrecognised("not a known PAM message");
  }
}
