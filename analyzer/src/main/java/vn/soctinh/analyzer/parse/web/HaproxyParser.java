package vn.soctinh.analyzer.parse.web;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.EventClass;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;
import vn.soctinh.analyzer.parse.Text;
import vn.soctinh.analyzer.parse.Values;

/**
 * HAProxy's logs (standalone, or the pfSense/OPNsense package): the HTTP log format
 * ({@code client:port [accept date] frontend backend/server Tq/Tw/Tc/Tr/Ta status bytes … "request"}),
 * the TCP format ({@code … Tw/Tc/Tt bytes termination …}) and {@code Connect from A:p to B:p
 * (frontend/mode)}. Fields as Elastic's integrations write them: the accept date as
 * {@code @timestamp} (in the source's zone), {@code event.duration} from the total time, category web,
 * outcome from the status; frontend, backend, server, timers and termination state under
 * {@code haproxy.*}. Actions are ours: {@code http_request} (as for other access logs),
 * {@code tcp_session}, {@code connection_accepted}; other lines {@code haproxy_message}.
 */
public final class HaproxyParser implements ContentParser {

  @Override
  public String name() {
    return "haproxy";
  }

  @Override
  public Set<String> programs() {
    return Set.of("haproxy");
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    String m = line.message().strip();
    e.put("event.dataset", "haproxy.log");
    e.put("event.provider", "haproxy");
    // the proxy that wrote the line is the observer (ECS counts proxies among observers)
    if (line.syslog() != null && line.syslog().hostname != null && !line.syslog().hostname.isEmpty()) e.put("observer.name", line.syslog().hostname);
    if (m.startsWith("Connect from ")) return connect(m, e);
    int open = m.indexOf(" [");
    int close = open < 0 ? -1 : m.indexOf("] ", open);
    if (open < 0 || close < 0 || !clientEnd(m.substring(0, open), e)) {
      EventClass.set(e, List.of("web"), List.of("info"), "haproxy_message", null);
      return ParseOutcome.RECOGNISED;
    }
    acceptDate(m.substring(open + 2, close), line.zone(), e);
    int q = m.indexOf('"', close);
    String[] f = Text.words((q < 0 ? m.substring(close + 2) : m.substring(close + 2, q)).strip());
    if (f.length < 2) return ParseOutcome.unrecognised("expected frontend and backend/server after the accept date");
    e.put("haproxy.frontend_name", f[0]);
    int slash = f[1].indexOf('/');
    e.put("haproxy.backend_name", slash < 0 ? f[1] : f[1].substring(0, slash));
    if (slash >= 0) e.put("haproxy.server_name", f[1].substring(slash + 1));
    String[] timers = f.length > 2 ? f[2].split("/") : new String[0];
    if (timers.length > 0) {
      Long total = Values.parseLong(timers[timers.length - 1].replace("+", ""));
      if (total != null && total >= 0) e.put("event.duration", total * 1_000_000L);
    }
    if (timers.length == 5 && f.length > 4) {
      // HTTP format: status, bytes, two cookie captures, termination state, connection counts, queues
      Long status = Values.parseLong(f[3]);
      if (status != null && status > 0) {
        e.put("http.response.status_code", status);
        e.put("event.outcome", status < 400 ? "success" : "failure");
      }
      Values.putLong(e, "http.response.bytes", f[4]);
      if (f.length > 7) e.put("haproxy.termination_state", f[7]);
      if (q >= 0) {
        int end = m.lastIndexOf('"');
        String req = end > q ? m.substring(q + 1, end) : m.substring(q + 1);
        e.put("haproxy.http.request.raw_request_line", req);
        AccessLogParser.request(req, e);
        if (!e.has("http.request.method")) e.remove("url.original");
      }
      EventClass.set(e, "event", List.of("web"), List.of("access"), "http_request", null);
      return ParseOutcome.RECOGNISED;
    }
    // TCP format: Tw/Tc/Tt bytes termination_state actconn/feconn/beconn/srv_conn/retries srv_queue/backend_queue
    if (f.length > 3) {
      Values.putLong(e, "source.bytes", f[3]);
      if (f.length > 4) e.put("haproxy.termination_state", f[4]);
    }
    EventClass.set(e, "event", List.of("network"), List.of("connection"), "tcp_session", null);
    return ParseOutcome.RECOGNISED;
  }

  /** "Connect from 10.0.0.5:50583 to 192.168.1.10:80 (frontend/HTTP)". */
  private static ParseOutcome connect(String m, Event e) {
    int to = m.indexOf(" to ", 13);
    if (to < 0 || !clientEnd(m.substring(13, to), e)) return ParseOutcome.unrecognised("expected 'Connect from address:port to address:port'");
    int sp = m.indexOf(' ', to + 4);
    String dst = sp < 0 ? m.substring(to + 4) : m.substring(to + 4, sp);
    int colon = dst.lastIndexOf(':');
    if (colon > 0) {
      Values.putIp(e, "destination.ip", dst.substring(0, colon));
      Values.putPort(e, "destination.port", dst.substring(colon + 1));
    }
    int open = m.indexOf('(', to);
    if (open > 0 && m.endsWith(")")) {
      String fm = m.substring(open + 1, m.length() - 1);
      int slash = fm.indexOf('/');
      e.put("haproxy.frontend_name", slash < 0 ? fm : fm.substring(0, slash));
      if (slash >= 0) e.put("haproxy.mode", fm.substring(slash + 1));
    }
    EventClass.set(e, "event", List.of("web", "network"), List.of("connection"), "connection_accepted", null);
    return ParseOutcome.RECOGNISED;
  }

  /** "10.0.0.5:50583" (or "[2001:db8::5]:50583") → source.ip and source.port; false when it is not that. */
  private static boolean clientEnd(String s, Event e) {
    int colon = s.lastIndexOf(':');
    if (colon <= 0) return false;
    String ip = s.charAt(0) == '[' && s.charAt(colon - 1) == ']' ? s.substring(1, colon - 1) : s.substring(0, colon);
    if (!Values.isIp(ip)) return false;
    Values.putIp(e, "source.ip", ip);
    Values.putPort(e, "source.port", s.substring(colon + 1));
    return true;
  }

  /** "15/Aug/2026:16:15:18.502", the proxy's local time, as @timestamp. */
  private static void acceptDate(String s, ZoneId zone, Event e) {
    if (s.length() < 20 || s.charAt(2) != '/' || s.charAt(6) != '/' || s.charAt(11) != ':') return;
    try {
      int mon = ClfTime.month(s.substring(3, 6));
      if (mon == 0) return;
      int nanos = 0;
      if (s.length() > 21 && s.charAt(20) == '.') nanos = Integer.parseInt((s.substring(21) + "000000000").substring(0, 9));
      LocalDateTime t = LocalDateTime.of(Integer.parseInt(s.substring(7, 11)), mon, Integer.parseInt(s.substring(0, 2)),
          Integer.parseInt(s.substring(12, 14)), Integer.parseInt(s.substring(15, 17)), Integer.parseInt(s.substring(18, 20)), nanos);
      e.put("@timestamp", t.atZone(zone).toInstant());
    } catch (NumberFormatException | DateTimeException ex) {
      // a stamp that is not a date leaves the header's time
    }
  }
}
