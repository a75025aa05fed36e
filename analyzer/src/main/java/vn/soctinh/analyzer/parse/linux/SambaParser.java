package vn.soctinh.analyzer.parse.linux;

import static vn.soctinh.analyzer.parse.EventClass.END;
import static vn.soctinh.analyzer.parse.EventClass.INFO;
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
 * Samba (smbd, the AD DC's {@code samba}, winbindd, and the {@code full_audit} VFS module's
 * {@code smbd_audit} lines): NTLM authentication failures and successes
 * ({@code NT_STATUS_WRONG_PASSWORD}, {@code NT_STATUS_NO_SUCH_USER} …), the {@code auth_audit}
 * lines ({@code Auth: [SMB2,(null)] user [DOM]\[bob] … status [NT_STATUS_OK] … remote host [ipv4:…]}),
 * Kerberos requests and pre-authentication failures of a Samba DC, share connects and closes,
 * denied hosts, the audit trail of file operations ({@code bob|203.0.113.5|share|unlinkat|ok|path})
 * and the daemons' start. Samba's debug header line ({@code [2026/11/23 10:00:01.123456,  2] file.c:1(fn)})
 * is read for where the next message comes from.
 *
 * <p>A file share is where ransomware does its work: a burst of {@code smb_file_rename} or
 * {@code smb_file_delete} from one user is the signal, and the audit line is the only record of it.
 */
public final class SambaParser implements ContentParser {
  static final String DATASET = "samba.log";
  private static final List<String> FILE = List.of("file");

  @Override
  public String name() {
    return "samba";
  }

  @Override
  public Set<String> programs() {
    return Set.of("smbd", "samba", "winbindd", "smbd_audit");
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    String t = line.message().strip();
    if (t.startsWith("smbd_audit: ")) t = t.substring("smbd_audit: ".length()).strip();
    if (t.startsWith("[") && header(t, e)) return ParseOutcome.RECOGNISED;
    if ("smbd_audit".equals(line.program()) || t.contains("|ok|") || t.contains("|fail")) {
      if (audit(t, e)) return ParseOutcome.RECOGNISED;
    }
    // Samba 4's DBG_ macros put the function in front: "auth_check_ntlm_password: Authentication for user …"
    String body = t;
    int c = t.indexOf(": ");
    if (c > 0 && isIdentifier(t, c) && !t.startsWith("Auth: ") && !t.startsWith("Kerberos: ")) body = t.substring(c + 2).stripLeading();
    if (classify(body, e) || body != t && classify(t, e)) return ParseOutcome.RECOGNISED;
    return ParseOutcome.unrecognised("not a known Samba message");
  }

  /** "[2026/11/23 10:00:01.123456,  2] ../../source3/auth/auth.c:324(auth_check_ntlm_password)", maybe with the message after it. */
  private boolean header(String t, Event e) {
    int close = t.indexOf("] ");
    if (close < 12 || !Character.isDigit(t.charAt(1)) || t.charAt(5) != '/') return false;
    int comma = t.indexOf(',', 1);
    if (comma < 0 || comma > close) return false;
    String level = Text.word(t.substring(comma + 1, close).strip(), 0);
    if (level.endsWith(",")) level = level.substring(0, level.length() - 1);
    String origin = Text.word(t, close + 2);
    int open = origin.indexOf('(');
    int colon = origin.lastIndexOf(':', open < 0 ? origin.length() : open);
    if (open < 0 || !origin.endsWith(")") || colon < 0) return false;
    String after = t.substring(Math.min(t.length(), close + 2 + origin.length())).strip();
    if (!after.isEmpty()) {
      // a shipper joined the header and its message into one line
      String body = after;
      int c = after.indexOf(": ");
      if (c > 0 && isIdentifier(after, c) && !after.startsWith("Auth: ")) body = after.substring(c + 2).stripLeading();
      if (!classify(body, e) && !classify(after, e)) return false;
    } else {
      Ecs.classify(e, DATASET, EventClass.HOST, INFO, "samba_log_header", null);
    }
    e.put("log.origin.file.name", origin.substring(0, colon));
    Values.putLong(e, "log.origin.file.line", origin.substring(colon + 1, open));
    e.put("log.origin.function", origin.substring(open + 1, origin.length() - 1));
    Values.putLong(e, "samba.debug_level", level);
    return true;
  }

  private static boolean classify(String t, Event e) {
    String rest;
    if ((rest = Text.after(t, "Authentication for user [")) != null && rest.contains(" FAILED with error ") && rest.indexOf(']') >= 0) {
      // "Authentication for user [bob] -> [bob] FAILED with error NT_STATUS_WRONG_PASSWORD, authoritative=1"
      String status = Text.word(rest, rest.indexOf(" FAILED with error ") + 19);
      if (status.endsWith(",")) status = status.substring(0, status.length() - 1);
      Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, START, status.equals("NT_STATUS_NO_SUCH_USER") ? "smb_invalid_user" : "smb_login_failed", "failure");
      e.putNonEmpty("user.name", rest.substring(0, rest.indexOf(']')));
      status(e, status);
      return true;
    }
    if (t.regionMatches(true, 0, "authentication for user [", 0, 25) && t.endsWith(" succeeded") && t.indexOf(']') > 25) {
      // "authentication for user [bob] -> [bob] -> [bob] succeeded"
      Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, START, "smb_login", "success");
      e.put("user.name", t.substring(25, t.indexOf(']')));
      return true;
    }
    if ((rest = Text.after(t, "Auth: [")) != null) return authAudit(rest, e);
    if ((rest = Text.after(t, "Successful AuthZ: [")) != null) {
      Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, List.of("info"), "smb_authorization", "success");
      service(rest, e);
      user(t, e);
      String sid = Text.between(t.substring(t.indexOf("] user [") + 1), "] [", "]");
      if (sid != null && sid.startsWith("S-1-")) e.put("user.id", sid);
      endpoint(e, "source", bracketAfter(t, "Remote host ["));
      endpoint(e, "destination", bracketAfter(t, "local host ["));
      return true;
    }
    if ((rest = Text.after(t, "Kerberos: ")) != null) return kerberos(rest, e);
    int conn = t.indexOf(") connect to service ");
    if (conn < 0) conn = t.indexOf(") signed connect to service ");
    if (conn > 0) {
      // "pc01 (ipv4:203.0.113.5:50212) connect to service share initially as user bob (uid=1000, gid=1000) (pid 4242)"
      Ecs.classify(e, DATASET, EventClass.SESSION, START, "smb_share_connect", "success");
      client(t, conn, e);
      String after = t.substring(t.indexOf("connect to service ", conn) + "connect to service ".length());
      e.put("samba.share", Text.word(after, 0));
      String user = Text.between(after, "initially as user ", " ");
      if (user != null) e.put("user.name", user);
      return true;
    }
    int closed = t.indexOf(") closed connection to service ");
    if (closed > 0) {
      Ecs.classify(e, DATASET, EventClass.SESSION, END, "smb_share_disconnect", null);
      client(t, closed, e);
      e.put("samba.share", Text.word(t, closed + ") closed connection to service ".length()));
      return true;
    }
    if ((rest = Text.after(t, "Denied connection from ")) != null || (rest = Text.after(t, "Connection denied from ")) != null) {
      // hosts deny: "Denied connection from 203.0.113.5 (203.0.113.5)"; per share: "Connection denied from 203.0.113.5 to service share"
      boolean share = t.startsWith("Connection denied");
      Ecs.classify(e, DATASET, EventClass.NETWORK, List.of("denied"), share ? "smb_share_access_denied" : "smb_connection_denied", "failure");
      String addr = Text.between(rest, "(", ")");
      if (addr == null || !Values.putIp(e, "source.ip", addr)) Ecs.sourceHost(e, Text.word(rest, 0));
      if (share) e.putNonEmpty("samba.share", Text.between(rest + " ", " to service ", " "));
      return true;
    }
    if (t.contains(" not permitted to access this share (")) {
      Ecs.classify(e, DATASET, EventClass.NETWORK, List.of("denied"), "smb_share_access_denied", "failure");
      String share = t.substring(t.lastIndexOf('(') + 1);
      if (share.endsWith(")")) e.put("samba.share", share.substring(0, share.length() - 1));
      e.put("event.reason", t);
      return true;
    }
    if ((rest = Text.after(t, "read_fd_with_timeout: client ")) != null || (rest = Text.after(t, "client ")) != null && rest.contains(" read error = ")) {
      Ecs.classify(e, DATASET, EventClass.NETWORK, List.of("error"), "smb_connection_error", "failure");
      String ip = Text.word(rest, 0);
      if (!ip.equals("0.0.0.0")) Values.putIp(e, "source.ip", ip);
      e.put("event.reason", rest.substring(rest.indexOf(' ') + 1));
      return true;
    }
    if (t.startsWith("NTLMv1 passwords NOT PERMITTED for user ") || t.startsWith("LM password, NT MD4 password in LM field and LMv2 failed for user ")) {
      Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, START, "smb_login_failed", "failure");
      e.put("user.name", t.substring(t.lastIndexOf(' ') + 1));
      e.put("event.reason", t);
      return true;
    }
    return daemon(t, e);
  }

  /** "SMB2,(null)] user [EXAMPLE]\[bob] at [...] with [NTLMv2] status [NT_STATUS_WRONG_PASSWORD] workstation [PC01] remote host [ipv4:…:…] …" */
  private static boolean authAudit(String rest, Event e) {
    String status = bracketAfter(rest, " status [");
    if (status == null) return false;
    boolean ok = status.equals("NT_STATUS_OK");
    String action = ok ? "smb_login" : status.equals("NT_STATUS_NO_SUCH_USER") ? "smb_invalid_user" : "smb_login_failed";
    Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, START, action, ok ? "success" : "failure");
    service(rest, e);
    user("Auth: [" + rest, e);
    e.putNonEmpty("samba.auth_method", bracketAfter(rest, " with ["));
    String ws = bracketAfter(rest, " workstation [");
    if (ws != null && !ws.equals("(null)") && !ws.isEmpty()) e.put("samba.workstation", ws);
    endpoint(e, "source", bracketAfter(rest, " remote host ["));
    endpoint(e, "destination", bracketAfter(rest, " local host ["));
    status(e, status);
    return true;
  }

  /** A Samba AD DC's KDC: AS-REQ/TGS-REQ, pre-authentication failures (a wrong password), unknown principals. */
  private static boolean kerberos(String t, Event e) {
    String rest;
    if (t.startsWith("AS-REQ ") || t.startsWith("TGS-REQ ")) {
      boolean as = t.startsWith("AS-");
      Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, START, as ? "kerberos_as_request" : "kerberos_tgs_request", null);
      principal(Text.word(t, as ? 7 : 8), e);
      int from = t.indexOf(" from ");
      if (from > 0) endpoint(e, "source", Text.word(t, from + 6));
      int f = t.indexOf(" for ");
      if (f > 0) e.put("samba.kerberos.service", Text.word(t, f + 5));
      return true;
    }
    if ((rest = Text.after(t, "Failed to decrypt PA-DATA -- ")) != null) {
      Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, START, "kerberos_preauth_failed", "failure");
      principal(Text.word(rest, 0), e);
      e.put("event.reason", "wrong password (PA-DATA did not decrypt)");
      return true;
    }
    if ((rest = Text.after(t, "UNKNOWN -- ")) != null) {
      Ecs.classify(e, DATASET, EventClass.AUTHENTICATION, START, "kerberos_unknown_principal", "failure");
      String p = Text.word(rest, 0);
      principal(p.endsWith(":") ? p.substring(0, p.length() - 1) : p, e);
      e.put("event.reason", rest.substring(Math.min(rest.length(), p.length() + 1)).strip());
      return true;
    }
    return false;
  }

  private static boolean daemon(String t, Event e) {
    String program;
    if (t.endsWith(" started.") && t.contains(" version ")) {
      Ecs.classify(e, DATASET, EventClass.HOST, START, "service_started", "success");
      program = Text.word(t, 0);
      e.put("service.version", Text.word(t, t.indexOf(" version ") + 9));
    } else if (t.startsWith("STATUS=daemon '") && t.contains("finished starting up")) {
      Ecs.classify(e, DATASET, EventClass.HOST, START, "service_started", "success");
      program = Text.between(t, "'", "'");
    } else if (t.startsWith("Copyright Andrew Tridgell and the Samba Team")) {
      // the second line of every daemon's start banner, after "smbd version … started."
      Ecs.classify(e, DATASET, EventClass.HOST, INFO, "service_banner", null);
      program = "samba";
    } else if (t.startsWith("Server exit") || t.startsWith("Exiting pid ") || t.startsWith("STATUS=daemon failed to start")) {
      Ecs.classify(e, DATASET, EventClass.HOST, END, "service_stopped", t.contains("failed") ? "failure" : "success");
      program = "samba";
      e.put("event.reason", t);
    } else if (t.startsWith("Could not fetch our SID") || t.startsWith("Failed to connect to") || t.startsWith("failed to bind to server")
        || t.startsWith("cm_prepare_connection: ") || t.startsWith("Could not receive trustdoms")) {
      Ecs.classify(e, DATASET, EventClass.NETWORK, List.of("error"), "smb_domain_error", "failure");
      program = "winbindd";
      e.put("event.reason", t);
    } else {
      return false;
    }
    e.putNonEmpty("service.name", program);
    return true;
  }

  /**
   * full_audit: "user|ip[|machine]|share|op|ok|args…" (the prefix is {@code full_audit:prefix},
   * {@code %u|%I} by default). The op is the field before "ok" or "fail (reason)".
   */
  static boolean audit(String t, Event e) {
    String[] f = t.split("\\|", 24);
    int r = -1;
    for (int i = 2; i < f.length && i < 8; i++) {
      if (f[i].equals("ok") || f[i].startsWith("fail")) {
        r = i;
        break;
      }
    }
    if (r < 0) return false;
    String op = f[r - 1];
    if (op.isEmpty() || op.length() > 40) return false;
    boolean ok = f[r].equals("ok");
    String[] args = java.util.Arrays.copyOfRange(f, r + 1, f.length);
    String action;
    List<String> category = FILE;
    List<String> type;
    switch (op) {
      case "connect" -> {
        action = "smb_share_connect";
        category = EventClass.SESSION;
        type = START;
      }
      case "disconnect" -> {
        action = "smb_share_disconnect";
        category = EventClass.SESSION;
        type = END;
      }
      case "open", "openat", "create_file" -> {
        action = "smb_file_open";
        type = List.of("access");
      }
      case "read", "pread", "pread_send", "pread_recv" -> {
        action = "smb_file_read";
        type = List.of("access");
      }
      case "write", "pwrite", "pwrite_send", "pwrite_recv" -> {
        action = "smb_file_write";
        type = List.of("change");
      }
      case "unlink", "unlinkat", "rmdir" -> {
        action = "smb_file_delete";
        type = List.of("deletion");
      }
      case "rename", "renameat" -> {
        action = "smb_file_rename";
        type = List.of("change");
      }
      case "mkdir", "mkdirat" -> {
        action = "smb_directory_create";
        type = List.of("creation");
      }
      case "chmod", "fchmod", "chown", "fchown", "lchown", "fchmod_acl", "chmod_acl", "fset_nt_acl", "set_nt_acl", "sys_acl_set_fd" -> {
        action = "smb_permission_change";
        type = List.of("change");
      }
      default -> {
        action = "smb_file_operation";
        type = INFO;
      }
    }
    Ecs.classify(e, DATASET, category, type, action, ok ? "success" : "failure");
    e.put("samba.operation", op);
    if (!ok && f[r].length() > 4) {
      // "fail (Permission denied)"
      String why = f[r].substring(4).strip();
      if (why.startsWith("(") && why.endsWith(")")) why = why.substring(1, why.length() - 1);
      e.putNonEmpty("event.reason", why);
    }
    // the prefix: the user, the client address, and (with %m|%S) the machine and the share
    List<String> names = new java.util.ArrayList<>(3);
    for (int i = 0; i < r - 1; i++) {
      if (!Values.putIp(e, "source.ip", f[i]) && !f[i].isEmpty()) names.add(f[i]);
    }
    if (!names.isEmpty()) e.put("user.name", names.get(0));
    if (names.size() == 2) e.put("samba.share", names.get(1));
    if (names.size() >= 3) {
      e.put("source.domain", names.get(1));
      e.put("samba.share", names.get(names.size() - 1));
    }
    if (op.equals("connect") || op.equals("disconnect")) {
      if (args.length > 0 && !args[args.length - 1].isEmpty()) e.putIfAbsent("samba.share", args[args.length - 1]);
    } else if (args.length > 0) {
      String path = args[args.length - 1];
      if (!path.isEmpty()) e.put("file.path", path);
      if ((op.equals("rename") || op.equals("renameat")) && args.length >= 2) e.put("samba.renamed_from", args[args.length - 2]);
      if ((op.equals("open") || op.equals("openat")) && args.length >= 2 && (args[0].equals("r") || args[0].equals("w"))) {
        e.put("samba.access", args[0].equals("w") ? "write" : "read");
      }
    }
    return true;
  }

  private static void service(String rest, Event e) {
    // "SMB2,(null)] …": the service and the authentication description
    int close = rest.indexOf(']');
    if (close <= 0) return;
    String[] p = rest.substring(0, close).split(",", 2);
    e.put("samba.service", p[0]);
    if (p.length > 1 && !p[1].equals("(null)")) e.put("samba.auth_description", p[1]);
  }

  /** "user [DOMAIN]\[name]" */
  private static void user(String t, Event e) {
    int u = t.indexOf("] user [");
    if (u < 0) return;
    String domain = Text.between(t.substring(u + 1), "user [", "]");
    int sep = t.indexOf("]\\[", u + 8);
    if (sep < 0) return;
    String name = Text.between(t.substring(sep + 2), "[", "]");
    boolean noDomain = domain == null || domain.isEmpty() || domain.equals("(null)");
    if (name != null && noDomain && name.indexOf('@') > 0) {
      principal(name, e); // Kerberos: "user [(null)]\[bob@EXAMPLE.VN]"
      return;
    }
    if (name != null && !name.isEmpty() && !name.equals("(null)")) e.put("user.name", name);
    if (!noDomain) e.put("user.domain", domain);
  }

  /** "bob@EXAMPLE.VN" → user.name bob, user.domain EXAMPLE.VN. */
  private static void principal(String p, Event e) {
    int at = p.lastIndexOf('@');
    if (at > 0) {
      e.put("user.name", p.substring(0, at));
      e.put("user.domain", p.substring(at + 1));
    } else if (!p.isEmpty()) {
      e.put("user.name", p);
    }
  }

  /** "ipv4:203.0.113.5:50212" / "ipv6:2001:db8::5:50212" → side.ip and side.port. */
  private static void endpoint(Event e, String side, String a) {
    if (a == null) return;
    String s = a.startsWith("ipv4:") || a.startsWith("ipv6:") ? a.substring(5) : a;
    int colon = s.lastIndexOf(':');
    if (colon > 0 && Values.putIp(e, side + ".ip", s.substring(0, colon))) {
      Values.putPort(e, side + ".port", s.substring(colon + 1));
    } else {
      Values.putIp(e, side + ".ip", s);
    }
  }

  /** "pc01 (ipv4:203.0.113.5:50212)" before index {@code end}: the client's NetBIOS name and address. */
  private static void client(String t, int end, Event e) {
    int open = t.lastIndexOf(" (", end);
    if (open < 0) return;
    String name = t.substring(0, open).strip();
    if (!name.isEmpty() && name.indexOf(' ') < 0) e.put("source.domain", name);
    endpoint(e, "source", t.substring(open + 2, end));
  }

  private static void status(Event e, String status) {
    e.put("samba.status", status);
    if (!status.equals("NT_STATUS_OK")) e.put("event.reason", status);
  }

  private static String bracketAfter(String s, String marker) {
    int i = s.indexOf(marker);
    if (i < 0) return null;
    int from = i + marker.length();
    int close = s.indexOf(']', from);
    return close < 0 ? null : s.substring(from, close);
  }

  private static boolean isIdentifier(String s, int end) {
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      if (!Character.isLetterOrDigit(c) && c != '_') return false;
    }
    return end > 0;
  }
}
