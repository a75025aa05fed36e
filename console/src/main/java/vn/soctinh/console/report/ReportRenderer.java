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

  /** @param templateDir where adapted templates are, or null for the built-in ones */
  public ReportRenderer(Path templateDir) {
    this.templateDir = templateDir;
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
    String template = template("incident.html");
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String key = m.group(1);
      String v = key.equals("rows") ? rows.toString() : values.getOrDefault(key, "");
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return IncidentReport.nfc(out.toString());
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

  private String template(String name) throws IOException {
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
