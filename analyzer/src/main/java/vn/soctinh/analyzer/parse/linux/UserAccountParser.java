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
 * Account management by shadow-utils: useradd, userdel, usermod, groupadd, groupdel, gpasswd,
 * passwd, chpasswd, chage. Persistence and privilege-escalation rules look for
 * {@code user_created} and {@code user_added_to_group}; the account acted on is
 * {@code user.target.name}, the group {@code group.name}.
 */
public final class UserAccountParser implements ContentParser {
  static final String DATASET = "system.auth";
  private static final List<String> USER_CREATION = List.of("user", "creation");
  private static final List<String> USER_DELETION = List.of("user", "deletion");
  private static final List<String> USER_CHANGE = List.of("user", "change");
  private static final List<String> GROUP_CREATION = List.of("group", "creation");
  private static final List<String> GROUP_DELETION = List.of("group", "deletion");
  private static final List<String> GROUP_CHANGE = List.of("group", "change");

  @Override
  public String name() {
    return "useradd";
  }

  @Override
  public Set<String> programs() {
    return Set.of("useradd", "userdel", "usermod", "groupadd", "groupdel", "groupmod", "gpasswd", "passwd", "chpasswd", "chage",
        "adduser", "deluser");
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    String t = line.message().strip();
    if (PamMessages.parse(line.program(), t, e)) return ParseOutcome.RECOGNISED;
    String rest;
    if ((rest = Text.after(t, "new user: ")) != null) {
      iam(e, USER_CREATION, "user_created");
      e.put("user.target.name", Text.field(rest, "name"));
      putIfPresent(e, "user.target.id", Text.field(rest, "UID"));
      putIfPresent(e, "group.id", Text.field(rest, "GID"));
      putIfPresent(e, "labels.home", Text.field(rest, "home"));
      putIfPresent(e, "labels.shell", Text.field(rest, "shell"));
      return ParseOutcome.RECOGNISED;
    }
    if ((rest = Text.after(t, "new group: ")) != null || (rest = Text.after(t, "group added to /etc/group: ")) != null
        || (rest = Text.after(t, "group added to /etc/gshadow: ")) != null) {
      iam(e, GROUP_CREATION, "group_created");
      e.put("group.name", Text.field(rest, "name"));
      putIfPresent(e, "group.id", Text.field(rest, "GID"));
      return ParseOutcome.RECOGNISED;
    }
    if (t.startsWith("add '") && (t.contains("' to group '") || t.contains("' to shadow group '"))) {
      iam(e, GROUP_CHANGE, "user_added_to_group");
      e.put("user.target.name", quoted(t, 0));
      e.put("group.name", quoted(t, t.indexOf(" group '") + 7));
      return ParseOutcome.RECOGNISED;
    }
    if (t.startsWith("delete '") && t.contains("' from group '") || t.startsWith("removed '") && t.contains("' from group '")) {
      iam(e, GROUP_CHANGE, "user_removed_from_group");
      e.put("user.target.name", quoted(t, 0));
      e.put("group.name", quoted(t, t.indexOf(" group '") + 7));
      return ParseOutcome.RECOGNISED;
    }
    if (t.startsWith("delete user '") || t.startsWith("deleted user '")) {
      iam(e, USER_DELETION, "user_deleted");
      e.put("user.target.name", quoted(t, 0));
      return ParseOutcome.RECOGNISED;
    }
    if (t.startsWith("removed group '") || t.startsWith("group '") && t.endsWith("' removed")
        || t.startsWith("group '") && t.contains("' removed from ")) {
      iam(e, GROUP_DELETION, "group_deleted");
      e.put("group.name", quoted(t, 0));
      return ParseOutcome.RECOGNISED;
    }
    if (t.startsWith("lock user '")) {
      iam(e, USER_CHANGE, "user_locked");
      e.put("user.target.name", quoted(t, 0));
      return ParseOutcome.RECOGNISED;
    }
    if (t.startsWith("unlock user '")) {
      iam(e, USER_CHANGE, "user_unlocked");
      e.put("user.target.name", quoted(t, 0));
      return ParseOutcome.RECOGNISED;
    }
    if (t.startsWith("change user '") && t.contains(" password")) {
      iam(e, USER_CHANGE, "password_changed");
      e.put("user.target.name", quoted(t, 0));
      return ParseOutcome.RECOGNISED;
    }
    if (t.startsWith("change user '") || t.startsWith("change user name '")) {
      iam(e, USER_CHANGE, "user_changed");
      e.put("user.target.name", quoted(t, 0));
      e.put("event.reason", t);
      return ParseOutcome.RECOGNISED;
    }
    if (t.startsWith("password for '") && t.contains(" changed by '")) {
      iam(e, USER_CHANGE, "password_changed");
      e.put("user.target.name", quoted(t, 0));
      e.put("user.name", quoted(t, t.indexOf(" changed by '") + 12));
      return ParseOutcome.RECOGNISED;
    }
    if ((rest = Text.after(t, "changed password expiry for ")) != null) {
      iam(e, USER_CHANGE, "password_expiry_changed");
      e.put("user.target.name", Text.word(rest, 0));
      return ParseOutcome.RECOGNISED;
    }
    return ParseOutcome.unrecognised("not a known account management message");
  }

  private static void iam(Event e, List<String> type, String action) {
    Ecs.classify(e, DATASET, EventClass.IAM, type, action, "success");
  }

  private static void putIfPresent(Event e, String field, String value) {
    if (value != null) e.put(field, value);
  }

  /** The text inside the first pair of single quotes at or after {@code from}. */
  private static String quoted(String s, int from) {
    int a = s.indexOf('\'', Math.max(0, from));
    int b = a < 0 ? -1 : s.indexOf('\'', a + 1);
    return a < 0 || b < 0 ? "" : s.substring(a + 1, b);
  }
}
