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
    // a client (address, host name or forwarded list), ident, user, then an access-log stamp
    String m = line.message();
    int b = m.indexOf(" [");
    int close = b < 0 ? -1 : m.indexOf("] \"", b);
    return b > 0 && b < 300 && close > 0 && close - b < 40 && ClfTime.parse(m.substring(b + 2, close)) != null;
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    String m = line.message().strip();
    int open = m.indexOf(" [");
    int close = open < 0 ? -1 : m.indexOf("] \"", open);
    if (open <= 0 || close < 0) return ParseOutcome.unrecognised("expected CLIENT IDENT USER [TIME] \"REQUEST\" STATUS BYTES");
    String[] head = clients(m.substring(0, open)).split(" ");
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
    client(head[c], e);
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
  static void request(String req, Event e) {
    if (req.equals("-") || req.isEmpty()) return;
    String[] p = req.split(" ");
    if (p.length == 3 && p[2].startsWith("HTTP/")) {
      e.put("http.request.method", p[0]);
      e.put("url.original", p[1]);
      int q = p[1].indexOf('?');
      // the path decoded, as Elastic's integrations give it ("/Bao cao/q3.pdf"); the original stays as sent
      String path = percentDecoded(q < 0 ? p[1] : p[1].substring(0, q));
      e.put("url.path", path);
      int slash = path.lastIndexOf('/');
      int dot = path.lastIndexOf('.');
      if (dot > slash + 1 && dot < path.length() - 1 && path.length() - dot <= 10) e.put("url.extension", path.substring(dot + 1).toLowerCase(java.util.Locale.ROOT));
      if (q >= 0 && q + 1 < p[1].length()) e.put("url.query", p[1].substring(q + 1));
      e.put("http.version", p[2].substring(5));
    } else {
      e.put("url.original", req);
    }
  }

  /** "10.0.0.2, 10.0.0.1, 203.0.113.9 - bob" (a proxy's X-Forwarded-For list as the client) → one token. */
  private static String clients(String head) {
    return head.indexOf(", ") < 0 ? head : head.replace(", ", ",");
  }

  /**
   * The client: an address (source.ip), a host name (source.domain), or a forwarded list whose last
   * address is the one that reached the server, as Elastic's integrations read it.
   */
  private static void client(String token, Event e) {
    String last = token;
    if (token.indexOf(',') >= 0) {
      String[] list = token.split(",");
      last = list[list.length - 1];
      if (list.length > 1) {
        List<String> all = new java.util.ArrayList<>();
        for (String a : list) if (!a.isEmpty()) all.add(a);
        e.put("apache.access.remote_ip_list", all);
      }
    }
    int colon = last.lastIndexOf(':');
    if (colon > 0 && last.indexOf(':') == colon && Values.isIp(last.substring(0, colon)) && Values.parseLong(last.substring(colon + 1)) != null) {
      // "127.0.0.1:80": the client with its port (%a:%{remote}p)
      Values.putPort(e, "source.port", last.substring(colon + 1));
      last = last.substring(0, colon);
    }
    e.put("source.address", last);
    if (Values.putIp(e, "source.ip", last)) e.put("network.forwarded_ip", last);
    else e.put("source.domain", last);
  }

  /** %XX sequences decoded as UTF-8; a malformed one is kept as written. */
  static String percentDecoded(String s) {
    if (s.indexOf('%') < 0) return s;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length());
    byte[] raw = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (int i = 0; i < raw.length; i++) {
      int hi = i + 2 < raw.length && raw[i] == '%' ? Character.digit(raw[i + 1], 16) : -1;
      int lo = hi < 0 ? -1 : Character.digit(raw[i + 2], 16);
      if (hi >= 0 && lo >= 0) {
        out.write(hi * 16 + lo);
        i += 2;
      } else {
        out.write(raw[i]);
      }
    }
    return new String(out.toByteArray(), java.nio.charset.StandardCharsets.UTF_8);
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
