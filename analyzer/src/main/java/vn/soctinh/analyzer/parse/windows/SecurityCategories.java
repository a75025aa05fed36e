package vn.soctinh.analyzer.parse.windows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vn.soctinh.analyzer.event.Event;

/**
 * The ECS categorisation Elastic's Windows integrations give each Security event id
 * ({@code 4624} is {@code logged-in}, {@code 4688} {@code created-process} …), the one source of
 * a Security event's category, type and action, so that searches and rules written for Elastic's
 * values find our events. {@link WindowsEcs} reads the fields; an id not in this table gets
 * {@code windows_event_<id>}.
 */
final class SecurityCategories {
  private record Cat(List<String> category, List<String> type, String action) {}

  private static final Map<String, Cat> BY_ID = new HashMap<>();

  private static void put(String action, List<String> category, List<String> type, String... ids) {
    for (String id : ids) BY_ID.put(id, new Cat(category, type, action));
  }

  static {
    List<String> auth = List.of("authentication");
    List<String> iam = List.of("iam");
    List<String> iamConf = List.of("iam", "configuration");
    put("logging-service-shutdown", List.of("process"), List.of("end"), "1100");
    put("audit-log-cleared", iam, List.of("admin", "change"), "1102");
    put("logging-full", iam, List.of("admin"), "1104");
    put("logged-in", auth, List.of("start"), "4624");
    put("logon-failed", auth, List.of("start"), "4625");
    put("logged-out", auth, List.of("end"), "4634", "4647");
    put("logged-in-explicit", auth, List.of("start"), "4648");
    put("logged-in-special", iam, List.of("admin"), "4672");
    put("created-process", List.of("process"), List.of("start"), "4688");
    put("exited-process", List.of("process"), List.of("end"), "4689");
    put("service-installed", iamConf, List.of("admin", "change"), "4697");
    put("scheduled-task-created", iamConf, List.of("creation", "admin"), "4698");
    put("scheduled-task-deleted", iamConf, List.of("deletion", "admin"), "4699");
    put("scheduled-task-enabled", iamConf, List.of("change", "admin"), "4700");
    put("scheduled-task-disabled", iamConf, List.of("change", "admin"), "4701");
    put("scheduled-task-updated", iamConf, List.of("change", "admin"), "4702");
    put("changed-audit-config", iamConf, List.of("admin", "change"), "4719");
    put("added-user-account", iam, List.of("user", "creation"), "4720");
    put("enabled-user-account", iam, List.of("user", "change"), "4722");
    put("changed-password", iam, List.of("user", "change"), "4723");
    put("reset-password", iam, List.of("user", "change"), "4724");
    put("disabled-user-account", iam, List.of("user", "deletion"), "4725");
    put("deleted-user-account", iam, List.of("user", "deletion"), "4726");
    put("added-group-account", iam, List.of("group", "creation"), "4727", "4731", "4754");
    put("added-member-to-group", iam, List.of("group", "change"), "4728", "4732", "4756");
    put("removed-member-from-group", iam, List.of("group", "change"), "4729", "4733", "4757");
    put("deleted-group-account", iam, List.of("group", "deletion"), "4730", "4734", "4758");
    put("modified-group-account", iam, List.of("group", "change"), "4735", "4737", "4755");
    put("modified-user-account", iam, List.of("user", "change"), "4738");
    put("locked-out-user-account", iam, List.of("user", "change"), "4740");
    put("unlocked-user-account", iam, List.of("user", "change"), "4767");
    put("kerberos-authentication-ticket-requested", auth, List.of("start"), "4768");
    put("kerberos-service-ticket-requested", auth, List.of("start"), "4769");
    put("kerberos-preauth-failed", auth, List.of("start"), "4771");
    put("credential-validated", auth, List.of("start"), "4776");
    put("session-reconnected", List.of("authentication", "session"), List.of("start"), "4778");
    put("session-disconnected", List.of("authentication", "session"), List.of("end"), "4779");
    put("renamed-user-account", iam, List.of("user", "change"), "4781");
  }

  private SecurityCategories() {}

  /** Sets the id's category, type and action; false when Elastic's table does not name the id. */
  static boolean apply(String id, Event e) {
    Cat c = BY_ID.get(id);
    if (c == null) return false;
    e.put("event.category", c.category());
    e.put("event.type", c.type());
    e.put("event.action", c.action());
    return true;
  }
}
