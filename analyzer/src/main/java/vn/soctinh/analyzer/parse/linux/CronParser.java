package vn.soctinh.analyzer.parse.linux;

import java.util.List;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;
import vn.soctinh.analyzer.parse.EventClass;

/** cron's {@code (root) CMD (run-parts /etc/cron.hourly)} lines and its PAM session lines: scheduled commands are a persistence technique. */
public final class CronParser implements ContentParser {
  static final String DATASET = "system.cron";

  @Override
  public String name() {
    return "cron";
  }

  @Override
  public Set<String> programs() {
    return Set.of("cron", "crond", "anacron");
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    String t = line.message().strip();
    if (PamMessages.parse(line.program(), t, e)) return ParseOutcome.RECOGNISED;
    if (t.startsWith("(") && t.contains(") CMD (") && t.endsWith(")")) {
      Ecs.classify(e, DATASET, EventClass.PROCESS, List.of("start"), "cron_command", "success");
      e.put("user.name", t.substring(1, t.indexOf(')')));
      String cmd = t.substring(t.indexOf(") CMD (") + 7, t.length() - 1);
      e.put("process.command_line", cmd);
      return ParseOutcome.RECOGNISED;
    }
    if (t.startsWith("(") && t.contains(") RELOAD (")) {
      Ecs.classify(e, DATASET, List.of("configuration"), List.of("change"), "crontab_reloaded", "success");
      e.put("user.name", t.substring(1, t.indexOf(')')));
      return ParseOutcome.RECOGNISED;
    }
    return ParseOutcome.unrecognised("not a known cron message");
  }
}
