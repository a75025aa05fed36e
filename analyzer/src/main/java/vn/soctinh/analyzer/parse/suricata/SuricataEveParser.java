package vn.soctinh.analyzer.parse.suricata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.EventClass;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;
import vn.soctinh.analyzer.parse.json.JsonFields;

/**
 * Suricata's EVE JSON (alert, http, dns, tls, flow, fileinfo, anomaly, ssh and the rest), bare or
 * as the message of a syslog line. An alert becomes {@code event.kind: alert} with the signature
 * in {@code rule.*}: the IDS already decided, and the SOC treats it as a detection. What ECS has no
 * place for stays under {@code suricata.eve.*}.
 */
public final class SuricataEveParser implements ContentParser {
  /** Event types that name their application protocol, as Elastic's integration sets network.protocol from them. */
  private static final java.util.Set<String> PROTOCOL_EVENTS = java.util.Set.of("dns", "ftp", "ftp_data", "http", "http2", "mqtt", "smb",
      "ssh", "tftp", "tls", "rdp");


  @Override
  public String name() {
    return "suricata";
  }

  @Override
  public Set<String> programs() {
    return Set.of("suricata");
  }

  @Override
  public boolean sniff(LogLine line) {
    ObjectNode o = line.json();
    return o != null && o.has("event_type") && o.has("timestamp") && (o.has("src_ip") || o.has("flow_id") || o.has("stats"));
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    ObjectNode o = line.json();
    if (o == null || !o.has("event_type")) return ParseOutcome.unrecognised("expected an EVE JSON object with event_type");
    String type = o.get("event_type").asText().toLowerCase(Locale.ROOT);
    var ts = JsonFields.instant(JsonFields.text(o, "timestamp"));
    if (ts != null) e.put("@timestamp", ts);
    e.put("event.dataset", "suricata.eve");
    e.put("event.module", "suricata");
    e.put("observer.vendor", "OISF");
    e.put("observer.product", "Suricata");
    e.put("observer.type", "ids");
    e.put("suricata.eve.event_type", type);
    JsonFields.ip(e, "source.ip", o, "src_ip");
    JsonFields.number(e, "source.port", o, "src_port");
    JsonFields.ip(e, "destination.ip", o, "dest_ip");
    JsonFields.number(e, "destination.port", o, "dest_port");
    String proto = JsonFields.text(o, "proto");
    if (proto != null) e.put("network.transport", proto.toLowerCase(Locale.ROOT));
    String app = JsonFields.text(o, "app_proto");
    if (app != null && !app.equals("failed")) e.put("network.protocol", app.equals("ftp-data") ? "ftp" : app.toLowerCase(Locale.ROOT));
    else if (PROTOCOL_EVENTS.contains(type)) e.put("network.protocol", type.equals("http2") ? "http" : type.equals("ftp_data") ? "ftp" : type);
    JsonFields.string(e, "network.community_id", o, "community_id");
    JsonFields.number(e, "suricata.eve.flow_id", o, "flow_id");
    JsonFields.number(e, "suricata.eve.tx_id", o, "tx_id");
    JsonFields.string(e, "observer.ingress.interface.name", o, "in_iface");
    JsonFields.string(e, "network.direction", o, "direction");
    JsonFields.string(e, "host.name", o, "host");
    http(o, e);
    switch (type) {
      case "alert" -> alert(o, e);
      case "dns" -> dns(o, e);
      case "tls" -> tls(o, e);
      case "flow", "netflow" -> flow(o, e);
      case "fileinfo" -> fileinfo(o, e);
      case "anomaly" -> {
        classify(e, "event", List.of("network"), List.of("protocol"), "suricata_anomaly");
        JsonFields.string(e, "suricata.eve.anomaly.type", o, "anomaly.type");
        JsonFields.string(e, "suricata.eve.anomaly.event", o, "anomaly.event");
        JsonFields.string(e, "event.reason", o, "anomaly.event");
      }
      case "http" -> classify(e, "event", List.of("network", "web"), List.of("access", "protocol"), "suricata_http");
      case "ssh" -> {
        classify(e, "event", List.of("network"), List.of("protocol"), "suricata_ssh");
        JsonFields.string(e, "suricata.eve.ssh.client.software_version", o, "ssh.client.software_version");
        JsonFields.string(e, "suricata.eve.ssh.server.software_version", o, "ssh.server.software_version");
      }
      case "stats" -> classify(e, "metric", List.of("host"), List.of("info"), "suricata_stats");
      default -> classify(e, "event", List.of("network"), List.of("protocol"), "suricata_" + identifier(type));
    }
    return ParseOutcome.RECOGNISED;
  }

  private static void alert(ObjectNode o, Event e) {
    JsonNode a = o.get("alert");
    String action = a == null ? null : JsonFields.text(a, "action");
    boolean blocked = "blocked".equals(action) || "drop".equals(action);
    classify(e, "alert", List.of("network", "intrusion_detection"), List.of(blocked ? "denied" : "allowed"), "suricata_alert");
    if (a == null) return;
    e.put("event.outcome", blocked ? "failure" : "success");
    JsonFields.string(e, "rule.id", a, "signature_id");
    JsonFields.string(e, "rule.name", a, "signature");
    JsonFields.string(e, "rule.category", a, "category");
    JsonFields.string(e, "rule.version", a, "rev");
    JsonFields.number(e, "event.severity", a, "severity");
    JsonFields.number(e, "suricata.eve.alert.gid", a, "gid");
    if (action != null) e.put("suricata.eve.alert.action", action);
    JsonNode meta = a.get("metadata");
    if (meta != null && meta.has("mitre_technique_id")) {
      List<String> ids = new ArrayList<>();
      meta.get("mitre_technique_id").forEach(n -> ids.add(n.asText()));
      if (!ids.isEmpty()) e.put("threat.technique.id", ids);
    }
  }

  private static void http(ObjectNode o, Event e) {
    JsonNode h = o.get("http");
    if (h == null) return;
    JsonFields.string(e, "url.domain", h, "hostname");
    // the server the client named, as Elastic's Suricata integration writes it
    JsonFields.string(e, "destination.domain", h, "hostname");
    JsonFields.string(e, "url.original", h, "url");
    String url = JsonFields.text(h, "url");
    if (url != null) {
      int q = url.indexOf('?');
      e.put("url.path", q < 0 ? url : url.substring(0, q));
      if (q >= 0) e.put("url.query", url.substring(q + 1));
    }
    JsonFields.string(e, "http.request.method", h, "http_method");
    JsonFields.string(e, "user_agent.original", h, "http_user_agent");
    JsonFields.string(e, "http.request.referrer", h, "http_refer");
    JsonFields.number(e, "http.response.status_code", h, "status");
    Long status = e.getLong("http.response.status_code");
    if (status != null) e.put("event.outcome", status < 400 ? "success" : "failure");
    JsonFields.number(e, "http.response.body.bytes", h, "length");
    JsonFields.string(e, "http.response.mime_type", h, "http_content_type");
    String proto = JsonFields.text(h, "protocol");
    if (proto != null && proto.startsWith("HTTP/")) e.put("http.version", proto.substring(5));
  }

  private static void dns(ObjectNode o, Event e) {
    classify(e, "event", List.of("network"), List.of("protocol"), "suricata_dns");
    JsonNode d = o.get("dns");
    if (d == null) return;
    JsonNode q = d.has("queries") && d.get("queries").size() > 0 ? d.get("queries").get(0) : d;
    JsonFields.string(e, "dns.question.name", q, "rrname");
    JsonFields.string(e, "dns.question.type", q, "rrtype");
    JsonFields.string(e, "dns.response_code", d, "rcode");
    JsonFields.string(e, "dns.type", d, "type");
    JsonFields.string(e, "dns.id", d, "id");
    JsonNode answers = d.get("answers");
    if (answers != null && answers.isArray()) {
      List<Object> list = new ArrayList<>();
      List<Object> ips = new ArrayList<>();
      for (JsonNode an : answers) {
        String data = JsonFields.text(an, "rdata");
        if (data != null) list.add(data);
        if (data != null && vn.soctinh.analyzer.parse.Values.isIp(data)) ips.add(data);
      }
      if (!list.isEmpty()) e.put("dns.answers.data", list);
      if (!ips.isEmpty()) e.put("dns.resolved_ip", ips);
    }
  }

  private static void tls(ObjectNode o, Event e) {
    classify(e, "event", List.of("network"), List.of("protocol"), "suricata_tls");
    JsonNode t = o.get("tls");
    if (t == null) return;
    JsonFields.string(e, "tls.client.server_name", t, "sni");
    if (!e.has("destination.domain")) JsonFields.string(e, "destination.domain", t, "sni");
    JsonFields.string(e, "tls.server.subject", t, "subject");
    JsonFields.string(e, "tls.server.issuer", t, "issuerdn");
    JsonFields.string(e, "tls.client.ja3", t, "ja3.hash");
    JsonFields.string(e, "tls.server.ja3s", t, "ja3s.hash");
    JsonFields.string(e, "tls.server.hash.sha1", t, "fingerprint");
    String v = JsonFields.text(t, "version");
    if (v != null) {
      int sp = v.indexOf(' ');
      e.put("tls.version_protocol", sp > 0 ? v.substring(0, sp).toLowerCase(Locale.ROOT) : v.toLowerCase(Locale.ROOT));
      if (sp > 0) e.put("tls.version", v.substring(sp + 1).replace("v", ""));
    }
  }

  private static void flow(ObjectNode o, Event e) {
    classify(e, "event", List.of("network"), List.of("connection", "end"), "suricata_flow");
    JsonNode f = o.has("flow") ? o.get("flow") : o.get("netflow");
    if (f == null) return;
    JsonFields.number(e, "source.packets", f, "pkts_toserver");
    JsonFields.number(e, "destination.packets", f, "pkts_toclient");
    JsonFields.number(e, "source.bytes", f, "bytes_toserver");
    JsonFields.number(e, "destination.bytes", f, "bytes_toclient");
    Long sb = e.getLong("source.bytes");
    Long db = e.getLong("destination.bytes");
    if (sb != null && db != null) e.put("network.bytes", sb + db);
    Long sp = e.getLong("source.packets");
    Long dp = e.getLong("destination.packets");
    if (sp != null && dp != null) e.put("network.packets", sp + dp);
    var start = JsonFields.instant(JsonFields.text(f, "start"));
    var end = JsonFields.instant(JsonFields.text(f, "end"));
    if (start != null) e.put("event.start", start);
    if (end != null) e.put("event.end", end);
    JsonFields.string(e, "suricata.eve.flow.state", f, "state");
    JsonFields.string(e, "event.reason", f, "reason");
  }

  private static void fileinfo(ObjectNode o, Event e) {
    classify(e, "event", List.of("network", "file"), List.of("info"), "suricata_fileinfo");
    JsonNode f = o.get("fileinfo");
    if (f == null) return;
    String name = JsonFields.text(f, "filename");
    if (name != null) {
      e.put("file.path", name);
      e.put("file.name", name.substring(name.lastIndexOf('/') + 1));
    }
    JsonFields.number(e, "file.size", f, "size");
    JsonFields.string(e, "file.hash.md5", f, "md5");
    JsonFields.string(e, "file.hash.sha1", f, "sha1");
    JsonFields.string(e, "file.hash.sha256", f, "sha256");
    JsonFields.string(e, "file.mime_type", f, "magic");
  }

  /** An event type as an action suffix: anything but a-z, 0-9 and _ becomes _. */
  private static String identifier(String type) {
    StringBuilder b = new StringBuilder(type.length());
    for (int i = 0; i < type.length() && i < 64; i++) {
      char c = type.charAt(i);
      b.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ? c : '_');
    }
    return b.toString();
  }

  private static void classify(Event e, String kind, List<String> category, List<String> type, String action) {
    EventClass.set(e, kind, category, type, action, null);
  }
}
