package vn.soctinh.analyzer.parse.web;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;
import vn.soctinh.analyzer.parse.Values;

/**
 * Apache and nginx access logs in the common and combined formats, optionally with a leading
 * virtual host ({@code vhost_combined}) and trailing fields (request time, upstream):
 * {@code 203.0.113.9 - bob [23/Nov/2026:10:00:00 +0700] "GET /index.php?id=1 HTTP/1.1" 404 153 "-" "sqlmap/1.7"}.
 * Web-attack rules read {@code url.original}, {@code http.request.method}, {@code user_agent.original}
 * and {@code http.response.status_code} from here. The request line is kept as sent, even when it
 * is not HTTP (scanners send anything).
 */
public final class AccessLogParser implements ContentParser {

  @Override
  public String name() {
    return "access-log";
  }

  @Override
  public Set<String> programs() {
    return Set.of("nginx", "apache", "apache2", "httpd", "apache-access", "nginx-access");
  }

  @Override
  public boolean sniff(LogLine line) {
    String m = line.message();
    int b = m.indexOf(" [");
    return b > 0 && b < 300 && m.indexOf("] \"", b) > 0 && Values.isIp(first(m, b));
  }

  /** The client address: the first token, or the second after a virtual host. */
  private static String first(String m, int bracket) {
    int sp = m.indexOf(' ');
    String a = m.substring(0, sp);
    if (Values.isIp(a)) return a;
    int sp2 = m.indexOf(' ', sp + 1);
    return sp2 > 0 && sp2 < bracket ? m.substring(sp + 1, sp2) : a;
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    String m = line.message().strip();
    int open = m.indexOf(" [");
    int close = open < 0 ? -1 : m.indexOf("] \"", open);
    if (open <= 0 || close < 0) return ParseOutcome.unrecognised("expected CLIENT IDENT USER [TIME] \"REQUEST\" STATUS BYTES");
    String[] head = m.substring(0, open).split(" ");
    if (head.length < 3 || head.length > 4) return ParseOutcome.unrecognised("expected CLIENT IDENT USER before [TIME]");
    int c = head.length == 4 ? 1 : 0;
    Instant time = ClfTime.parse(m.substring(open + 2, close));
    if (time == null) return ParseOutcome.unrecognised("expected [dd/Mon/yyyy:HH:mm:ss +zzzz]");
    int reqStart = close + 3;
    int reqEnd = closingQuote(m, reqStart);
    if (reqEnd < 0) return ParseOutcome.unrecognised("request line is not closed with '\"'");
    String rest = m.substring(reqEnd + 1).strip();
    String[] tail = rest.split(" ", 3);
    Long status = tail.length > 0 ? Values.parseLong(tail[0]) : null;
    if (status == null) return ParseOutcome.unrecognised("expected the status code after the request");

    if (c == 1) {
      String vhost = head[0];
      int colon = vhost.lastIndexOf(':');
      e.put("url.domain", colon > 0 && vhost.indexOf(':') == colon ? vhost.substring(0, colon) : vhost);
    }
    if (!Values.putIp(e, "source.ip", head[c])) e.put("source.address", head[c]);
    if (!head[c + 2].equals("-")) e.put("user.name", head[c + 2]);
    e.put("@timestamp", time);
    request(unescape(m.substring(reqStart, reqEnd)), e);
    e.put("http.response.status_code", status);
    if (tail.length > 1) Values.putLong(e, "http.response.body.bytes", tail[1]);
    if (tail.length > 2) {
      String more = tail[2];
      int[] pos = {0};
      String referrer = quoted(more, pos);
      String agent = quoted(more, pos);
      if (referrer != null && !referrer.equals("-")) e.put("http.request.referrer", referrer);
      if (agent != null && !agent.equals("-")) e.put("user_agent.original", agent);
    }
    String program = line.program() == null ? "" : line.program();
    e.put("event.dataset", program.startsWith("nginx") ? "nginx.access" : program.isEmpty() ? "web.access" : "apache.access");
    e.put("event.category", List.of("web"));
    e.put("event.type", List.of("access"));
    e.put("event.action", "http_request");
    e.put("event.outcome", status < 400 ? "success" : "failure");
    return ParseOutcome.RECOGNISED;
  }

  /** "GET /a?b=1 HTTP/1.1" → method, url.*, version; anything else stays in url.original. */
  private static void request(String req, Event e) {
    if (req.equals("-") || req.isEmpty()) return;
    String[] p = req.split(" ");
    if (p.length == 3 && p[2].startsWith("HTTP/")) {
      e.put("http.request.method", p[0]);
      e.put("url.original", p[1]);
      int q = p[1].indexOf('?');
      e.put("url.path", q < 0 ? p[1] : p[1].substring(0, q));
      if (q >= 0 && q + 1 < p[1].length()) e.put("url.query", p[1].substring(q + 1));
      e.put("http.version", p[2].substring(5));
    } else {
      e.put("url.original", req);
    }
  }

  /** Index of the quote closing a field that started at {@code from}, skipping \" escapes. */
  private static int closingQuote(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '\\') i++;
      else if (ch == '"') return i;
    }
    return -1;
  }

  private static String quoted(String s, int[] pos) {
    int i = pos[0];
    while (i < s.length() && s.charAt(i) == ' ') i++;
    if (i >= s.length() || s.charAt(i) != '"') return null;
    int end = closingQuote(s, i + 1);
    if (end < 0) return null;
    pos[0] = end + 1;
    return unescape(s.substring(i + 1, end));
  }

  /** Apache/nginx escape quotes and backslashes in logged strings. */
  static String unescape(String s) {
    if (s.indexOf('\\') < 0) return s;
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == '"' || s.charAt(i + 1) == '\\')) ch = s.charAt(++i);
      b.append(ch);
    }
    return b.toString();
  }
}
