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
 * {@code user_created} and {@code group-member-added}. The account acted on is
 * {@code user.target.name}, the group {@code group.name}; these lines do not say who ran the
 * command, and Elastic's system module puts the account in {@code user.name} too, so we do (gpasswd
 * names the actor: there {@code user.name} is the actor). {@code event.type} follows the program
 * as Elastic's does: everything useradd, userdel or usermod logs is a user creation, deletion or
 * change (a personal group removed by userdel too), everything groupadd, groupdel or groupmod a
 * group's.
 */
public final class UserAccountParser implements ContentParser {
  static final String DATASET = "system.auth";
  private static final List<String> USER_CREATION = List.of("user", "creation");
  private static final List<String> USER_DELETION = List.of("user", "deletion");
  private static final List<String> USER_CHANGE = List.of("user", "change");
  private static final List<String> GROUP_CREATION = List.of("group", "creation");
  private static final List<String> GROUP_DELETION = List.of("group", "deletion");
  private static final List<String> GROUP_CHANGE = List.of("group", "change");
  private static final List<String> CHANGE = List.of("change");

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
    if (!classify(t, e)) return ParseOutcome.unrecognised("not a known account management message");
    List<String> type = typeOf(line.program());
    if (type != null) e.put("event.type", type);
    return ParseOutcome.RECOGNISED;
  }

  /** Elastic's event.type for the six programs it knows, whatever their message; null for the others. */
  private static List<String> typeOf(String program) {
    if (program == null) return null;
    return switch (program) {
      case "useradd" -> USER_CREATION;
      case "userdel" -> USER_DELETION;
      case "usermod" -> USER_CHANGE;
      case "groupadd" -> GROUP_CREATION;
      case "groupdel" -> GROUP_DELETION;
      case "groupmod" -> GROUP_CHANGE;
      default -> null;
    };
  }

  private static boolean classify(String t, Event e) {
    String rest;
    if ((rest = Text.after(t, "new user: ")) != null) {
      iam(e, USER_CREATION, "user_created");
      account(e, Text.field(rest, "name"));
      String uid = Text.field(rest, "UID");
      if (uid != null) {
        e.put("user.target.id", uid);
        e.put("user.id", uid);
      }
      putIfPresent(e, "group.id", Text.field(rest, "GID"));
      putIfPresent(e, "system.auth.useradd.home", Text.field(rest, "home"));
      putIfPresent(e, "system.auth.useradd.shell", Text.field(rest, "shell"));
      return true;
    }
    if ((rest = Text.after(t, "failed adding user '")) != null) {
      // "failed adding user 'x', exit code: 4" (the name or uid is taken …)
      Ecs.classify(e, DATASET, EventClass.IAM, USER_CREATION, "user_creation_failed", "failure");
      account(e, quoted(t, 0));
      int code = t.indexOf("exit code: ");
      if (code > 0) e.put("event.reason", t.substring(code));
      return true;
    }
    if ((rest = Text.after(t, "new group: ")) != null || (rest = Text.after(t, "group added to /etc/group: ")) != null
        || (rest = Text.after(t, "group added to /etc/gshadow: ")) != null) {
      iam(e, GROUP_CREATION, "group-added");
      e.put("group.name", Text.field(rest, "name"));
      putIfPresent(e, "group.id", Text.field(rest, "GID"));
      return true;
    }
    if (t.startsWith("add '") && (t.contains("' to group '") || t.contains("' to shadow group '"))) {
      iam(e, GROUP_CHANGE, "group-member-added");
      account(e, quoted(t, 0));
      e.put("group.name", quoted(t, t.indexOf(" group '") + 7));
      return true;
    }
    if ((t.startsWith("delete '") || t.startsWith("removed '"))
        && (t.contains("' from group '") || t.contains("' from shadow group '"))) {
      iam(e, GROUP_CHANGE, "group-member-removed");
      account(e, quoted(t, 0));
      e.put("group.name", quoted(t, t.indexOf(" group '") + 7));
      return true;
    }
    if ((rest = Text.after(t, "user ")) != null && (t.contains(" added by ") || t.contains(" removed by "))
        && (t.contains(" to group ") || t.contains(" from group "))) {
      // gpasswd -a/-d: "user alice added by root to group sudo"
      boolean added = t.contains(" added by ");
      Ecs.classify(e, DATASET, EventClass.IAM, CHANGE, added ? "group-member-added" : "group-member-removed", "success");
      e.put("user.target.name", Text.word(rest, 0));
      e.put("user.name", Text.word(t, t.indexOf(" by ") + 4));
      int group = t.indexOf(" group ");
      e.put("group.name", t.substring(group + 7).strip());
      return true;
    }
    if (t.startsWith("delete user '") || t.startsWith("deleted user '")) {
      iam(e, USER_DELETION, "user_deleted");
      account(e, quoted(t, 0));
      return true;
    }
    if (t.startsWith("removed group '") || t.startsWith("removed shadow group '") || t.startsWith("group '") && t.endsWith("' removed")
        || t.startsWith("group '") && t.contains("' removed from ")) {
      iam(e, GROUP_DELETION, "group-deleted");
      e.put("group.name", quoted(t, 0));
      return true;
    }
    if (t.startsWith("lock user '")) {
      iam(e, USER_CHANGE, "user_locked");
      account(e, quoted(t, 0));
      return true;
    }
    if (t.startsWith("unlock user '")) {
      iam(e, USER_CHANGE, "user_unlocked");
      account(e, quoted(t, 0));
      return true;
    }
    if (t.startsWith("change user '") && t.contains(" password")) {
      iam(e, USER_CHANGE, "password_changed");
      account(e, quoted(t, 0));
      return true;
    }
    if (t.startsWith("change user '") || t.startsWith("change user name '")) {
      iam(e, USER_CHANGE, "user_changed");
      account(e, quoted(t, 0));
      e.put("event.reason", t);
      return true;
    }
    if (t.startsWith("password for '") && t.contains(" changed by '")) {
      iam(e, USER_CHANGE, "password_changed");
      e.put("user.target.name", quoted(t, 0));
      e.put("user.name", quoted(t, t.indexOf(" changed by '") + 12));
      return true;
    }
    if ((rest = Text.after(t, "changed password expiry for ")) != null) {
      iam(e, USER_CHANGE, "password_expiry_changed");
      account(e, Text.word(rest, 0));
      return true;
    }
    return false;
  }

  private static void iam(Event e, List<String> type, String action) {
    Ecs.classify(e, DATASET, EventClass.IAM, type, action, "success");
  }

  /** The account acted on, by a command that does not log who ran it. */
  private static void account(Event e, String name) {
    if (name == null || name.isEmpty()) return;
    e.put("user.target.name", name);
    e.put("user.name", name);
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
