package vn.soctinh.analyzer.parse.linux;

import static vn.soctinh.analyzer.parse.EventClass.START;
import java.util.List;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;
import vn.soctinh.analyzer.parse.Text;
import vn.soctinh.analyzer.parse.EventClass;

/**
 * su, in its several dialects: shadow-utils ({@code Successful su for root by alice},
 * {@code FAILED su for root by alice}, {@code + pts/0 alice:root}, {@code - pts/0 alice:root}),
 * util-linux ({@code (to root) alice on pts/0}, {@code FAILED SU (to root) alice on pts/0}),
 * {@code pam_authenticate: Authentication failure}, and its PAM session lines.
 * {@code user.name} is who switched, {@code user.target.name} the account switched to.
 */
public final class SuParser implements ContentParser {
  static final String DATASET = "system.auth";

  @Override
  public String name() {
    return "su";
  }

  @Override
  public Set<String> programs() {
    return Set.of("su", "su-l");
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    String t = line.message().strip();
    if (PamMessages.parse(line.program(), t, e)) return ParseOutcome.RECOGNISED;
    String rest;
    if ((rest = Text.after(t, "Successful su for ")) != null) return switched(rest, " by ", e, true);
    if ((rest = Text.after(t, "FAILED su for ")) != null) return switched(rest, " by ", e, false);
    if ((rest = Text.after(t, "FAILED SU (to ")) != null) return toForm(rest, e, false);
    if ((rest = Text.after(t, "(to ")) != null) return toForm(rest, e, true);
    if (t.startsWith("+ ") || t.startsWith("- ")) {
      // "+ pts/0 alice:root"
      String pair = Text.word(t, t.indexOf(' ', 2) + 1);
      int colon = pair.indexOf(':');
      if (colon <= 0) return ParseOutcome.unrecognised("expected \"+ TTY FROM:TO\"");
      classify(e, t.charAt(0) == '+');
      e.put("user.name", pair.substring(0, colon));
      e.put("user.target.name", pair.substring(colon + 1));
      e.put("labels.tty", Text.word(t, 2));
      return ParseOutcome.RECOGNISED;
    }
    if (t.startsWith("pam_authenticate: ")) {
      classify(e, false);
      e.put("event.reason", t.substring("pam_authenticate: ".length()));
      return ParseOutcome.RECOGNISED;
    }
    return ParseOutcome.unrecognised("not a known su message");
  }

  private static void classify(Event e, boolean success) {
    Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, START, success ? "su" : "su_failed", success ? "success" : "failure");
  }

  /** "root by alice" */
  private static ParseOutcome switched(String rest, String by, Event e, boolean success) {
    int i = rest.indexOf(by);
    if (i <= 0) return ParseOutcome.unrecognised("expected \"TARGET by USER\"");
    classify(e, success);
    e.put("user.target.name", rest.substring(0, i));
    e.put("user.name", Text.word(rest, i + by.length()));
    return ParseOutcome.RECOGNISED;
  }

  /** "root) alice on pts/0" */
  private static ParseOutcome toForm(String rest, Event e, boolean success) {
    int close = rest.indexOf(") ");
    if (close <= 0) return ParseOutcome.unrecognised("expected \"(to TARGET) USER on TTY\"");
    classify(e, success);
    e.put("user.target.name", rest.substring(0, close));
    String after = rest.substring(close + 2);
    e.put("user.name", Text.word(after, 0));
    int on = after.indexOf(" on ");
    if (on > 0) e.put("labels.tty", Text.word(after, on + 4));
    return ParseOutcome.RECOGNISED;
  }
}
