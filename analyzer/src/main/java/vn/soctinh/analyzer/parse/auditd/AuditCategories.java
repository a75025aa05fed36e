package vn.soctinh.analyzer.parse.auditd;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vn.soctinh.analyzer.event.Event;

/**
 * The ECS categorisation Elastic's auditd integration gives each record type (its normalisation
 * table: {@code USER_LOGIN} is {@code logged-in}, {@code USER_CMD} {@code ran-command} …), applied
 * over what {@link AuditdParser} read, so that searches and rules written for Elastic's values find
 * our events. A record type Elastic does not normalise keeps our action (docs/design/parsing.md).
 */
final class AuditCategories {
  /** Category and type (null: as we set them), and the action. */
  private record Cat(List<String> category, List<String> type, String action) {}

  private static final Map<String, Cat> BY_TYPE = new HashMap<>();

  private static void put(String type, String action, List<String> category, List<String> kind) {
    BY_TYPE.put(type, new Cat(category, kind, action));
  }

  static {
    List<String> auth = List.of("authentication");
    List<String> info = List.of("info");
    put("USER_AUTH", "authenticated", auth, info);
    put("USER_ACCT", "was-authorized", auth, info);
    put("USER_LOGIN", "logged-in", auth, List.of("start"));
    put("USER_LOGOUT", "logged-out", auth, List.of("end"));
    put("USER_START", "started-session", List.of("session"), List.of("start"));
    put("USER_END", "ended-session", List.of("session"), List.of("end"));
    put("USER_ERR", "error", auth, info);
    put("CRED_ACQ", "acquired-credentials", auth, info);
    put("CRED_DISP", "disposed-credentials", auth, info);
    put("CRED_REFR", "refreshed-credentials", auth, info);
    put("USER_CMD", "ran-command", List.of("process"), List.of("start"));
    put("LOGIN", "changed-login-id-to", auth, List.of("start"));
    put("ADD_USER", "added-user-account", List.of("iam"), List.of("user", "creation"));
    put("DEL_USER", "deleted-user-account", List.of("iam"), List.of("user", "deletion"));
    put("ADD_GROUP", "added-group-account-to", List.of("iam"), List.of("group", "creation"));
    put("DEL_GROUP", "deleted-group-account-from", List.of("iam"), List.of("group", "deletion"));
    put("USER_MGMT", "modified-user-account", List.of("iam"), List.of("user", "change"));
    put("GRP_MGMT", "modified-group-account", List.of("iam"), List.of("group", "change"));
    put("USER_CHAUTHTOK", "changed-password", List.of("iam"), List.of("user", "change"));
    put("SERVICE_START", "started-service", List.of("process"), List.of("start"));
    put("SERVICE_STOP", "stopped-service", List.of("process"), List.of("stop"));
    put("CONFIG_CHANGE", "changed-audit-configuration", List.of("process", "configuration"), List.of("change"));
    put("DAEMON_START", "started-audit", List.of("process"), List.of("start"));
    put("DAEMON_END", "shutdown-audit", List.of("process"), List.of("stop"));
    put("SYSTEM_BOOT", "booted-system", List.of("host"), info);
    put("SYSTEM_SHUTDOWN", "shutdown-system", List.of("host"), info);
    put("KERN_MODULE", "loaded-kernel-module", List.of("driver"), List.of("start"));
    put("NETFILTER_CFG", "loaded-firewall-rule-to", List.of("configuration"), List.of("change"));
    put("MAC_STATUS", "changed-selinux-enforcement", List.of("configuration"), List.of("change"));
    put("SOFTWARE_UPDATE", "package-updated", List.of("package"), info);
  }

  private AuditCategories() {}

  /** Applies Elastic's values for a record of {@code type} ({@code AVC} by its SELinux or AppArmor origin). */
  static void apply(String type, Event e) {
    if (type.equals("AVC") || type.equals("1400")) {
      // a denial is a violated policy in Elastic's table (no category or type there: ours stay); other verdicts keep ours
      Object ours = e.get("event.action");
      if ("selinux_denied".equals(ours)) e.put("event.action", "violated-selinux-policy");
      if ("apparmor_denied".equals(ours)) e.put("event.action", "violated-apparmor-policy");
      return;
    }
    Cat c = BY_TYPE.get(type);
    if (c == null) return;
    e.put("event.action", c.action());
    if (c.category() != null) e.put("event.category", c.category());
    if (c.type() != null) e.put("event.type", c.type());
  }
}
