package vn.soctinh.console.report;

/**
 * One field of a statutory report form.
 *
 * @param id the pack's field id ({@code reporting_org}, {@code timeline}, …)
 * @param label the field's name on the Vietnamese form
 * @param value the text filled in, from the platform's data or by an analyst; null when a human must
 *     fill it ({@link #needsHuman})
 */
public record ReportField(String id, String label, String value, boolean fromData) {
  public boolean needsHuman() {
    return value == null || value.isBlank();
  }
}
