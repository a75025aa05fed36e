package vn.soctinh.analyzer.parse.linux;

import java.util.List;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;

/**
 * sudo's log lines: {@code alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id -u}
 * (allowed), with {@code 3 incorrect password attempts ;}, {@code user NOT in sudoers ;} or
 * {@code command not allowed ;} before TTY when refused; plus PAM lines. {@code user.name} is who
 * ran sudo, {@code user.effective.name} whom the command ran as. As in Elastic's system module the
 * line's parts are {@code system.auth.sudo.*} and {@code process.name} stays {@code sudo}, the
 * program that logged; {@code process.command_line}, {@code process.executable} and
 * {@code process.working_directory} are the command it ran, for rules written on those.
 */
public final class SudoParser implements ContentParser {
  static final String DATASET = "system.auth";
  private static final List<String> PROCESS = List.of("process");
  private static final List<String> START = List.of("start");

  @Override
  public String name() {
    return "sudo";
  }

  @Override
  public Set<String> programs() {
    return Set.of("sudo");
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    String text = line.message().strip();
    if (PamMessages.parse(line.program(), text, e)) return ParseOutcome.RECOGNISED;
    int sep = text.indexOf(" : ");
    String fields = sep <= 0 ? "" : text.substring(sep + 3);
    int cmd = fields.indexOf("COMMAND=");
    if (sep <= 0 || cmd < 0) return ParseOutcome.unrecognised("expected \"USER : ... ; COMMAND=...\"");
    String user = text.substring(0, sep).strip();
    String action;
    String outcome;
    if (fields.startsWith("TTY=") || fields.startsWith("PWD=") || fields.startsWith("HOST=")) {
      action = "sudo_command";
      outcome = "success";
    } else if (fields.contains("incorrect password attempt")) {
      action = "sudo_authentication_failed";
      outcome = "failure";
    } else if (fields.startsWith("user NOT in sudoers") || fields.startsWith("command not allowed")
        || fields.startsWith("user NOT authorized on host")) {
      action = "sudo_not_permitted";
      outcome = "failure";
    } else {
      action = "sudo_refused";
      outcome = "failure";
    }
    Ecs.classify(e, DATASET, PROCESS, START, action, outcome);
    int semi = fields.indexOf(" ;");
    if (!action.equals("sudo_command") && semi > 0) {
      String error = fields.substring(0, semi).strip();
      e.put("event.reason", error);
      e.put("system.auth.sudo.error", error);
    }
    e.put("user.name", user);
    for (String part : fields.substring(0, cmd).split(" ; ")) {
      int eq = part.indexOf('=');
      if (eq <= 0) continue;
      String key = part.substring(0, eq).strip();
      String value = part.substring(eq + 1).strip();
      switch (key) {
        case "USER" -> {
          e.put("user.effective.name", value);
          e.put("system.auth.sudo.user", value);
        }
        case "GROUP" -> e.put("group.name", value);
        case "PWD" -> {
          e.put("process.working_directory", value);
          e.put("system.auth.sudo.pwd", value);
        }
        case "TTY" -> e.put("system.auth.sudo.tty", value);
        default -> { }
      }
    }
    String command = fields.substring(cmd + "COMMAND=".length()).strip();
    e.put("system.auth.sudo.command", command);
    e.put("process.command_line", command);
    int sp = command.indexOf(' ');
    e.put("process.executable", sp < 0 ? command : command.substring(0, sp));
    return ParseOutcome.RECOGNISED;
  }
}
