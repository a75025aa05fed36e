package vn.soctinh.analyzer.parse.suricata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.CommunityId;
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
    JsonFields.string(e, "suricata.eve.in_iface", o, "in_iface");
    mac(e, "source.mac", o, "ether.src_mac");
    mac(e, "destination.mac", o, "ether.dest_mac");
    JsonFields.string(e, "network.direction", o, "direction");
    JsonFields.string(e, "host.name", o, "host");
    http(o, e);
    // every event type may carry its flow's counters so far (alerts do): Elastic reads them from any
    flowCounters(o, e);
    if (!e.has("network.community_id")) {
      // Suricata writes it only when configured to; computed otherwise, as Elastic's integration does
      JsonNode icmpType = o.get("icmp_type");
      JsonNode icmpCode = o.get("icmp_code");
      CommunityId.put(e, icmpType != null && icmpType.canConvertToLong() ? icmpType.asLong() : null,
          icmpCode != null && icmpCode.canConvertToLong() ? icmpCode.asLong() : null);
    }
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
        JsonFields.string(e, "suricata.eve.ssh.client.proto_version", o, "ssh.client.proto_version");
        JsonFields.string(e, "suricata.eve.ssh.server.proto_version", o, "ssh.server.proto_version");
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
    JsonFields.number(e, "suricata.eve.alert.signature_id", a, "signature_id");
    JsonFields.number(e, "suricata.eve.alert.rev", a, "rev");
    JsonFields.string(e, "suricata.eve.alert.signature", a, "signature");
    JsonFields.string(e, "suricata.eve.alert.category", a, "category");
    if (action != null) e.put("suricata.eve.alert.action", action);
    JsonNode meta = a.get("metadata");
    if (meta == null || !meta.isObject()) return;
    List<String> techniques = strings(meta.get("mitre_technique_id"));
    if (techniques != null) e.put("threat.technique.id", techniques);
    List<String> tactics = strings(meta.get("mitre_tactic_id"));
    if (tactics != null) e.put("threat.tactic.id", tactics);
    List<String> tacticNames = strings(meta.get("mitre_tactic_name"));
    if (tacticNames != null) e.put("threat.tactic.name", tacticNames);
    // the rule's metadata keys Elastic's integration gives their own fields (lists, as the rule writes them)
    for (String k : ALERT_METADATA) {
      List<String> v = strings(meta.get(k));
      if (v != null) e.put("suricata.eve.alert." + k, v);
    }
    // the rules file the signature came from: Elastic writes it to file.name, which here would read as a
    // file seen on the wire (and match file IOCs); ECS's place for a rule's group is rule.ruleset
    List<String> rulesFile = strings(meta.get("filename"));
    if (rulesFile != null && rulesFile.size() == 1) e.put("rule.ruleset", rulesFile.get(0));
    metadataDate(e, "suricata.eve.alert.created_at", meta.get("created_at"));
    metadataDate(e, "suricata.eve.alert.updated_at", meta.get("updated_at"));
  }

  /** Rule metadata keys kept under suricata.eve.alert.* (ET and Suricata's own rules write these). */
  private static final List<String> ALERT_METADATA = List.of("protocols", "attack_target", "capec_id", "cwe_id", "malware", "cve",
      "cvss_v2_base", "cvss_v2_temporal", "cvss_v3_base", "cvss_v3_temporal", "priority", "hostile", "infected", "classtype",
      "rule_source", "sid", "signature_severity", "deployment", "affected_product", "performance_impact", "confidence");

  /** A metadata value ("2019_06_01" or "2019-06-01", as a one-element list) as a date at midnight UTC. */
  private static void metadataDate(Event e, String field, JsonNode n) {
    String t = n == null ? null : n.isArray() ? (n.size() == 1 ? n.get(0).asText() : null) : n.asText();
    if (t == null || t.length() != 10 || (t.charAt(4) != '_' && t.charAt(4) != '-') || t.charAt(7) != t.charAt(4)) return;
    try {
      e.put(field, java.time.LocalDate.of(Integer.parseInt(t.substring(0, 4)), Integer.parseInt(t.substring(5, 7)),
          Integer.parseInt(t.substring(8, 10))).atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
    } catch (NumberFormatException | java.time.DateTimeException ex) {
      // not a date: the metadata stays only in event.original
    }
  }

  /** The texts of a JSON array (or of one value), or null when there are none. */
  private static List<String> strings(JsonNode n) {
    if (n == null || n.isNull() || n.isObject()) return null;
    if (!n.isArray()) return n.asText().isEmpty() ? null : List.of(n.asText());
    List<String> out = new ArrayList<>(n.size());
    for (JsonNode x : n) if (!x.isContainerNode() && !x.isNull()) out.add(x.asText());
    return out.isEmpty() ? null : out;
  }

  /** "00:1b:17:00:01:18" → "00-1B-17-00-01-18", as ECS writes a MAC. */
  private static void mac(Event e, String field, JsonNode o, String path) {
    String v = JsonFields.text(o, path);
    if (v != null && v.length() == 17) e.put(field, v.toUpperCase(Locale.ROOT).replace(':', '-'));
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
    // what ECS has no field for stays under the vendor's name, as Elastic keeps it
    JsonFields.string(e, "suricata.eve.http.http_content_type", h, "http_content_type");
    JsonFields.string(e, "suricata.eve.http.protocol", h, "protocol");
    JsonFields.number(e, "suricata.eve.http.http_port", h, "http_port");
    JsonFields.string(e, "suricata.eve.http.redirect", h, "redirect");
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
    } else if ("answer".equals(JsonFields.text(d, "type")) && d.has("rdata")) {
      // EVE version 1 writes one line per answer record, its data beside the name
      String data = JsonFields.text(d, "rdata");
      if (data != null && !data.isEmpty()) {
        e.put("dns.answers.data", List.of(data));
        if (vn.soctinh.analyzer.parse.Values.isIp(data)) e.put("dns.resolved_ip", List.of(data));
      }
    }
    List<String> flags = null;
    for (String f : DNS_FLAGS) {
      JsonNode b = d.get(f);
      if (b != null && b.isBoolean() && b.asBoolean()) {
        if (flags == null) flags = new ArrayList<>(4);
        flags.add(f.toUpperCase(Locale.ROOT));
      }
    }
    if (flags != null) e.put("dns.header_flags", flags);
  }

  private static final List<String> DNS_FLAGS = List.of("aa", "tc", "rd", "ra");

  private static void tls(ObjectNode o, Event e) {
    classify(e, "event", List.of("network"), List.of("protocol"), "suricata_tls");
    JsonNode t = o.get("tls");
    if (t == null) return;
    String sni = JsonFields.text(t, "sni");
    // a fully qualified "host.example." names the same host as "host.example"
    if (sni != null && sni.endsWith(".")) sni = sni.substring(0, sni.length() - 1);
    e.putNonEmpty("tls.client.server_name", sni);
    if (!e.has("destination.domain")) e.putNonEmpty("destination.domain", sni);
    e.putNonEmpty("suricata.eve.tls.sni", sni);
    JsonFields.string(e, "tls.server.subject", t, "subject");
    JsonFields.string(e, "tls.server.issuer", t, "issuerdn");
    JsonFields.string(e, "tls.client.ja3", t, "ja3.hash");
    JsonFields.string(e, "tls.server.ja3s", t, "ja3s.hash");
    String fingerprint = JsonFields.text(t, "fingerprint");
    // ECS: the SHA-1 in upper-case hex without separators
    if (fingerprint != null && !fingerprint.isEmpty()) e.put("tls.server.hash.sha1", fingerprint.replace(":", "").toUpperCase(Locale.ROOT));
    String serial = JsonFields.text(t, "serial");
    if (serial != null && !serial.isEmpty()) e.put("tls.server.x509.serial_number", serial.replace(":", ""));
    Instant notAfter = certificateDate(JsonFields.text(t, "notafter"));
    Instant notBefore = certificateDate(JsonFields.text(t, "notbefore"));
    if (notAfter != null) {
      e.put("tls.server.not_after", notAfter);
      e.put("tls.server.x509.not_after", notAfter);
    }
    if (notBefore != null) {
      e.put("tls.server.not_before", notBefore);
      e.put("tls.server.x509.not_before", notBefore);
    }
    distinguishedName(e, "tls.server.x509.subject.", JsonFields.text(t, "subject"));
    distinguishedName(e, "tls.server.x509.issuer.", JsonFields.text(t, "issuerdn"));
    JsonNode resumed = t.get("session_resumed");
    if (resumed != null && resumed.isBoolean()) {
      e.put("tls.resumed", resumed.asBoolean());
      e.put("suricata.eve.tls.session_resumed", resumed.asBoolean());
    }
    String v = JsonFields.text(t, "version");
    if (v != null && !v.equals("UNDETERMINED")) {
      int sp = v.indexOf(' ');
      e.put("tls.version_protocol", sp > 0 ? v.substring(0, sp).toLowerCase(Locale.ROOT) : v.toLowerCase(Locale.ROOT));
      if (sp > 0) e.put("tls.version", v.substring(sp + 1).replace("v", ""));
    }
    // Suricata's own words, under its name as Elastic keeps them (an empty subject or issuer included)
    for (String k : TLS_RAW) {
      String raw = JsonFields.text(t, k);
      if (raw != null) e.put("suricata.eve.tls." + k, raw);
    }
    JsonFields.string(e, "suricata.eve.tls.ja3.hash", t, "ja3.hash");
    JsonFields.string(e, "suricata.eve.tls.ja3.string", t, "ja3.string");
    JsonFields.string(e, "suricata.eve.tls.ja3s.hash", t, "ja3s.hash");
    JsonFields.string(e, "suricata.eve.tls.ja3s.string", t, "ja3s.string");
  }

  private static final List<String> TLS_RAW = List.of("subject", "issuerdn", "serial", "fingerprint", "version", "notbefore", "notafter");

  /** A certificate's validity stamp: Suricata writes it without a zone, in UTC. */
  private static Instant certificateDate(String s) {
    if (s == null || s.isEmpty()) return null;
    Instant i = JsonFields.instant(s);
    if (i != null) return i;
    try {
      return java.time.LocalDateTime.parse(s).toInstant(java.time.ZoneOffset.UTC);
    } catch (java.time.format.DateTimeParseException ex) {
      return null;
    }
  }

  /**
   * "CN=example.com, O=Example Corp, C=US" into ECS's x509 name lists (common_name, organization,
   * organizational_unit, country, locality, state_or_province); an escaped comma stays in its value.
   */
  private static void distinguishedName(Event e, String prefix, String dn) {
    if (dn == null || dn.isEmpty()) return;
    int n = dn.length();
    int i = 0;
    while (i < n) {
      while (i < n && (dn.charAt(i) == ' ' || dn.charAt(i) == ',')) i++;
      int eq = dn.indexOf('=', i);
      if (eq < 0) return;
      String key = dn.substring(i, eq).strip();
      int j = eq + 1;
      StringBuilder value = new StringBuilder();
      while (j < n) {
        char c = dn.charAt(j);
        if (c == '\\' && j + 1 < n) {
          value.append(dn.charAt(j + 1));
          j += 2;
          continue;
        }
        if (c == ',' && nextIsKey(dn, j + 1)) break;
        value.append(c);
        j++;
      }
      String field = switch (key) {
        case "CN" -> "common_name";
        case "O" -> "organization";
        case "OU" -> "organizational_unit";
        case "C" -> "country";
        case "L" -> "locality";
        case "ST" -> "state_or_province";
        default -> null;
      };
      String v = value.toString().strip();
      if (field != null && !v.isEmpty()) {
        Object had = e.get(prefix + field);
        List<Object> list = new ArrayList<>(had instanceof List<?> l ? l : List.of());
        list.add(v);
        e.put(prefix + field, list);
      }
      i = j + 1;
    }
  }

  /** After a comma: " KEY=" starts the next attribute (a comma inside a value is not followed by one). */
  private static boolean nextIsKey(String dn, int from) {
    int i = from;
    while (i < dn.length() && dn.charAt(i) == ' ') i++;
    int k = i;
    while (k < dn.length() && (Character.isLetterOrDigit(dn.charAt(k)) || dn.charAt(k) == '.')) k++;
    return k > i && k < dn.length() && dn.charAt(k) == '=';
  }

  private static void flow(ObjectNode o, Event e) {
    JsonNode f = o.has("flow") ? o.get("flow") : o.get("netflow");
    String state = f == null ? null : JsonFields.text(f, "state");
    // as Elastic: a flow Suricata saw begin and time out ("new") started, a "closed" one ended;
    // an established flow written at shutdown or timeout is neither
    List<String> type = "new".equals(state) ? List.of("connection", "start")
        : "closed".equals(state) ? List.of("connection", "end") : List.of("connection");
    classify(e, "event", List.of("network"), type, "suricata_flow");
    if (f == null) return;
    JsonFields.string(e, "suricata.eve.flow.state", f, "state");
    JsonFields.number(e, "suricata.eve.flow.age", f, "age");
    JsonNode alerted = f.get("alerted");
    if (alerted != null && alerted.isBoolean()) e.put("suricata.eve.flow.alerted", alerted.asBoolean());
    JsonFields.string(e, "suricata.eve.flow.reason", f, "reason");
    JsonFields.string(e, "event.reason", f, "reason");
  }

  /** The flow's packets, bytes and times, from the "flow" (or "netflow") object of any event type. */
  private static void flowCounters(ObjectNode o, Event e) {
    JsonNode f = o.has("flow") ? o.get("flow") : o.get("netflow");
    if (f == null || !f.isObject()) return;
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
    if (start != null && end != null && !start.isAfter(end)) e.put("event.duration", java.time.Duration.between(start, end).toNanos());
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
    // Suricata's own record of the file, as Elastic keeps it
    for (String k : List.of("md5", "sha1", "sha256", "state", "magic")) JsonFields.string(e, "suricata.eve.fileinfo." + k, f, k);
    for (String k : List.of("gaps", "stored")) {
      JsonNode b = f.get(k);
      if (b != null && b.isBoolean()) e.put("suricata.eve.fileinfo." + k, b.asBoolean());
    }
    JsonFields.number(e, "suricata.eve.fileinfo.tx_id", f, "tx_id");
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
