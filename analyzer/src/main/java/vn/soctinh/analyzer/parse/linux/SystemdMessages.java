package vn.soctinh.analyzer.parse.linux;

import static vn.soctinh.analyzer.parse.EventClass.HOST;
import java.util.List;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.Values;
import vn.soctinh.analyzer.parse.Text;
import vn.soctinh.analyzer.parse.EventClass;

/**
 * systemd (PID 1 and user managers) and systemd-logind messages: units starting, started, stopping,
 * stopped, failing, their main process exiting, reloads, and logind sessions. Returns false for any
 * other text.
 */
final class SystemdMessages {
  static final String DATASET = "system.syslog";

  private SystemdMessages() {}

  static boolean parse(String program, String t, Event e) {
    if (program.equals("systemd-logind")) return logind(t, e);
    String rest;
    if ((rest = Text.after(t, "Started ")) != null) return unit(e, rest, List.of("start"), "service_started", "success");
    if ((rest = Text.after(t, "Finished ")) != null) return unit(e, rest, List.of("end"), "service_finished", "success");
    if ((rest = Text.after(t, "Starting ")) != null) return unit(e, rest, List.of("start"), "service_starting", null);
    if ((rest = Text.after(t, "Stopping ")) != null) return unit(e, rest, List.of("end"), "service_stopping", null);
    if ((rest = Text.after(t, "Stopped ")) != null) return unit(e, rest, List.of("end"), "service_stopped", "success");
    if ((rest = Text.after(t, "Failed to start ")) != null) return unit(e, rest, List.of("start", "error"), "service_start_failed", "failure");
    if ((rest = Text.after(t, "Reloaded ")) != null) return unit(e, rest, List.of("change"), "service_reloaded", "success");
    if (t.equals("Reloading.") || t.startsWith("Reloading ")) {
      Ecs.classify(e, DATASET, HOST, List.of("change"), "service_reloading", null);
      if (t.startsWith("Reloading ")) name(e, t.substring(10));
      return true;
    }
    int colon = t.indexOf(": ");
    if (colon <= 0 || t.lastIndexOf(' ', colon - 1) >= 0) return false;
    String unit = t.substring(0, colon);
    String msg = t.substring(colon + 2);
    if (msg.startsWith("Main process exited, ")) {
      // code=exited, status=1/FAILURE | code=killed, status=9/KILL
      String status = Text.field(msg, "status");
      boolean ok = status != null && (status.startsWith("0/") || status.equals("0"));
      Ecs.classify(e, DATASET, List.of("host", "process"), List.of("end"), "service_process_exited", ok ? "success" : "failure");
      e.put("service.name", unit);
      String code = Text.field(msg, "code");
      if (code != null) e.put("systemd.exit_code", code);
      if (status != null) {
        int slash = status.indexOf('/');
        Values.putLong(e, "process.exit_code", slash < 0 ? status : status.substring(0, slash));
        e.put("systemd.exit_status", status);
      }
      return true;
    }
    if (msg.startsWith("Failed with result '")) {
      Ecs.classify(e, DATASET, HOST, List.of("end", "error"), "service_failed", "failure");
      e.put("service.name", unit);
      String r = Text.between(msg, "'", "'");
      if (r != null) e.put("event.reason", r);
      return true;
    }
    if (msg.startsWith("Deactivated successfully")) {
      Ecs.classify(e, DATASET, HOST, List.of("end"), "service_deactivated", "success");
      e.put("service.name", unit);
      return true;
    }
    if (msg.startsWith("Scheduled restart job")) {
      Ecs.classify(e, DATASET, HOST, List.of("start"), "service_restart_scheduled", null);
      e.put("service.name", unit);
      return true;
    }
    return false;
  }

  /** "nginx.service - A high performance web server." / "OpenBSD Secure Shell server." / "Session 12 of User bob." */
  private static boolean unit(Event e, String rest, List<String> type, String action, String outcome) {
    Ecs.classify(e, DATASET, HOST, type, action, outcome);
    name(e, rest);
    return true;
  }

  private static void name(Event e, String rest) {
    String r = rest.strip();
    while (r.endsWith(".")) r = r.substring(0, r.length() - 1);
    int dash = r.indexOf(" - ");
    String unit = dash > 0 ? r.substring(0, dash) : r;
    if (dash > 0) e.put("systemd.unit_description", r.substring(dash + 3));
    e.put("service.name", unit);
    if (unit.startsWith("Session ") && unit.contains(" of User ")) {
      e.put("user.name", unit.substring(unit.indexOf(" of User ") + 9));
    }
  }

  /** New session 12 of user bob. / Removed session 12. / Session 12 logged out. Waiting for processes to exit. */
  private static boolean logind(String t, Event e) {
    String rest;
    if ((rest = Text.after(t, "New session ")) != null) {
      Ecs.classify(e, "system.auth", EventClass.SESSION, List.of("start"), "session_opened", "success");
      e.put("process.session_id", Text.word(rest, 0));
      putSession(rest, e);
      int of = rest.indexOf(" of user ");
      if (of > 0) {
        String u = rest.substring(of + 9).strip();
        e.put("user.name", u.endsWith(".") ? u.substring(0, u.length() - 1) : u);
      }
      return true;
    }
    if ((rest = Text.after(t, "Removed session ")) != null) {
      Ecs.classify(e, "system.auth", EventClass.SESSION, List.of("end"), "session_closed", "success");
      putSession(rest, e);
      return true;
    }
    if (t.startsWith("Session ") && t.contains(" logged out")) {
      Ecs.classify(e, "system.auth", EventClass.SESSION, List.of("end"), "session_logged_out", "success");
      putSession(t.substring(8), e);
      return true;
    }
    if (t.startsWith("New seat ") || t.startsWith("Watching system buttons")) {
      Ecs.classify(e, DATASET, HOST, List.of("info"), "logind_device", null);
      return true;
    }
    return false;
  }

  private static void putSession(String rest, Event e) {
    String id = Text.word(rest, 0);
    if (id.endsWith(".")) id = id.substring(0, id.length() - 1);
    if (!id.isEmpty()) e.put("systemd.session_id", id);
  }
}
