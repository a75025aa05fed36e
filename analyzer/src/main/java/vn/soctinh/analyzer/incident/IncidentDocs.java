package vn.soctinh.analyzer.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.soctinh.analyzer.event.Event;

/**
 * An incident as a stored document: the whole incident as JSON in {@code soctinh.incident} (kept,
 * not indexed), plus searchable fields: state, pack, type, priority, owner, agencies, systems, the
 * grouping key, open or not, detected time.
 */
public final class IncidentDocs {
  private static final ObjectMapper JSON = new ObjectMapper();

  private IncidentDocs() {}

  static Event toDoc(Incident i, boolean open, boolean serious) {
    Event d = new Event()
        .put("event.id", i.id())
        .put("@timestamp", i.time("detected"))
        .put("message", i.title())
        .put("labels.doc", "incident")
        .put("labels.state", i.state())
        .put("labels.pack", i.pack())
        .put("labels.priority", Priority.label(i.priority()))
        .put("labels.open", Boolean.toString(open))
        .put("labels.serious", Boolean.toString(serious))
        .put("labels.security_level", Integer.toString(i.securityLevel()))
        .put("labels.group_key", List.copyOf(i.groupKeys()))
        .put("organization.id", List.copyOf(i.orgs()))
        .put("labels.system_ids", List.copyOf(i.systems()))
        .put("soctinh.incident", write(i));
    if (i.type() != null) d.put("labels.type", i.type());
    if (i.owner() != null) d.put("labels.owner", i.owner());
    if (i.drill()) d.put("labels.drill", "true");
    if (i.mergedInto() != null) d.put("labels.merged_into", i.mergedInto());
    return d;
  }

  public static Incident fromDoc(Event d) {
    Object json = d.get("soctinh.incident");
    if (json == null) throw new IllegalArgumentException("not an incident document: " + d.getString("event.id"));
    return read(String.valueOf(json));
  }

  /** The whole incident as JSON, as stored (also what {@code soctinh incidents --json} starts from). */
  public static String write(Incident i) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", i.id()).put("title", i.title()).put("pack", i.pack()).put("state", i.state()).put("type", i.type()).put("priority", i.priority())
        .put("owner", i.owner()).put("security_level", i.securityLevel())
        .put("national_security", i.nationalSecurity()).put("essential_service_down", i.essentialServiceDown()).put("drill", i.drill());
    if (i.serious() != null) o.put("serious", i.serious());
    o.put("serious_reason", i.seriousReason());
    strings(o.putArray("assignees"), i.assignees());
    strings(o.putArray("orgs"), i.orgs());
    strings(o.putArray("systems"), i.systems());
    strings(o.putArray("alert_ids"), i.alertIds());
    strings(o.putArray("group_keys"), i.groupKeys());
    ObjectNode times = o.putObject("times");
    i.times().forEach((k, v) -> times.put(k, v.toString()));
    ArrayNode tl = o.putArray("timeline");
    for (Incident.TimelineEntry e : i.timeline()) tl.addObject().put("at", e.at().toString()).put("who", e.who()).put("what", e.what()).put("detail", e.detail());
    o.put("merged_into", i.mergedInto());
    ArrayNode ev = o.putArray("evidence");
    for (Incident.Evidence e : i.evidence()) {
      ev.addObject().put("name", e.name()).put("sha256", e.sha256()).put("size", e.size()).put("uploader", e.uploader()).put("at", e.at().toString())
          .put("note", e.note());
    }
    ArrayNode cs = o.putArray("comments");
    for (Incident.Comment c : i.comments()) cs.addObject().put("at", c.at().toString()).put("who", c.who()).put("text", c.text());
    try {
      return JSON.writeValueAsString(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Incident read(String json) {
    JsonNode o;
    try {
      o = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("a stored incident that is not JSON: " + e.getMessage(), e);
    }
    Map<String, Instant> times = new LinkedHashMap<>();
    o.path("times").fields().forEachRemaining(e -> times.put(e.getKey(), Instant.parse(e.getValue().asText())));
    List<Incident.TimelineEntry> tl = new ArrayList<>();
    for (JsonNode e : o.path("timeline")) tl.add(new Incident.TimelineEntry(Instant.parse(e.path("at").asText()), text(e, "who"), text(e, "what"), text(e, "detail")));
    List<Incident.Evidence> ev = new ArrayList<>();
    for (JsonNode e : o.path("evidence")) {
      ev.add(new Incident.Evidence(text(e, "name"), text(e, "sha256"), e.path("size").asLong(), text(e, "uploader"), Instant.parse(e.path("at").asText()),
          text(e, "note")));
    }
    List<Incident.Comment> cs = new ArrayList<>();
    for (JsonNode c : o.path("comments")) cs.add(new Incident.Comment(Instant.parse(c.path("at").asText()), text(c, "who"), text(c, "text")));
    return IncidentBuilder.builder().id(text(o, "id")).title(text(o, "title")).pack(text(o, "pack")).state(text(o, "state")).type(text(o, "type"))
        .priority(o.path("priority").asInt(4)).owner(text(o, "owner")).assignees(strings(o.path("assignees"))).orgs(strings(o.path("orgs")))
        .systems(strings(o.path("systems"))).securityLevel(o.path("security_level").asInt(0)).alertIds(strings(o.path("alert_ids")))
        .groupKeys(strings(o.path("group_keys"))).serious(o.hasNonNull("serious") ? o.get("serious").asBoolean() : null)
        .seriousReason(text(o, "serious_reason")).nationalSecurity(o.path("national_security").asBoolean())
        .essentialServiceDown(o.path("essential_service_down").asBoolean()).drill(o.path("drill").asBoolean()).times(Map.copyOf(times))
        .timeline(List.copyOf(tl)).comments(List.copyOf(cs)).evidence(List.copyOf(ev)).mergedInto(text(o, "merged_into")).build();
  }

  private static String text(JsonNode o, String f) {
    JsonNode v = o.get(f);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static void strings(ArrayNode a, List<String> xs) {
    for (String x : xs) a.add(x);
  }

  private static List<String> strings(JsonNode a) {
    List<String> out = new ArrayList<>();
    for (JsonNode x : a) out.add(x.asText());
    return List.copyOf(out);
  }
}
