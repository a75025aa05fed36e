package vn.soctinh.analyzer.parse.web;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;
import vn.soctinh.analyzer.parse.Values;

/**
 * Apache (2.2 and 2.4) and nginx error logs:
 * {@code [Thu Nov 23 10:00:00.123456 2026] [core:error] [pid 123:tid 456] [client 203.0.113.9:5555] AH00126: Invalid URI in request},
 * {@code [Sun Dec 04 04:47:44 2005] [error] [client 10.0.0.5] Directory index forbidden by rule: /var/www/},
 * {@code 2026/11/23 10:00:00 [error] 1234#1234: *5 open() "/x" failed (2: No such file or directory), client: 203.0.113.9, ...}.
 * Messages a SOC acts on get their own action (file not found, access forbidden, invalid request,
 * mod_jk worker errors); any other line still gets {@code log.level} and a level-based action.
 * Stamps have no zone: the agency's applies.
 */
public final class ErrorLogParser implements ContentParser {

  @Override
  public String name() {
    return "error-log";
  }

  @Override
  public Set<String> programs() {
    return Set.of("apache-error", "nginx-error", "httpd-error");
  }

  @Override
  public boolean sniff(LogLine line) {
    String m = line.message();
    if (m.startsWith("[") && m.length() > 28 && (ClfTime.month(m.substring(5, 8)) > 0 || isoStamp(m)) && m.indexOf("] [") > 0) return true;
    if (ahCode(m, 0) || bareAhLine(line)) return true;
    return m.length() > 21 && m.charAt(4) == '/' && m.charAt(7) == '/' && m.charAt(10) == ' ' && m.charAt(19) == ' ' && m.charAt(20) == '[';
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    String m = line.message().strip();
    String program = line.program() == null ? "" : line.program();
    if (m.startsWith("[")) return apache(m, line, e);
    if (ahCode(m, 0) || bareAhLine(line)) return unstamped(m, line, e);
    if (m.length() > 21 && m.charAt(4) == '/' && m.charAt(20) == '[') return nginx(m, line, e);
    return ParseOutcome.unrecognised("expected an Apache or nginx error log line" + (program.isEmpty() ? "" : " from " + program));
  }

  private static ParseOutcome apache(String m, LogLine line, Event e) {
    int close = m.indexOf(']');
    Instant t = close < 0 ? null : isoStamp(m) ? ClfTime.parseIso(m.substring(1, close), line.zone())
        : ClfTime.parseErrorLog(m.substring(1, close), line.zone());
    if (t == null) return ParseOutcome.unrecognised("expected [Www Mmm dd hh:mm:ss yyyy] or [yyyy-mm-dd hh:mm:ss.ffffff +zzzz] at the start");
    String rest = m.substring(close + 1).strip();
    if (!rest.startsWith("[")) return ParseOutcome.unrecognised("expected [level] after the time");
    int lc = rest.indexOf(']');
    if (lc < 0) return ParseOutcome.unrecognised("expected [level] after the time");
    String level = rest.substring(1, lc);
    int colon = level.indexOf(':');
    if (colon >= 0) {
      // "[:error]" (a module that names none) has no module
      if (colon > 0) e.put("apache.error.module", level.substring(0, colon));
      level = level.substring(colon + 1);
    }
    rest = rest.substring(lc + 1).strip();
    while (rest.startsWith("[")) {
      int c = rest.indexOf(']');
      if (c < 0) break;
      String part = rest.substring(1, c);
      if (part.startsWith("client ")) client(part.substring(7), e);
      else if (part.startsWith("pid ")) pid(part.substring(4), e);
      else break;
      rest = rest.substring(c + 1).strip();
    }
    e.put("@timestamp", t);
    e.put("log.level", level);
    e.put("event.dataset", "apache.error");
    if (rest.startsWith("AH") && rest.indexOf(": ") == 7) {
      e.put("error.code", rest.substring(0, 7));
      rest = rest.substring(9);
    }
    e.put("message", rest);
    classify(rest, level, errorLevel(level), e);
    return ParseOutcome.RECOGNISED;
  }

  /** "[2026-11-23 10:00:00.123456 +0700] ...": Apache 2.4 with ErrorLogFormat's %{cu}t, stamp and zone. */
  private static boolean isoStamp(String m) {
    return m.length() > 21 && m.charAt(0) == '[' && m.charAt(5) == '-' && m.charAt(8) == '-' && m.charAt(11) == ' '
        && Character.isDigit(m.charAt(1)) && Character.isDigit(m.charAt(4));
  }

  /** "AH00558: ..." at {@code i}: Apache's message code. */
  private static boolean ahCode(String m, int i) {
    if (m.length() < i + 9 || m.charAt(i) != 'A' || m.charAt(i + 1) != 'H' || m.charAt(i + 7) != ':' || m.charAt(i + 8) != ' ') return false;
    for (int k = i + 2; k < i + 7; k++) if (!Character.isDigit(m.charAt(k))) return false;
    return true;
  }

  /** A line the syslog decoder split at its "AH00558:" code, taking the code for a program. */
  private static boolean bareAhLine(LogLine line) {
    String p = line.program();
    return p != null && p.length() == 7 && ahCode(p.toUpperCase(java.util.Locale.ROOT) + ": ", 0);
  }

  /**
   * Apache's startup messages written before its log is open, to the console or the error log
   * without stamp or level: "AH00558: apache2: Could not reliably determine the server's fully qualified domain name ...".
   */
  private static ParseOutcome unstamped(String m, LogLine line, Event e) {
    String code = ahCode(m, 0) ? m.substring(0, 7) : line.program().toUpperCase(java.util.Locale.ROOT);
    String rest = ahCode(m, 0) ? m.substring(9) : m;
    e.put("event.dataset", "apache.error");
    e.put("error.code", code);
    e.put("message", rest);
    e.put("event.category", List.of("web"));
    e.put("event.type", List.of("info"));
    e.put("event.action", "web_server_notice");
    return ParseOutcome.RECOGNISED;
  }

  private static ParseOutcome nginx(String m, LogLine line, Event e) {
    Instant t;
    try {
      t = LocalDateTime.parse(m.substring(0, 19).replace('/', '-').replace(' ', 'T')).atZone(line.zone()).toInstant();
    } catch (DateTimeParseException ex) {
      return ParseOutcome.unrecognised("expected yyyy/mm/dd hh:mm:ss at the start");
    }
    int lc = m.indexOf(']', 20);
    if (lc < 0) return ParseOutcome.unrecognised("expected [level] after the time");
    String level = m.substring(21, lc);
    String rest = m.substring(lc + 1).strip();
    int hash = rest.indexOf('#');
    int colon = rest.indexOf(": ");
    if (hash > 0 && colon > hash) {
      Values.putLong(e, "process.pid", rest.substring(0, hash));
      Values.putLong(e, "process.thread.id", rest.substring(hash + 1, colon));
      rest = rest.substring(colon + 2);
    }
    if (rest.startsWith("*")) {
      int sp = rest.indexOf(' ');
      if (sp > 0) {
        Values.putLong(e, "nginx.error.connection_id", rest.substring(1, sp));
        rest = rest.substring(sp + 1);
      }
    }
    // the whole text is the message, as Elastic's nginx integration keeps it; the parts are read out of it
    String whole = rest;
    int ci = rest.indexOf(", client: ");
    if (ci >= 0) {
      String tail = rest.substring(ci + 2);
      rest = rest.substring(0, ci);
      String client = field(tail, "client: ");
      // client.ip as Elastic's nginx integration names it; source.ip as every other web event has it
      if (client != null && Values.putIp(e, "source.ip", client)) e.put("client.ip", e.get("source.ip"));
      String server = field(tail, "server: ");
      if (server != null && !server.equals("_")) e.put("server.domain", server);
      String request = quotedField(tail, "request: \"");
      if (request != null) {
        String[] p = request.split(" ");
        if (p.length == 3) {
          e.put("http.request.method", p[0]);
          e.put("url.original", p[1]);
        }
      }
      String host = quotedField(tail, "host: \"");
      if (host != null) e.put("url.domain", host);
    }
    e.put("@timestamp", t);
    e.put("log.level", level);
    e.put("event.dataset", "nginx.error");
    e.put("message", whole);
    // Elastic's nginx integration types every error-log line an error, whatever its level
    classify(rest, level, true, e);
    return ParseOutcome.RECOGNISED;
  }

  /** {@code error}: whether the line is typed an error (else info), as Elastic's integrations type it. */
  private static void classify(String msg, String level, boolean error, Event e) {
    int modsec = msg.indexOf("ModSecurity: ");
    if (modsec >= 0 && modsec < 64 && modSecurity(msg.substring(modsec + 13), e)) return;
    String action;
    if (msg.contains("No such file or directory") || msg.startsWith("File does not exist") || msg.contains("AH00128")) {
      action = "file_not_found";
      if (msg.startsWith("File does not exist: ")) {
        // "File does not exist: /var/www/x[, referer: http://...]", as Elastic's Apache integration reads it
        String rest = msg.substring("File does not exist: ".length());
        int ref = rest.indexOf(", referer: ");
        e.put("file.path", ref < 0 ? rest : rest.substring(0, ref));
        if (ref >= 0) e.put("http.request.referrer", rest.substring(ref + ", referer: ".length()));
      }
    } else if (msg.startsWith("Directory index forbidden")) action = "directory_index_forbidden";
    else if (msg.contains("client denied by server configuration") || msg.contains("access forbidden by rule")
        || msg.contains("Permission denied")) {
      action = "access_forbidden";
    } else if (msg.startsWith("Invalid URI") || msg.contains("invalid request") || msg.contains("client sent invalid")) action = "invalid_request";
    else if (msg.startsWith("mod_jk child") || msg.startsWith("jk2_init() Can't find child")) action = "mod_jk_error";
    else if (msg.startsWith("jk2_init() Found child") || msg.startsWith("workerEnv.init() ok")) {
      action = "worker_initialized";
    } else if (msg.contains("upstream timed out") || msg.contains("connect() failed")) action = "upstream_error";
    else if (msg.contains("limiting requests")) {
      action = "rate_limited";
    } else if (msg.contains("resuming normal operations") || msg.contains("configured -- resuming")) {
      action = "server_started";
    } else if (msg.contains("caught SIGTERM") || msg.contains("shutting down")) {
      action = "server_stopped";
    } else {
      action = "web_server_" + (level.equals("notice") || level.equals("info") || level.equals("debug") ? "notice" : "error");
    }
    e.put("event.category", List.of("web"));
    e.put("event.type", List.of(error ? "error" : "info"));
    e.put("event.action", action);
  }

  /** Elastic's Apache integration: emerg, alert, crit, error, warn (and numbered sub-levels) are errors, the rest information. */
  static boolean errorLevel(String level) {
    String l = level;
    int end = l.length();
    while (end > 0 && Character.isDigit(l.charAt(end - 1))) end--;
    l = l.substring(0, end);
    return l.equals("emerg") || l.equals("alert") || l.equals("crit") || l.equals("error") || l.equals("warn");
  }

  /**
   * ModSecurity (v2 in Apache, v3 in nginx): "Access denied with code 403 (phase 2). Matched ... [file "..."] [line "..."]
   * [id "949110"] [msg "..."] [severity "CRITICAL"] [ver "..."] [tag "..."] [hostname "..."] [uri "/x"] [unique_id "..."]",
   * or "Warning. Matched ..." for a rule that only scores. Names as Elastic's modsecurity package uses them where it has one.
   */
  private static boolean modSecurity(String t, Event e) {
    String action;
    List<String> type;
    if (t.startsWith("Access denied")) {
      action = "modsecurity_denied";
      type = List.of("denied");
      String code = t.startsWith("Access denied with code ") ? t.substring(24, Math.min(t.length(), 27)) : null;
      if (code != null) Values.putLong(e, "http.response.status_code", code);
    } else if (t.startsWith("Access allowed")) {
      action = "modsecurity_allowed";
      type = List.of("allowed");
    } else if (t.startsWith("Warning.")) {
      action = "modsecurity_warning";
      type = List.of("info");
    } else {
      return false;
    }
    int phase = t.indexOf("(phase ");
    if (phase >= 0 && phase + 8 < t.length() && Character.isDigit(t.charAt(phase + 7))) e.put("modsecurity.phase", t.substring(phase + 7, phase + 8));
    List<String> tags = new java.util.ArrayList<>();
    int i = 0;
    for (int n = 0; n < 256; n++) {
      int open = t.indexOf(" [", i);
      if (open < 0) break;
      int q = t.indexOf(" \"", open + 2);
      int sp = t.indexOf(' ', open + 2);
      if (q < 0 || q != sp) {
        i = open + 2;
        continue;
      }
      String key = t.substring(open + 2, q);
      int end = q + 2;
      while (end < t.length() && !(t.charAt(end) == '"' && t.charAt(end - 1) != '\\' && end + 1 < t.length() && t.charAt(end + 1) == ']')) end++;
      if (end >= t.length()) break;
      String v = t.substring(q + 2, end);
      i = end + 2;
      switch (key) {
        case "id" -> e.putIfAbsent("rule.id", v);
        case "msg" -> e.putIfAbsent("rule.description", v);
        case "severity" -> {
          e.putIfAbsent("modsecurity.severity", v);
          Long sev = severity(v);
          if (sev != null) e.putIfAbsent("event.severity", sev);
        }
        case "ver" -> e.putIfAbsent("rule.ruleset", v);
        case "tag" -> {
          if (tags.size() < 64) tags.add(v);
        }
        case "hostname" -> {
          if (!Values.putIp(e, "destination.ip", v)) e.putIfAbsent("url.domain", v);
        }
        case "uri" -> e.putIfAbsent("url.path", v);
        case "unique_id" -> e.putIfAbsent("http.request.id", v);
        case "file" -> e.putIfAbsent("modsecurity.rule.file", v);
        case "line" -> e.putIfAbsent("modsecurity.rule.line", v);
        case "data" -> e.putIfAbsent("modsecurity.data", v);
        default -> { }
      }
    }
    if (!tags.isEmpty()) e.put("modsecurity.tags", tags);
    e.put("event.kind", "alert");
    e.put("event.category", List.of("web", "intrusion_detection"));
    e.put("event.type", type);
    e.put("event.action", action);
    e.put("observer.product", "ModSecurity");
    return true;
  }

  /** ModSecurity's severity words as syslog numbers (0 emergency ... 7 debug). */
  private static Long severity(String v) {
    return switch (v.toUpperCase(java.util.Locale.ROOT)) {
      case "EMERGENCY", "0" -> 0L;
      case "ALERT", "1" -> 1L;
      case "CRITICAL", "2" -> 2L;
      case "ERROR", "3" -> 3L;
      case "WARNING", "4" -> 4L;
      case "NOTICE", "5" -> 5L;
      case "INFO", "6" -> 6L;
      case "DEBUG", "7" -> 7L;
      default -> null;
    };
  }

  private static void client(String c, Event e) {
    int colon = c.lastIndexOf(':');
    e.put("source.address", colon > 0 && c.indexOf(':') == colon ? c.substring(0, colon) : c);
    if (colon > 0 && c.indexOf(':') == colon && Values.putIp(e, "source.ip", c.substring(0, colon))) {
      Values.putPort(e, "source.port", c.substring(colon + 1));
    } else {
      Values.putIp(e, "source.ip", c);
    }
  }

  private static void pid(String p, Event e) {
    int colon = p.indexOf(':');
    Values.putLong(e, "process.pid", colon < 0 ? p : p.substring(0, colon));
    if (colon > 0 && p.startsWith("tid ", colon + 1)) Values.putLong(e, "process.thread.id", p.substring(colon + 5));
  }

  private static String field(String s, String key) {
    int i = s.indexOf(key);
    if (i < 0) return null;
    int end = s.indexOf(',', i);
    return s.substring(i + key.length(), end < 0 ? s.length() : end).strip();
  }

  private static String quotedField(String s, String key) {
    int i = s.indexOf(key);
    if (i < 0) return null;
    int end = s.indexOf('"', i + key.length());
    return end < 0 ? null : s.substring(i + key.length(), end);
  }
}
