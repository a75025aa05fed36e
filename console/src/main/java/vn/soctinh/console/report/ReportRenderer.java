package vn.soctinh.console.report;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders reports from HTML templates (files a province can adapt: {@code templateDir/incident.html}
 * overrides the built-in one) to HTML and to PDF with embedded DejaVu Sans, which covers every
 * Vietnamese letter. Every value is escaped; a field no one has filled shows as such, in red.
 */
public final class ReportRenderer {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)}}");
  private final Path templateDir;
  private final java.time.ZoneId zone;

  /**
   * @param templateDir where adapted templates are, or null for the built-in ones
   * @param zone the zone times and dates are written in: the config's {@code timezone}
   */
  public ReportRenderer(Path templateDir, java.time.ZoneId zone) {
    this.templateDir = templateDir;
    this.zone = zone;
  }

  /** The zone the reports' times are written in. */
  public java.time.ZoneId zone() {
    return zone;
  }

  /** Header of the document: who issues it and to whom, in the administrative style. */
  public record Header(String province, String agency, String number, String place, String recipient, String signerTitle, String signer) {
    public static Header of(String province, String agency) {
      return new Header(province, agency, "……/BC-SOC", "", "- Cơ quan điều phối ứng cứu sự cố quốc gia;", "THỦ TRƯỞNG ĐƠN VỊ", "");
    }
  }

  public String html(IncidentReport r, Header h, LocalDate date) throws IOException {
    StringBuilder rows = new StringBuilder();
    int n = 1;
    for (ReportField f : r.fields()) {
      rows.append("<tr><th>").append(n++).append(". ").append(esc(f.label())).append("</th><td>");
      rows.append(f.needsHuman() ? "<span class=\"human\">[Cần đơn vị bổ sung]</span>" : esc(f.value()).replace("\n", "<br/>"));
      rows.append("</td></tr>\n");
    }
    String place = (h.place() == null || h.place().isBlank() ? "" : h.place() + ", ") + "ngày " + date.getDayOfMonth() + " tháng " + date.getMonthValue()
        + " năm " + date.getYear();
    Map<String, String> values = Map.of("title", esc(r.title()), "province", esc(h.province()), "agency", esc(h.agency()), "number", esc(h.number()),
        "place_date", esc(place), "incident_id", esc(r.incident().id()), "pack", esc(r.pack()), "recipient", esc(h.recipient()), "signer_title",
        esc(h.signerTitle()), "signer", esc(h.signer()));
    Map<String, String> all = new java.util.HashMap<>(values);
    all.put("rows", rows.toString());
    return fill(template("incident.html"), all);
  }

  /** The monitoring report (from {@link MonitoringReport#build}) as XHTML. */
  public String monitoringHtml(io.vertx.core.json.JsonObject m, String province, LocalDate date) throws IOException {
    java.time.format.DateTimeFormatter d = java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm").withZone(zone);
    StringBuilder b = new StringBuilder();
    b.append("<h2>1. Tổng quan</h2><table class=\"t\">");
    row(b, "Nguồn log được giám sát", String.valueOf(m.getInteger("sources_watched")));
    row(b, "Nguồn log im lặng", String.valueOf(m.getJsonArray("sources_silent").size()));
    row(b, "Sự kiện thu thập", String.format(java.util.Locale.ROOT, "%,d", m.getLong("events")).replace(',', '.'));
    row(b, "Cảnh báo", String.valueOf(m.getLong("alerts")));
    row(b, "Sự cố phát sinh trong kỳ", String.valueOf(m.getInteger("incidents_opened")));
    row(b, "Sự cố kết thúc trong kỳ", String.valueOf(m.getInteger("incidents_closed")));
    row(b, "Thời hạn báo cáo quá hạn", String.valueOf(m.getInteger("deadlines_overdue")));
    row(b, "Thời hạn báo cáo đã đáp ứng (đúng hạn / muộn)", m.getInteger("deadlines_met") + " / " + m.getInteger("deadlines_met_late"));
    b.append("</table>");
    table(b, "2. Sự kiện theo cơ quan", "Cơ quan", m.getJsonArray("events_per_agency"), true);
    table(b, "3. Cảnh báo theo cơ quan", "Cơ quan", m.getJsonArray("alerts_per_agency"), true);
    table(b, "4. Cảnh báo theo mức độ", "Mức độ", m.getJsonArray("alerts_per_level"), false);
    table(b, "5. Luật cảnh báo nhiều nhất", "Luật", m.getJsonArray("top_rules"), false);
    table(b, "6. Địa chỉ tấn công nhiều nhất", "Địa chỉ IP", m.getJsonArray("top_attackers"), false);
    b.append("<h2>7. Nguồn log im lặng</h2><table class=\"t\"><tr><th>Nguồn</th><th>Cơ quan</th><th>Lần cuối</th></tr>");
    for (Object o : m.getJsonArray("sources_silent")) {
      var s = (io.vertx.core.json.JsonObject) o;
      b.append("<tr><td>").append(esc(s.getString("source"))).append("</td><td>").append(esc(s.getString("agency"))).append("</td><td>")
          .append(s.getString("last_seen") == null ? "" : esc(d.format(java.time.Instant.parse(s.getString("last_seen"))))).append("</td></tr>");
    }
    b.append("</table><h2>8. Sự cố trong kỳ</h2><table class=\"t\"><tr><th>Mã</th><th>Tiêu đề</th><th>Ưu tiên</th><th>Trạng thái</th><th>Phát hiện</th></tr>");
    for (Object o : m.getJsonArray("incidents")) {
      var i = (io.vertx.core.json.JsonObject) o;
      b.append("<tr><td class=\"id\">").append(esc(i.getString("id"))).append("</td><td>").append(esc(i.getString("title"))).append("</td><td>")
          .append(esc(i.getString("priority"))).append("</td><td>").append(esc(i.getString("state"))).append("</td><td>")
          .append(esc(d.format(java.time.Instant.parse(i.getString("detected"))))).append("</td></tr>");
    }
    b.append("</table>");
    String place = "ngày " + date.getDayOfMonth() + " tháng " + date.getMonthValue() + " năm " + date.getYear();
    Map<String, String> values = Map.of("title", esc(m.getString("title")), "province", esc(province), "place_date", esc(place), "scope",
        esc(m.getString("scope")), "from", esc(d.format(java.time.Instant.parse(m.getString("from")))), "to",
        esc(d.format(java.time.Instant.parse(m.getString("to")))), "sections", b.toString());
    return fill(template("monitoring.html"), values);
  }

  /** The template with each {{name}} replaced by its (already escaped) value; unknown names become empty. */
  static String fill(String template, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(1), "")));
    m.appendTail(out);
    return IncidentReport.nfc(out.toString());
  }

  /** The province's name for a report's heading: the top of the organisation tree ("" without one). */
  public static String province(vn.soctinh.analyzer.org.OrgDirectory orgs) {
    return orgs.organizations().stream().filter(o -> o.parent() == null).map(o -> o.name()).findFirst().orElse("");
  }

  /** The monitoring report in a format (json, html, pdf), headed with the province: the top of the organisation tree. */
  public byte[] monitoring(io.vertx.core.json.JsonObject m, vn.soctinh.analyzer.org.OrgDirectory orgs, String format, LocalDate date) throws IOException {
    if (format.equals("json")) return m.encodePrettily().getBytes(StandardCharsets.UTF_8);
    String province = province(orgs);
    String html = monitoringHtml(m, province, date);
    return switch (format) {
      case "html" -> html.getBytes(StandardCharsets.UTF_8);
      case "pdf" -> pdf(html);
      default -> throw new IllegalArgumentException("format must be pdf, html or json, not " + format);
    };
  }

  private static void row(StringBuilder b, String label, String value) {
    b.append("<tr><th>").append(esc(label)).append("</th><td class=\"n\">").append(esc(value)).append("</td></tr>");
  }

  private static void table(StringBuilder b, String title, String head, io.vertx.core.json.JsonArray rows, boolean named) {
    b.append("<h2>").append(esc(title)).append("</h2><table class=\"t\"><tr><th>").append(esc(head)).append("</th><th>Số lượng</th></tr>");
    if (rows.isEmpty()) b.append("<tr><td>Không có</td><td class=\"n\">0</td></tr>");
    for (Object o : rows) {
      var r = (io.vertx.core.json.JsonObject) o;
      b.append("<tr><td>").append(esc(named ? r.getString("name") : r.getString("key"))).append("</td><td class=\"n\">").append(r.getLong("count"))
          .append("</td></tr>");
    }
    b.append("</table>");
  }

  public byte[] pdf(String xhtml) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PdfRendererBuilder b = new PdfRendererBuilder();
    b.useFastMode();
    ClassLoader cl = ReportRenderer.class.getClassLoader();
    b.useFont(() -> cl.getResourceAsStream("net/sf/jasperreports/fonts/dejavu/DejaVuSans.ttf"), "DejaVu Sans", 400, FontStyle.NORMAL, true);
    b.useFont(() -> cl.getResourceAsStream("net/sf/jasperreports/fonts/dejavu/DejaVuSans-Bold.ttf"), "DejaVu Sans", 700, FontStyle.NORMAL, true);
    b.useFont(() -> cl.getResourceAsStream("net/sf/jasperreports/fonts/dejavu/DejaVuSans-Oblique.ttf"), "DejaVu Sans", 400, FontStyle.ITALIC, true);
    b.useFont(() -> cl.getResourceAsStream("net/sf/jasperreports/fonts/dejavu/DejaVuSans-BoldOblique.ttf"), "DejaVu Sans", 700, FontStyle.ITALIC, true);
    b.withHtmlContent(xhtml, null);
    b.toStream(out);
    try {
      b.run();
    } catch (RuntimeException e) {
      throw new IOException("the report could not be rendered: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  String template(String name) throws IOException {
    if (templateDir != null && Files.isRegularFile(templateDir.resolve(name))) return Files.readString(templateDir.resolve(name));
    try (InputStream in = ReportRenderer.class.getResourceAsStream("/reports/" + name)) {
      if (in == null) throw new IOException("no report template " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static String esc(String s) {
    if (s == null) return "";
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          // characters XML 1.0 forbids (control bytes from log lines) would break the PDF renderer
          if (c < 0x20 && c != '\n' && c != '\t') b.append('\uFFFD');
          else b.append(c);
        }
      }
    }
    return b.toString();
  }
}
