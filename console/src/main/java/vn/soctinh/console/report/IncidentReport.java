package vn.soctinh.console.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.text.Normalizer;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.incident.Incident;
import vn.soctinh.analyzer.incident.IncidentRules;
import vn.soctinh.analyzer.incident.RegulationPack;
import vn.soctinh.analyzer.org.InfoSystem;
import vn.soctinh.analyzer.org.OrgDirectory;
import vn.soctinh.analyzer.org.Organization;

/**
 * An initial or closing incident report, filled from the incident, its alerts and the organisation
 * directory: every field the regulation pack lists for the kind, in the pack's order. What the data
 * cannot say (impact, cause, lessons…) is left for a human, and marked so; an analyst's text for a
 * field ({@code filled}) always wins.
 */
public record IncidentReport(String kind, String title, Incident incident, String pack, List<ReportField> fields, Instant generated) {
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss");

  /** The Vietnamese names of the fields of both forms (DOMAIN.md: Circular 20/2017 and the 2026 rules). */
  public static final Map<String, String> LABELS = Map.ofEntries(
      Map.entry("reporting_org", "Đơn vị báo cáo"), Map.entry("contact", "Người liên hệ (họ tên, chức vụ, điện thoại, thư điện tử)"),
      Map.entry("system", "Hệ thống bị sự cố"), Map.entry("system_owner", "Chủ quản hệ thống"), Map.entry("security_level", "Cấp độ an toàn hệ thống"),
      Map.entry("system_addresses", "Địa chỉ IP / tên miền của hệ thống"), Map.entry("detected", "Thời điểm phát hiện"),
      Map.entry("detection_method", "Cách thức phát hiện"), Map.entry("description", "Mô tả sự cố"), Map.entry("incident_type", "Loại sự cố"),
      Map.entry("impact", "Đánh giá mức độ ảnh hưởng"), Map.entry("serious", "Sự cố nghiêm trọng"),
      Map.entry("national_security", "Ảnh hưởng đến quốc phòng, an ninh quốc gia"), Map.entry("status", "Tình trạng hiện tại"),
      Map.entry("actions_taken", "Các biện pháp đã thực hiện"), Map.entry("support_requested", "Đề nghị hỗ trợ"), Map.entry("attachments", "Tài liệu kèm theo"),
      Map.entry("summary", "Tóm tắt sự cố"), Map.entry("timeline", "Diễn biến"), Map.entry("cause", "Nguyên nhân"),
      Map.entry("scope_and_damage", "Phạm vi ảnh hưởng và thiệt hại"), Map.entry("containment", "Ngăn chặn"), Map.entry("eradication", "Loại bỏ"),
      Map.entry("recovery", "Khôi phục"), Map.entry("evidence", "Chứng cứ được lưu giữ"), Map.entry("lessons", "Bài học kinh nghiệm"),
      Map.entry("recommendations", "Kiến nghị"));

  public static final Map<String, String> TITLES = Map.of("initial", "BÁO CÁO BAN ĐẦU SỰ CỐ AN TOÀN THÔNG TIN MẠNG", "closing",
      "BÁO CÁO KẾT THÚC ỨNG CỨU SỰ CỐ AN TOÀN THÔNG TIN MẠNG");

  public static IncidentReport build(String kind, Incident i, IncidentRules rules, OrgDirectory orgs, List<Event> alerts, Map<String, String> filled,
      Instant now, ZoneId zone) {
    RegulationPack pack = rules.packOf(i);
    List<String> ids = pack.reports().get(kind);
    if (ids == null || !TITLES.containsKey(kind)) throw new IllegalArgumentException("a report is initial or closing, not " + kind);
    List<ReportField> fields = new ArrayList<>();
    for (String id : ids) {
      String human = filled == null ? null : filled.get(id);
      String data = human != null && !human.isBlank() ? null : fromData(id, i, rules, pack, orgs, alerts, zone);
      String value = human != null && !human.isBlank() ? human : data;
      fields.add(new ReportField(id, LABELS.getOrDefault(id, id), value == null ? null : nfc(value), human == null || human.isBlank()));
    }
    return new IncidentReport(kind, TITLES.get(kind), i, pack.id(), List.copyOf(fields), now);
  }

  static String nfc(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFC);
  }

  /** Times are shown in the configured zone ({@code timezone:}), as the agencies read their clocks. */
  private static String time(Instant t, ZoneId zone) {
    return t == null ? null : TIME.format(t.atZone(zone));
  }

  /** What the platform knows for a field, or null when only a human can say; times in {@code zone}. */
  static String fromData(String id, Incident i, IncidentRules rules, RegulationPack pack, OrgDirectory orgs, List<Event> alerts, ZoneId zone) {
    Organization org = i.orgs().isEmpty() ? null : orgs.organization(i.orgs().get(0));
    List<InfoSystem> systems = new ArrayList<>();
    for (String s : i.systems()) if (orgs.system(s) != null) systems.add(orgs.system(s));
    return switch (id) {
      case "reporting_org" -> org == null ? null : org.name();
      case "contact" -> org == null || org.contacts().isEmpty() ? null : join(org.contacts().stream()
          .map(c -> String.join(", ", nonNull(c.name(), c.position(), c.phone(), c.email()))).toList(), "; ");
      case "system" -> systems.isEmpty() ? null : join(systems.stream().map(InfoSystem::name).toList(), "; ");
      case "system_owner" -> systems.isEmpty() ? null : join(systems.stream().map(s -> orgs.organization(s.org()) == null ? s.org()
          : orgs.organization(s.org()).name()).distinct().toList(), "; ");
      case "security_level" -> i.securityLevel() > 0 ? "Cấp độ " + i.securityLevel() : null;
      case "system_addresses" -> systems.isEmpty() ? null : join(systems.stream().flatMap(s -> s.addresses().stream()).distinct().toList(), ", ");
      case "detected" -> time(i.time("detected"), zone);
      case "detection_method" -> alerts.isEmpty() ? null : "Hệ thống giám sát SOC Tỉnh phát hiện tự động theo luật: "
          + join(alerts.stream().map(a -> a.getString("rule.name")).filter(java.util.Objects::nonNull).distinct().toList(), "; ");
      case "description" -> description(i, alerts);
      case "incident_type" -> i.type() == null ? null : pack.incidentTypes().stream().filter(n -> n.id().equals(i.type())).map(n -> n.vi()).findFirst()
          .orElse(i.type());
      case "serious" -> (rules.serious(i) ? "Có" : "Không") + (i.seriousReason() == null ? "" : " (" + i.seriousReason() + ")");
      case "national_security" -> i.nationalSecurity() ? "Có" : "Không";
      case "status" -> pack.states().stream().filter(s -> s.id().equals(i.state())).map(s -> s.vi()).findFirst().orElse(i.state());
      case "actions_taken", "containment", "eradication", "recovery" -> actions(id, i, pack, zone);
      case "attachments", "evidence" -> i.evidence().isEmpty() ? null : join(i.evidence().stream()
          .map(e -> e.name() + " (SHA-256 " + e.sha256() + ", " + e.size() + " byte)").toList(), "; ");
      case "summary" -> i.title() + (i.type() == null ? "" : " — " + fromData("incident_type", i, rules, pack, orgs, alerts, zone)) + ". Tình trạng: "
          + fromData("status", i, rules, pack, orgs, alerts, zone) + ".";
      case "timeline" -> join(i.timeline().stream().map(e -> time(e.at(), zone) + " — " + e.who() + ": " + e.detail()).toList(), "\n");
      case "scope_and_damage" -> scope(i, orgs, systems, alerts);
      default -> null; // impact, support_requested, cause, lessons, recommendations: a human's judgement
    };
  }

  private static String description(Incident i, List<Event> alerts) {
    StringBuilder b = new StringBuilder(i.title()).append('.');
    Set<String> sources = new LinkedHashSet<>();
    long firings = 0;
    for (Event a : alerts) {
      Long n = a.getLong("event.sequence");
      firings += n == null ? 1 : n;
      String ip = a.getString("labels.group_source_ip");
      if (ip != null) sources.add(ip);
    }
    if (!alerts.isEmpty()) b.append(' ').append(alerts.size()).append(" cảnh báo (").append(firings).append(" lần kích hoạt)");
    if (!sources.isEmpty()) b.append(", từ địa chỉ ").append(join(List.copyOf(sources), ", "));
    if (!alerts.isEmpty()) b.append('.');
    return b.toString();
  }

  private static String actions(String id, Incident i, RegulationPack pack, ZoneId zone) {
    // the moves made and the comments, as the timeline recorded them; per phase for the closing form
    String time = switch (id) {
      case "containment" -> "contained";
      case "eradication" -> "resolved";
      case "recovery" -> "closed";
      default -> null;
    };
    if (time != null) return i.time(time) == null ? null : "Hoàn thành lúc " + time(i.time(time), zone);
    List<String> done = new ArrayList<>();
    for (Incident.TimelineEntry e : i.timeline()) {
      if (e.what().equals("state") || e.what().equals("comment") || e.what().equals("assign")) done.add(time(e.at(), zone) + " " + e.who() + ": " + e.detail());
    }
    for (Incident.Comment c : i.comments()) done.add(time(c.at(), zone) + " " + c.who() + ": " + c.text());
    return done.isEmpty() ? null : join(done, "\n");
  }

  private static String scope(Incident i, OrgDirectory orgs, List<InfoSystem> systems, List<Event> alerts) {
    List<String> names = new ArrayList<>();
    for (String o : i.orgs()) names.add(orgs.organization(o) == null ? o : orgs.organization(o).name());
    return "Cơ quan: " + (names.isEmpty() ? "-" : join(names, "; ")) + ". Hệ thống: "
        + (systems.isEmpty() ? "-" : join(systems.stream().map(InfoSystem::name).toList(), "; ")) + ". Số cảnh báo: " + i.alertIds().size()
        + ". Thiệt hại: cần đơn vị đánh giá.";
  }

  private static List<String> nonNull(String... s) {
    List<String> out = new ArrayList<>();
    for (String x : s) if (x != null && !x.isBlank()) out.add(x);
    return out;
  }

  private static String join(List<String> parts, String sep) {
    return String.join(sep, parts);
  }

  public List<ReportField> missing() {
    return fields.stream().filter(ReportField::needsHuman).toList();
  }

  public JsonObject toJson() {
    JsonArray f = new JsonArray();
    for (ReportField r : fields) {
      f.add(new JsonObject().put("id", r.id()).put("label", r.label()).put("value", r.value()).put("needs_human", r.needsHuman())
          .put("from_data", r.fromData() && !r.needsHuman()));
    }
    return new JsonObject().put("kind", kind).put("title", title).put("incident", incident.id()).put("pack", pack)
        .put("generated", generated.toString()).put("fields", f).put("complete", missing().isEmpty());
  }
}
