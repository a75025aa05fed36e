package vn.soctinh.analyzer.parse.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.EventClass;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;
import vn.soctinh.analyzer.parse.Text;
import vn.soctinh.analyzer.parse.Values;
import vn.soctinh.analyzer.parse.json.JsonFields;

/**
 * Squid's access log, in its native format ({@code time elapsed client CODE/status bytes method URL
 * user HIER/peer type}) or as the JSON OPNsense's proxy writes, sent by syslog (program
 * {@code squid}, or {@code (squid-1)} as pfSense and OPNsense name it). Fields as Elastic's pfSense
 * integration writes them: category web, outcome from the status, the URL in {@code url.*} (a
 * CONNECT target {@code host:443} in url.domain and url.port), the peer as destination, the cache
 * result in {@code squid.request_status} and {@code squid.hierarchy_status}. The request's time is
 * squid's own when the line has one (Elastic's integration takes the syslog header's). Action
 * {@code http_request}, as for other access logs.
 */
public final class SquidParser implements ContentParser {

  @Override
  public String name() {
    return "squid";
  }

  @Override
  public Set<String> programs() {
    return Set.of("squid", "(squid-1)");
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    ObjectNode j = line.json();
    ParseOutcome o = j != null ? json(j, e) : nativeLine(line.message(), e);
    if (o != ParseOutcome.RECOGNISED) return o;
    String program = line.program();
    if (program != null && program.startsWith("(") && program.endsWith(")")) e.put("process.name", program.substring(1, program.length() - 1));
    e.put("event.dataset", "squid.log");
    e.put("event.provider", "squid");
    // the proxy that wrote the line is the observer (ECS counts proxies among observers)
    if (line.syslog() != null && line.syslog().hostname != null && !line.syslog().hostname.isEmpty()) e.put("observer.name", line.syslog().hostname);
    Long status = e.getLong("http.response.status_code");
    EventClass.set(e, "event", List.of("web"), List.of("access"), "http_request",
        status == null || status == 0 ? null : status < 400 ? "success" : "failure");
    if (e.has("source.ip")) e.put("network.type", e.get("source.ip").toString().indexOf(':') >= 0 ? "ipv6" : "ipv4");
    return ParseOutcome.RECOGNISED;
  }

  /** "1763866800.253 325 10.0.0.5 TCP_MISS/200 2912 GET https://example.vn/a - HIER_DIRECT/203.0.113.7 text/html". */
  private static ParseOutcome nativeLine(String m, Event e) {
    String[] t = Text.words(m.strip());
    int c = -1;
    for (int i = 1; i < t.length && c < 0; i++) {
      int slash = t[i].indexOf('/');
      if (slash > 1 && t[i].length() - slash == 4 && Character.isUpperCase(t[i].charAt(0)) && Values.parseLong(t[i].substring(slash + 1)) != null) c = i;
    }
    if (c < 1 || c + 3 >= t.length || !Values.isIp(t[c - 1])) return ParseOutcome.unrecognised("expected squid's 'client CODE/status bytes method URL' fields");
    Values.putIp(e, "source.ip", t[c - 1]);
    int slash = t[c].indexOf('/');
    e.put("squid.request_status", t[c].substring(0, slash));
    Values.putLong(e, "http.response.status_code", t[c].substring(slash + 1));
    Values.putLong(e, "http.response.bytes", t[c + 1]);
    e.put("http.request.method", t[c + 2]);
    vn.soctinh.analyzer.parse.Urls.put(e, t[c + 3]);
    if (c + 4 < t.length && !t[c + 4].equals("-")) e.put("user.name", t[c + 4]);
    if (c + 5 < t.length) {
      String h = t[c + 5];
      int s = h.indexOf('/');
      e.put("squid.hierarchy_status", s < 0 ? h : h.substring(0, s));
      if (s >= 0) Values.putIp(e, "destination.ip", h.substring(s + 1));
    }
    if (c + 6 < t.length && !t[c + 6].equals("-")) e.put("http.response.mime_type", t[c + 6]);
    if (c >= 2) {
      Long ms = Values.parseLong(t[c - 2]);
      if (ms != null && ms >= 0) e.put("event.duration", ms * 1_000_000L);
    }
    int dot = c == 3 ? t[0].indexOf('.') : -1;
    Long secs = dot >= 9 ? Values.parseLong(t[0].substring(0, dot)) : null;
    Long millis = dot >= 9 && t[0].length() - dot == 4 ? Values.parseLong(t[0].substring(dot + 1)) : null;
    if (secs != null && millis != null && secs > 0 && millis >= 0) e.put("@timestamp", Instant.ofEpochMilli(secs * 1000 + millis));
    return ParseOutcome.RECOGNISED;
  }

  /** OPNsense's JSON access log (ECS-like names, the status under http.response.body.status_code). */
  private static ParseOutcome json(ObjectNode j, Event e) {
    if (JsonFields.node(j, "http.request.method") == null && JsonFields.node(j, "url.original") == null) {
      return ParseOutcome.unrecognised("expected squid's JSON access log (http.request.method, url.original)");
    }
    Instant t = JsonFields.instant(JsonFields.text(j, "@timestamp"));
    if (t != null) e.put("@timestamp", t);
    JsonFields.string(e, "http.request.method", j, "http.request.method");
    JsonFields.string(e, "http.version", j, "http.version");
    JsonFields.number(e, "http.response.bytes", j, "http.response.bytes");
    JsonFields.number(e, "http.response.status_code", j, "http.response.body.status_code");
    if (!e.has("http.response.status_code")) JsonFields.number(e, "http.response.status_code", j, "http.response.status_code");
    JsonFields.ip(e, "source.ip", j, "source.ip");
    Long duration = Values.parseLong(JsonFields.text(j, "event.duration"));
    if (duration != null && duration >= 0) e.put("event.duration", duration * 1_000_000L);
    String user = JsonFields.text(j, "user.name");
    if (user != null && !user.isEmpty() && !user.equals("-")) e.put("user.name", user);
    JsonFields.string(e, "squid.request_status", j, "labels.request_status");
    JsonFields.string(e, "squid.hierarchy_status", j, "labels.hierarchy_status");
    String url = JsonFields.text(j, "url.original");
    if (url != null && !url.isEmpty()) vn.soctinh.analyzer.parse.Urls.put(e, url);
    return ParseOutcome.RECOGNISED;
  }
}
