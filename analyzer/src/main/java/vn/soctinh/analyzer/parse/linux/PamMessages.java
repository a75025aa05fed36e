package vn.soctinh.analyzer.parse.linux;

import java.util.List;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.Text;
import vn.soctinh.analyzer.parse.EventClass;

/**
 * The messages PAM modules log inside other programs' lines: {@code pam_unix(sshd:auth):
 * authentication failure; ... rhost=203.0.113.5 user=root}, {@code session opened for user bob by
 * (uid=0)}, {@code check pass; user unknown}, {@code PAM 5 more authentication failures; ...},
 * {@code PAM service(sshd) ignoring max retries; 6 > 3}, {@code password changed for bob}. Old
 * systems write them under the program name {@code sshd(pam_unix)} without the prefix; both forms
 * are read. The PAM service becomes {@code service.name}.
 */
final class PamMessages {
  static final String DATASET = "system.auth";
  private static final List<String> CHANGE = List.of("change");
  private static final List<String> IAM_AUTHENTICATION = List.of("iam", "authentication");
  private static final List<String> CHANGE_INFO = List.of("change", "info");

  private PamMessages() {}

  /** Parses a PAM message for the given program; returns whether it was one. */
  static boolean parse(String program, String text, Event e) {
    String service = null;
    String inner = text;
    boolean chauthtok = false;
    if (text.startsWith("pam_")) {
      int open = text.indexOf('(');
      int close = text.indexOf("): ");
      if (open < 0 || close < open) return false;
      String scope = text.substring(open + 1, close);
      int colon = scope.indexOf(':');
      service = colon < 0 ? scope : scope.substring(0, colon);
      String module = text.substring(0, open);
      e.put("labels.pam_module", module);
      inner = text.substring(close + 3);
      // pam_unix's password-change stack: Elastic makes each of its lines an iam change
      chauthtok = colon > 0 && module.equals("pam_unix") && scope.regionMatches(colon + 1, "chauthtok", 0, 9)
          && scope.length() == colon + 10;
    } else if (program != null && program.endsWith("(pam_unix)")) {
      service = program.substring(0, program.length() - "(pam_unix)".length());
      e.put("labels.pam_module", "pam_unix");
    }
    String rest;
    if (inner.startsWith("authentication failure;") && chauthtok) {
      // the old password asked before a change was wrong: the account is the change's target
      Ecs.classify(e, DATASET, IAM_AUTHENTICATION, CHANGE_INFO, "authentication_failure", "failure");
      failureDetails(inner, e);
      String user = Text.field(inner, "user");
      if (user != null) e.put("user.target.name", user);
    } else if (inner.startsWith("authentication failure;")) {
      Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, List.of("info"), "authentication_failure", "failure");
      failureDetails(inner, e);
    } else if (inner.startsWith("check pass; user unknown")) {
      Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, List.of("info"), "authentication_failure", "failure");
      e.put("event.reason", "user unknown");
    } else if (inner.startsWith("session opened for user ")) {
      Ecs.classify(e, DATASET, EventClass.SESSION, List.of("start"), "logged-on", "success");
      sessionUser(inner.substring("session opened for user ".length()), e);
      String by = Text.between(inner, " by ", "(uid=");
      if (by != null && !by.isEmpty()) e.put("process.user.name", by);
    } else if (inner.startsWith("session closed for user ")) {
      Ecs.classify(e, DATASET, EventClass.SESSION, List.of("end"), "logged-off", "success");
      sessionUser(inner.substring("session closed for user ".length()), e);
    } else if (inner.startsWith("password changed for ")) {
      Ecs.classify(e, DATASET, EventClass.IAM, CHANGE, "password-changed", "success");
      // PAM does not say who changed it; Elastic puts the account in user.name as well
      String user = Text.word(inner, "password changed for ".length());
      e.put("user.target.name", user);
      e.put("user.name", user);
    } else if (chauthtok) {
      // "new password not acceptable", "password change aborted" …: a change that did not happen
      Ecs.classify(e, DATASET, EventClass.IAM, CHANGE, "password-changed", "failure");
      e.put("event.reason", inner.strip());
    } else if ((rest = Text.after(inner, "Consecutive login failures for user ")) != null && inner.contains(" account temporarily locked")) {
      // pam_faillock's deny= reached
      Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, List.of("info"), "account-locked", "failure");
      e.put("user.name", Text.word(rest, 0));
    } else if ((rest = Text.after(inner, "password check failed for user ")) != null) {
      // unix_chkpwd, pam_unix's helper for programs that cannot read /etc/shadow (screen lockers …)
      Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, List.of("info"), "authentication_failure", "failure");
      String user = Text.word(rest, 0);
      if (user.length() > 2 && user.charAt(0) == '(' && user.endsWith(")")) user = user.substring(1, user.length() - 1);
      if (!user.isEmpty()) e.put("user.name", user);
    } else if (inner.startsWith("account ") && inner.contains(" has expired")) {
      Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, List.of("start"), "account_expired", "failure");
      e.put("user.name", Text.word(inner, "account ".length()));
    } else if (text.startsWith("PAM ") && inner.contains(" more authentication failure")) {
      Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, List.of("start"), "authentication_failures_repeated", "failure");
      String n = Text.word(inner, 4);
      if (!n.isEmpty()) e.put("labels.repeat_count", n);
      failureDetails(inner, e);
    } else if (text.startsWith("PAM service(") && inner.contains("ignoring max retries")) {
      service = Text.between(inner, "PAM service(", ")");
      Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, List.of("start"), "max_retries_exceeded", "failure");
    } else {
      return false;
    }
    if (service != null && !service.isEmpty()) e.put("service.name", service);
    return true;
  }

  private static void sessionUser(String rest, Event e) {
    String user = Text.word(rest, 0);
    // PAM since 1.5 writes "bob(uid=1000)": the name and the id apart, as Elastic's system module reads them
    int uid = user.indexOf("(uid=");
    if (uid > 0 && user.endsWith(")")) {
      e.put("user.id", user.substring(uid + 5, user.length() - 1));
      user = user.substring(0, uid);
    }
    if (!user.isEmpty()) e.put("user.name", user);
  }

  /**
   * "logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.5  user=root". A requesting user
   * ({@code ruser}, sudo's or su's caller) is {@code user.name} with the {@code uid}; the account
   * PAM authenticates, when another, is {@code user.effective.*}, as Elastic reads them. Without a
   * ruser (sshd, login) the account is {@code user.name} and the uid is the daemon's.
   */
  private static void failureDetails(String s, Event e) {
    Ecs.sourceHost(e, Text.field(s, "rhost"));
    String user = Text.field(s, "user");
    String ruser = Text.field(s, "ruser");
    String uid = Text.field(s, "uid");
    if (ruser != null) {
      e.put("user.name", ruser);
      if (uid != null) e.put("user.id", uid);
      if (user != null && !user.equals(ruser)) {
        e.put("user.effective.name", user);
        String euid = Text.field(s, "euid");
        if (euid != null) e.put("user.effective.id", euid);
      }
    } else if (user != null) {
      e.put("user.name", user);
    }
    if (uid != null) e.put("process.user.id", uid);
  }
}
