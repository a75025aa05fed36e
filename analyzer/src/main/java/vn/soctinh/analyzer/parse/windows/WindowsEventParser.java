package vn.soctinh.analyzer.parse.windows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.ContentParser;
import vn.soctinh.analyzer.parse.LogLine;
import vn.soctinh.analyzer.parse.ParseOutcome;
import vn.soctinh.analyzer.parse.json.JsonFields;

/**
 * Windows events forwarded as JSON, in the two shapes agencies use: NXLog's {@code to_json()}
 * (flat: {@code EventID}, {@code Channel}, {@code Hostname}, {@code EventTime}, event data as
 * top-level keys) and Winlogbeat's ({@code winlog.event_id}, {@code winlog.event_data.*}). Both are
 * read into one form, kept under {@code winlog.*}, and the Security and Sysmon events that
 * detections use are mapped to ECS ({@link WindowsEcs}).
 */
public final class WindowsEventParser implements ContentParser {
  /** NXLog's keys that describe the record rather than the event's data. */
  private static final Set<String> NXLOG_META = Set.of("EventTime", "EventReceivedTime", "Hostname", "Keywords", "EventType", "SeverityValue",
      "Severity", "EventID", "SourceName", "ProviderGuid", "Version", "Task", "OpcodeValue", "RecordNumber", "ProcessID", "ThreadID",
      "Channel", "Category", "Opcode", "Message", "SourceModuleName", "SourceModuleType", "ActivityID", "Domain", "AccountName", "UserID",
      "AccountType", "ERRORCODE");

  @Override
  public String name() {
    return "windows";
  }

  @Override
  public Set<String> programs() {
    return Set.of("mswineventlog", "nxlog", "winlogbeat", "microsoft-windows-security-auditing", "eventlog");
  }

  @Override
  public boolean sniff(LogLine line) {
    ObjectNode o = line.json();
    return o != null && (o.has("EventID") && (o.has("Channel") || o.has("SourceName")) || o.path("winlog").has("event_id"));
  }

  @Override
  public ParseOutcome parse(LogLine line, Event e) {
    ObjectNode o = line.json();
    if (o == null) return ParseOutcome.unrecognised("expected a JSON Windows event (NXLog or Winlogbeat)");
    String id;
    String channel;
    String provider;
    String computer;
    Instant time = null;
    Map<String, Object> data = new LinkedHashMap<>();
    JsonNode w = o.get("winlog");
    if (w != null && w.has("event_id")) {
      id = w.get("event_id").asText();
      channel = JsonFields.text(w, "channel");
      provider = JsonFields.text(w, "provider_name");
      computer = JsonFields.text(w, "computer_name");
      if (computer == null) computer = JsonFields.text(o, "host.name");
      time = JsonFields.instant(JsonFields.text(o, "@timestamp"));
      JsonNode d = w.get("event_data");
      if (d != null) copy(d, data, Set.of());
      JsonFields.string(e, "winlog.record_id", w, "record_id");
    } else if (o.has("EventID")) {
      id = o.get("EventID").asText();
      channel = JsonFields.text(o, "Channel");
      provider = JsonFields.text(o, "SourceName");
      if (provider == null) provider = JsonFields.text(o, "ProviderName");
      computer = JsonFields.text(o, "Hostname");
      String t = JsonFields.text(o, "EventTime");
      if (t != null) time = nxlogTime(t, line);
      copy(o, data, NXLOG_META);
      JsonFields.string(e, "winlog.record_id", o, "RecordNumber");
      JsonFields.string(e, "message", o, "Message");
    } else {
      return ParseOutcome.unrecognised("expected EventID (NXLog) or winlog.event_id (Winlogbeat)");
    }
    if (time != null) e.put("@timestamp", time);
    e.put("winlog.event_id", id);
    e.put("event.code", id);
    if (channel != null) e.put("winlog.channel", channel);
    if (provider != null) e.put("winlog.provider_name", provider);
    if (computer != null) {
      e.put("winlog.computer_name", computer);
      e.put("host.name", computer);
    }
    if (!data.isEmpty()) e.put("winlog.event_data", data);
    if (provider != null) e.put("event.provider", provider);
    WindowsEcs.map(id, channel, provider, data, e);
    return ParseOutcome.RECOGNISED;
  }

  /** NXLog writes "2026-11-23 10:00:00" (or ISO with an offset) in the collector host's zone. */
  private static Instant nxlogTime(String t, LogLine line) {
    Instant i = JsonFields.instant(t);
    if (i != null) return i;
    try {
      return LocalDateTime.parse(t.replace(' ', 'T')).atZone(line.zone()).toInstant();
    } catch (DateTimeParseException ex) {
      return null;
    }
  }

  private static void copy(JsonNode from, Map<String, Object> to, Set<String> skip) {
    Iterator<Map.Entry<String, JsonNode>> it = from.fields();
    int n = 0;
    while (it.hasNext() && n < 200) {
      Map.Entry<String, JsonNode> f = it.next();
      if (skip.contains(f.getKey()) || f.getValue().isContainerNode() || f.getValue().isNull()) continue;
      to.put(f.getKey(), f.getValue().asText());
      n++;
    }
  }
}
