package vn.soctinh.analyzer.parse.auditd;

import static vn.soctinh.analyzer.parse.EventClass.AUTHENTICATION;
import static vn.soctinh.analyzer.parse.EventClass.IAM;
import static vn.soctinh.analyzer.parse.EventClass.INFO;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.EventClass;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;
import vn.soctinh.analyzer.parse.Values;

/**
 * Linux audit records ({@code type=EXECVE msg=audit(1763866800.123:4242): argc=2 a0="ls" a1=2D6C}),
 * bare or forwarded by audisp/audispd. One record makes one event; records of one audit event share
 * a serial, so a bounded cache of recent serials lets the EXECVE, PROCTITLE, CWD and PATH events
 * carry what their SYSCALL said ({@code process.executable}, {@code process.pid}, the users) and
 * lets the SYSCALL's successors carry the command line. Sigma's Linux process-creation rules read
 * {@code process.executable} and {@code process.command_line} from the EXECVE event.
 */
public final class AuditdParser implements ContentParser {
  static final String DATASET = "auditd.log";
  /** Audit events whose records are remembered; records of one event arrive together, so a few suffice. */
  static final int MAX_SERIALS = 1024;
  /** execve and execveat on x86_64, i386 and aarch64. */
  private static final Set<String> EXEC_SYSCALLS = Set.of("59", "322", "11", "358", "221", "281");

  /** What the records of one audit event said so far. */
  static final class Context {
    String executable;
    String name;
    String pid;
    String ppid;
    String uid;
    String auid;
    String euid;
    String commandLine;
    String cwd;
  }

  private final Map<String, Context> recent = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Context> eldest) {
      return size() > MAX_SERIALS;
    }
  };

  @Override
  public String name() {
    return "auditd";
  }

  @Override
  public Set<String> programs() {
    return Set.of("audit", "auditd", "audispd", "audisp-syslog", "audisp", "kernel-audit");
  }

  @Override
  public boolean sniff(LogLine line) {
    String m = line.message();
    int t = m.indexOf("type=");
    return t >= 0 && t < 64 && (m.indexOf(" msg=audit(", t) > 0 || kernelForm(m, t));
  }

  /** The kernel's own copy in syslog: "audit: type=1400 audit(1763866800.123:42): apparmor=..." (no msg=). */
  private static boolean kernelForm(String m, int t) {
    int sp = m.indexOf(' ', t);
    return sp > 0 && sp < t + 24 && m.startsWith("audit(", sp + 1);
  }

  /** "AVC avc: ...", "USER_AVC pid=...": the record type journald's audit copy starts with, or null. */
  private static String journaldAccessControl(String m) {
    if (m.startsWith("AVC avc:")) return "AVC";
    if (m.startsWith("USER_AVC pid=")) return "USER_AVC";
    return null;
  }

  /** Remembered serials (tests check the bound). */
  int remembered() {
    return recent.size();
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    String m = line.message();
    Object headerTime = null;
    String journald = journaldAccessControl(m);
    if (journald != null) {
      // journald's copy "audit[2301]: AVC avc:  denied { write } for ...": no type= and no audit(time:serial);
      // read as the record it is, at the header's time, joined to nothing
      headerTime = e.get("@timestamp");
      long at = line.received() == null ? 0 : line.received().getEpochSecond();
      m = "type=" + journald + " msg=audit(" + at + ".000:0): " + m.substring(journald.length() + 1);
    }
    int t = m.indexOf("type=");
    int n = m.indexOf("node=");
    int from = n >= 0 && n < t ? n : t;
    if (t >= 0 && kernelForm(m, t)) {
      int sp = m.indexOf(' ', t);
      m = m.substring(0, sp + 1) + "msg=" + m.substring(sp + 1);
    }
    AuditRecord r = from < 0 ? null : AuditRecord.parse(m.substring(from));
    if (r == null) return ParseOutcome.unrecognised("expected \"type=TYPE msg=audit(SECONDS.MILLIS:SERIAL): ...\"");
    String key = (r.node == null ? "" : r.node) + ":" + r.serial;
    Context c = journald != null ? new Context() : recent.computeIfAbsent(key, k -> new Context());

    e.put("@timestamp", headerTime != null ? headerTime : r.time);
    e.put("event.dataset", DATASET);
    e.put("auditd.log.record_type", r.type);
    e.put("auditd.log.sequence", r.serial);
    e.put("event.sequence", r.serial);
    if (r.node != null) e.put("auditd.log.node", r.node);
    String type = r.type.toUpperCase(Locale.ROOT);
    switch (type) {
      case "SYSCALL" -> syscall(r, c, e);
      case "EXECVE" -> execve(r, c, e);
      case "PROCTITLE" -> proctitle(r, c, e);
      case "CWD" -> {
        c.cwd = r.decoded("cwd");
        classify(e, List.of("process"), List.of("info"), "cwd", null);
      }
      case "PATH" -> {
        String path = r.decoded("name");
        if (path != null) e.put("file.path", path);
        putIf(e, "auditd.log.nametype", r.get("nametype"));
        putIf(e, "file.inode", r.get("inode"));
        putIf(e, "file.mode", r.get("mode"));
        classify(e, List.of("file"), List.of("info"), "path", null);
      }
      case "AVC", "1400", "USER_AVC", "1107" -> accessControl(m, r, e);
      default -> userRecord(type, r, e);
    }
    rawFields(type, r, e);
    context(c, e);
    return ParseOutcome.RECOGNISED;
  }

  private static void syscall(AuditRecord r, Context c, Event e) {
    c.executable = r.decoded("exe");
    c.name = r.decoded("comm");
    c.pid = r.get("pid");
    c.ppid = r.get("ppid");
    c.uid = r.get("uid");
    c.auid = r.get("auid");
    c.euid = r.get("euid");
    String syscall = r.get("syscall");
    String named = r.enriched.get("SYSCALL");
    String arch = r.get("arch");
    if (named == null && "c000003e".equals(arch)) named = Syscalls.x86_64(syscall);
    putIf(e, "process.exit_code", Values.parseLong(r.get("exit")));
    putIf(e, "user.group.id", r.get("gid"));
    putIf(e, "user.effective.group.id", r.get("egid"));
    putIf(e, "user.saved.id", r.get("suid"));
    putIf(e, "user.saved.group.id", r.get("sgid"));
    putIf(e, "user.filesystem.id", r.get("fsuid"));
    putIf(e, "user.filesystem.group.id", r.get("fsgid"));
    String success = r.get("success");
    String outcome = success == null ? null : success.equals("yes") ? "success" : "failure";
    boolean exec = (syscall != null && EXEC_SYSCALLS.contains(syscall)) || "execve".equals(named) || "execveat".equals(named);
    String[] normalised = named == null ? null : Syscalls.ecs(named);
    if (exec) classify(e, List.of("process"), List.of("start"), "executed", outcome);
    else if (normalised != null) classify(e, List.of(normalised[1]), List.of(normalised[2].split(",")), normalised[0], outcome);
    else classify(e, List.of("process"), List.of("info"), "syscall_" + (named != null ? named : syscall == null ? "unknown" : syscall), outcome);
    enrichedUsers(r, e);
  }

  /** Keys Elastic's integration moves to ECS fields (or we read into them): not repeated under auditd.log. */
  private static final Set<String> MAPPED = Set.of("pid", "ppid", "uid", "gid", "auid", "euid", "suid", "fsuid", "egid", "sgid",
      "fsgid", "comm", "exe", "exit", "acct", "cwd", "cmd", "argc", "res", "addr", "msg", "success", "arch", "type");
  /** Keys whose unquoted value auditd hex-encodes when it holds a space, quote or control character. */
  private static final Set<String> HEX_KEYS = Set.of("key", "data", "path", "file", "name", "watch", "dir", "vm", "device", "cgroup",
      "apparmor", "operation", "denied_mask", "requested_mask", "info", "profile", "ocomm", "grp", "new_group", "invalid_context",
      "sw", "root_dir", "proctitle", "old-chardev", "new-chardev", "old-disk", "new-disk", "old-fs", "new-fs", "old-net", "new-net");
  /** At most this many raw keys per record go to auditd.log (a record is short; a hostile one is not). */
  static final int MAX_RAW_FIELDS = 64;

  /**
   * Every other key=value of the record under auditd.log.KEY, as Elastic's integration keeps them
   * (and the enriched upper-case ones as auditd.log.UID …), so Sigma's auditd rules find a0, key,
   * nametype … where they look. "?" and "(null)" are no value; EXECVE's arguments are process.args.
   */
  private static void rawFields(String type, AuditRecord r, Event e) {
    int n = 0;
    boolean execve = type.equals("EXECVE");
    for (Map.Entry<String, String> f : r.fields.entrySet()) {
      String k = f.getKey();
      String v = f.getValue();
      if (n >= MAX_RAW_FIELDS) break;
      if (MAPPED.contains(k) || v.isEmpty() || v.equals("?") || v.equals("(null)") || !plainKey(k)) continue;
      if (execve && k.length() > 1 && k.charAt(0) == 'a' && Character.isDigit(k.charAt(1))) continue;
      String field = LOG_FIELDS.of(k.indexOf('-') < 0 ? k : k.replace('-', '_'));
      if (e.has(field)) continue;
      e.put(field, HEX_KEYS.contains(k) ? r.decoded(k) : v);
      n++;
    }
    String success = r.get("success");
    if (success != null) e.put("auditd.log.success", success.equals("yes") || success.equals("1") || success.equals("true"));
    String arch = r.get("arch");
    if (arch != null) e.put("auditd.log.arch", arch.equals("c000003e") ? "x86_64" : arch);
    for (Map.Entry<String, String> f : r.enriched.entrySet()) {
      if (n++ >= MAX_RAW_FIELDS) break;
      if (plainKey(f.getKey()) && !f.getValue().isEmpty()) e.putIfAbsent(LOG_FIELDS.of(f.getKey()), f.getValue());
    }
  }

  /** auditd.log.KEY for the records' own keys, built once per key. */
  private static final vn.soctinh.analyzer.parse.VendorFields LOG_FIELDS = new vn.soctinh.analyzer.parse.VendorFields("auditd.log.");

  /** A key fit for a field name: letters, digits, '_' and '-', at most 32 characters. */
  private static boolean plainKey(String k) {
    if (k.isEmpty() || k.length() > 32) return false;
    for (int i = 0; i < k.length(); i++) {
      char ch = k.charAt(i);
      if (!(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '_' || ch == '-')) return false;
    }
    return true;
  }

  private static void execve(AuditRecord r, Context c, Event e) {
    Long argc = Values.parseLong(r.get("argc"));
    List<String> args = new ArrayList<>();
    int count = argc == null ? 0 : (int) Math.min(argc, 4096);
    for (int i = 0; i < count; i++) {
      String a = r.decoded("a" + i);
      if (a == null) a = splitArg(r, i);
      if (a == null) break;
      args.add(a);
    }
    if (!args.isEmpty()) {
      e.put("process.args", args);
      e.put("process.args_count", (long) args.size());
      c.commandLine = String.join(" ", args);
    }
    // the SYSCALL's exe (a full path, what Sigma's rules match) when it came first; else argv[0], as Elastic gives it
    if (!args.isEmpty() && r.get("a0") != null && c.executable == null) e.put("process.executable", args.get(0));
    classify(e, List.of("process"), List.of("start"), "execve", null);
  }

  /** Long arguments come in pieces: {@code a1_len=9000 a1[0]=... a1[1]=...}. */
  private static String splitArg(AuditRecord r, int i) {
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < 4096; k++) {
      String piece = r.decoded("a" + i + "[" + k + "]");
      if (piece == null) break;
      b.append(piece);
    }
    return b.length() == 0 ? null : b.toString();
  }

  private static void proctitle(AuditRecord r, Context c, Event e) {
    String title = r.decoded("proctitle");
    if (title != null) {
      e.put("process.title", title);
      if (c.commandLine == null) c.commandLine = title;
    }
    classify(e, List.of("process"), List.of("info"), "proctitle", null);
  }

  /** USER_AUTH, USER_LOGIN, USER_CMD, ADD_USER, ... : the fields of their msg='...' part. */
  private static void userRecord(String type, AuditRecord r, Event e) {
    String res = r.get("res");
    String outcome = res == null ? null : res.equals("success") || res.equals("1") ? "success" : "failure";
    String acct = r.decoded("acct");
    switch (type) {
      // Elastic's auditd integration's normalisation: its action, category and type per record type
      case "USER_AUTH" -> classify(e, AUTHENTICATION, INFO, "authenticated", outcome);
      case "USER_ACCT" -> classify(e, AUTHENTICATION, INFO, "was-authorized", outcome);
      case "USER_LOGIN" -> classify(e, AUTHENTICATION, List.of("start"), "logged-in", outcome);
      case "USER_LOGOUT" -> classify(e, AUTHENTICATION, List.of("end"), "logged-out", outcome);
      case "USER_START" -> classify(e, List.of("session"), List.of("start"), "started-session", outcome);
      case "USER_END" -> classify(e, List.of("session"), List.of("end"), "ended-session", outcome);
      case "USER_ERR" -> classify(e, AUTHENTICATION, INFO, "error", outcome);
      case "CRED_ACQ" -> classify(e, AUTHENTICATION, INFO, "acquired-credentials", outcome);
      case "CRED_DISP" -> classify(e, AUTHENTICATION, INFO, "disposed-credentials", outcome);
      case "CRED_REFR" -> classify(e, AUTHENTICATION, INFO, "refreshed-credentials", outcome);
      case "USER_CMD" -> {
        classify(e, List.of("process"), List.of("start"), "ran-command", outcome);
        putIf(e, "process.command_line", r.decoded("cmd"));
        putIf(e, "process.working_directory", r.decoded("cwd"));
      }
      case "LOGIN" -> classify(e, AUTHENTICATION, List.of("start"), "changed-login-id-to", outcome);
      case "ADD_USER" -> classify(e, IAM, List.of("user", "creation"), "added-user-account", outcome);
      case "DEL_USER" -> classify(e, IAM, List.of("user", "deletion"), "deleted-user-account", outcome);
      case "ADD_GROUP" -> classify(e, IAM, List.of("group", "creation"), "added-group-account-to", outcome);
      case "DEL_GROUP" -> classify(e, IAM, List.of("group", "deletion"), "deleted-group-account-from", outcome);
      case "USER_MGMT" -> classify(e, IAM, List.of("user", "change"), "modified-user-account", outcome);
      case "GRP_MGMT" -> classify(e, IAM, List.of("group", "change"), "modified-group-account", outcome);
      case "USER_CHAUTHTOK" -> classify(e, IAM, List.of("user", "change"), "changed-password", outcome);
      case "SERVICE_START" -> classify(e, List.of("process"), List.of("start"), "started-service", outcome);
      case "SERVICE_STOP" -> classify(e, List.of("process"), List.of("stop"), "stopped-service", outcome);
      case "CONFIG_CHANGE" -> classify(e, List.of("process", "configuration"), List.of("change"), "changed-audit-configuration", outcome);
      case "DAEMON_START" -> classify(e, List.of("process"), List.of("start"), "started-audit", outcome);
      case "DAEMON_END" -> classify(e, List.of("process"), List.of("stop"), "shutdown-audit", outcome);
      case "SYSTEM_BOOT" -> classify(e, List.of("host"), INFO, "booted-system", outcome);
      case "SYSTEM_SHUTDOWN" -> classify(e, List.of("host"), INFO, "shutdown-system", outcome);
      case "KERN_MODULE" -> classify(e, List.of("driver"), List.of("start"), "loaded-kernel-module", outcome);
      case "NETFILTER_CFG" -> classify(e, List.of("configuration"), List.of("change"), "loaded-firewall-rule-to", outcome);
      case "MAC_STATUS" -> classify(e, List.of("configuration"), List.of("change"), "changed-selinux-enforcement", outcome);
      case "SOFTWARE_UPDATE" -> classify(e, List.of("package"), INFO, "package-updated", outcome);
      // not in Elastic's table: ours
      case "ANOM_ABEND" -> classify(e, List.of("process"), List.of("end"), "process_crashed", "failure");
      // Elastic names a record type it does not normalise by itself, in lower case
      default -> classify(e, List.of("host"), List.of("info"), type.toLowerCase(Locale.ROOT), outcome);
    }
    if (type.endsWith("_USER") || type.endsWith("_GROUP")) {
      if (acct != null) e.put(type.endsWith("_GROUP") ? "group.name" : "user.target.name", acct);
      putIf(e, type.endsWith("_GROUP") ? "group.id" : "user.target.id", r.get("id"));
    } else if (acct != null) {
      e.put("user.name", acct);
    }
    putIf(e, "auditd.log.op", r.decoded("op"));
    putIf(e, "auditd.log.terminal", r.get("terminal"));
    String addr = r.get("addr");
    if (addr != null) Values.putIp(e, "source.ip", addr);
    String host = r.get("hostname");
    if (host != null && !host.equals(addr) && !Values.isIp(host)) e.put("source.domain", host);
    String exe = r.decoded("exe");
    if (exe != null) {
      e.put("process.executable", exe);
      e.put("process.name", exe.substring(exe.lastIndexOf('/') + 1));
    }
    putIf(e, "process.pid", Values.parseLong(r.get("pid")));
    putIf(e, "user.id", r.get("uid"));
    putIf(e, "user.audit.id", r.get("auid"));
    enrichedUsers(r, e);
  }

  /**
   * A mandatory access control decision. AppArmor: apparmor="DENIED" operation="open" profile="/usr/sbin/cupsd"
   * name="/etc/x" pid=123 comm="cupsd" requested_mask="r" denied_mask="r". SELinux: avc:  denied  { read } for
   * pid=123 comm="httpd" name="x" scontext=... tcontext=... tclass=file permissive=0.
   */
  private static void accessControl(String text, AuditRecord r, Event e) {
    String apparmor = r.decoded("apparmor");
    String name = r.decoded("name");
    if (apparmor != null) {
      String verdict = apparmor.toLowerCase(Locale.ROOT);
      boolean denied = verdict.equals("denied");
      List<String> type = denied ? List.of("denied") : verdict.equals("status") ? List.of("change") : List.of("info");
      // a denial is Elastic's violated-apparmor-policy; other verdicts (status, audit …) are ours
      classify(e, List.of(name != null && name.startsWith("/") ? "file" : "process"), type,
          denied ? "violated-apparmor-policy" : "apparmor_" + verdict, denied ? "failure" : null);
      e.put("auditd.log.apparmor", apparmor);
      putIf(e, "auditd.log.operation", r.decoded("operation"));
      putIf(e, "auditd.log.profile", r.decoded("profile"));
      putIf(e, "auditd.log.requested_mask", r.decoded("requested_mask"));
      putIf(e, "auditd.log.denied_mask", r.decoded("denied_mask"));
      if (name != null && name.startsWith("/")) e.put("file.path", name);
      else putIf(e, "auditd.log.name", name);
    } else {
      int avc = text.indexOf("avc:");
      boolean granted = avc >= 0 && text.startsWith("granted", skipSpaces(text, avc + 4));
      int open = avc < 0 ? -1 : text.indexOf("{ ", avc);
      int close = open < 0 ? -1 : text.indexOf(" }", open);
      String[] permissions = open > 0 && close > open && close - open < 512 ? vn.soctinh.analyzer.parse.Text.words(text.substring(open + 2, close)) : null;
      if (permissions != null && permissions.length > 0) e.put("auditd.log.permissions", List.of(permissions));
      classify(e, List.of(r.get("path") != null || name != null ? "file" : "process"), List.of(granted ? "allowed" : "denied"),
          granted ? "selinux_granted" : "violated-selinux-policy", granted ? "success" : "failure");
      putIf(e, "auditd.log.scontext", r.decoded("scontext"));
      putIf(e, "auditd.log.tcontext", r.decoded("tcontext"));
      putIf(e, "auditd.log.tclass", r.decoded("tclass"));
      putIf(e, "auditd.log.permissive", r.get("permissive"));
      String path = r.decoded("path");
      if (path != null) e.put("file.path", path);
      if (name != null) e.put("file.name", name);
    }
    String comm = r.decoded("comm");
    if (comm != null) e.put("process.name", comm);
    String exe = r.decoded("exe");
    if (exe != null) e.put("process.executable", exe);
    putIf(e, "process.pid", Values.parseLong(r.get("pid")));
    putIf(e, "user.id", r.get("uid") != null ? r.get("uid") : r.get("fsuid"));
  }

  private static int skipSpaces(String s, int i) {
    while (i < s.length() && s.charAt(i) == ' ') i++;
    return i;
  }

  /** Newer auditd appends interpreted names: UID="root" AUID="bob". */
  private static void enrichedUsers(AuditRecord r, Event e) {
    String uid = r.enriched.get("UID");
    String auid = r.enriched.get("AUID");
    if (uid != null && !e.has("user.name")) e.put("user.name", uid);
    if (auid != null && !auid.equals("unset")) e.put("user.audit.name", auid);
    String euid = r.enriched.get("EUID");
    if (euid != null) e.put("user.effective.name", euid);
  }

  /** What the event's earlier records said: the SYSCALL's process and users, the EXECVE's command line. */
  private static void context(Context c, Event e) {
    if (c.executable != null && !e.has("process.executable")) {
      e.put("process.executable", c.executable);
    }
    if (c.name != null && !e.has("process.name")) e.put("process.name", c.name);
    else if (c.executable != null && !e.has("process.name")) e.put("process.name", c.executable.substring(c.executable.lastIndexOf('/') + 1));
    if (c.pid != null && !e.has("process.pid")) putIf(e, "process.pid", Values.parseLong(c.pid));
    if (c.ppid != null) putIf(e, "process.parent.pid", Values.parseLong(c.ppid));
    if (c.uid != null && !e.has("user.id")) e.put("user.id", c.uid);
    if (c.auid != null && !e.has("user.audit.id")) e.put("user.audit.id", c.auid);
    if (c.euid != null) e.put("user.effective.id", c.euid);
    if (c.commandLine != null && !e.has("process.command_line")) e.put("process.command_line", c.commandLine);
    if (c.cwd != null && !e.has("process.working_directory")) e.put("process.working_directory", c.cwd);
  }

  private static void classify(Event e, List<String> category, List<String> type, String action, String outcome) {
    EventClass.set(e, category, type, action, outcome);
  }

  private static void putIf(Event e, String field, Object value) {
    if (value != null) e.put(field, value);
  }
}
