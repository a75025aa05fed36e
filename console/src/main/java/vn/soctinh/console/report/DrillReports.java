package vn.soctinh.console.report;

import static vn.soctinh.console.report.ReportRenderer.esc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import vn.soctinh.analyzer.drill.DrillPlan;
import vn.soctinh.analyzer.drill.DrillScenario;
import vn.soctinh.analyzer.drill.DrillScore;
import vn.soctinh.analyzer.drill.DrillView;

/**
 * The three drill reports, from the scenario, the plan and the live score:
 * <ul>
 *   <li>{@code blue}: the defending team's report: target, how the response was organised, the
 *       verdict on the attack, one timeline row per attacker action (when, how it was seen, what
 *       was done), lessons;
 *   <li>{@code red}: the attacking team's report: one row per weakness used (name, location,
 *       severity, steps, evidence, recommendation);
 *   <li>{@code committee}: the organising committee's summary with the teams' scores.
 * </ul>
 * Parts only a person can write (organisation, verdict, lessons) come from the plan's notes, or
 * are marked as needing a human.
 */
public final class DrillReports {
  public static final List<String> KINDS = List.of("blue", "red", "committee");
  private static final String HUMAN = "<span class=\"human\">[Cần bổ sung]</span>";
  private static final Map<String, String> SEVERITY = Map.of("low", "Thấp", "medium", "Trung bình", "high", "Cao", "critical", "Nghiêm trọng");
  private static final Map<String, String> ROLE = Map.of("committee", "Ban tổ chức", "referees", "Tổ trọng tài", "red_team", "Đội tấn công",
      "blue_team", "Đội phòng thủ", "observers", "Quan sát viên");

  private final ReportRenderer renderer;
  private final DateTimeFormatter time;

  /** Times are written in the renderer's zone. */
  public DrillReports(ReportRenderer renderer) {
    this.renderer = renderer;
    this.time = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss").withZone(renderer.zone());
  }

  /** One report in a format: pdf, html, or json (the score and plan as the board has them). */
  public byte[] render(DrillView v, String kind, String format, String province, LocalDate date) throws IOException {
    if (!KINDS.contains(kind)) throw new IllegalArgumentException("kind must be one of " + KINDS + ", not " + kind);
    if (format.equals("json")) {
      Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("kind", kind);
      m.put("plan", v.plan() == null ? null : v.plan().toMap());
      m.put("score", v.score().toMap());
      return new io.vertx.core.json.JsonObject(m).encodePrettily().getBytes(StandardCharsets.UTF_8);
    }
    String html = html(v, kind, province, date);
    return switch (format) {
      case "html" -> html.getBytes(StandardCharsets.UTF_8);
      case "pdf" -> renderer.pdf(html);
      default -> throw new IllegalArgumentException("format must be pdf, html or json, not " + format);
    };
  }

  public String html(DrillView v, String kind, String province, LocalDate date) throws IOException {
    StringBuilder b = new StringBuilder();
    general(b, v);
    String title;
    String issuer;
    String signer;
    switch (kind) {
      case "blue" -> {
        title = "Báo cáo của đội phòng thủ";
        issuer = "Đội phòng thủ (ứng cứu sự cố)";
        signer = "ĐỘI TRƯỞNG ĐỘI PHÒNG THỦ";
        blue(b, v);
      }
      case "red" -> {
        title = "Báo cáo của đội tấn công";
        issuer = "Đội tấn công";
        signer = "ĐỘI TRƯỞNG ĐỘI TẤN CÔNG";
        red(b, v);
      }
      default -> {
        title = "Báo cáo tổng kết diễn tập của Ban tổ chức";
        issuer = "Ban tổ chức diễn tập";
        signer = "TRƯỞNG BAN TỔ CHỨC";
        committee(b, v);
      }
    }
    String place = "ngày " + date.getDayOfMonth() + " tháng " + date.getMonthValue() + " năm " + date.getYear();
    Map<String, String> values = Map.of("title", esc(title), "subtitle", esc("Diễn tập " + v.score().drillId() + ": " + v.scenario().title()),
        "province", esc(province), "issuer", esc(issuer), "place_date", esc(place), "signer_title", esc(signer), "sections", b.toString());
    return ReportRenderer.fill(renderer.template("drill.html"), values);
  }

  private void general(StringBuilder b, DrillView v) {
    DrillPlan p = v.plan();
    DrillScore s = v.score();
    b.append("<h2>I. Thông tin chung</h2><table class=\"t kv\">");
    kv(b, "Mã diễn tập", esc(s.drillId()));
    kv(b, "Kịch bản", esc(v.scenario().title()) + " (" + esc(v.scenario().id()) + ")");
    kv(b, "Mục tiêu", esc(v.text(v.scenario().target(), renderer.zone())));
    if (v.scenario().description() != null) kv(b, "Mô tả", esc(v.scenario().description()));
    kv(b, "Thời gian bắt đầu", s.startedAt() == null ? "Chưa thực hiện" : esc(time.format(s.startedAt())));
    if (p != null) {
      if (p.windowStart() != null) kv(b, "Khung thời gian", esc(time.format(p.windowStart())) + (p.windowEnd() == null ? "" : " – " + esc(time.format(p.windowEnd()))));
      if (!p.agencies().isEmpty()) kv(b, "Cơ quan tham gia", esc(String.join(", ", p.agencies())));
      for (String role : DrillPlan.ROLES) {
        List<String> who = p.roles().getOrDefault(role, List.of());
        if (!who.isEmpty()) kv(b, ROLE.get(role), esc(String.join(", ", who)));
      }
    }
    b.append("</table>");
  }

  private void blue(StringBuilder b, DrillView v) {
    DrillScore s = v.score();
    b.append("<h2>II. Tổ chức ứng cứu</h2><p>").append(note(v, "organisation")).append("</p>");
    long expected = s.rows().stream().filter(r -> !r.step().expectRules().isEmpty()).count();
    long seen = s.rows().stream().filter(r -> r.status() == DrillScore.Status.DETECTED || r.status() == DrillScore.Status.LATE).count();
    b.append("<h2>III. Nhận định về cuộc tấn công</h2><p>Hệ thống giám sát phát hiện ").append(seen).append("/").append(expected)
        .append(" bước tấn công cần phát hiện. Kỹ thuật tấn công: ");
    b.append(esc(String.join(", ", s.rows().stream().map(r -> r.step().technique()).distinct().toList()))).append(".</p><p>")
        .append(note(v, "verdict")).append("</p>");
    b.append("<h2>IV. Diễn biến tấn công và xử lý</h2><table class=\"t\"><tr><th>TT</th><th>Hành động tấn công</th><th>Thời điểm</th>"
        + "<th>Phát hiện (khi nào, bằng gì)</th><th>Xử lý</th></tr>");
    int n = 1;
    for (DrillScore.Row r : s.rows()) {
      b.append("<tr><td>").append(n++).append("</td><td>").append(esc(r.step().name())).append("<br/>").append(esc(r.step().technique()))
          .append("</td><td>").append(r.injectedAt() == null ? "Chưa thực hiện" : esc(time.format(r.injectedAt()))).append("</td><td>");
      b.append(detection(r)).append("</td><td>");
      if (r.incidentId() == null) b.append(r.step().expectIncident() ? "<span class=\"missed\">Không có sự cố</span>" : "—");
      else {
        b.append("Sự cố ").append(esc(r.incidentId())).append(" (").append(esc(r.incidentState())).append(")");
        b.append("<br/>Tiếp nhận: ").append(dur(r.toAcknowledge())).append("; ngăn chặn: ").append(dur(r.toContain())).append("; khắc phục: ")
            .append(dur(r.toResolve()));
      }
      b.append("</td></tr>");
    }
    b.append("</table>");
    b.append("<h2>V. Bài học kinh nghiệm</h2><p>").append(note(v, "lessons")).append("</p>");
    List<DrillScore.Row> missed = s.rows().stream().filter(r -> r.status() == DrillScore.Status.MISSED || r.status() == DrillScore.Status.LATE).toList();
    if (!missed.isEmpty()) {
      b.append("<p>Các bước chưa phát hiện hoặc phát hiện muộn:</p><ul>");
      for (DrillScore.Row r : missed) b.append("<li>").append(esc(r.step().name())).append(" (").append(esc(r.step().technique())).append(")</li>");
      b.append("</ul>");
    }
  }

  private void red(StringBuilder b, DrillView v) {
    b.append("<h2>II. Các lỗ hổng, điểm yếu đã khai thác</h2><table class=\"t\"><tr><th>TT</th><th>Tên lỗ hổng</th><th>Vị trí</th><th>Mức độ</th>"
        + "<th>Các bước thực hiện</th><th>Bằng chứng</th><th>Khuyến nghị</th></tr>");
    int n = 1;
    for (DrillScore.Row r : v.score().rows()) {
      DrillScenario.Finding f = r.step().finding();
      if (f == null) continue;
      b.append("<tr><td>").append(n++).append("</td><td>").append(esc(v.text(f.name(), renderer.zone()))).append("</td><td>").append(esc(v.text(f.location(), renderer.zone())))
          .append("</td><td>").append(esc(SEVERITY.getOrDefault(f.severity(), f.severity()))).append("</td><td>").append(esc(r.step().name()))
          .append(" (").append(esc(r.step().technique())).append(")").append("</td><td>");
      if (f.evidence() != null) b.append(esc(v.text(f.evidence(), renderer.zone()))).append("<br/>");
      b.append(r.injected()).append(" dòng log lúc ").append(r.injectedAt() == null ? "—" : esc(time.format(r.injectedAt())))
          .append("; SOC: ").append(detection(r)).append("</td><td>").append(esc(v.text(f.recommendation(), renderer.zone()))).append("</td></tr>");
    }
    if (n == 1) b.append("<tr><td colspan=\"7\">Kịch bản không ghi lỗ hổng nào.</td></tr>");
    b.append("</table>");
  }

  private void committee(StringBuilder b, DrillView v) {
    DrillScore s = v.score();
    b.append("<h2>II. Kết quả chấm điểm</h2><table class=\"t\"><tr><th>Đội</th><th>Điểm tự động</th><th>Điểm trọng tài</th><th>Tối đa</th><th>Tỷ lệ</th></tr>");
    team(b, "Đội phòng thủ", s.blue());
    team(b, "Đội tấn công", s.red());
    b.append("</table><h2>III. Điểm theo bước</h2><table class=\"t\"><tr><th>TT</th><th>Bước</th><th>Kết quả</th><th>Thời gian phát hiện</th>"
        + "<th>Tiếp nhận</th><th>Ngăn chặn</th><th>Điểm</th></tr>");
    int n = 1;
    for (DrillScore.Row r : s.rows()) {
      b.append("<tr><td>").append(n++).append("</td><td>").append(esc(r.step().name())).append("</td><td>").append(status(r)).append("</td><td>")
          .append(dur(r.toDetect())).append("</td><td>").append(dur(r.toAcknowledge())).append("</td><td>").append(dur(r.toContain()))
          .append("</td><td class=\"n\">").append(num(r.points())).append(" / ").append(num(r.maxPoints())).append("</td></tr>");
    }
    b.append("</table><h2>IV. Ý kiến của tổ trọng tài</h2>");
    if (s.referee().isEmpty()) b.append("<p>Không có điểm cộng, trừ của trọng tài.</p>");
    else {
      b.append("<table class=\"t\"><tr><th>Đội</th><th>Điểm</th><th>Ghi chú</th><th>Trọng tài</th><th>Thời điểm</th></tr>");
      for (DrillScore.RefereeEntry e : s.referee()) {
        b.append("<tr><td>").append("blue".equals(e.team()) ? "Đội phòng thủ" : "Đội tấn công").append("</td><td class=\"n\">").append(num(e.points()))
            .append("</td><td>").append(esc(e.note())).append("</td><td>").append(esc(e.by())).append("</td><td>").append(esc(time.format(e.at())))
            .append("</td></tr>");
      }
      b.append("</table>");
    }
    b.append("<h2>V. Kết luận</h2><p>").append(note(v, "verdict")).append("</p>");
  }

  private static void team(StringBuilder b, String name, DrillScore.Totals t) {
    b.append("<tr><td>").append(name).append("</td><td class=\"n\">").append(num(t.points())).append("</td><td class=\"n\">").append(num(t.manual()))
        .append("</td><td class=\"n\">").append(num(t.max())).append("</td><td class=\"n\">").append(num(t.percent())).append("%</td></tr>");
  }

  private String detection(DrillScore.Row r) {
    return switch (r.status()) {
      case DETECTED, LATE -> "<span class=\"ok\">" + (r.status() == DrillScore.Status.LATE ? "Phát hiện muộn" : "Đã phát hiện") + "</span> lúc "
          + esc(time.format(r.detectedAt())) + " (sau " + dur(r.toDetect()) + ") bởi luật: " + esc(String.join("; ", r.ruleNames().isEmpty() ? r.rules() : r.ruleNames()));
      case MISSED -> "<span class=\"missed\">Không phát hiện</span>";
      case WAITING -> "Đang chờ phát hiện";
      case NOT_INJECTED -> "Chưa thực hiện";
      case NOT_EXPECTED -> "Không yêu cầu phát hiện";
    };
  }

  private static String status(DrillScore.Row r) {
    return switch (r.status()) {
      case DETECTED -> "Đã phát hiện";
      case LATE -> "Phát hiện muộn";
      case MISSED -> "Không phát hiện";
      case WAITING -> "Đang chờ";
      case NOT_INJECTED -> "Chưa thực hiện";
      case NOT_EXPECTED -> "Không chấm";
    };
  }

  private static String note(DrillView v, String key) {
    String t = v.plan() == null ? null : v.plan().notes().get(key);
    return t == null || t.isBlank() ? HUMAN : esc(t).replace("\n", "<br/>");
  }

  private static void kv(StringBuilder b, String k, String escapedValue) {
    b.append("<tr><th>").append(esc(k)).append("</th><td>").append(escapedValue).append("</td></tr>");
  }

  /** 85 ms / 1,2 giây / 3 phút 5 giây / —. */
  static String dur(Duration d) {
    if (d == null) return "—";
    long ms = d.toMillis();
    if (ms < 1000) return ms + " ms";
    if (ms < 60_000) return String.format(java.util.Locale.ROOT, "%.1f giây", ms / 1000.0).replace('.', ',');
    long s = ms / 1000;
    if (s < 3600) return (s / 60) + " phút " + (s % 60) + " giây";
    return (s / 3600) + " giờ " + (s % 3600 / 60) + " phút";
  }

  private static String num(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.1f", v).replace('.', ',');
  }

}
