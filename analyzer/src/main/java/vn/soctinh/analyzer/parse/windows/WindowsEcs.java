package vn.soctinh.analyzer.parse.windows;

import java.util.List;
import java.util.Map;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.EventClass;
import vn.soctinh.analyzer.parse.Values;

/**
 * The Windows Security and Sysmon events detections depend on, mapped to ECS: logons (4624, 4625,
 * 4634, 4648, 4672), process creation (4688, Sysmon 1), account changes (4720, 4726, 4732), the
 * cleared audit log (1102), Sysmon network connections (3) and file creation (11). Other event ids
 * keep their data under {@code winlog.*} with action {@code windows_event_<id>}.
 */
final class WindowsEcs {
  private WindowsEcs() {}

  static void map(String id, String channel, String provider, Map<String, Object> d, Event e) {
    boolean sysmon = (channel != null && channel.contains("Sysmon")) || (provider != null && provider.contains("Sysmon"));
    e.put("event.dataset", sysmon ? "windows.sysmon_operational" : channel != null && channel.equalsIgnoreCase("Security")
        ? "windows.security" : "windows.event");
    if (sysmon) {
      sysmon(id, d, e);
      return;
    }
    security(id, d, e);
    // category, type and action: Elastic's per event id (SecurityCategories), else ours
    if (!SecurityCategories.apply(id, e) && !e.has("event.action")) classify(e, List.of("host"), List.of("info"), "windows_event_" + id, null);
  }

  /** The fields of a Security (or System) event, and its outcome; its categorisation is SecurityCategories'. */
  private static void security(String id, Map<String, Object> d, Event e) {
    switch (id) {
      case "4624" -> logon(d, e, "success");
      case "4625" -> {
        logon(d, e, "failure");
        put(e, "event.reason", d, "FailureReason");
        put(e, "winlog.event_data.Status", d, "Status");
      }
      case "4634", "4647" -> {
        e.put("event.outcome", "success");
        target(d, e);
      }
      case "4648" -> {
        e.put("event.outcome", "success");
        subject(d, e);
        put(e, "user.target.name", d, "TargetUserName");
        put(e, "user.target.domain", d, "TargetDomainName");
        ip(e, d);
        process(d, e, "ProcessName", "ProcessId");
      }
      case "4672" -> {
        e.put("event.outcome", "success");
        subject(d, e);
        put(e, "winlog.event_data.PrivilegeList", d, "PrivilegeList");
      }
      case "4688" -> {
        e.put("event.outcome", "success");
        subject(d, e);
        process(d, e, "NewProcessName", "NewProcessId");
        put(e, "process.command_line", d, "CommandLine");
        String parent = str(d, "ParentProcessName");
        if (parent != null) {
          e.put("process.parent.executable", parent);
          e.put("process.parent.name", baseName(parent));
        }
        pid(e, "process.parent.pid", str(d, "ProcessId"));
      }
      case "4720", "4726", "4722", "4725", "4738", "4740" -> account(d, e);
      case "4728", "4732", "4756" -> {
        e.put("event.outcome", "success");
        subject(d, e);
        put(e, "group.name", d, "TargetUserName");
        put(e, "group.domain", d, "TargetDomainName");
        put(e, "group.id", d, "TargetSid");
        String member = str(d, "MemberName");
        if (member != null && !member.equals("-")) e.put("user.target.name", member);
        put(e, "user.target.id", d, "MemberSid");
      }
      case "1102" -> {
        e.put("event.outcome", "success");
        subject(d, e);
      }
      case "4697", "7045" -> {
        // 7045 is the System channel's, which Elastic's Security table does not name: ours
        if (id.equals("7045")) classify(e, List.of("configuration"), List.of("creation"), "service_installed", "success");
        else e.put("event.outcome", "success");
        subject(d, e);
        put(e, "service.name", d, "ServiceName");
        put(e, "file.path", d, id.equals("7045") ? "ImagePath" : "ServiceFileName");
      }
      default -> { }
    }
  }

  private static void sysmon(String id, Map<String, Object> d, Event e) {
    switch (id) {
      case "1" -> {
        classify(e, List.of("process"), List.of("start"), "process_created", "success");
        process(d, e, "Image", "ProcessId");
        put(e, "process.command_line", d, "CommandLine");
        put(e, "process.working_directory", d, "CurrentDirectory");
        put(e, "process.entity_id", d, "ProcessGuid");
        String parent = str(d, "ParentImage");
        if (parent != null) {
          e.put("process.parent.executable", parent);
          e.put("process.parent.name", baseName(parent));
        }
        pid(e, "process.parent.pid", str(d, "ParentProcessId"));
        put(e, "process.parent.command_line", d, "ParentCommandLine");
        put(e, "process.pe.original_file_name", d, "OriginalFileName");
        hashes(str(d, "Hashes"), e);
        user(str(d, "User"), e);
        put(e, "winlog.event_data.IntegrityLevel", d, "IntegrityLevel");
      }
      case "3" -> {
        classify(e, List.of("network"), List.of("connection", "start"), "network_connection", "success");
        process(d, e, "Image", "ProcessId");
        user(str(d, "User"), e);
        Values.putIp(e, "source.ip", str(d, "SourceIp"));
        Values.putPort(e, "source.port", str(d, "SourcePort"));
        Values.putIp(e, "destination.ip", str(d, "DestinationIp"));
        Values.putPort(e, "destination.port", str(d, "DestinationPort"));
        put(e, "destination.domain", d, "DestinationHostname");
        String proto = str(d, "Protocol");
        if (proto != null) e.put("network.transport", proto.toLowerCase(java.util.Locale.ROOT));
        e.put("network.direction", "true".equalsIgnoreCase(str(d, "Initiated")) ? "egress" : "ingress");
      }
      case "11" -> {
        classify(e, List.of("file"), List.of("creation"), "file_created", "success");
        process(d, e, "Image", "ProcessId");
        String path = str(d, "TargetFilename");
        if (path != null) {
          e.put("file.path", path);
          e.put("file.name", baseName(path));
        }
        user(str(d, "User"), e);
      }
      default -> classify(e, List.of("host"), List.of("info"), "sysmon_event_" + id, null);
    }
  }

  private static void logon(Map<String, Object> d, Event e, String outcome) {
    e.put("event.outcome", outcome);
    target(d, e);
    ip(e, d);
    put(e, "winlog.logon.type", d, "LogonType");
    put(e, "winlog.logon.id", d, "TargetLogonId");
    put(e, "source.domain", d, "WorkstationName");
    process(d, e, "ProcessName", "ProcessId");
    put(e, "winlog.event_data.LogonProcessName", d, "LogonProcessName");
    put(e, "winlog.event_data.AuthenticationPackageName", d, "AuthenticationPackageName");
  }

  private static void account(Map<String, Object> d, Event e) {
    e.put("event.outcome", "success");
    subject(d, e);
    put(e, "user.target.name", d, "TargetUserName");
    put(e, "user.target.domain", d, "TargetDomainName");
    put(e, "user.target.id", d, "TargetSid");
  }

  /** The account acted on (logon events name the logged-on user Target…). */
  private static void target(Map<String, Object> d, Event e) {
    put(e, "user.name", d, "TargetUserName");
    put(e, "user.domain", d, "TargetDomainName");
    put(e, "user.id", d, "TargetUserSid");
  }

  /** The account that did it. */
  private static void subject(Map<String, Object> d, Event e) {
    put(e, "user.name", d, "SubjectUserName");
    put(e, "user.domain", d, "SubjectDomainName");
    put(e, "user.id", d, "SubjectUserSid");
  }

  private static void user(String domainUser, Event e) {
    if (domainUser == null) return;
    int slash = domainUser.indexOf('\\');
    if (slash > 0) {
      e.put("user.domain", domainUser.substring(0, slash));
      e.put("user.name", domainUser.substring(slash + 1));
    } else {
      e.put("user.name", domainUser);
    }
  }

  private static void ip(Event e, Map<String, Object> d) {
    String ip = str(d, "IpAddress");
    if (ip == null || ip.equals("-")) return;
    if (ip.startsWith("::ffff:")) ip = ip.substring(7);
    Values.putIp(e, "source.ip", ip);
    Values.putPort(e, "source.port", str(d, "IpPort"));
  }

  private static void process(Map<String, Object> d, Event e, String exeKey, String pidKey) {
    String exe = str(d, exeKey);
    if (exe != null && !exe.equals("-")) {
      e.put("process.executable", exe);
      e.put("process.name", baseName(exe));
    }
    pid(e, "process.pid", str(d, pidKey));
  }

  /** Security events write pids in hex ("0x1a2c"), Sysmon in decimal. */
  private static void pid(Event e, String field, String v) {
    if (v == null || v.isEmpty()) return;
    try {
      e.put(field, v.startsWith("0x") || v.startsWith("0X") ? Long.parseLong(v.substring(2), 16) : Long.parseLong(v));
    } catch (NumberFormatException ignored) {
      // not a pid: leave it in winlog.event_data
    }
  }

  /** Sysmon "SHA1=…,MD5=…,SHA256=…,IMPHASH=…". */
  private static void hashes(String h, Event e) {
    if (h == null) return;
    for (String part : h.split(",")) {
      int eq = part.indexOf('=');
      if (eq <= 0) continue;
      String algo = part.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT);
      String value = part.substring(eq + 1).strip().toLowerCase(java.util.Locale.ROOT);
      switch (algo) {
        case "md5", "sha1", "sha256", "sha512" -> e.put("process.hash." + algo, value);
        case "imphash" -> e.put("process.pe.imphash", value);
        default -> { }
      }
    }
  }

  private static String baseName(String path) {
    int i = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
    return path.substring(i + 1);
  }

  private static String str(Map<String, Object> d, String key) {
    Object v = d.get(key);
    return v == null ? null : v.toString();
  }

  private static void put(Event e, String field, Map<String, Object> d, String key) {
    String v = str(d, key);
    if (v != null && !v.isEmpty() && !v.equals("-")) e.put(field, v);
  }

  private static void classify(Event e, List<String> category, List<String> type, String action, String outcome) {
    EventClass.set(e, category, type, action, outcome);
  }
}
