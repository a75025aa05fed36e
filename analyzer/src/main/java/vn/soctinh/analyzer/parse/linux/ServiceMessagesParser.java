package vn.soctinh.analyzer.parse.linux;

import static vn.soctinh.analyzer.parse.EventClass.END;
import static vn.soctinh.analyzer.parse.EventClass.START;
import java.util.List;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;
import vn.soctinh.analyzer.parse.Values;
import vn.soctinh.analyzer.parse.Text;
import vn.soctinh.analyzer.parse.EventClass;

/**
 * The short, fixed messages of classic Linux services that a SOC still wants classified: service
 * start and stop ({@code cupsd startup succeeded}, {@code Starting pcmcia: succeeded}), syslogd
 * restarts, logrotate failures, Kerberos login failures (klogind), udev device nodes and xinetd
 * connections (BIND's named has its own parser, {@code dns.NamedParser}). A message this class does
 * not know stays unparsed rather than getting a vague action.
 */
public final class ServiceMessagesParser implements ContentParser {
  static final String DATASET = "system.syslog";

  @Override
  public String name() {
    return "linux-services";
  }

  @Override
  public Set<String> programs() {
    return Set.of("klogind", "kshd", "logrotate", "cups", "cupsd", "syslogd", "syslog", "rsyslogd", "klogd", "udev", "udevd",
        "xinetd", "portmap", "rpcbind", "nfslock", "network", "rc", "random", "rpcidmapd", "rpc.statd", "sdpd", "hcid", "bluetooth",
        "gpm", "snmpd", "sysctl", "irqbalance", "smartd", "apmd", "atd", "autofs", "acpid", "ntpd", "chronyd",
        "systemd", "systemd-logind", "dpkg", "yum", "dnf");
  }

  /** "syslogd 1.4.1: restart." and "... startup succeeded" also arrive without a tag colon, so without a program. */
  @Override
  public boolean sniff(LogLine line) {
    String t = line.message().stripTrailing();
    return line.program() == null && (t.endsWith(" startup succeeded") || t.startsWith("syslogd ") && t.endsWith(": restart."))
        || PackageMessages.dpkgLine(line) != null;
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    // "Starting pcmcia:  succeeded": some init scripts pad with two spaces
    String t = line.message().strip().replace(":  succeeded", ": succeeded");
    String program = line.program() != null ? line.program() : t.startsWith("syslogd ") ? "syslogd" : "";
    String rest;
    String dpkg = line.program() == null ? PackageMessages.dpkgLine(line) : null;
    if (dpkg != null) {
      if (!dpkg.equals(line.message()) && PackageMessages.isDpkg(dpkg)) {
        // the decoder took the dpkg verb for a host name: it is none
        e.remove("host.hostname");
        e.remove("log.syslog.hostname");
      }
      return PackageMessages.dpkg(dpkg, line.zone() == null ? java.time.ZoneOffset.UTC : line.zone(), e) ? ParseOutcome.RECOGNISED
          : ParseOutcome.unrecognised("not a known dpkg.log line");
    }
    if (program.equals("systemd") || program.equals("systemd-logind")) {
      return SystemdMessages.parse(program, t, e) ? ParseOutcome.RECOGNISED : ParseOutcome.unrecognised("not a known " + program + " message");
    }
    if ((program.equals("yum") || program.equals("dnf")) && PackageMessages.yum(t, e)) return ParseOutcome.RECOGNISED;
    if (t.endsWith(" startup succeeded") || t.endsWith(" started") && t.length() < 80 || t.startsWith("Starting ") && t.endsWith(": succeeded")
        || (t.startsWith("Version ") && t.endsWith(" Starting"))) {
      service(e, program, t, START, "service_started");
      return ParseOutcome.RECOGNISED;
    }
    if (t.endsWith(" shutdown succeeded") || t.startsWith("Stopping ") && t.endsWith(": succeeded") || t.startsWith("exiting on signal ")) {
      service(e, program, t, END, "service_stopped");
      return ParseOutcome.RECOGNISED;
    }
    if ((t.startsWith("Setting ") || t.startsWith("Bringing up ") || t.startsWith("Initializing ")) && t.endsWith(": succeeded")) {
      service(e, program, t, List.of("change"), "service_configured");
      return ParseOutcome.RECOGNISED;
    }
    if ((program.equals("syslogd") || program.equals("rsyslogd")) && (t.endsWith(": restart.") || t.contains("restart"))) {
      service(e, program, t, START, "syslog_restarted");
      return ParseOutcome.RECOGNISED;
    }
    if (program.equals("logrotate") && t.startsWith("ALERT exited abnormally")) {
      Ecs.classify(e, DATASET, EventClass.HOST, List.of("error"), "logrotate_failed", "failure");
      return ParseOutcome.RECOGNISED;
    }
    if (program.equals("klogind") || program.equals("kshd")) {
      if ((rest = Text.after(t, "Authentication failed from ")) != null) {
        Ecs.classify(e, "system.auth", EventClass.AUTHENTICATION, START, "kerberos_login_failed", "failure");
        Values.putIp(e, "source.ip", Text.word(rest, 0));
        int colon = rest.indexOf("): ");
        if (colon > 0) e.put("event.reason", rest.substring(colon + 3).strip());
        return ParseOutcome.RECOGNISED;
      }
      if (t.startsWith("Kerberos authentication failed")) {
        Ecs.classify(e, "system.auth", EventClass.AUTHENTICATION, START, "kerberos_login_failed", "failure");
        return ParseOutcome.RECOGNISED;
      }
    }
    if (program.startsWith("udev")) {
      if (t.startsWith("creating device node '")) {
        Ecs.classify(e, DATASET, List.of("host", "driver"), List.of("creation"), "device_node_created", "success");
        e.put("file.path", Text.between(t, "'", "'"));
        return ParseOutcome.RECOGNISED;
      }
      if (t.startsWith("removing device node '")) {
        Ecs.classify(e, DATASET, List.of("host", "driver"), List.of("deletion"), "device_node_removed", "success");
        e.put("file.path", Text.between(t, "'", "'"));
        return ParseOutcome.RECOGNISED;
      }
    }
    if (program.equals("xinetd")) {
      if ((rest = Text.after(t, "START: ")) != null) {
        Ecs.classify(e, DATASET, EventClass.NETWORK, List.of("connection", "start"), "xinetd_connection", null);
        e.put("service.name", Text.word(rest, 0));
        String from = Text.field(rest, "from");
        if (from != null) Values.putIp(e, "source.ip", from.startsWith("::ffff:") ? from.substring(7) : from);
        return ParseOutcome.RECOGNISED;
      }
      if ((rest = Text.after(t, "EXIT: ")) != null) {
        Ecs.classify(e, DATASET, EventClass.NETWORK, List.of("connection", "end"), "xinetd_connection_closed", null);
        e.put("service.name", Text.word(rest, 0));
        return ParseOutcome.RECOGNISED;
      }
      if (t.startsWith("warning: can't get client address")) {
        Ecs.classify(e, DATASET, EventClass.NETWORK, List.of("error"), "xinetd_connection_error", "failure");
        return ParseOutcome.RECOGNISED;
      }
    }
    if (program.equals("snmpd") && t.startsWith("Received SNMP packet(s) from ")) {
      Ecs.classify(e, DATASET, EventClass.NETWORK, List.of("protocol"), "snmp_request", null);
      Values.putIp(e, "source.ip", Text.word(t, "Received SNMP packet(s) from ".length()));
      return ParseOutcome.RECOGNISED;
    }
    if (program.equals("sysctl") && t.contains(" = ")) {
      Ecs.classify(e, DATASET, List.of("configuration"), List.of("change"), "kernel_parameter_set", "success");
      return ParseOutcome.RECOGNISED;
    }
    return ParseOutcome.unrecognised("not a known " + (program.isEmpty() ? "service" : program) + " message");
  }

  private static void service(Event e, String program, String text, List<String> type, String action) {
    Ecs.classify(e, DATASET, EventClass.HOST, type, action, "success");
    String name = text.startsWith("Starting ") || text.startsWith("Stopping ") ? Text.word(text, 9) : Text.word(text, 0);
    if (name.endsWith(":")) name = name.substring(0, name.length() - 1);
    e.put("service.name", name.isEmpty() || name.equals("Version") || name.equals("exiting") ? program : name);
  }
}
