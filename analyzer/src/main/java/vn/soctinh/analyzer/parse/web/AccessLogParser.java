package vn.soctinh.analyzer.parse.web;

import java.time.Instant;
import java.util.ArrayList;
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
    if (m.startsWith("[")) return sslRequestTime(m) != null;
    int b = m.indexOf(" [");
    int close = b < 0 ? -1 : m.indexOf("] \"", b);
    return b > 0 && b < 300 && close > 0 && close - b < 40 && ClfTime.parse(m.substring(b + 2, close)) != null;
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    String m = line.message().strip();
    String program = line.program() == null ? "" : line.program();
    if (m.startsWith("[")) return sslRequest(m, e);
    int open = m.indexOf(" [");
    int close = open < 0 ? -1 : m.indexOf("] \"", open);
    if (open <= 0 || close < 0) return ParseOutcome.unrecognised("expected CLIENT IDENT USER [TIME] \"REQUEST\" STATUS BYTES");
    List<String> words = words(m, open);
    String[] head = words == null ? new String[0] : words.toArray(new String[0]);
    if (head.length < 3) return ParseOutcome.unrecognised("expected CLIENT IDENT USER before [TIME]");
    Instant time = ClfTime.parse(m.substring(open + 2, close));
    if (time == null) return ParseOutcome.unrecognised("expected [dd/Mon/yyyy:HH:mm:ss +zzzz]");
    int reqStart = close + 3;
    int reqEnd = closingQuote(m, reqStart);
    if (reqEnd < 0) return ParseOutcome.unrecognised("request line is not closed with '\"'");
    String rest = m.substring(reqEnd + 1).strip();
    String[] tail = rest.split(" ", 3);
    Long status = tail.length > 0 ? Values.parseLong(tail[0]) : null;
    if (status == null) return ParseOutcome.unrecognised("expected the status code after the request");

    int clientEnd = head.length - 2;
    // more than one word before IDENT USER: the first is the virtual host (%v:%p, nginx's $host), the rest the client(s)
    if (clientEnd > 1) server(head[0], e);
    List<String> clients = new ArrayList<>(clientEnd);
    for (int i = clientEnd > 1 ? 1 : 0; i < clientEnd; i++) {
      for (String c : head[i].split(",")) if (!c.isEmpty() && clients.size() < 64) clients.add(c);
    }
    if (clients.isEmpty()) return ParseOutcome.unrecognised("expected CLIENT IDENT USER before [TIME]");
    String chosen = client(clients, e);
    if (clients.size() == 1) clients.set(0, chosen); // without its port, as the integrations list it
    // a list of clients is nginx's $proxy_add_x_forwarded_for (Apache's %h is one host): nginx even unnamed
    String dataset = program.startsWith("nginx") || (program.isEmpty() && clients.size() > 1) ? "nginx.access"
        : program.isEmpty() ? "web.access" : "apache.access";
    // the clients as each integration names the list (Elastic's Apache one appends the client to the forwarded ones)
    if (dataset.equals("nginx.access")) e.put("nginx.access.remote_ip_list", clients);
    else if (dataset.equals("apache.access")) e.put("apache.access.remote_addresses", clients);
    if (!head[head.length - 1].equals("-")) e.put("user.name", head[head.length - 1]);
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
    e.put("event.dataset", dataset);
    e.put("event.category", List.of("web"));
    e.put("event.type", List.of("access"));
    e.put("event.action", "http_request");
    e.put("event.outcome", status < 400 ? "success" : "failure");
    return ParseOutcome.RECOGNISED;
  }

  /** The time of mod_ssl's ssl_request_log line "[10/Aug/2026:09:45:56 +0700] CLIENT PROTOCOL CIPHER ...", or null. */
  private static Instant sslRequestTime(String m) {
    int close = m.indexOf("] ");
    return close < 20 || close > 40 ? null : ClfTime.parse(m.substring(1, close));
  }

  /**
   * Apache mod_ssl's ssl_request_log ({@code [%t] %h %{SSL_PROTOCOL}x %{SSL_CIPHER}x "%r" %b}): who
   * asked what over which TLS version and cipher, without a status.
   */
  private static ParseOutcome sslRequest(String m, Event e) {
    Instant time = sslRequestTime(m);
    if (time == null) return ParseOutcome.unrecognised("expected [dd/Mon/yyyy:HH:mm:ss +zzzz] CLIENT PROTOCOL CIPHER \"REQUEST\" BYTES");
    int close = m.indexOf("] ");
    int q = m.indexOf(" \"", close);
    int reqEnd = q < close + 2 ? -1 : closingQuote(m, q + 2);
    String[] head = reqEnd < 0 ? new String[0] : m.substring(close + 2, q).split(" ");
    if (reqEnd < 0 || head.length != 3) return ParseOutcome.unrecognised("expected CLIENT PROTOCOL CIPHER \"REQUEST\" after the time");
    client(List.of(head[0]), e);
    String protocol = head[1];
    String cipher = head[2];
    if (!protocol.equals("-")) {
      e.put("apache.access.ssl.protocol", protocol);
      // "TLSv1.2" → tls 1.2, "SSLv3" → ssl 3.0, as ECS writes them
      int v = protocol.toLowerCase(java.util.Locale.ROOT).indexOf('v');
      if (v > 0 && v + 1 < protocol.length()) {
        String version = protocol.substring(v + 1);
        e.put("tls.version_protocol", protocol.substring(0, v).toLowerCase(java.util.Locale.ROOT));
        e.put("tls.version", version.indexOf('.') < 0 ? version + ".0" : version);
      }
    }
    if (!cipher.equals("-")) {
      e.put("apache.access.ssl.cipher", cipher);
      e.put("tls.cipher", cipher);
    }
    e.put("@timestamp", time);
    request(unescape(m.substring(q + 2, reqEnd)), e);
    String bytes = m.substring(reqEnd + 1).strip();
    int sp = bytes.indexOf(' ');
    Values.putLong(e, "http.response.body.bytes", sp < 0 ? bytes : bytes.substring(0, sp));
    e.put("event.dataset", "apache.access");
    e.put("event.category", List.of("web"));
    e.put("event.type", List.of("access"));
    e.put("event.action", "http_request");
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

  /**
   * The words before the stamp, a forwarded client list ("10.0.0.2, 10.0.0.1" or nginx's quoted
   * "10.0.0.2, 10.0.0.1") as one word with commas: "10.0.0.2,10.0.0.1". Null past 64 words.
   */
  private static List<String> words(String m, int end) {
    List<String> out = new ArrayList<>(6);
    StringBuilder w = new StringBuilder(48);
    boolean comma = false;
    for (int i = 0; i <= end; i++) {
      char ch = i == end ? ' ' : m.charAt(i);
      if (ch == '"') continue;
      if (ch == ',') {
        comma = true;
        w.append(',');
      } else if (ch == ' ') {
        // a space after a comma, or before one, continues the list
        if (w.length() == 0 || comma && w.charAt(w.length() - 1) == ',' || nextIsComma(m, i + 1, end)) continue;
        out.add(w.toString());
        w.setLength(0);
        comma = false;
        if (out.size() > 64) return null;
      } else {
        w.append(ch);
      }
    }
    return out;
  }

  private static boolean nextIsComma(String m, int i, int end) {
    while (i < end && (m.charAt(i) == ' ' || m.charAt(i) == '"')) i++;
    return i < end && m.charAt(i) == ',';
  }

  /** The virtual host: "dvc.tinh.gov.vn:443" → destination.domain (and url.domain) and port, an address → destination.ip. */
  private static void server(String vhost, Event e) {
    String host = vhost;
    int colon = host.lastIndexOf(':');
    if (colon > 0 && host.indexOf(':') == colon && Values.parseLong(host.substring(colon + 1)) != null) {
      Values.putPort(e, "destination.port", host.substring(colon + 1));
      host = host.substring(0, colon);
    }
    if (!Values.putIp(e, "destination.ip", host)) {
      e.put("destination.domain", host);
      e.put("url.domain", host);
    }
  }

  /**
   * The client. From a forwarded list, the first public address (the original client; the proxies
   * follow it), else the first entry, as Elastic's integrations choose it; a single client may carry
   * its port (%h:%{remote}p). An address goes to source.ip (and network.forwarded_ip), a name to source.domain.
   */
  private static String client(List<String> clients, Event e) {
    String chosen = clients.get(0);
    if (clients.size() > 1) {
      for (String c : clients) {
        if (!privateV4(c)) {
          chosen = c;
          break;
        }
      }
    } else {
      int colon = chosen.lastIndexOf(':');
      if (colon > 0 && chosen.indexOf(':') == colon && Values.parseLong(chosen.substring(colon + 1)) != null) {
        Values.putPort(e, "source.port", chosen.substring(colon + 1));
        chosen = chosen.substring(0, colon);
      }
    }
    e.put("source.address", chosen);
    if (Values.putIp(e, "source.ip", chosen)) e.put("network.forwarded_ip", chosen);
    else e.put("source.domain", chosen);
    return chosen;
  }

  /** 10/8, 172.16/12, 192.168/16 or 127/8: a proxy's or the local network's address, not the client's. */
  static boolean privateV4(String a) {
    if (!Values.isIpv4(a)) return false;
    int d1 = a.indexOf('.');
    int d2 = a.indexOf('.', d1 + 1);
    int first = Integer.parseInt(a.substring(0, d1));
    int second = Integer.parseInt(a.substring(d1 + 1, d2));
    return first == 10 || first == 127 || (first == 192 && second == 168) || (first == 172 && second >= 16 && second <= 31);
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
